"""Issue 13, finding 3 (the global limit): a flood from many addresses must not lock out a reporter at
another address. Past the global threshold the circuit breaker opens: from then on each client gets one
report per window instead of its usual allowance, and nobody is refused because of what others sent."""

import contextlib

import pytest
import redis
from django.conf import settings as django_settings
from django.core.cache import cache
from django.test import RequestFactory, override_settings

from reports_intake import abuse

# Room for every counter: at its default 300 entries a local-memory cache would drop some mid-flood.
LOCMEM = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 10_000},
    }
}
FLOODERS = [f"198.18.{n // 250}.{n % 250 + 1}" for n in range(300)]


@pytest.fixture(autouse=True)
def _clean(settings, monkeypatch):
    monkeypatch.setattr(abuse, "_clock", lambda: 1_790_000_100.0)
    settings.TRUSTED_PROXY_COUNT = 0
    settings.ABUSE_RATE_LIMITS = {"submit": (10, 3600), "submit-global": (50, 3600), "flood": (1, 3600)}
    _forget()
    yield
    _forget()


def _forget():
    client = redis.Redis.from_url(django_settings.CACHES["default"]["LOCATION"])
    for key in client.scan_iter(match="*abuse:*", count=1000):
        client.delete(key)


def _request(ip: str):
    return RequestFactory().post("/report/", {}, REMOTE_ADDR=ip)


def _reporter_outside(ids: set[str]) -> str:
    """An address none of whose (deliberately shared, 16-bit) client id any flooder holds."""
    for n in range(1, 255):
        ip = f"192.0.2.{n}"
        if abuse.client_key(_request(ip)) not in ids:
            return ip
    raise AssertionError("no free client id")


@pytest.mark.parametrize("backend", ["redis", "locmem"])  # the demo counts on a local-memory cache
def test_a_flood_from_many_addresses_does_not_lock_out_a_reporter_elsewhere(backend):
    with override_settings(CACHES=LOCMEM) if backend == "locmem" else contextlib.nullcontext():
        if backend == "locmem":
            cache.clear()
        flooder_ids = {abuse.client_key(_request(ip)) for ip in FLOODERS}
        accepted = sum(abuse.limit_submission(_request(ip)) is None for _round in range(5) for ip in FLOODERS)
        # The flood got the global threshold, then one report per client id: not 5 x 300.
        assert accepted <= 50 + len(flooder_ids)
        reporter = _reporter_outside(flooder_ids)
        assert abuse.submission_outlook(_request(reporter))["all"] is None  # the first step says "go"
        assert abuse.limit_submission(_request(reporter)) is None
        # While the breaker is open, that reporter's second report waits for the window, like any client's.
        retry = abuse.limit_submission(_request(reporter))
        assert retry is not None and 0 < retry <= 3600
        assert abuse.submission_outlook(_request(reporter))["all"] == retry


def test_below_the_threshold_clients_keep_their_usual_allowance():
    reporter = "192.0.2.10"
    assert [abuse.limit_submission(_request(reporter)) for _ in range(10)] == [None] * 10
    assert abuse.limit_submission(_request(reporter)) is not None  # its own 10 an hour, not the breaker's

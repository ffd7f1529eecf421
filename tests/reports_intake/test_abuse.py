"""What an abuser and a reporter see of the intake's abuse protection (DESIGN §5): challenges that cannot
be forged, replayed or reused elsewhere, limits that trip and say when to come back, a 429 page in the
reporter's language — and that none of it keeps a trace of who the reporter is."""

import base64
import contextlib
import hashlib
import re

import pytest
import redis
from django.conf import settings as django_settings
from django.core.cache import cache
from django.middleware.locale import LocaleMiddleware
from django.test import RequestFactory, override_settings

from reports_intake import abuse
from reports_intake.abuse import PowError, check_challenge, client_key, hit, new_challenge, too_many_requests
from reports_intake.pow import leading_zero_bits, solve
from tests.reports_intake.dumps import tables_containing

CANARY_IPS = ("203.0.113.77", "2001:db8:77:1::abcd", "198.51.100.23")
CANARY_UAS = ("CanaryBrowser/9.9 (qzxv-reporter-phone)", "Mozilla/5.0 zqjk-canary-agent")
DIFFICULTY = 6


@pytest.fixture(autouse=True)
def clean_cache(settings):
    settings.POW_DIFFICULTY = DIFFICULTY
    settings.POW_TTL_SECONDS = 600
    settings.TRUSTED_PROXY_COUNT = 0
    _forget_abuse_entries()
    yield
    _forget_abuse_entries()


def _forget_abuse_entries():
    # Not cache.clear(): that would flush the whole Redis database other tests may be using.
    client = _redis()
    for key in client.scan_iter(match="*abuse:*", count=1000):
        client.delete(key)


def post(data=None, *, ip="203.0.113.77", ua=CANARY_UAS[0], **extra):
    return RequestFactory().post("/report/", data or {}, REMOTE_ADDR=ip, HTTP_USER_AGENT=ua, **extra)


def solved(purpose="submit", **kwargs):
    token = new_challenge(purpose)
    return post({"pow_token": token, "pow_solution": solve(token, DIFFICULTY)}, **kwargs)


def unsolved(purpose="submit", **kwargs):
    """What a browser without JavaScript posts: the token, and an empty solution."""
    return post({"pow_token": new_challenge(purpose), "pow_solution": ""}, **kwargs)


def refusal(request, purpose="submit") -> str:
    with pytest.raises(PowError) as caught:
        check_challenge(request, purpose)
    return caught.value.code


# --- Proof of work through check_challenge ---------------------------------------------------------


def test_solved_challenge_is_accepted():
    check_challenge(solved(), "submit")


def test_replayed_challenge_is_refused():
    token = new_challenge("submit")
    data = {"pow_token": token, "pow_solution": solve(token, DIFFICULTY)}
    check_challenge(post(data), "submit")
    assert refusal(post(data)) == "replayed"
    assert refusal(post(data, ip="198.51.100.23")) == "replayed"


def test_replay_without_the_solution_is_refused_too():
    token = new_challenge("submit")
    check_challenge(post({"pow_token": token, "pow_solution": solve(token, DIFFICULTY)}), "submit")
    assert refusal(post({"pow_token": token, "pow_solution": ""})) == "replayed"


def test_expired_challenge_is_refused(monkeypatch):
    token = new_challenge("submit")
    request = post({"pow_token": token, "pow_solution": solve(token, DIFFICULTY)})
    later = abuse._clock() + 601
    monkeypatch.setattr(abuse, "_clock", lambda: later)
    assert refusal(request) == "expired"


def test_forged_challenge_is_refused(settings):
    original = settings.SECRET_KEY
    settings.SECRET_KEY = "another deployment's secret key, not ours"
    foreign = new_challenge("submit")
    settings.SECRET_KEY = original
    assert refusal(post({"pow_token": foreign, "pow_solution": solve(foreign, DIFFICULTY)})) == "forged"


def test_challenge_for_receipt_login_cannot_be_spent_on_a_submission():
    token = new_challenge("receipt-login")
    assert refusal(post({"pow_token": token, "pow_solution": solve(token, DIFFICULTY)})) == "wrong_purpose"


def test_wrong_solution_is_refused():
    token = new_challenge("submit")
    good = solve(token, DIFFICULTY)
    wrong = next(str(n) for n in range(10_000) if str(n) != good and _insufficient(token, str(n)))
    assert refusal(post({"pow_token": token, "pow_solution": wrong})) == "insufficient"


def _insufficient(token, counter):
    return leading_zero_bits(hashlib.sha256(f"{token}:{counter}".encode()).digest()) < DIFFICULTY


@pytest.mark.parametrize("data", [{}, {"pow_token": ""}, {"pow_token": "garbage", "pow_solution": "1"}])
def test_missing_or_malformed_token_is_refused(data):
    assert refusal(post(data)) == "malformed"


def test_without_javascript_a_few_reports_pass_then_insufficient(settings):
    settings.ABUSE_RATE_LIMITS = {"nojs": (2, 3600)}
    for _ in range(2):
        check_challenge(unsolved(), "submit")
    with pytest.raises(PowError) as caught:
        check_challenge(unsolved(), "submit")
    assert caught.value.code == "insufficient"
    assert 0 < caught.value.retry_after <= 3600
    # Another connection still has its own allowance, and solving the challenge is never limited by it.
    check_challenge(unsolved(ip="198.51.100.23"), "submit")
    check_challenge(solved(), "submit")
    # Nor does it stop the same reporter from opening the mailbox.
    check_challenge(unsolved("receipt-login"), "receipt-login")


def test_without_javascript_forged_expired_and_wrong_purpose_tokens_are_still_refused(settings, monkeypatch):
    assert refusal(unsolved("receipt-login")) == "wrong_purpose"
    original = settings.SECRET_KEY
    settings.SECRET_KEY = "someone else's key"
    forged = new_challenge("submit")
    settings.SECRET_KEY = original
    assert refusal(post({"pow_token": forged, "pow_solution": ""})) == "forged"
    token = new_challenge("submit")
    later = abuse._clock() + 601
    monkeypatch.setattr(abuse, "_clock", lambda: later)
    assert refusal(post({"pow_token": token, "pow_solution": ""})) == "expired"


def test_challenge_carries_the_configured_difficulty(settings):
    settings.POW_DIFFICULTY = 11
    token = new_challenge("submit")
    body = token.split(".")[0]
    assert base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))[1] == 11


# --- Rate limits -----------------------------------------------------------------------------------


def test_rate_limit_trips_at_the_limit_and_says_when_to_retry():
    request = post()
    assert [hit(request, "submit", limit=3, window=3600) for _ in range(3)] == [None, None, None]
    retry = hit(post(), "submit", limit=3, window=3600)
    assert retry is not None and 0 < retry <= 3600
    # Another client, and the same client in another bucket, are unaffected.
    assert hit(post(ip="198.51.100.23"), "submit", limit=3, window=3600) is None
    assert hit(post(), "receipt-login", limit=3, window=3600) is None


def test_rate_limit_window_ends(monkeypatch):
    now = 1_800_000_000.0
    monkeypatch.setattr(abuse, "_clock", lambda: now)
    assert hit(post(), "submit", limit=1, window=60) is None
    assert hit(post(), "submit", limit=1, window=60) == 60
    monkeypatch.setattr(abuse, "_clock", lambda: now + 45)
    assert hit(post(), "submit", limit=1, window=60) == 15
    monkeypatch.setattr(abuse, "_clock", lambda: now + 60)
    assert hit(post(), "submit", limit=1, window=60) is None


def test_global_submission_limit_holds_a_flood_from_many_addresses_to_one_each(settings):
    # Past the global threshold the circuit breaker gives each client one report, not its own 100
    # (tests/security/test_flood_breaker.py: and nobody else is refused).
    settings.ABUSE_RATE_LIMITS = {"submit": (100, 3600), "submit-global": (5, 3600)}
    results = [abuse.limit_submission(post(ip=f"198.51.100.{n}")) for n in range(1, 8)]
    assert results == [None] * 7
    again = [abuse.limit_submission(post(ip=f"198.51.100.{n}")) for n in range(6, 8)]
    assert all(r is not None and 0 < r <= 3600 for r in again)


@pytest.mark.parametrize("backend", ["redis", "locmem"])  # the demo runs on a local-memory cache
def test_per_client_limit_trips_before_the_global_one(settings, backend):
    settings.ABUSE_RATE_LIMITS = {"submit": (2, 3600), "submit-global": (5, 3600)}
    locmem = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    with override_settings(CACHES=locmem) if backend == "locmem" else contextlib.nullcontext():
        assert [abuse.limit_submission(post()) for _ in range(4)][2:] != [None, None]
        # The blocked client did not use up everyone else's budget.
        assert [abuse.limit_submission(post(ip=f"198.51.100.{n}")) for n in range(1, 4)] == [None] * 3


@pytest.mark.parametrize("backend", ["redis", "locmem"])
def test_challenge_and_submission_limit_are_checked_together(settings, backend):
    # The view spends the challenge and counts the submission in one round trip: a good token is spent
    # even when the limit refuses, and a replayed one is refused before anything is counted.
    settings.ABUSE_RATE_LIMITS = {"submit": (1, 3600), "submit-global": (100, 3600)}
    locmem = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    with override_settings(CACHES=locmem) if backend == "locmem" else contextlib.nullcontext():
        if backend == "locmem":
            cache.clear()  # this process's local memory, which other tests' counters may share
        first = solved()
        assert check_challenge(first, "submit", then_count=abuse.submission_buckets(first)) is None
        over = solved()
        retry = check_challenge(over, "submit", then_count=abuse.submission_buckets(over))
        assert retry is not None and 0 < retry <= 3600
        for spent in (first, over):
            with pytest.raises(PowError) as caught:
                check_challenge(spent, "submit", then_count=abuse.submission_buckets(spent))
            assert caught.value.code == "replayed"
        # The replays were not counted against everyone: 98 more of the global 100 remain for others.
        # Client ids are 16 bits on purpose: 98 addresses whose ids differ from each other's and the first
        # one's (with a random SECRET_KEY some pair shares one in about one run in fifteen).
        taken, others = {client_key(first)}, []
        for n in range(1, 255):
            request = post(ip=f"198.51.100.{n}")
            if len(others) < 98 and client_key(request) not in taken:
                taken.add(client_key(request))
                others.append(request)
        assert [abuse.limit_submission(request) for request in others] == [None] * 98


def test_ipv6_clients_are_counted_per_64_network():
    assert client_key(post(ip="2001:db8:77:1::1")) == client_key(post(ip="2001:db8:77:1:ffff::2"))
    assert client_key(post(ip="2001:db8:77:1::1")) != client_key(post(ip="2001:db8:77:2::1"))


def test_forwarded_for_is_ignored_unless_a_proxy_is_trusted(settings):
    spoofed = {"HTTP_X_FORWARDED_FOR": "192.0.2.1"}
    assert client_key(post(ip="10.0.0.1", **spoofed)) == client_key(post(ip="10.0.0.1"))
    settings.TRUSTED_PROXY_COUNT = 1
    # Behind one proxy the client is the last entry; what the client prepended itself does not count.
    real = client_key(post(ip="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.23"))
    assert client_key(post(ip="10.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.1, 198.51.100.23")) == real
    assert client_key(post(ip="10.0.0.2", HTTP_X_FORWARDED_FOR="192.0.2.9, 198.51.100.23")) == real
    assert client_key(post(ip="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.24")) != real


# --- The 429 page ----------------------------------------------------------------------------------


def _page(language: str, retry_after: int):
    request = RequestFactory().get("/report/", HTTP_ACCEPT_LANGUAGE=language, REMOTE_ADDR=CANARY_IPS[0])
    response = LocaleMiddleware(lambda r: too_many_requests(r, retry_after))(request)
    return response, response.content.decode()


def test_429_page_is_in_english_for_english_readers():
    response, html = _page("en", 300)
    assert response.status_code == 429
    assert response["Retry-After"] == "300"
    assert "no-store" in response["Cache-Control"]
    assert '<html lang="en" dir="ltr">' in html
    assert "Please wait a moment" in html
    assert "try again in 5 minutes" in html


def test_429_page_is_in_spanish_for_spanish_readers():
    response, html = _page("es", 300)
    assert response.status_code == 429
    assert '<html lang="es" dir="ltr">' in html
    assert "Please wait" not in html
    assert re.search(r"5\s+minutos", html)


def test_429_page_counts_in_whole_minutes_and_hours():
    assert "try again in 1 minute." in _page("en", 20)[1]
    assert "try again in 2 minutes" in _page("en", 61)[1]
    assert "about 3 hours" in _page("en", 3 * 3600 - 100)[1]


# --- No trace of the reporter ----------------------------------------------------------------------


def _redis():
    return redis.Redis.from_url(django_settings.CACHES["default"]["LOCATION"])


def _every_cache_entry():
    client = _redis()
    for key in client.scan_iter(count=1000):
        value = client.get(key) if client.type(key) == b"string" else client.dump(key)
        yield key, value or b""


def _exercise_everything_with_canaries():
    for ip in CANARY_IPS:
        for ua in CANARY_UAS:
            hit(post(ip=ip, ua=ua), "submit", limit=100, window=3600)
            abuse.limit_submission(post(ip=ip, ua=ua))
            abuse.limit_receipt_login(post(ip=ip, ua=ua))
            check_challenge(solved(ip=ip, ua=ua), "submit")
            check_challenge(unsolved(ip=ip, ua=ua), "submit")


def _forms(text: str) -> list[bytes]:
    return [text.encode(), text.lower().encode(), text.encode().hex().encode()]


@pytest.mark.django_db
def test_no_address_or_user_agent_reaches_cache_database_or_logs(caplog):
    caplog.set_level("DEBUG")
    _exercise_everything_with_canaries()
    entries = list(_every_cache_entry())
    assert any(b"abuse:rl:" in key for key, _ in entries)  # the scan does see our entries
    for canary in CANARY_IPS + CANARY_UAS + ("2001:db8:77:1::/64",):
        for form in _forms(canary):
            assert not [key for key, value in entries if form in key or form in value], canary
        assert canary not in caplog.text
        assert tables_containing(canary) == []


def test_client_keys_rotate_with_the_utc_day(monkeypatch):
    """Yesterday's keys cannot be linked to today's: the daily secret (derived in memory, never stored;
    tests/security/test_rate_limit_dump.py) changes at midnight UTC."""
    monkeypatch.setattr(abuse, "_clock", lambda: 1_790_000_000.0)
    addresses = [f"198.51.100.{n}" for n in range(1, 40)]
    today = [client_key(post(ip=ip)) for ip in addresses]
    assert [client_key(post(ip=ip)) for ip in addresses] == today
    monkeypatch.setattr(abuse, "_clock", lambda: 1_790_000_000.0 + 86_400)
    assert [client_key(post(ip=ip)) for ip in addresses] != today


def test_client_key_is_an_opaque_hmac_not_the_address():
    key = client_key(post())
    assert re.fullmatch(r"[0-9a-f]{4}", key)  # short on purpose: many addresses share each
    assert key != client_key(post(ip="198.51.100.23"))
    assert key == client_key(post(ua=CANARY_UAS[1]))  # the user agent plays no part

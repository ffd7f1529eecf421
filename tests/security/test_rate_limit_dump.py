"""Issue 13, finding 1: a copy of Redis (and of the database) must not give back the addresses that
reporters submitted from. The attacker here knows the code and has every key and value in the cache
and every value in the database; they try every stored value as the secret, enumerate the address
space (a /16 around the real ones would do, as would all of IPv4) and look for rate-limit keys that
match."""

import contextlib
import hashlib
import hmac
import ipaddress
import pickle
import re

import pytest
import redis
from django.conf import settings as django_settings
from django.db import connection
from django.test import RequestFactory

from observatory.crypto import contexts, server_keys
from reports_intake import abuse
from tests.reports_intake.dumps import user_tables

KNOWN = ("203.0.113.77", "198.51.100.23", "192.0.2.140")
FIXED_NOW = 1_790_000_000.0  # a fixed moment, so the bucket ids below are the same on every run


@pytest.fixture(autouse=True)
def _clean(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    _forget()
    yield
    _forget()


def _redis():
    return redis.Redis.from_url(django_settings.CACHES["default"]["LOCATION"])


def _forget():
    client = _redis()
    for key in client.scan_iter(match="*abuse:*", count=1000):
        client.delete(key)


def _request(ip: str):
    return RequestFactory().post("/report/", {}, REMOTE_ADDR=ip)


def _cache_dump() -> tuple[list[bytes], list[bytes]]:
    """Every key, and every value (of any type), of the cache database."""
    client = _redis()
    keys, values = [], []
    for key in client.scan_iter(count=1000):
        keys.append(key)
        kind = client.type(key)
        if kind == b"string":
            values.append(client.get(key) or b"")
        elif kind == b"hash":
            for field, value in client.hgetall(key).items():
                values += [field, value]
        elif kind in (b"list", b"set"):
            values += list(client.lrange(key, 0, -1) if kind == b"list" else client.smembers(key))
    return keys, values


def _database_values() -> list[bytes]:
    """Every value of every table (what a pg_dump holds), as bytes."""
    found = []
    with connection.cursor() as cursor:
        for table in user_tables():
            cursor.execute(f"select * from {table}")
            for row in cursor.fetchall():
                for value in row:
                    if isinstance(value, bytes | memoryview):
                        found.append(bytes(value))
                    elif isinstance(value, str):
                        found.append(value.encode())
    return found


def _candidate_secrets(cache_values: list[bytes], database_values: list[bytes]) -> set[bytes]:
    """Anything stored that could be a key: every value as stored and, since Django's Redis cache pickles
    what it stores, every cache value unpickled."""
    candidates = set(cache_values) | set(database_values)
    for value in cache_values:
        with contextlib.suppress(Exception):
            loaded = pickle.loads(value)  # noqa: S301 - our own test cache, read as an attacker would
            if isinstance(loaded, str):
                loaded = loaded.encode()
            if isinstance(loaded, bytes):
                candidates.add(loaded)
    return {candidate for candidate in candidates if 8 <= len(candidate) <= 256}


def _client_ids(keys: list[bytes]) -> set[str]:
    ids = set()
    for key in keys:
        match = re.search(rb"abuse:rl:[^:]+(?::[^:]+)?:([0-9a-f]{2,64}):\d+:\d+$", key)
        if match:
            ids.add(match.group(1).decode())
    return ids


def _attacker_ids(secret: bytes, address: str, day: str) -> set[str]:
    """What the attacker computes for one address under one guessed secret: the id as today's code would
    make it from a daily secret, and from a long-term key through the daily derivation."""
    message = b"client\x00" + address.encode()
    dailies = {secret}
    if hasattr(abuse, "day_secret"):  # today's code: a configured key (or SECRET_KEY) -> the day's secret
        text = secret.decode(errors="replace")
        dailies.add(abuse.day_secret(server_keys.derive_from(text, contexts.RATE_LIMIT_KEY), day))
        dailies.add(abuse.day_secret(secret, day))
    return {hmac.new(daily, message, hashlib.sha256).hexdigest() for daily in dailies}


@pytest.mark.django_db
def test_no_submitting_address_can_be_recovered_from_a_cache_and_database_dump(monkeypatch):
    monkeypatch.setattr(abuse, "_clock", lambda: FIXED_NOW)
    for ip in KNOWN:
        assert abuse.limit_submission(_request(ip)) is None
        assert abuse.limit_receipt_login(_request(ip)) is None
    keys, values = _cache_dump()
    stored_ids = _client_ids(keys)
    assert stored_ids, "the dump does see the rate-limit keys"
    secrets = _candidate_secrets(values, _database_values())
    day = abuse._today()

    def explains_every_address(secret: bytes) -> bool:
        # A guessed secret under which each submitting address gives a stored id is the secret: the
        # attacker then enumerates the address space (all of IPv4 is hours on one core) and gets the
        # addresses. A wrong guess matches all of them by chance with a probability below 2^-40.
        return all(
            any(full.startswith(stored) for full in _attacker_ids(secret, ip, day) for stored in stored_ids)
            for ip in KNOWN
        )

    found = [secret for secret in secrets if explains_every_address(secret)]
    assert not found, f"{len(found)} value(s) in the dump turn rate-limit keys back into addresses"


def test_even_with_the_rate_limit_key_each_stored_id_matches_many_addresses(settings, monkeypatch):
    """Someone who also has the web process's memory (the key) can compute ids, but an id is shared by a
    crowd of addresses: enumerating a /13 (half a million addresses) finds several for each."""
    settings.RATE_LIMIT_KEY = "k" * 43
    monkeypatch.setattr(abuse, "_clock", lambda: FIXED_NOW)
    target = "10.3.7.9"
    wanted = abuse.client_key(_request(target))
    secret = abuse._daily_secret()
    alike = [
        str(ip) for ip in ipaddress.ip_network("10.0.0.0/13") if abuse._client_id(secret, str(ip)) == wanted
    ]
    assert target in alike
    assert len(alike) >= 3, alike


def test_the_attack_finds_the_secret_when_it_is_stored(monkeypatch):
    """The attacker above does recover addresses once the key is among the stored values: this checks
    that the test can fail."""
    monkeypatch.setattr(abuse, "_clock", lambda: FIXED_NOW)
    day_secret = abuse._daily_secret()
    stored_ids = {abuse._client_id(day_secret, ip) for ip in KNOWN}
    assert all(
        any(
            full.startswith(stored)
            for full in _attacker_ids(day_secret, ip, abuse._today())
            for stored in stored_ids
        )
        for ip in KNOWN
    )


def test_the_daily_secret_is_never_written_to_the_cache():
    abuse.client_key(_request(KNOWN[0]))
    keys, _values = _cache_dump()
    assert not [key for key in keys if b"client-secret" in key]

"""Slowing down password and code guessing at the staff sign-in, without letting anyone lock a colleague
out (issue 13).

Two counters of failures, each with a delay that doubles with every failure past a free allowance, up to
a ceiling: one per client (`abuse.client_key`, an ambiguous daily HMAC: never the address) and one per
account name (keyed hash, also for names that do not exist, so the counter says nothing about them).
While a counter's delay runs, the sign-in is refused before the password is looked at.

The per-client counter is the hard one (up to 15 minutes): one machine cannot guess quickly. The account
counter is gentle (at most a minute between tries): it slows a guesser spread over many addresses to 60
guesses an hour, and the owner, who at worst waits a minute, is never locked out. django-otp's own device
throttle is off (settings OTP_*_THROTTLE_FACTOR = 0) because anyone who knows the password could use it
to lock the device; these counters cover codes too. `manage.py unlock_staff_login NAME` clears an
account's counter (out of band, by an administrator).
"""

import math
import time

from django.core.cache import cache
from django.utils.crypto import salted_hmac

from reports_intake.abuse import client_key

_PREFIX = "staff-login"
# (failures allowed before any delay, longest delay in seconds)
CLIENT = (5, 15 * 60)
ACCOUNT = (10, 60)
_REMEMBER = 24 * 3600


def _clock() -> float:
    return time.time()


def _account_key(username: str) -> str:
    digest = salted_hmac("observatory.staff-login-throttle", (username or "").strip().lower()).hexdigest()
    return f"{_PREFIX}:account:{digest[:32]}"


def _client_key(request) -> str:
    return f"{_PREFIX}:client:{client_key(request)}"


def _delay(failures: int, free: int, ceiling: int) -> float:
    return 0 if failures <= free else min(ceiling, 2 ** (failures - free - 1))


def _state(key: str) -> tuple[int, float]:
    stored = cache.get_many([f"{key}:n", f"{key}:t"])
    return int(stored.get(f"{key}:n", 0)), float(stored.get(f"{key}:t", 0.0))


def wait_seconds(request, username: str) -> int:
    """Seconds this client must wait before the next try for `username`; 0 = try now."""
    now, longest = _clock(), 0.0
    for key, (free, ceiling) in ((_client_key(request), CLIENT), (_account_key(username), ACCOUNT)):
        failures, last = _state(key)
        longest = max(longest, last + _delay(failures, free, ceiling) - now)
    return math.ceil(longest) if longest > 0 else 0


def record_failure(request, username: str) -> None:
    # An atomic increment (Redis INCR): attempts sent at the same moment are each counted, where a read
    # followed by a write would count a burst of simultaneous guesses as one.
    now = _clock()
    for key in (_client_key(request), _account_key(username)):
        cache.add(f"{key}:n", 0, timeout=_REMEMBER)
        cache.incr(f"{key}:n")
        cache.touch(f"{key}:n", timeout=_REMEMBER)
        cache.set(f"{key}:t", now, timeout=_REMEMBER)


def _forget(*keys: str) -> None:
    cache.delete_many([f"{key}:{part}" for key in keys for part in ("n", "t")])


def record_success(request, username: str) -> None:
    _forget(_client_key(request), _account_key(username))


def unlock(username: str) -> None:
    _forget(_account_key(username))


def failures(request, username: str) -> tuple[int, int]:
    """(failures counted for this client, for this account name): for the administrator and the tests."""
    return _state(_client_key(request))[0], _state(_account_key(username))[0]

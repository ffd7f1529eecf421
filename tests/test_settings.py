"""Settings refuse nonsense: an out-of-range or non-integer value stops Django at start-up with a message
that names the variable, the value and what to use instead (observatory/env.py)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from observatory.env import envint

REPO = Path(__file__).resolve().parents[1]


def manage_check(**overrides: str) -> subprocess.CompletedProcess:
    """`manage.py check` in a fresh process, with this test run's environment (database, broker, settings
    module) and only `overrides` changed."""
    env = {**os.environ, **overrides}
    return subprocess.run(
        [sys.executable, str(REPO / "manage.py"), "check"],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )


# --- Django refuses to start -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("POW_DIFFICULTY", "99", "POW_DIFFICULTY=99 is out of range: use 8 to 22"),
        ("POW_DIFFICULTY", "7", "POW_DIFFICULTY=7 is out of range: use 8 to 22"),
        (
            "INTAKE_SUBMITS_PER_CLIENT_HOUR",
            "-1",
            "INTAKE_SUBMITS_PER_CLIENT_HOUR=-1 is out of range: use 1 to 1000",
        ),
        ("INTAKE_NOJS_PER_CLIENT_HOUR", "0", "INTAKE_NOJS_PER_CLIENT_HOUR=0 is out of range: use 1 to 1000"),
        ("TRUSTED_PROXY_COUNT", "-2", "TRUSTED_PROXY_COUNT=-2 is out of range: use 0 to 5"),
        ("SESSION_COOKIE_AGE", "8h", "SESSION_COOKIE_AGE='8h' is not an integer: use 300 to 86400"),
    ],
)
def test_django_does_not_start_with_a_bad_value(name, value, message):
    result = manage_check(**{name: value})
    assert result.returncode != 0
    assert message in result.stderr


def test_django_starts_with_values_at_the_bounds():
    # The other side of the test above: the same process starts when only the values are changed.
    result = manage_check(
        POW_DIFFICULTY="22",
        INTAKE_SUBMITS_PER_CLIENT_HOUR="1",
        INTAKE_NOJS_PER_CLIENT_HOUR="1000",
        TRUSTED_PROXY_COUNT="0",
        SESSION_COOKIE_AGE="300",
    )
    assert result.returncode == 0, result.stderr


# --- The helper ------------------------------------------------------------------------------------


def test_envint_unset_or_empty_gives_the_default(monkeypatch):
    monkeypatch.delenv("OBS_TEST_INT", raising=False)
    assert envint("OBS_TEST_INT", 7, min=1, max=9) == 7
    monkeypatch.setenv("OBS_TEST_INT", " ")
    assert envint("OBS_TEST_INT", 7, min=1, max=9) == 7


@pytest.mark.parametrize("value", ["1", "5", "9"])
def test_envint_accepts_the_range_inclusive(monkeypatch, value):
    monkeypatch.setenv("OBS_TEST_INT", value)
    assert envint("OBS_TEST_INT", 7, min=1, max=9) == int(value)


@pytest.mark.parametrize(
    ("value", "bounds", "message"),
    [
        ("0", {"min": 1, "max": 9}, "OBS_TEST_INT=0 is out of range: use 1 to 9"),
        ("10", {"min": 1, "max": 9}, "OBS_TEST_INT=10 is out of range: use 1 to 9"),
        ("-1", {"min": 0}, "OBS_TEST_INT=-1 is out of range: use 0 or more"),
        ("101", {"max": 100}, "OBS_TEST_INT=101 is out of range: use at most 100"),
        ("2.5", {"min": 1, "max": 9}, "OBS_TEST_INT='2.5' is not an integer: use 1 to 9"),
        ("ten", {}, "OBS_TEST_INT='ten' is not an integer: use a whole number"),
    ],
)
def test_envint_refuses_what_is_outside_the_range(monkeypatch, value, bounds, message):
    monkeypatch.setenv("OBS_TEST_INT", value)
    with pytest.raises(ImproperlyConfigured) as caught:
        envint("OBS_TEST_INT", 7, **bounds)
    assert str(caught.value) == message


def test_envint_without_bounds_takes_any_integer(monkeypatch):
    monkeypatch.setenv("OBS_TEST_INT", "-123456")
    assert envint("OBS_TEST_INT", 7) == -123456

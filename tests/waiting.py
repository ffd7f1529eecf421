"""Waiting for an outcome, never for a length of time: poll a condition until it holds or a deadline
passes, then fail saying what did not happen."""

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def wait_until(
    predicate: Callable[[], T], timeout: float = 30.0, *, what: str = "", interval: float = 0.2
) -> T:
    """The first truthy value `predicate()` returns within `timeout` seconds; an AssertionError naming
    `what` (or the predicate) otherwise. A loaded machine only makes it slower, never wrong."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() >= deadline:
            raise AssertionError(
                f"not within {timeout:g} s: {what or getattr(predicate, '__name__', predicate)}"
            )
        time.sleep(interval)

"""Small, rarely changing tables that the public pages read on every request, kept in each process.

The report form reads the page tree and the list of neighbourhoods on every step; both change a few times
a year (an editor publishes, boundaries are reloaded) and asking the database each time was a quarter of
a submission's server time. A `ProcessCache` keeps the value it built for `seconds`, and drops it at once
when a row of one of its `models` is saved or deleted in this process — and once more after that
transaction commits, so that a rebuild which ran in between, and read the old rows, is not kept. Other
processes see a change within `seconds`.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from typing import Generic, TypeVar

from django.db import transaction
from django.db.models.signals import post_delete, post_save

T = TypeVar("T")

_ALL: list[ProcessCache] = []


class ProcessCache(Generic[T]):
    def __init__(self, build: Callable[[], T], *, seconds: float, models: Iterable[type]) -> None:
        self._build = build
        self._seconds = seconds
        self._models = tuple(models)
        self._lock = threading.Lock()
        self._value: T | None = None
        self._expires = 0.0
        _ALL.append(self)

    def get(self) -> T:
        if time.monotonic() >= self._expires:
            with self._lock:
                if time.monotonic() >= self._expires:
                    self._value = self._build()
                    self._expires = time.monotonic() + self._seconds
        return self._value

    def clear(self) -> None:
        self._expires = 0.0

    def watches(self, model: type) -> bool:
        return issubclass(model, self._models)


def clear_all() -> None:
    """Forget every cached value of this process (tests whose rows were rolled back)."""
    for cache in _ALL:
        cache.clear()


def _changed(sender, **kwargs) -> None:
    # Subclasses (Wagtail page types) send signals under their own class: one receiver for every sender.
    for cache in _ALL:
        if cache.watches(sender):
            cache.clear()
            transaction.on_commit(cache.clear)


post_save.connect(_changed, dispatch_uid="observatory.process_cache.save")
post_delete.connect(_changed, dispatch_uid="observatory.process_cache.delete")

"""Strict helpers that read settings from the environment and fail loudly on bad values.

A secret may also come from a file: NAME_FILE=/run/secrets/name (docker/systemd credentials).
"""

import os

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def envstr(name: str, default: str | None = None) -> str | None:
    file_path = os.environ.get(f"{name}_FILE")
    if file_path:
        try:
            with open(file_path, encoding="utf-8") as fh:
                return fh.read().strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE={file_path!r} cannot be read: {exc}") from exc
    return os.environ.get(name, default)


def envbool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean (use 1/0, true/false, yes/no, on/off)")


def _allowed(min: int | None, max: int | None) -> str:
    if min is not None and max is not None:
        return f"use {min} to {max}"
    if min is not None:
        return f"use {min} or more"
    if max is not None:
        return f"use at most {max}"
    return "use a whole number"


def envint(name: str, default: int, *, min: int | None = None, max: int | None = None) -> int:
    """An integer from the environment, refused outside [min, max] (the default is not checked: it is
    ours, and the bounds exist to catch what an operator typed)."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not an integer: {_allowed(min, max)}") from None
    if (min is not None and value < min) or (max is not None and value > max):
        raise ImproperlyConfigured(f"{name}={value} is out of range: {_allowed(min, max)}")
    return value


def envlist(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]

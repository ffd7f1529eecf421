"""Refusals of the casework, which the staff pages turn into messages."""

from observatory.crypto.envelope import WrongPassword


class CaseworkError(Exception):
    """Base class for refusals the UI turns into a message."""


class NoUserKey(CaseworkError):
    """The user has no keypair yet (it is created at their first sign-in)."""


class UserKeyExists(CaseworkError):
    pass


class AccessDenied(CaseworkError):
    """Not a member with a casework role, no key grant, or the case is not this organisation's."""


class InvalidTransition(CaseworkError):
    pass


class InvalidCode(CaseworkError, ValueError):
    pass


__all__ = [
    "AccessDenied",
    "CaseworkError",
    "InvalidCode",
    "InvalidTransition",
    "NoUserKey",
    "UserKeyExists",
    "WrongPassword",
]

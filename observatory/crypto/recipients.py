"""Who each secret in Observatory is sealed to: one function per operation, named for what it seals, so
that the recipient rules can be read in one place (SecureDrop's `EncryptionManager` does the same).

- A **report**'s data key (DEK) is wrapped to every office key, to the triage key and to the reporter's
  own key (`wrap_report_key`); later, a referral re-wraps it to another organisation
  (`rewrap_report_key`). Whoever can open the DEK reads the payload, its files and the reporter's
  messages.
- A **reporter's message** is sealed under the report's DEK: everyone who can read the report reads it.
- A **caseworker's message** is sealed under a fresh key wrapped to the reporter's public key: the sender
  needs no key of its own to write it.
- The **reporter's private key** is sealed under the key derived from their receipt.
- A **caseworker's note** or referral reason is sealed under the report's DEK.

Plain module: no Django, no database, no logging.
"""

import struct
from collections.abc import Iterable
from dataclasses import dataclass

from observatory.crypto import contexts, envelope, receipts

MESSAGE_SCHEMA_VERSION = 1
_WRAP_LENGTH = struct.Struct(">H")


@dataclass(frozen=True)
class Wrap:
    recipient_key_id: str
    suite: int
    wrapped_dek: bytes


def wrap_report_key(
    dek: bytes, report_id, *, office: Iterable[bytes], triage: bytes, reporter: bytes
) -> list[Wrap]:
    """The DEK of a new report wrapped to each office public key, the triage key and the reporter's key."""
    context = contexts.report(report_id)
    return [
        Wrap(envelope.key_id(public), public[0], envelope.wrap_key(dek, public, context=context))
        for public in (*office, triage, reporter)
    ]


def open_report_key(wrapped_dek: bytes, private_key: bytes, report_id) -> bytes:
    """The DEK from one of its wraps, for the holder of that wrap's private key."""
    return envelope.unwrap_key(bytes(wrapped_dek), private_key, context=contexts.report(report_id))


def rewrap_report_key(wrapped_dek: bytes, holder_private: bytes, new_public: bytes, report_id) -> bytes:
    """A referral: the DEK, opened by a holder, wrapped to another organisation (payload untouched)."""
    return envelope.rewrap_key(
        bytes(wrapped_dek), holder_private, new_public, context=contexts.report(report_id)
    )


def seal_report_payload(dek: bytes, payload: dict, report_id, schema_version: int) -> bytes:
    return envelope.seal_payload(dek, payload, report_id=str(report_id), schema_version=schema_version)


def open_report_payload(dek: bytes, sealed: bytes, report_id, schema_version: int) -> dict:
    return envelope.open_payload(dek, bytes(sealed), report_id=str(report_id), schema_version=schema_version)


def seal_reporter_private_key(private: bytes, receipt: str, report_id) -> bytes:
    return envelope.seal_with_key(
        private, receipts.reporter_wrap_key(receipt), context=contexts.reporter_key(report_id)
    )


def open_reporter_private_key(sealed: bytes, receipt: str, report_id) -> bytes:
    return envelope.open_with_key(
        bytes(sealed), receipts.reporter_wrap_key(receipt), context=contexts.reporter_key(report_id)
    )


def seal_reporter_message(dek: bytes, body: dict, report_id, message_id) -> bytes:
    """A reporter's message: under the report's DEK, for everyone who can read the report."""
    binding = contexts.message(report_id, message_id)
    return envelope.seal_payload(dek, body, report_id=binding, schema_version=MESSAGE_SCHEMA_VERSION)


def open_reporter_message(dek: bytes, sealed: bytes, report_id, message_id) -> dict:
    binding = contexts.message(report_id, message_id)
    return envelope.open_payload(dek, bytes(sealed), report_id=binding, schema_version=MESSAGE_SCHEMA_VERSION)


def seal_caseworker_message(body: dict, report_id, message_id, *, reporter_public: bytes) -> bytes:
    """A caseworker's message to the reporter: a fresh key wrapped to the reporter's public key, then the
    body sealed under it (stored as: 2-byte wrap length, the wrap, the sealed body)."""
    binding = contexts.message(report_id, message_id)
    key = envelope.new_data_key()
    wrapped = envelope.wrap_key(key, bytes(reporter_public), context=binding.encode())
    sealed = envelope.seal_payload(key, body, report_id=binding, schema_version=MESSAGE_SCHEMA_VERSION)
    return _WRAP_LENGTH.pack(len(wrapped)) + wrapped + sealed


def open_caseworker_message(sealed: bytes, report_id, message_id, *, reporter_private: bytes) -> dict:
    binding = contexts.message(report_id, message_id)
    sealed = bytes(sealed)
    (length,) = _WRAP_LENGTH.unpack_from(sealed)
    start = _WRAP_LENGTH.size
    key = envelope.unwrap_key(sealed[start : start + length], reporter_private, context=binding.encode())
    return envelope.open_payload(
        key, sealed[start + length :], report_id=binding, schema_version=MESSAGE_SCHEMA_VERSION
    )


def seal_case_note(text: str, dek: bytes, kind: str, object_id) -> bytes | None:
    """A caseworker's note (`kind` case-action) or referral reason (`kind` referral), under the DEK."""
    text = (text or "").strip()
    return (
        envelope.seal_with_key(text.encode(), dek, context=contexts.case_note(kind, object_id))
        if text
        else None
    )


def open_case_note(sealed: bytes | None, dek: bytes, kind: str, object_id) -> str:
    """A sealed note or reason, for whoever holds the report's DEK ('' when there was none)."""
    if not sealed:
        return ""
    return envelope.open_with_key(bytes(sealed), dek, context=contexts.case_note(kind, object_id)).decode()

"""Who each secret in Observatory is sealed to: one function per operation, named for what it seals, so
that the recipient rules can be read in one place (SecureDrop's `EncryptionManager` does the same).

- A **report**'s data key (DEK) is wrapped to every office key, to the triage key and to the reporter's
  own key (`wrap_report_key`); later, a referral re-wraps it to another organisation
  (`rewrap_report_key`). Whoever can open the DEK reads the payload, its files and the reporter's
  messages.
- A **reporter's message** is sealed under the report's DEK: everyone who can read the report reads it.
- A **caseworker's message** is sealed under a fresh key, which is wrapped to the reporter's public key
  and sealed under the report's DEK: the reporter reads it, and so does everyone who can read the report
  (the sender, their colleagues, an organisation the case is referred to), so the thread reads whole.
- The **reporter's private key** is sealed under the key derived from their receipt.
- A **caseworker's note** or referral reason is sealed under the report's DEK.
- A **backup archive** is stream-encrypted under a fresh key, which is wrapped to the offline backup public
  key only: no key the live system holds opens a backup (`seal_backup`).

Plain module: no Django, no database, no logging.
"""

import struct
from collections.abc import Iterable
from dataclasses import dataclass
from typing import BinaryIO

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


def seal_caseworker_message(
    body: dict, report_id, message_id, *, reporter_public: bytes, dek: bytes
) -> bytes:
    """A caseworker's message to the reporter: a fresh key, wrapped to the reporter's public key and
    sealed under the report's DEK, then the body sealed under it. Stored as: the wrap and the DEK seal,
    each after its 2-byte length, then the sealed body."""
    binding = contexts.message(report_id, message_id)
    key = envelope.new_data_key()
    wrapped = envelope.wrap_key(key, bytes(reporter_public), context=binding.encode())
    for_readers = envelope.seal_with_key(key, dek, context=binding.encode())
    sealed = envelope.seal_payload(key, body, report_id=binding, schema_version=MESSAGE_SCHEMA_VERSION)
    return b"".join(_WRAP_LENGTH.pack(len(part)) + part for part in (wrapped, for_readers)) + sealed


def _caseworker_message_parts(sealed: bytes) -> tuple[bytes, bytes, bytes]:
    sealed, parts, offset = bytes(sealed), [], 0
    for _ in range(2):
        (length,) = _WRAP_LENGTH.unpack_from(sealed, offset)
        offset += _WRAP_LENGTH.size
        parts.append(sealed[offset : offset + length])
        offset += length
    return parts[0], parts[1], sealed[offset:]


def open_caseworker_message(
    sealed: bytes, report_id, message_id, *, reporter_private: bytes | None = None, dek: bytes | None = None
) -> dict:
    """The message, for the reporter (their private key) or for a reader of the report (its DEK)."""
    binding = contexts.message(report_id, message_id)
    wrapped, for_readers, body = _caseworker_message_parts(sealed)
    if reporter_private is not None:
        key = envelope.unwrap_key(wrapped, reporter_private, context=binding.encode())
    else:
        key = envelope.open_with_key(for_readers, dek, context=binding.encode())
    return envelope.open_payload(key, body, report_id=binding, schema_version=MESSAGE_SCHEMA_VERSION)


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


def seal_backup(src: BinaryIO, dst: BinaryIO, backup_public: bytes, archive_id) -> int:
    """A backup archive sealed to the offline backup key: a fresh stream key, HPKE-wrapped to
    `backup_public` and bound to `archive_id`, then `src` stream-encrypted under it (64 KiB chunks, so a
    dump of any size passes through one chunk of memory). Writes the wrap after its 2-byte length, then
    the stream; returns the bytes written."""
    key = envelope.new_data_key()
    wrapped = envelope.wrap_key(key, bytes(backup_public), context=contexts.backup(archive_id))
    dst.write(_WRAP_LENGTH.pack(len(wrapped)) + wrapped)
    return _WRAP_LENGTH.size + len(wrapped) + envelope.encrypt_stream(src, dst, key)


def open_backup(src: BinaryIO, dst: BinaryIO, backup_private: bytes, archive_id) -> int:
    """What `seal_backup` wrote, for the holder of the backup private key; returns the plaintext bytes
    written. Chunks reach `dst` as they are verified: if this raises, discard what reached `dst`."""
    length_bytes = src.read(_WRAP_LENGTH.size)
    if len(length_bytes) != _WRAP_LENGTH.size:
        raise envelope.DecryptionError("archive truncated")
    (length,) = _WRAP_LENGTH.unpack(length_bytes)
    wrapped = src.read(length)
    if len(wrapped) != length:
        raise envelope.DecryptionError("archive truncated")
    key = envelope.unwrap_key(wrapped, bytes(backup_private), context=contexts.backup(archive_id))
    return envelope.decrypt_stream(src, dst, key)

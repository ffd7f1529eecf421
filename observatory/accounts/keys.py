"""System keys: which public keys a new report's data key is wrapped to, and the key ceremony.

The web process only ever reads PUBLIC keys from the database (office organisation keys and the active
triage key). They change at a key ceremony, which is rare, so they are cached in-process for a minute:
a submission then costs no key query. Private keys live in files written by `manage.py key_ceremony`
(mode 0600): the triage key is read by the triage worker alone (`TRIAGE_PRIVATE_KEY_FILE`, which the web
settings never set); the office key is, for now, a file held by the office (later it is wrapped to each
member's user key, DESIGN §4).
"""

import os
import time
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from observatory.accounts.models import Organisation, TriageKey
from observatory.crypto import envelope
from observatory.crypto.keyfiles import PrivateKey, read_private_key_file, write_private_key_file

CACHE_SECONDS = 60


class KeysNotConfigured(ImproperlyConfigured):
    """No office or triage public key yet: run `manage.py key_ceremony` (or `--demo`)."""


@dataclass(frozen=True)
class Recipient:
    key_id: str
    public_key: bytes
    organisation_id: object = None  # the office's UUID, or None for the triage key


@dataclass(frozen=True)
class SubmissionKeys:
    office: tuple[Recipient, ...]
    triage: Recipient

    @property
    def recipients(self) -> tuple[Recipient, ...]:
        return (*self.office, self.triage)


_cache: tuple[float, SubmissionKeys] | None = None


def clear_cache() -> None:
    global _cache
    _cache = None


def submission_keys() -> SubmissionKeys:
    """The public keys every new report is wrapped to: each office organisation's and the triage key."""
    global _cache
    now = time.monotonic()
    if _cache is not None and now - _cache[0] < CACHE_SECONDS:
        return _cache[1]
    offices = tuple(
        Recipient(key_id=key_id, public_key=bytes(public), organisation_id=org_id)
        for org_id, key_id, public in Organisation.objects.filter(
            kind=Organisation.Kind.OFFICE, public_key__isnull=False
        ).values_list("id", "key_id", "public_key")
    )
    triage = TriageKey.objects.filter(active=True).values_list("key_id", "public_key").first()
    if not offices or triage is None:
        raise KeysNotConfigured("No office or triage public key: run `manage.py key_ceremony` first.")
    keys = SubmissionKeys(office=offices, triage=Recipient(key_id=triage[0], public_key=bytes(triage[1])))
    _cache = (now, keys)
    return keys


def load_triage_private_key() -> PrivateKey:
    """The triage worker's private key, from the file named by TRIAGE_PRIVATE_KEY_FILE. Only the triage
    worker calls this; the web settings never set the variable."""
    path = os.environ.get("TRIAGE_PRIVATE_KEY_FILE")
    if not path:
        raise ImproperlyConfigured("TRIAGE_PRIVATE_KEY_FILE is not set: this process cannot triage.")
    return read_private_key_file(path)


# --- Key ceremony ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class CeremonyResult:
    office_key_id: str
    triage_key_id: str
    created: bool  # False when --demo found everything already in place


def install_keys(
    office, office_key: PrivateKey | envelope.KeyPair, triage_key: PrivateKey | envelope.KeyPair
) -> None:
    """Store the public halves: the office's key, and the triage key as the one active triage key."""
    triage_id = envelope.key_id(triage_key.public)
    with transaction.atomic():
        office.public_key = office_key.public
        office.key_id = envelope.key_id(office_key.public)
        office.save(update_fields=["public_key", "key_id", "updated_at"])
        TriageKey.objects.filter(active=True).exclude(key_id=triage_id).update(active=False)
        TriageKey.objects.update_or_create(
            key_id=triage_id, defaults={"public_key": triage_key.public, "active": True}
        )
    clear_cache()


def key_ceremony(office, office_key_out: Path, triage_key_out: Path) -> CeremonyResult:
    """Create the office and triage keypairs, write the private halves to new 0600 files and store the
    public halves. Refuses to overwrite a file or to replace an office key (reports are wrapped to it)."""
    if office.public_key:
        raise FileExistsError(
            f"{office.slug} already has a key ({office.key_id}); rotation is a separate step"
        )
    for path in (office_key_out, triage_key_out):
        if path.exists():
            raise FileExistsError(f"{path} exists; refusing to overwrite a private key")
    office_pair, triage_pair = envelope.generate_keypair(), envelope.generate_keypair()
    # Files first: if the database step fails, a stray file is harmless; a stored public key whose
    # private half was never written would make every new report unreadable.
    write_private_key_file(office_key_out, office_pair)
    write_private_key_file(triage_key_out, triage_pair)
    install_keys(office, office_pair, triage_pair)
    return CeremonyResult(envelope.key_id(office_pair.public), envelope.key_id(triage_pair.public), True)


def demo_key_ceremony(office, directory: Path) -> CeremonyResult:
    """The demo's keys in `directory` (var/keys/, ignored by git). Idempotent: existing files are reused
    and the database is brought in line with them."""
    created = False
    pairs = []
    for path in (directory / f"office-{office.slug}.key", directory / "triage.key"):
        if not path.exists():
            write_private_key_file(path, envelope.generate_keypair())
            created = True
        pairs.append(read_private_key_file(path))
    office_key, triage_key = pairs
    in_place = (
        office.key_id == office_key.key_id
        and TriageKey.objects.filter(active=True, key_id=triage_key.key_id).exists()
    )
    if not in_place:
        install_keys(office, office_key, triage_key)
        created = True
    return CeremonyResult(office_key.key_id, triage_key.key_id, created)

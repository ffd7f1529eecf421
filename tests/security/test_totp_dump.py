"""Issue 13, finding 9: TOTP secrets in a database dump. Whoever holds the secret of a staff member's
authenticator computes their second factor; with a cracked or phished password that is the whole login.
The attack: pg_dump the database, take every value that could be a key (hex runs, bytea, base32 runs, and
every 20-byte window inside them) and compute the current codes with each. None may give the codes the
real authenticator shows."""

import re
import time
from base64 import b32decode

from django_otp.oath import TOTP

from tests.factories import create_staff
from tests.reports_intake.dumps import pg_dump

_HEX = re.compile(rb"[0-9a-fA-F]{32,}")
_BASE32 = re.compile(rb"[A-Z2-7]{32,}")
KEY_BYTES = 20  # django-otp's key length, the window an attacker tries inside every longer value


def _candidate_keys(dump: bytes) -> set[bytes]:
    blobs = [bytes.fromhex(run[: len(run) // 2 * 2].decode()) for run in _HEX.findall(dump)]
    for run in _BASE32.findall(dump):
        try:
            blobs.append(b32decode(run[: len(run) // 8 * 8]))
        except ValueError:
            continue
    found: set[bytes] = set()
    for blob in blobs:
        found.add(blob)
        found.update(blob[start : start + KEY_BYTES] for start in range(max(0, len(blob) - KEY_BYTES) + 1))
    return found


def _codes(key: bytes, now: float) -> tuple[int, ...]:
    """Three consecutive codes: one match by chance is one in a million, three in a row is none."""
    codes = []
    for step in range(3):
        generator = TOTP(key, step=30, t0=0, digits=6)
        generator.time = now + 30 * step
        codes.append(generator.token())
    return tuple(codes)


def test_no_value_in_a_database_dump_computes_the_staff_members_totp_code(transactional_db, office, enrolled):
    device = enrolled(create_staff("tomas", office.organisation, "office_caseworker"))
    now = time.time()
    real = _codes(device.bin_key, now)
    dump = pg_dump()
    assert device._meta.db_table.encode() in dump  # the attack saw the devices' table
    candidates = _candidate_keys(dump)
    matching = [key.hex() for key in candidates if _codes(key, now) == real]
    assert not matching, f"{len(matching)} of {len(candidates)} values in the dump compute the TOTP codes"

"""Every binding string in Observatory: the AAD or context that ties a ciphertext, a wrap or a derived key
to what it belongs to, so that a blob copied onto another record fails to open instead of opening there.

Writers and readers both take their strings from here: a string built in two places can drift, and a
drifted string locks a reporter or a caseworker out of their own data. Changing any value here makes
everything written before unreadable; add a new version instead.
"""

# --- Envelope formats (observatory.crypto.envelope) -----------------------------------------------------
PAYLOAD_AAD = b"observatory/payload\x00"  # + version, schema version, the binding below
WRAP_AAD = b"observatory/wrap/v1\x00"  # + suite id, then a context below
SEALED_AAD = b"observatory/sealed/v1\x00"  # + a context below
KEY_ID = b"observatory/key-id/v1\x00"  # the public name of a public key

# --- Key derivations -------------------------------------------------------------------------------------
RECEIPT_LOOKUP = b"observatory/receipt/lookup/v1"  # receipt -> the only value the database keeps
RECEIPT_REPORTER_KEY = b"observatory/receipt/reporter-key/v1"  # receipt -> key sealing the reporter key
RECOVERY_KEY = b"observatory/recovery-key/v1"  # staff recovery key -> key sealing the user key
SESSION_KEY_ID = b"observatory/session-key-id/v1\x00"  # public name of a split-session key
KEYPAIR_CHECK = b"observatory/keypair-check/v1"  # the probe that checks a private key fits its public key
POW_SECRET = b"observatory/reports_intake/pow-secret/v1"  # SECRET_KEY -> proof-of-work signing key
# SECRET_KEY -> rate-limit key, when RATE_LIMIT_KEY is not given; then key + UTC day -> that day's secret
RATE_LIMIT_KEY = b"observatory/reports_intake/rate-limit-key/v1"
RATE_LIMIT_DAY = b"observatory/reports_intake/rate-limit-day/v1\x00"  # + the UTC day, YYYY-MM-DD
SESSION_KEY_HASH = b"observatory/session-key-hash/v1"  # SECRET_KEY -> key hashing session ids at rest
BACKUP_CODE_HASH = b"observatory/backup-code-hash/v1"  # SECRET_KEY -> key hashing staff backup codes
TOTP_SEAL_KEY = b"observatory/totp-seal-key/v1"  # TOTP_SEAL_KEY or SECRET_KEY -> key sealing TOTP secrets
INVITATION_LOOKUP = b"observatory/invitation/lookup/v1\x00"  # + code -> the hash the database keeps
INVITATION_BOOTSTRAP = b"observatory/invitation/bootstrap/v1"  # code -> key sealing the office key


def _bind(kind: str, *ids) -> bytes:
    return ":".join([kind, *(str(i) for i in ids)]).encode()


def report(report_id) -> bytes:
    """A report's data key wrapped to a recipient. The same for every recipient, so a referral re-wraps
    without re-encrypting, and a wrap moved onto another report does not open."""
    return _bind("report", report_id)


def reporter_key(report_id) -> bytes:
    """The reporter's private key, sealed under the key derived from their receipt."""
    return _bind("reporter-key", report_id)


def message(report_id, message_id) -> str:
    """A message's payload (either direction): bound to its report and its own id."""
    return _bind("message", report_id, message_id).decode()


def organisation_key(org_key_id: str) -> bytes:
    """An organisation's private key wrapped to one member's user key."""
    return _bind("org-key", org_key_id)


def case_note(kind: str, object_id) -> bytes:
    """A caseworker's note or referral reason under the report's data key (`kind`: case-action, referral)."""
    return _bind(kind, object_id)


def recovery(user_key_id: str) -> bytes:
    """A user's private key sealed under their printed recovery key."""
    return _bind("recovery", user_key_id)


def split_session(purpose: str, session_key_id: str, subject) -> bytes:
    """A secret sealed in the server-side half of a split session (`purpose`: staff, mailbox), bound to the
    session key's name and to whom it belongs, so a blob moved into another session does not open."""
    return _bind(f"observatory/split-session/v1/{purpose}", session_key_id, subject)


def totp_secret(user_id) -> bytes:
    """A staff member's TOTP secret, sealed under the server's TOTP key and bound to its owner."""
    return _bind("totp-secret", user_id)


def backup(archive_id) -> bytes:
    """A backup archive's stream key wrapped to the offline backup key, bound to the archive's id (written
    in the clear in the archive's header), so a header swapped onto another archive does not open."""
    return _bind("observatory/backup/v1", archive_id)


def rotation_cache(rotation_id) -> bytes:
    """An organisation's old private key, during a key rotation, under a key kept only in the cache."""
    return f"observatory/rotation/cache-sealed/v1:{rotation_id}".encode()


def rotation_handover(old_key_id: str) -> bytes:
    """An organisation's old private key, during a key rotation, wrapped to the new public key."""
    return f"observatory/rotation/handover/v1:{old_key_id}".encode()

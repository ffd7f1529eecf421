"""Private key files, as the key ceremony writes them and the processes that hold a key read them: JSON,
mode 0600, never overwritten (a replaced key may be the only way to read existing reports)."""

import base64
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from observatory.crypto import envelope

KEY_FILE_FORMAT = "observatory-private-key/v1"


@dataclass(frozen=True)
class PrivateKey:
    key_id: str
    public: bytes
    private: bytes = field(repr=False)


def write_private_key_file(path: Path, keypair: envelope.KeyPair) -> None:
    """Write a private key file readable by its owner only; never overwrite an existing file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    body = {
        "format": KEY_FILE_FORMAT,
        "key_id": envelope.key_id(keypair.public),
        "public": base64.b64encode(keypair.public).decode(),
        "private": base64.b64encode(keypair.private).decode(),
    }
    # O_EXCL: refuse to replace a key that may still be the only way to read existing reports.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as fh:
        json.dump(body, fh)
        fh.write("\n")


def read_private_key_file(path: Path | str) -> PrivateKey:
    try:
        body = json.loads(Path(path).read_text())
        if body.get("format") != KEY_FILE_FORMAT:
            raise ValueError("unknown format")
        key = PrivateKey(
            key_id=body["key_id"],
            public=base64.b64decode(body["public"]),
            private=base64.b64decode(body["private"]),
        )
    except (OSError, ValueError, KeyError, TypeError) as exc:
        # The message names the file, never its content.
        raise ImproperlyConfigured(f"{path} is not a readable Observatory private key file") from exc
    if envelope.key_id(key.public) != key.key_id:
        raise ImproperlyConfigured(f"{path}: key id does not match its public key")
    return key


PUBLIC_KEY_FILE_FORMAT = "observatory-public-key/v1"


def write_public_key_file(path: Path, public: bytes) -> None:
    """Write a public key file (the backup key's public half, for the server); never overwrite one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    body = {
        "format": PUBLIC_KEY_FILE_FORMAT,
        "key_id": envelope.key_id(public),
        "public": base64.b64encode(public).decode(),
    }
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    with os.fdopen(fd, "w") as fh:
        json.dump(body, fh)
        fh.write("\n")


def read_public_key_file(path: Path | str) -> bytes:
    """The public key in a file `write_public_key_file` wrote, checked against its key id."""
    try:
        body = json.loads(Path(path).read_text())
        if body.get("format") != PUBLIC_KEY_FILE_FORMAT:
            raise ValueError("unknown format")
        public = base64.b64decode(body["public"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ImproperlyConfigured(f"{path} is not a readable Observatory public key file") from exc
    if envelope.key_id(public) != body.get("key_id"):
        raise ImproperlyConfigured(f"{path}: key id does not match its public key")
    return public

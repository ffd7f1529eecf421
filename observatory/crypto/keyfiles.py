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


def _write_new(path: Path, body: dict, mode: int) -> None:
    # O_EXCL: never replace a key file; a replaced private key may be the only way to read existing reports.
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    with os.fdopen(fd, "w") as fh:
        json.dump(body, fh)
        fh.write("\n")


def _read(path: Path | str, file_format: str, kind: str) -> tuple[dict, bytes]:
    """(the file's fields, its public key), the public key checked against its key id. The messages name
    the file, never its content."""
    try:
        body = json.loads(Path(path).read_text())
        if body.get("format") != file_format:
            raise ValueError("unknown format")
        public = base64.b64decode(body["public"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ImproperlyConfigured(f"{path} is not a readable Observatory {kind} key file") from exc
    if envelope.key_id(public) != body.get("key_id"):
        raise ImproperlyConfigured(f"{path}: key id does not match its public key")
    return body, public


def write_private_key_file(path: Path, keypair: envelope.KeyPair) -> None:
    """Write a private key file readable by its owner only; never overwrite an existing file."""
    body = {
        "format": KEY_FILE_FORMAT,
        "key_id": envelope.key_id(keypair.public),
        "public": base64.b64encode(keypair.public).decode(),
        "private": base64.b64encode(keypair.private).decode(),
    }
    _write_new(path, body, 0o600)


def read_private_key_file(path: Path | str) -> PrivateKey:
    body, public = _read(path, KEY_FILE_FORMAT, "private")
    try:
        private = base64.b64decode(body["private"])
    except (ValueError, KeyError, TypeError) as exc:
        raise ImproperlyConfigured(f"{path} is not a readable Observatory private key file") from exc
    return PrivateKey(key_id=body["key_id"], public=public, private=private)


PUBLIC_KEY_FILE_FORMAT = "observatory-public-key/v1"


def write_public_key_file(path: Path, public: bytes) -> None:
    """Write a public key file (the backup key's public half, for the server); never overwrite one."""
    body = {
        "format": PUBLIC_KEY_FILE_FORMAT,
        "key_id": envelope.key_id(public),
        "public": base64.b64encode(public).decode(),
    }
    _write_new(path, body, 0o644)


def read_public_key_file(path: Path | str) -> bytes:
    """The public key in a file `write_public_key_file` wrote, checked against its key id."""
    return _read(path, PUBLIC_KEY_FILE_FORMAT, "public")[1]

"""Backups that restore (DESIGN §10): one archive holding the database (`pg_dump -Fc`), every file under
MEDIA_ROOT (the reports' encrypted attachments, and the CMS's images and documents) and the public key
material, sealed to the offline backup key (`recipients.seal_backup`) with a manifest of SHA-256 sums.

Private keys never enter an archive in clear: the database holds none (organisation keys are wrapped to
user keys, user keys sealed under passwords, the triage and backup keys live in files this module never
reads), and a file under MEDIA_ROOT that looks like a private key file stops the backup.

The archive, on disk:

    MAGIC, format version (1 byte), archive id (16 bytes), backup key id (32 ASCII hex),
    then `recipients.seal_backup` of the plaintext below (bound to the archive id).

The plaintext, streamed so that a dump of any size passes through one 64 KiB chunk of memory: members,
each a header frame (JSON: name, kind), data frames, and an empty frame; every frame is a 4-byte length
and its bytes. The last member is `manifest.json`: each earlier member's name, kind, size and SHA-256.

A restore reads the archive twice: once to verify all of it (nothing is written), then to write it. The
database goes through `pg_restore --single-transaction`; files are staged beside their places and moved
in only once the whole archive has checked out again.
"""

import base64
import contextlib
import hashlib
import io
import json
import os
import shutil
import stat
import struct
import subprocess
import tempfile
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.db import connection

from observatory.accounts.models import Organisation, TriageKey
from observatory.casework.models import UserKey
from observatory.crypto import envelope, recipients
from observatory.crypto.keyfiles import (
    KEY_FILE_FORMAT,
    PrivateKey,
    read_public_key_file,
    write_private_key_file,
    write_public_key_file,
)

MAGIC = b"OBSERVATORY-BACKUP\n"
FORMAT_VERSION = 1
MANIFEST_FORMAT = "observatory-backup-manifest/v1"
SUFFIX = ".obsbackup"
_HEADER = struct.Struct(f">{len(MAGIC)}sB16s32s")
_FRAME = struct.Struct(">I")
CHUNK = envelope.STREAM_CHUNK
# Frames are at most one chunk; the manifest and the key list are read into memory, within these bounds.
_MAX_FRAME = CHUNK
_MAX_SMALL_MEMBER = 64 * 1024 * 1024

DATABASE = "database.pgdump"
KEYS = "keys.json"
MANIFEST = "manifest.json"
MEDIA_PREFIX = "media/"
_KINDS = {DATABASE: "database", KEYS: "keys", MANIFEST: "manifest"}


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why and what to do, never a secret."""


@dataclass(frozen=True)
class Header:
    archive_id: uuid.UUID
    backup_key_id: str


@dataclass
class Manifest:
    archive_id: str
    created_at: str
    backup_key_id: str
    members: list[dict]
    keys: dict = field(default_factory=dict)

    @property
    def media(self) -> list[dict]:
        return [m for m in self.members if m["kind"] == "media"]

    @property
    def database_size(self) -> int:
        return next(m["size"] for m in self.members if m["kind"] == "database")


# --- Database tools --------------------------------------------------------------------------------


def _pg_env(database: dict) -> dict[str, str]:
    """libpq settings for pg_dump/pg_restore: the password in the environment, never on a command line."""
    env = {**os.environ, "PGCONNECT_TIMEOUT": "10"}
    for variable, key in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER"), ("PGDATABASE", "NAME")):
        if database.get(key):
            env[variable] = str(database[key])
    if database.get("PASSWORD"):
        env["PGPASSWORD"] = database["PASSWORD"]
    if database.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = database["OPTIONS"]["sslmode"]
    return env


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} is not installed: install Debian's postgresql-client")
    return path


def database_is_empty() -> bool:
    """True when the configured database has no table of its own (extensions' tables, such as PostGIS's
    spatial_ref_sys, do not count)."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p')
              AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%%'
              AND NOT EXISTS (
                SELECT 1 FROM pg_depend d
                WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e'
              )
            """
        )
        return cursor.fetchone()[0] == 0


# --- Writing an archive ------------------------------------------------------------------------------


def _frame(data: bytes) -> bytes:
    return _FRAME.pack(len(data)) + data


def _chunks(fh) -> Iterator[bytes]:
    while chunk := fh.read(CHUNK):
        yield chunk


def _members_stream(members: Iterable[tuple[str, str, Iterable[bytes]]], manifest: dict) -> Iterator[bytes]:
    """The plaintext: each member framed and summed as it streams, then the manifest of the sums."""
    for name, kind, chunks in members:
        yield _frame(json.dumps({"name": name, "kind": kind}).encode())
        digest, size = hashlib.sha256(), 0
        for chunk in chunks:
            for start in range(0, len(chunk), _MAX_FRAME):
                part = chunk[start : start + _MAX_FRAME]
                digest.update(part)
                size += len(part)
                yield _frame(part)
        yield _frame(b"")
        manifest["members"].append({"name": name, "kind": kind, "size": size, "sha256": digest.hexdigest()})
    body = json.dumps(manifest, sort_keys=True).encode()
    yield _frame(json.dumps({"name": MANIFEST, "kind": "manifest"}).encode())
    yield from (_frame(body[i : i + _MAX_FRAME]) for i in range(0, len(body), _MAX_FRAME))
    yield _frame(b"")


class _IteratorReader(io.RawIOBase):
    """A readable file over an iterator of bytes, so `encrypt_stream` can pull the plaintext lazily."""

    def __init__(self, parts: Iterator[bytes]):
        self._parts, self._buffer = parts, b""

    def readable(self) -> bool:
        return True

    def readinto(self, target) -> int:
        while not self._buffer:
            try:
                self._buffer = next(self._parts)
            except StopIteration:
                return 0
        size = min(len(target), len(self._buffer))
        target[:size], self._buffer = self._buffer[:size], self._buffer[size:]
        return size


def public_key_material() -> dict:
    """Every public key the system holds (private halves are not in the database in clear, and key files
    are never read here). verify_backup lists them, so the office knows which offline keys a restore
    needs."""
    return {
        "organisations": [
            {"slug": slug, "kind": kind, "key_id": key_id, "public": _b64(public)}
            for slug, kind, key_id, public in Organisation.objects.filter(public_key__isnull=False)
            .order_by("slug")
            .values_list("slug", "kind", "key_id", "public_key")
        ],
        "triage_keys": [
            {"key_id": key_id, "active": active, "public": _b64(public)}
            for key_id, active, public in TriageKey.objects.order_by("key_id").values_list(
                "key_id", "active", "public_key"
            )
        ],
        "user_keys": [
            {"user_id": user_id, "key_id": key_id, "public": _b64(public)}
            for user_id, key_id, public in UserKey.objects.order_by("user_id").values_list(
                "user_id", "key_id", "public_key"
            )
        ],
    }


def _b64(value) -> str:
    return base64.b64encode(bytes(value)).decode()


def _media_files(root: Path) -> Iterator[tuple[str, Path]]:
    """(archive name, path) of every regular file under MEDIA_ROOT, in a stable order. Symbolic links
    are not followed: they could lead anywhere, a key directory included."""
    if not root.is_dir():
        return
    for directory, subdirs, files in os.walk(root):
        subdirs.sort()
        for name in sorted(files):
            path = Path(directory) / name
            if stat.S_ISREG(os.lstat(path).st_mode):
                yield MEDIA_PREFIX + path.relative_to(root).as_posix(), path


def _media_chunks(name: str, fh) -> Iterator[bytes]:
    with fh:
        first = True
        for chunk in _chunks(fh):
            # A private key file dropped under MEDIA_ROOT would otherwise travel in the archive's plaintext.
            if first and KEY_FILE_FORMAT.encode() in chunk[:4096]:
                raise BackupError(f"{name} is a private key file: move it out of MEDIA_ROOT and run again")
            first = False
            yield chunk


def _pg_dump_chunks(database: dict) -> Iterator[bytes]:
    # stderr to a file, not a pipe: a pipe nobody reads until the end could fill and stall pg_dump.
    with tempfile.TemporaryFile() as errors:
        proc = subprocess.Popen(
            [_tool("pg_dump"), "--format=custom", "--no-password"],
            stdout=subprocess.PIPE,
            stderr=errors,
            env=_pg_env(database),
        )
        try:
            yield from _chunks(proc.stdout)
        finally:
            proc.stdout.close()  # if the backup stopped early, pg_dump ends on the closed pipe
            returncode = proc.wait()
        if returncode != 0:
            errors.seek(0)
            message = errors.read().decode(errors="replace").strip()[-2000:]
            raise BackupError(f"pg_dump failed ({returncode}): {message}")


@dataclass(frozen=True)
class Written:
    path: Path
    archive_id: uuid.UUID
    media_files: int
    size: int


def create_backup(directory: Path, backup_public: bytes, *, database: dict | None = None) -> Written:
    """Write one sealed archive of the database, MEDIA_ROOT and the public keys into `directory`.

    The database is dumped before MEDIA_ROOT is walked: every file a dumped row points to was written
    before its row was committed, so it is there by then (later files are harmless extras)."""
    database = database or settings.DATABASES["default"]
    media_root = Path(settings.MEDIA_ROOT).resolve()
    directory = Path(directory).resolve()
    if directory == media_root or media_root in directory.parents:
        raise BackupError("the backup directory is inside MEDIA_ROOT: the archive would back itself up")
    directory.mkdir(parents=True, exist_ok=True)
    archive_id = uuid.uuid4()
    backup_key_id = envelope.key_id(bytes(backup_public))
    created = datetime.now(UTC)
    manifest = {
        "format": MANIFEST_FORMAT,
        "archive_id": str(archive_id),
        "created_at": created.isoformat(),
        "backup_key_id": backup_key_id,
        "members": [],
    }
    keys = json.dumps(public_key_material(), sort_keys=True).encode()

    def members():
        yield KEYS, "keys", [keys]
        yield DATABASE, "database", _pg_dump_chunks(database)
        # Walked only now, once the whole dump has streamed (this generator resumes after it).
        for name, path in _media_files(media_root):
            try:
                fh = open(path, "rb")  # noqa: SIM115 - closed by _media_chunks
            except FileNotFoundError:
                continue  # erased since the dump: its row is gone from the database too
            yield name, "media", _media_chunks(name, fh)

    final = directory / f"observatory-{created:%Y%m%dT%H%M%SZ}-{archive_id.hex[:8]}{SUFFIX}"
    partial = final.with_name(f".{final.name}.partial")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(_HEADER.pack(MAGIC, FORMAT_VERSION, archive_id.bytes, backup_key_id.encode()))
            plaintext = io.BufferedReader(_IteratorReader(_members_stream(members(), manifest)), CHUNK)
            recipients.seal_backup(plaintext, out, backup_public, archive_id)
            out.flush()
            os.fsync(out.fileno())
        os.replace(partial, final)  # a reader never sees half an archive under the final name
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    media_count = sum(1 for m in manifest["members"] if m["kind"] == "media")
    return Written(final, archive_id, media_count, final.stat().st_size)


# --- Reading an archive ------------------------------------------------------------------------------


def read_header(fh) -> Header:
    raw = fh.read(_HEADER.size)
    if len(raw) != _HEADER.size or not raw.startswith(MAGIC):
        raise BackupError("not an Observatory backup archive")
    _, version, archive_id, key_id = _HEADER.unpack(raw)
    if version != FORMAT_VERSION:
        raise BackupError(f"archive format {version} is not one this version reads ({FORMAT_VERSION})")
    return Header(uuid.UUID(bytes=archive_id), key_id.decode("ascii", errors="replace"))


def _safe_media_name(name: str) -> bool:
    relative = PurePosixPath(name[len(MEDIA_PREFIX) :])
    return (
        name.startswith(MEDIA_PREFIX)
        and "\x00" not in name
        and "\\" not in name
        and not relative.is_absolute()
        and bool(relative.parts)
        and all(part not in ("", ".", "..") for part in relative.parts)
    )


class Sink:
    """Where `read_archive` hands each member's verified bytes; this one keeps nothing (verify_backup)."""

    def begin(self, name: str, kind: str) -> None:
        pass

    def data(self, chunk: bytes) -> None:
        pass

    def end(self) -> None:
        pass


class _Unframer:
    """The `dst` of `open_backup`: parses frames as verified chunks arrive, sums each member, checks the
    structure (names, kinds, order) and hands the bytes to a sink."""

    def __init__(self, sink: Sink):
        self.sink = sink
        self.buffer = bytearray()
        self.current: dict | None = None  # the member being read
        self.seen: list[dict] = []
        self.names: set[str] = set()
        self.small: dict[str, bytearray] = {}  # the manifest and the key list, kept to read
        self.finished = False

    def write(self, data: bytes) -> int:
        self.buffer += data
        while len(self.buffer) >= _FRAME.size:
            (length,) = _FRAME.unpack_from(self.buffer)
            if length > _MAX_FRAME:
                raise BackupError("the archive's contents are malformed (a frame is too long)")
            if len(self.buffer) < _FRAME.size + length:
                break
            frame = bytes(self.buffer[_FRAME.size : _FRAME.size + length])
            del self.buffer[: _FRAME.size + length]
            self._frame(frame)
        return len(data)

    def _frame(self, frame: bytes) -> None:
        if self.finished:
            raise BackupError("the archive's contents are malformed (data after the manifest)")
        if self.current is None:
            self._begin(frame)
        elif frame:
            member = self.current
            member["digest"].update(frame)
            member["size"] += len(frame)
            if member["name"] in self.small:
                if member["size"] > _MAX_SMALL_MEMBER:
                    raise BackupError(f"the archive's {member['name']} is implausibly large")
                self.small[member["name"]] += frame
            if member["kind"] != "manifest":
                self.sink.data(frame)
        else:
            member = self.current
            self.current = None
            if member["kind"] == "manifest":
                self.finished = True
            else:
                self.sink.end()
                self.seen.append(
                    {
                        "name": member["name"],
                        "kind": member["kind"],
                        "size": member["size"],
                        "sha256": member["digest"].hexdigest(),
                    }
                )

    def _begin(self, frame: bytes) -> None:
        try:
            header = json.loads(frame)
            name, kind = header["name"], header["kind"]
        except (ValueError, KeyError, TypeError):
            raise BackupError("the archive's contents are malformed (a member header)") from None
        expected = "media" if isinstance(name, str) and name.startswith(MEDIA_PREFIX) else _KINDS.get(name)
        if kind != expected or (kind == "media" and not _safe_media_name(name)):
            raise BackupError(f"the archive holds an unexpected member {name!r}")
        if name in self.names:
            raise BackupError(f"the archive holds {name!r} twice")
        self.names.add(name)
        self.current = {"name": name, "kind": kind, "size": 0, "digest": hashlib.sha256()}
        if kind in ("manifest", "keys"):
            self.small[name] = bytearray()
        if kind != "manifest":
            self.sink.begin(name, kind)

    def manifest(self, header: Header) -> Manifest:
        """The manifest, once the whole stream has been read: it must list exactly what was read."""
        if not self.finished or self.buffer or self.current is not None:
            raise BackupError("the archive is incomplete (no manifest at its end)")
        try:
            body = json.loads(bytes(self.small[MANIFEST]))
            manifest = Manifest(
                archive_id=body["archive_id"],
                created_at=body["created_at"],
                backup_key_id=body["backup_key_id"],
                members=body["members"],
            )
            if body["format"] != MANIFEST_FORMAT:
                raise ValueError("format")
        except (ValueError, KeyError, TypeError):
            raise BackupError("the archive's manifest is unreadable") from None
        if manifest.archive_id != str(header.archive_id) or manifest.backup_key_id != header.backup_key_id:
            raise BackupError("the archive's manifest belongs to another archive")
        if manifest.members != self.seen:
            raise BackupError("the archive's contents do not match its manifest (checksums differ)")
        if sum(m["kind"] == "database" for m in self.seen) != 1:
            raise BackupError("the archive holds no database dump")
        if KEYS in self.small:
            manifest.keys = json.loads(bytes(self.small[KEYS]))
        return manifest


def read_archive(path: Path, key: PrivateKey, sink: Sink) -> Manifest:
    """Decrypt `path` member by member into `sink`; returns the manifest once everything checked out.
    Bytes reach the sink before the end is verified: a sink that keeps them must discard them on error."""
    with open(path, "rb") as fh:
        header = read_header(fh)
        if header.backup_key_id != key.key_id:
            raise BackupError(
                f"this archive is sealed to backup key {header.backup_key_id}; the key given is {key.key_id}"
            )
        unframer = _Unframer(sink)
        try:
            recipients.open_backup(fh, unframer, key.private, header.archive_id)
        except envelope.UnsupportedFormat:
            raise BackupError("the archive is corrupted: its encryption header is unreadable") from None
        except envelope.DecryptionError:
            raise BackupError(
                "the archive is corrupted, truncated or was altered: it does not decrypt"
            ) from None
        return unframer.manifest(header)


def verify_backup(path: Path, key: PrivateKey) -> Manifest:
    """Decrypt and check all of an archive (every chunk's tag, every member's SHA-256 against the
    manifest, the structure), writing nothing. Raises BackupError."""
    return read_archive(Path(path), key, Sink())


# --- Restoring ----------------------------------------------------------------------------------------


class _RestoreSink(Sink):
    """Pipes the dump into pg_restore and stages each file beside its final place."""

    def __init__(self, database: dict, media_root: Path, staging: Path, force: bool):
        self.database, self.media_root, self.staging, self.force = database, media_root, staging, force
        self.proc: subprocess.Popen | None = None
        self.out = None
        self.staged: list[tuple[Path, Path]] = []
        self.restored_database = False
        self.errors = None

    def begin(self, name: str, kind: str) -> None:
        if kind == "database":
            command = [_tool("pg_restore"), "--no-password", "--exit-on-error", "--single-transaction"]
            # Ownership and grants are the deployment's (the database owner restores; roles are granted
            # after), not the old server's, whose role names may not exist here.
            command += ["--no-owner", "--no-acl", "--dbname", self.database["NAME"]]
            if self.force:
                command += ["--clean", "--if-exists"]
            self.errors = tempfile.TemporaryFile()  # noqa: SIM115 - closed by restore_backup
            self.proc = subprocess.Popen(
                command, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=self.errors,
                env=_pg_env(self.database),
            )  # fmt: skip
            self.out = self.proc.stdin
        elif kind == "media":
            target = self.media_root / name[len(MEDIA_PREFIX) :]
            staged = self.staging / f"{len(self.staged)}.file"
            self.staged.append((staged, target))
            self.out = open(staged, "wb")  # noqa: SIM115 - closed in end()

    def data(self, chunk: bytes) -> None:
        if self.out is not None:
            try:
                self.out.write(chunk)
            except BrokenPipeError:
                raise BackupError(f"pg_restore stopped early: {self._pg_errors()}") from None

    def end(self) -> None:
        if self.out is None:
            return
        self.out.close()
        self.out = None
        if self.proc is not None:
            returncode = self.proc.wait()
            if returncode != 0:
                raise BackupError(
                    f"pg_restore failed ({returncode}); nothing was committed: {self._pg_errors()}"
                )
            self.proc = None
            self.restored_database = True

    def _pg_errors(self) -> str:
        self.errors.seek(0)
        return self.errors.read().decode(errors="replace").strip()[-2000:]

    def abort(self) -> None:
        """Stop pg_restore before it commits (its single transaction rolls back) and drop staged files."""
        # Kill before closing its input: an end of input could let pg_restore finish and commit.
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        if self.out is not None:
            with contextlib.suppress(OSError):
                self.out.close()
            self.out = None


@dataclass(frozen=True)
class Restored:
    manifest: Manifest
    media_files: int


def _same_file(path: Path, member: dict) -> bool:
    if path.stat().st_size != member["size"]:
        return False
    with open(path, "rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest() == member["sha256"]


def restore_backup(
    path: Path, key: PrivateKey, *, force: bool = False, database: dict | None = None
) -> Restored:
    """Restore an archive into the configured database and MEDIA_ROOT.

    Refuses (writing nothing) a database that has tables, or files under MEDIA_ROOT that the archive
    would replace with other content, unless `force`; and any archive that fails `verify_backup`."""
    database = database or settings.DATABASES["default"]
    media_root = Path(settings.MEDIA_ROOT).resolve()
    if not force and not database_is_empty():
        raise BackupError(
            "the database is not empty: restore into a new database, or pass --force to replace what the "
            "archive holds (tables it does not hold are left as they are)"
        )
    manifest = verify_backup(path, key)  # first pass: all of it checks out before anything is written
    if not force:
        clashes = [
            m["name"]
            for m in manifest.media
            if (target := media_root / m["name"][len(MEDIA_PREFIX) :]).exists() and not _same_file(target, m)
        ]
        if clashes:
            raise BackupError(
                f"{len(clashes)} file(s) under MEDIA_ROOT differ from the archive's (first: {clashes[0]}); "
                "pass --force to replace them"
            )
    media_root.mkdir(parents=True, exist_ok=True)
    staging = media_root / f".restore-{manifest.archive_id}"
    staging.mkdir(mode=0o700, exist_ok=True)  # may be left by a restore that was killed
    sink = _RestoreSink(database, media_root, staging, force)
    try:
        read_archive(Path(path), key, sink)
        for staged, target in sink.staged:
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staged, target)
    except BaseException as exc:
        sink.abort()
        if sink.restored_database and isinstance(exc, BackupError):
            # Only when the archive changed on disk between the two passes.
            raise BackupError(f"{exc} — the database was restored, the files were not") from exc
        raise
    finally:
        if sink.errors is not None:
            sink.errors.close()
        shutil.rmtree(staging, ignore_errors=True)
    return Restored(manifest, len(sink.staged))


# --- The backup keypair ---------------------------------------------------------------------------


def _inside(path: Path, roots: Iterable[Path]) -> Path | None:
    for root in roots:
        root = Path(root).resolve()
        if path == root or root in path.parents:
            return root
    return None


def generate_backup_key(private_out: Path, public_out: Path) -> str:
    """Make the backup keypair: the private half to a new 0600 file, which must lie outside the project,
    its var/ and MEDIA_ROOT (where a copy of the tree or a careless backup would take it along); the
    public half to `public_out`, for BACKUP_PUBLIC_KEY_FILE. Returns the key id. Never overwrites."""
    private_out, public_out = Path(private_out).resolve(), Path(public_out).resolve()
    root = _inside(private_out, (settings.BASE_DIR, settings.VAR_DIR, settings.MEDIA_ROOT))
    if root is not None:
        raise BackupError(f"{private_out} is inside {root}: keep the backup private key outside the project")
    for path in (private_out, public_out):
        if path.exists():
            raise BackupError(f"{path} exists; refusing to overwrite a key")
    pair = envelope.generate_keypair()
    write_private_key_file(private_out, pair)
    write_public_key_file(public_out, pair.public)
    return envelope.key_id(pair.public)


def backup_public_key() -> bytes:
    path = settings.BACKUP_PUBLIC_KEY_FILE
    if not path or not Path(path).exists():
        raise BackupError(
            f"no backup public key at {path}: run `manage.py backup_keygen` on the office's offline machine "
            "and set BACKUP_PUBLIC_KEY_FILE"
        )
    return read_public_key_file(path)

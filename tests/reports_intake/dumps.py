"""What an attacker who copies the servers gets: a pg_dump of the database, every stored file, every
key and value in Redis. Tests search these for secrets in the usual disguises."""

import base64
import subprocess
from pathlib import Path

import redis
from django.conf import settings
from django.db import connection


def variants(secret: str) -> list[bytes]:
    """A secret as it might be found: plain, lower-cased, base64 (three alignments) and UTF-16."""
    found = [secret.encode(), secret.lower().encode(), secret.encode("utf-16-le"), secret.encode("utf-16-be")]
    for shift in range(3):
        # base64 of the secret at any offset inside a larger blob: drop the edge characters that depend
        # on the neighbouring bytes.
        encoded = base64.b64encode(b"\x00" * shift + secret.encode())
        found.append(encoded[4 : len(encoded) - 4])
    return found


def leaks(secret: str, haystack: bytes) -> list[bytes]:
    return [form for form in variants(secret) if form and form in haystack]


def pg_dump() -> bytes:
    db = settings.DATABASES["default"]
    return subprocess.run(
        ["pg_dump", "-h", db["HOST"] or "127.0.0.1", "-U", db["USER"] or "postgres", db["NAME"]],
        check=True,
        capture_output=True,
    ).stdout


def media_files(root: Path) -> bytes:
    return b"\n".join(path.read_bytes() for path in sorted(Path(root).rglob("*")) if path.is_file())


def redis_contents(url: str) -> bytes:
    """Every key and value in one Redis database, whatever the value's type."""
    client = redis.Redis.from_url(url)
    out = []
    for key in client.scan_iter(count=1000):
        out.append(key)
        kind = client.type(key)
        if kind == b"string":
            out.append(client.get(key) or b"")
        elif kind == b"list":
            out.extend(client.lrange(key, 0, -1))
        elif kind == b"hash":
            for field, value in client.hgetall(key).items():
                out.extend([field, value])
        elif kind == b"set":
            out.extend(client.smembers(key))
        elif kind == b"zset":
            out.extend(member for member, _ in client.zrange(key, 0, -1, withscores=True))
    return b"\n".join(out)


def user_tables() -> list[str]:
    """Every table of the database that is not PostgreSQL's own, quoted for SQL."""
    with connection.cursor() as cursor:
        cursor.execute(
            "select quote_ident(table_schema) || '.' || quote_ident(table_name) "
            "from information_schema.tables where table_type = 'BASE TABLE' "
            "and table_schema not in ('pg_catalog', 'information_schema')"
        )
        return [table for (table,) in cursor.fetchall()]


def tables_containing(needle: str, *, ignore_case: bool = False) -> list[str]:
    """Every table whose rows, cast to text (bytea shows as hex), contain `needle`: what a dump of this
    transaction would show."""
    row = "lower(t::text)" if ignore_case else "t::text"
    found = []
    with connection.cursor() as cursor:
        for table in user_tables():
            cursor.execute(f"select count(*) from {table} t where position(%s in {row}) > 0", [needle])
            if cursor.fetchone()[0]:
                found.append(table)
    return found

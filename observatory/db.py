"""Writing a handful of rows of different models in one SQL statement.

A submission writes a report, its key wraps, its first timeline event and its outbox row. As four
`bulk_create`s inside `transaction.atomic` that is six round trips (BEGIN, four INSERTs, COMMIT) and
four passes through the ORM's insert machinery, a seventh of the intake's server time. Chained as
data-modifying CTEs (`WITH a AS (INSERT …), b AS (INSERT …) INSERT …`) it is one statement: atomic on its
own, one round trip, and PostgreSQL checks foreign keys at the end of the statement, so parents and
children go together. Each INSERT is compiled by Django's own insert compiler, so rows are written
exactly as `bulk_create` would write them (field defaults, `pre_save`, database conversions).

The statement is sent with its parameters bound server-side (`RawCursor`, `$n` placeholders): Django's
psycopg cursors bind client-side, which escapes every byte of the ciphertexts into the SQL text, and a
statement this long with this many parameters falls outside psycopg's cache of converted placeholders.
Bound server-side, bytes travel as binary parameters, and the text is the same at every submission, so
psycopg prepares it once per connection.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Sequence

import psycopg
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model
from django.db.models.sql import InsertQuery

_PLACEHOLDER = re.compile(r"%([s%])")


def insert_together(*groups: Sequence[Model], using: str = DEFAULT_DB_ALIAS) -> None:
    """INSERT every object of `groups` (each a list of one model's instances, primary keys already set)
    in one statement. Empty groups are skipped. Sends no signals, like `bulk_create`."""
    groups = [objects for objects in groups if objects]
    for objects in groups:
        model = type(objects[0])
        if any(type(obj) is not model or obj.pk is None for obj in objects):
            raise ValueError("each group holds instances of one model, with their primary keys set")
    connection = connections[using]
    statements, params = [], []
    for objects in groups:
        model = type(objects[0])
        query = InsertQuery(model)
        query.insert_values(model._meta.concrete_fields, objects)
        ((statement, values),) = query.get_compiler(connection=connection).as_sql()
        statements.append(statement)
        params.extend(values)
    if not statements:
        return
    *first, last = statements
    ctes = "".join(f"w{index} AS ({statement}), " for index, statement in enumerate(first))
    connection.ensure_connection()
    # _prepare_cursor: the same wrapping as connection.cursor() (errors, thread checks, query logging).
    with connection._prepare_cursor(psycopg.RawCursor(connection.connection)) as cursor:
        cursor.execute(_numbered(f"WITH {ctes[:-2]} {last}" if first else last), params)


@functools.lru_cache(maxsize=32)
def _numbered(statement: str) -> str:
    """Django's `%s` placeholders as PostgreSQL's `$1, $2, …` (and `%%` as `%`), once per statement shape."""
    numbers = itertools.count(1)
    return _PLACEHOLDER.sub(lambda match: f"${next(numbers)}" if match[1] == "s" else "%", statement)

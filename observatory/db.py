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

That text is also compiled once per shape (model and number of rows) in each process (`_insert_sql`):
building it again was most of the cost of writing a submission's rows. Later rows' values are prepared
by the same field methods the compiler uses; a shape whose values it cannot reproduce exactly (an
expression, say) is compiled every time.
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
        statement, values = _insert_sql(connection, objects)
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


# (database alias, model, number of rows, value-dependent placeholders) -> (statement, how its parameters
# are laid out), or None for a shape whose values cannot be reproduced here. Compiling the INSERT was
# most of the cost of writing a submission's rows; its text is the same at every submission of one
# shape, only the values change.
_shapes: dict[tuple, tuple[str, str] | None] = {}


def _insert_sql(connection, objects: Sequence[Model]) -> tuple[str, list]:
    """One group's INSERT and its parameters, as Django's insert compiler writes them. The statement is
    compiled once per shape; later rows' values are prepared by the same field methods the compiler
    calls (`pre_save`, `get_db_prep_save`, `get_placeholder`) and laid out as the compiler laid out the
    first ones: a row after another, or (PostgreSQL's UNNEST form) a column after another."""
    model = type(objects[0])
    fields = model._meta.concrete_fields
    rows = _prepared_rows(connection, fields, objects)
    key = None
    if rows is not None:
        key = (connection.alias, model, len(objects), _placeholders(connection, fields, rows))
    shape = _shapes.get(key) if key else None
    if shape is not None:
        statement, layout = shape
        return statement, _laid_out(rows, layout)
    query = InsertQuery(model)
    query.insert_values(fields, objects)
    ((statement, values),) = query.get_compiler(connection=connection).as_sql()
    if key and key not in _shapes:
        # The layout is learnt by comparison, so nothing here assumes how the compiler lays out its
        # parameters; a shape this cannot reproduce exactly is compiled every time.
        layouts = [layout for layout in ("rows", "columns") if _same(_laid_out(rows, layout), values)]
        if len(_shapes) > 256:
            _shapes.clear()
        _shapes[key] = (statement, layouts[0]) if layouts else None
    return statement, list(values)


def _prepared_rows(connection, fields, objects) -> list[list] | None:
    """Each object's values as the insert compiler prepares them; None if one is an expression."""
    rows = []
    for obj in objects:
        row = []
        for field in fields:
            value = field.pre_save(obj, add=True)
            if hasattr(value, "resolve_expression"):
                return None
            row.append(field.get_db_prep_save(value, connection=connection))
        rows.append(row)
    return rows


def _placeholders(connection, fields, rows) -> tuple:
    """The placeholders that fields with their own may choose by value (e.g. a binary or geometry one).
    No compiler is passed: they use it only for expressions, which never get here."""
    custom = [(index, field) for index, field in enumerate(fields) if hasattr(field, "get_placeholder")]
    return tuple(
        field.get_placeholder(row[index], None, connection) for row in rows for index, field in custom
    )


def _laid_out(rows: list[list], layout: str) -> list:
    if layout == "rows":
        return [value for row in rows for value in row]
    return [list(column) for column in zip(*rows, strict=True)]


def _same(mine: list, compiled) -> bool:
    """Equal parameter lists; psycopg's adapters (Binary, Jsonb) compare by what they wrap."""

    def plain(value):
        if isinstance(value, list):
            return [plain(item) for item in value]
        return (type(value), getattr(value, "obj", value))

    return len(mine) == len(compiled) and all(
        plain(a) == plain(b) for a, b in zip(mine, compiled, strict=True)
    )


@functools.lru_cache(maxsize=32)
def _numbered(statement: str) -> str:
    """Django's `%s` placeholders as PostgreSQL's `$1, $2, …` (and `%%` as `%`), once per statement shape."""
    numbers = itertools.count(1)
    return _PLACEHOLDER.sub(lambda match: f"${next(numbers)}" if match[1] == "s" else "%", statement)

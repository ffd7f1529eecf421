"""No rollback that silently empties tables (issue 12, finding 6).

Unapplying a migration that created a table drops it, and Django unapplies every migration that depends
on the target too: `migrate accounts 0001` dropped the reports, cases and key wraps without a question.
Before `migrate` runs a plan, this refuses any plan that would drop a table holding rows, naming the
tables; a deliberate rollback of populated tables takes ALLOW_DESTRUCTIVE_MIGRATIONS=1, after a backup.
"""

import os

from django.core.management.base import CommandError
from django.db import connections
from django.db.migrations.operations import CreateModel


def _dropped_tables(plan) -> list[tuple[str, str]]:
    """(migration, table) for every table the backwards steps of `plan` would drop."""
    dropped = []
    for migration, backwards in plan:
        if not backwards:
            continue
        for operation in migration.operations:
            if isinstance(operation, CreateModel):
                table = operation.options.get("db_table") or f"{migration.app_label}_{operation.name_lower}"
                dropped.append((f"{migration.app_label}.{migration.name}", table))
    return dropped


def refuse_destructive_rollback(sender, plan=None, using="default", **kwargs) -> None:
    """pre_migrate receiver: raise CommandError if `plan` drops a table with rows. The signal is sent once
    per app with the same plan; the plan is checked once, when it is sent for this app."""
    if sender.label != "reports_intake" or not plan or os.environ.get("ALLOW_DESTRUCTIVE_MIGRATIONS") == "1":
        return
    connection = connections[using]
    existing = set(connection.introspection.table_names())
    holding = []
    with connection.cursor() as cursor:
        for migration, table in _dropped_tables(plan):
            if table in existing:
                cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {connection.ops.quote_name(table)})")
                if cursor.fetchone()[0]:
                    holding.append(f"{table} (dropped by unapplying {migration})")
    if holding:
        raise CommandError(
            "Refusing to migrate backwards: it would delete the data in " + ", ".join(holding) + ". Back up "
            "first (`manage.py backup`), then run again with ALLOW_DESTRUCTIVE_MIGRATIONS=1 if that is meant."
        )

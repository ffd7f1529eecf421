"""`manage.py create_app_role NAME [--password-file FILE]`: the unprivileged role the application connects
as (DESIGN §10). Run it as the owner of the tables (MIGRATION_DATABASE_URL), after `migrate`, and again
after each migration that adds tables (it is idempotent).

The role owns nothing, so it cannot ALTER, DROP or TRUNCATE a table, nor disable a trigger (both need
ownership); it is no superuser, so it cannot bypass triggers with session_replication_role either. It
reads and writes the application's tables, except that on the audit log it may only read and append:
UPDATE and DELETE are not granted (and a trigger refuses them for everyone), and the chain head, which
every append moves, only moves forward (audit migration 0004). django_migrations is read-only to it.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from psycopg import sql

from observatory.audit.models import AuditChainHead, AuditEntry

READ_ONLY_TABLES = ["django_migrations", "spatial_ref_sys"]


def grant_statements(role: str, database: str, owner: str) -> list[sql.Composable]:
    r = sql.Identifier(role)
    entry = sql.Identifier(AuditEntry._meta.db_table)
    head = sql.Identifier(AuditChainHead._meta.db_table)
    return [
        sql.SQL("GRANT CONNECT, TEMPORARY ON DATABASE {} TO {}").format(sql.Identifier(database), r),
        sql.SQL("REVOKE CREATE ON SCHEMA public FROM {}").format(r),
        sql.SQL("GRANT USAGE ON SCHEMA public TO {}").format(r),
        sql.SQL("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {}").format(r),
        sql.SQL("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {}").format(r),
        *[
            sql.SQL("REVOKE INSERT, UPDATE, DELETE ON {} FROM {}").format(sql.Identifier(t), r)
            for t in READ_ONLY_TABLES
        ],
        sql.SQL("REVOKE UPDATE, DELETE ON {} FROM {}").format(entry, r),
        sql.SQL("REVOKE DELETE ON {} FROM {}").format(head, r),
        # Tables created by later migrations (as the owner) are usable at once; rerun this command to
        # apply the audit log's exceptions if a migration ever replaces those tables.
        sql.SQL(
            "ALTER DEFAULT PRIVILEGES FOR ROLE {} IN SCHEMA public "
            "GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {}"
        ).format(sql.Identifier(owner), r),
        sql.SQL(
            "ALTER DEFAULT PRIVILEGES FOR ROLE {} IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {}"
        ).format(sql.Identifier(owner), r),
    ]


class Command(BaseCommand):
    help = "Create (or update) the unprivileged database role the application connects as."

    def add_arguments(self, parser):
        parser.add_argument("name", help="role name, e.g. observatory_app")
        parser.add_argument("--password-file", help="file holding the role's password (else no password)")

    def handle(self, *args, name, password_file=None, **options):
        password = Path(password_file).read_text().strip() if password_file else None
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_user, current_database()")
            owner, database = cursor.fetchone()
            if owner == name:
                raise CommandError("run this as the owner of the tables, not as the application role")
            cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [name])
            verb = "ALTER" if cursor.fetchone() else "CREATE"
            statement = sql.SQL(
                verb + " ROLE {} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS"
            ).format(sql.Identifier(name))
            if password is not None:
                statement = sql.SQL("{} PASSWORD {}").format(statement, sql.Literal(password))
            raw = connection.connection  # psycopg's own connection, to render identifiers and literals
            cursor.execute(statement.as_string(raw))
            for grant in grant_statements(name, database, owner):
                cursor.execute(grant.as_string(raw))
            cursor.execute("SELECT count(*) FROM pg_tables WHERE tableowner = %s", [name])
            if cursor.fetchone()[0]:
                raise CommandError(f"role {name} owns tables: reassign them to {owner} first")
        self.stdout.write(
            f"role {name}: {verb.lower()}d, owns no table, may read and append the audit log only"
        )

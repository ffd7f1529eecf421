"""The database itself refuses UPDATE and DELETE of audit entries, whoever asks (the ORM, the admin,
a psql session with the application's role). TRUNCATE stays possible: test runs flush tables with it.
This is defence in depth; the hash chain is what shows tampering by someone who can drop the trigger."""

from django.db import migrations

POSTGRES_UP = """
CREATE OR REPLACE FUNCTION audit_entry_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_entry_append_only BEFORE UPDATE OR DELETE ON audit_auditentry
    FOR EACH ROW EXECUTE FUNCTION audit_entry_append_only();
"""
POSTGRES_DOWN = """
DROP TRIGGER IF EXISTS audit_entry_append_only ON audit_auditentry;
DROP FUNCTION IF EXISTS audit_entry_append_only();
"""


def forwards(apps, schema_editor):
    schema_editor.execute(POSTGRES_UP, params=None)


def backwards(apps, schema_editor):
    schema_editor.execute(POSTGRES_DOWN, params=None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_audit_chain_head_row")]

    operations = [migrations.RunPython(forwards, backwards)]

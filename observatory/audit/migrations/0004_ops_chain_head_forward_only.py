"""The chain head only moves forward, one entry at a time, and is never deleted, whoever asks: the
application's role (which may update it: every append does) cannot roll it back to hide a truncated
tail, nor reset it. Only a superuser can bypass triggers (session_replication_role), and the application
role is not one (`manage.py create_app_role`)."""

from django.db import migrations

POSTGRES_UP = """
CREATE OR REPLACE FUNCTION audit_chain_head_forward_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' OR NEW.id <> OLD.id OR NEW.seq <> OLD.seq + 1 THEN
        RAISE EXCEPTION 'the audit chain head only moves forward by one entry (% refused)', TG_OP;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_chain_head_forward_only BEFORE UPDATE OR DELETE ON audit_auditchainhead
    FOR EACH ROW EXECUTE FUNCTION audit_chain_head_forward_only();
"""
POSTGRES_DOWN = """
DROP TRIGGER IF EXISTS audit_chain_head_forward_only ON audit_auditchainhead;
DROP FUNCTION IF EXISTS audit_chain_head_forward_only();
"""


def forwards(apps, schema_editor):
    schema_editor.execute(POSTGRES_UP, params=None)


def backwards(apps, schema_editor):
    schema_editor.execute(POSTGRES_DOWN, params=None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_audit_entries_append_only")]

    operations = [migrations.RunPython(forwards, backwards)]

from django.db import migrations


def create_head(apps, schema_editor):
    apps.get_model("audit", "AuditChainHead").objects.get_or_create(id=1)


def delete_head(apps, schema_editor):
    apps.get_model("audit", "AuditChainHead").objects.filter(id=1).delete()


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_audit_entries_and_chain_head")]

    operations = [migrations.RunPython(create_head, delete_head)]

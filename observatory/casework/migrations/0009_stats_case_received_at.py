from django.db import migrations, models

# Every existing case gets its report's reception time (new cases copy it when opened:
# casework.actions.new_case), in one statement whatever the number of cases. The next migration makes it required (in its own
# transaction: PostgreSQL refuses to alter a table with the update's deferred checks pending).
FORWARD = """
UPDATE casework_case AS c SET received_at = r.received_at
FROM reports_intake_report AS r
WHERE r.id = c.report_id
"""


def backfill(apps, schema_editor):
    schema_editor.execute(FORWARD)


class Migration(migrations.Migration):
    dependencies = [
        ("casework", "0008_case_status_order_index"),
        ("reports_intake", "0001_reports_wraps_files_messages_timeline_outbox"),
    ]

    operations = [
        migrations.AddField(
            model_name="case",
            name="received_at",
            field=models.DateTimeField(editable=False, null=True),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]

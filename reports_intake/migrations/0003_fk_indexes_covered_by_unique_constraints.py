# The single-column indexes on keywrap.report_id and timelineevent.report_id duplicate the leading column of
# one_wrap_per_recipient (report_id, recipient_key_id) and timeline_seq_unique (report_id, seq), and cost
# four index insertions per submission. Only the indexes go: the foreign keys stay as they are, so the
# database does not re-check every existing row.

import django.db.models.deletion
from django.db import migrations, models

INDEXES = [
    ("reports_intake_keywrap_report_id_f8b2c90a", "reports_intake_keywrap"),
    ("reports_intake_timelineevent_report_id_14bea250", "reports_intake_timelineevent"),
]


class Migration(migrations.Migration):

    dependencies = [
        ('reports_intake', '0002_report_received_at_index'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    f'DROP INDEX IF EXISTS "{index}"',
                    reverse_sql=f'CREATE INDEX "{index}" ON "{table}" ("report_id")',
                )
                for index, table in INDEXES
            ],
            state_operations=[
                migrations.AlterField(
                    model_name='keywrap',
                    name='report',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='key_wraps', to='reports_intake.report'),
                ),
                migrations.AlterField(
                    model_name='timelineevent',
                    name='report',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='timeline', to='reports_intake.report'),
                ),
            ],
        ),
    ]

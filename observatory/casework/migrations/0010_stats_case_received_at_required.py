from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("casework", "0009_stats_case_received_at")]

    operations = [
        migrations.AlterField(
            model_name="case",
            name="received_at",
            field=models.DateTimeField(editable=False),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(fields=["received_at"], name="case_received_at"),
        ),
        migrations.AddIndex(
            model_name="caseaction",
            index=models.Index(fields=["date"], name="case_action_date"),
        ),
    ]

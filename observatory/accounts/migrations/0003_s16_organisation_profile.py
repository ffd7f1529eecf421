from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_organisation_keys_and_triage_key")]

    operations = [
        migrations.AddField(
            model_name="organisation",
            name="contact",
            field=models.CharField(blank=True, default="", max_length=300),
        ),
        migrations.AddField(
            model_name="organisation", name="grounds", field=models.JSONField(blank=True, default=list)
        ),
        migrations.AddField(
            model_name="organisation", name="services", field=models.JSONField(blank=True, default=list)
        ),
        migrations.AddField(
            model_name="organisation", name="languages", field=models.JSONField(blank=True, default=list)
        ),
        migrations.AddField(
            model_name="membership", name="notify_by_email", field=models.BooleanField(default=False)
        ),
    ]

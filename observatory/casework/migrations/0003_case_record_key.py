import observatory.casework.models
from django.db import migrations, models


class Migration(migrations.Migration):
    """Schema only: the record key of cell-key perturbation. Existing cases get their own random keys in
    0004 (a data migration of its own)."""

    dependencies = [
        ("casework", "0002_case_list_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="case",
            name="record_key",
            field=models.PositiveSmallIntegerField(
                default=observatory.casework.models.random_record_key, editable=False
            ),
        ),
    ]

from django.db import migrations

# AddField gave every existing case the same key (a callable default is evaluated once); each case needs
# its own. The first byte of a version-4 UUID is uniformly random (PostgreSQL's gen_random_uuid draws it
# from a strong source), one draw per row, in one statement whatever the number of cases.
FORWARD = "UPDATE casework_case SET record_key = get_byte(uuid_send(gen_random_uuid()), 0)"
BACKWARD = "UPDATE casework_case SET record_key = 0"


def backfill(apps, schema_editor):
    schema_editor.execute(FORWARD)


def clear(apps, schema_editor):
    schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [
        ("casework", "0003_case_record_key"),
    ]

    operations = [migrations.RunPython(backfill, clear)]

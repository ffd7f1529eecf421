from django.db import migrations

# Every existing case gets its report's place codes (new cases copy them when opened:
# casework.actions.new_case), in one statement whatever the number of cases.
FORWARD = """
UPDATE casework_case AS c SET district_code = r.district_code, neighbourhood_code = r.neighbourhood_code
FROM reports_intake_report AS r
WHERE r.id = c.report_id
"""
BACKWARD = "UPDATE casework_case SET district_code = NULL, neighbourhood_code = NULL"


def backfill(apps, schema_editor):
    schema_editor.execute(FORWARD)


def clear(apps, schema_editor):
    schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [
        ("casework", "0006_case_place_search_sort_indexes"),
        ("reports_intake", "0001_reports_wraps_files_messages_timeline_outbox"),
    ]

    operations = [migrations.RunPython(backfill, clear)]

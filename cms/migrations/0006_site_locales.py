"""One Wagtail locale per interface language (settings.LANGUAGES), so that every database — the demo's,
a deployment's, the tests' — has the six page trees' locales without an editor creating them."""

from django.conf import settings
from django.db import migrations


def create_locales(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    for code, _name in settings.LANGUAGES:
        Locale.objects.get_or_create(language_code=code)


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0005_site_content_directory"),
    ]

    operations = [migrations.RunPython(create_locales, migrations.RunPython.noop)]

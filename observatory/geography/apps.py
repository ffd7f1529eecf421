from django.apps import AppConfig


class GeographyConfig(AppConfig):
    name = "observatory.geography"
    label = "geography"
    verbose_name = "Geography"
    default_auto_field = "django.db.models.BigAutoField"

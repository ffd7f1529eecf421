from django.apps import AppConfig


class ReportsIntakeConfig(AppConfig):
    name = "reports_intake"
    verbose_name = "Report intake"
    default_auto_field = "django.db.models.BigAutoField"

from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    """Caseworker side: staff user keys, organisation key grants, second-factor enrolment and cases."""

    name = "observatory.casework"
    label = "casework"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Casework"

    def ready(self):
        from observatory.casework.staff import signals  # noqa: F401 - connects the receivers

from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    """Caseworker side: staff user keys, organisation key grants, second-factor enrolment and cases."""

    name = "observatory.casework"
    label = "casework"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Casework"

    def ready(self):
        from observatory.casework.actions import new_case
        from observatory.casework.staff import signals  # noqa: F401 - connects the receivers
        from reports_intake.actions import store_with_every_report

        # Every report is stored with its case, in one statement: never out of the office's queue.
        store_with_every_report(new_case)

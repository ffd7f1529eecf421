from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    """Caseworker side: staff user keys, organisation key grants, second-factor enrolment and cases."""

    name = "observatory.casework"
    label = "casework"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Casework"

    def ready(self):
        from nlp import corrections
        from observatory.casework import notifications  # noqa: F401 - connects the reporter's notice
        from observatory.casework.actions import new_case
        from observatory.casework.reporter_progress import reporter_progress
        from observatory.casework.staff import signals  # noqa: F401 - connects the receivers
        from reports_intake.actions import store_with_every_report
        from reports_intake.mailbox import progress

        # Every report is stored with its case, in one statement: never out of the office's queue.
        store_with_every_report(new_case)
        # The mailbox shows the case's state without reports_intake importing casework.
        progress.register_reader(reporter_progress)
        # Confirmed cases are the next triage model's training examples (decrypted only when training).
        corrections.register_provider("observatory.casework.tasks.corrected_examples")

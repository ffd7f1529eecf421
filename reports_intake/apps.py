from django.apps import AppConfig


class ReportsIntakeConfig(AppConfig):
    name = "reports_intake"
    verbose_name = "Report intake"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_delete, pre_migrate

        from reports_intake.actions import delete_file_after_commit
        from reports_intake.migration_guard import refuse_destructive_rollback
        from reports_intake.models import StoredFile

        # A file goes with its row, however the row goes (a cascade from its report included).
        post_delete.connect(
            lambda sender, instance, **kwargs: delete_file_after_commit(instance),
            sender=StoredFile,
            weak=False,
            dispatch_uid="delete_stored_file",
        )

        # Every migrate, whichever app it targets: a rollback never silently empties a table.
        pre_migrate.connect(refuse_destructive_rollback, dispatch_uid="refuse_destructive_rollback")

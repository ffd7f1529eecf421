from django.apps import AppConfig


class AuditConfig(AppConfig):
    """Who saw, decrypted, exported, referred or changed what: an append-only, hash-chained log."""

    name = "observatory.audit"
    label = "audit"
    verbose_name = "Audit log"
    default_auto_field = "django.db.models.BigAutoField"

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "observatory.accounts"
    label = "accounts"
    verbose_name = "Staff and organisations"
    default_auto_field = "django.db.models.BigAutoField"

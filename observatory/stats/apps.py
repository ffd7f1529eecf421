from django.apps import AppConfig


class StatsConfig(AppConfig):
    """Public statistics: population denominators, bulletin tables, open data (DESIGN §8)."""

    name = "observatory.stats"
    label = "stats"
    verbose_name = "Statistics"
    default_auto_field = "django.db.models.BigAutoField"

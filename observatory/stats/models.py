"""What statistics keep in the database besides the case data they count: population denominators and
every release ever published.

A ``Release`` is one published version of a bulletin's figures (perturbed values only, exactly as
readers got them). The pre-publication audit reads them all: it plays a reader who holds every release.
Nothing here holds a per-case value or a true count.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Population(models.Model):
    """Residents of one neighbourhood, for rates per 10,000 residents. Loaded by `load_population`
    (the whole table is replaced at once); district populations are the sums of their neighbourhoods."""

    neighbourhood = models.OneToOneField(
        "geography.Neighbourhood", on_delete=models.CASCADE, related_name="population"
    )
    residents = models.PositiveIntegerField(verbose_name=_("residents"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["neighbourhood__code"]
        verbose_name = _("population")
        verbose_name_plural = _("population")

    def __str__(self) -> str:
        return f"{self.neighbourhood_id}: {self.residents}"


class Release(models.Model):
    """One published version of a period's figures; written once when published, never changed."""

    period = models.CharField(max_length=16)
    version = models.PositiveIntegerField()
    figures = models.JSONField()
    fingerprint = models.CharField(max_length=64)
    package = models.CharField(max_length=200, blank=True, default="")
    note = models.TextField(blank=True, default="")  # the correction note shown with versions after the first
    published_at = models.DateTimeField()

    class Meta:
        ordering = ["period", "version"]
        constraints = [models.UniqueConstraint(fields=["period", "version"], name="release_period_version")]

    def __str__(self) -> str:
        return f"{self.period} v{self.version}"

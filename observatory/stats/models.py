"""What statistics keep in the database besides the case data they count: population denominators.

Published bulletin figures are frozen in the bulletin page's revisions (cms.bulletins.BulletinPage.data)
and in the data-package files written next to them; nothing here holds a per-case value.
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

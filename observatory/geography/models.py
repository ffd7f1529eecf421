from django.contrib.gis.db import models
from django.db.models.functions import Length


class District(models.Model):
    """A city district (Valencia has 19). Its shape is the union of its neighbourhoods."""

    code = models.CharField(max_length=16, unique=True)
    name = models.CharField(max_length=200)
    geom = models.MultiPolygonField(srid=4326)

    class Meta:
        ordering = [Length("code"), "code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Neighbourhood(models.Model):
    """A neighbourhood (barrio/barri). Reports keep only this code in the clear, never a point."""

    code = models.CharField(max_length=16, unique=True)
    name = models.CharField(max_length=200)
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="neighbourhoods")
    geom = models.MultiPolygonField(srid=4326)

    class Meta:
        ordering = [Length("code"), "code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

"""The city's neighbourhoods by code, name and district, without their shapes, kept in each process
(observatory.process_cache): the report form lists them on every step and a submission stores a
neighbourhood's district code, and they change only when boundaries are reloaded."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models.functions import Length

from observatory.geography.models import District, Neighbourhood
from observatory.process_cache import ProcessCache


@dataclass(frozen=True)
class Place:
    code: str
    name: str
    district_code: str
    district_name: str


def _load() -> tuple[Place, ...]:
    rows = Neighbourhood.objects.order_by(Length("district__code"), "district__code", "name").values_list(
        "code", "name", "district__code", "district__name"
    )
    return tuple(Place(*row) for row in rows)


_places = ProcessCache(_load, seconds=30.0, models=(District, Neighbourhood))


def places() -> tuple[Place, ...]:
    """Every neighbourhood, grouped by district (districts in code order, names alphabetical)."""
    return _places.get()


def district_of(neighbourhood_code: str) -> str | None:
    for place in _places.get():
        if place.code == neighbourhood_code:
            return place.district_code
    return None

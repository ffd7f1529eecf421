import uuid
from dataclasses import dataclass

from django.contrib.gis.geos import MultiPolygon, Point
from django.core.cache import cache
from django.db import transaction

from observatory.geography.boundaries import ParsedNeighbourhood
from observatory.geography.models import District, Neighbourhood

BOUNDARIES_VERSION_KEY = "geography:boundaries-version"


def boundaries_version() -> str:
    """Changes whenever boundaries are (re)loaded: caches of shapes derived from them key on it."""
    return cache.get(BOUNDARIES_VERSION_KEY) or "0"


@dataclass(frozen=True)
class BoundariesLoaded:
    districts: int
    neighbourhoods: int


@transaction.atomic
def load_boundaries(
    neighbourhoods: list[ParsedNeighbourhood], district_names: dict[str, str]
) -> BoundariesLoaded:
    """Create or update districts and neighbourhoods by code; a district's shape is the union of its
    neighbourhoods. Running it twice with the same input changes nothing."""
    by_district: dict[str, list[ParsedNeighbourhood]] = {}
    for item in neighbourhoods:
        by_district.setdefault(item.district_code, []).append(item)

    districts = {}
    for code, members in by_district.items():
        union = members[0].geom
        for member in members[1:]:
            union = union.union(member.geom)
        if union.geom_type == "Polygon":
            union = MultiPolygon(union, srid=4326)
        districts[code], _ = District.objects.update_or_create(
            code=code, defaults={"name": district_names.get(code, f"District {code}"), "geom": union}
        )
    for item in neighbourhoods:
        Neighbourhood.objects.update_or_create(
            code=item.code,
            defaults={"name": item.name, "district": districts[item.district_code], "geom": item.geom},
        )
    transaction.on_commit(lambda: cache.set(BOUNDARIES_VERSION_KEY, uuid.uuid4().hex, None))
    return BoundariesLoaded(districts=len(districts), neighbourhoods=len(neighbourhoods))


def locate(longitude: float, latitude: float) -> Neighbourhood | None:
    """The neighbourhood (with its district) that contains a WGS84 point, or None outside the city."""
    point = Point(longitude, latitude, srid=4326)
    return Neighbourhood.objects.select_related("district").filter(geom__intersects=point).first()

"""Validation of a boundaries GeoJSON file, with no database: every problem is found before anything is
written, so a malformed file leaves the database exactly as it was."""

import csv
import json
from dataclasses import dataclass, replace
from pathlib import Path

from django.contrib.gis.gdal.error import GDALException
from django.contrib.gis.geos import GEOSException, GEOSGeometry, MultiPolygon
from django.contrib.gis.geos.error import GEOSException as GEOSError

VALENCIA_DISTRICT_NAMES = Path(__file__).resolve().parent / "data" / "valencia-districts.csv"


class BoundaryFileError(ValueError):
    """The file cannot be loaded; the message says where and why, for the person running the command."""


@dataclass(frozen=True)
class FieldNames:
    neighbourhood_code: str = "coddistbar"
    neighbourhood_name: str = "nombre"
    district_code: str = "coddistrit"


@dataclass(frozen=True)
class ParsedNeighbourhood:
    code: str
    name: str
    district_code: str
    geom: MultiPolygon


def read_district_names(path: Path) -> dict[str, str]:
    try:
        with open(path, encoding="utf-8", newline="") as fh:
            return {row["code"].strip(): row["name"].strip() for row in csv.DictReader(fh)}
    except (OSError, KeyError, csv.Error) as exc:
        raise BoundaryFileError(
            f"{path}: district names must be a CSV with columns code,name ({exc})"
        ) from exc


def parse_feature_collection(
    raw: bytes | str, fields: FieldNames = FieldNames()
) -> list[ParsedNeighbourhood]:
    try:
        data = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise BoundaryFileError(f"not valid JSON: {exc}") from exc
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise BoundaryFileError('not a GeoJSON FeatureCollection (expected "type": "FeatureCollection")')
    features = data.get("features")
    if not isinstance(features, list) or not features:
        raise BoundaryFileError("the FeatureCollection has no features")

    parsed: list[ParsedNeighbourhood] = []
    for index, feature in enumerate(features, start=1):
        where = f"feature {index}"
        if not isinstance(feature, dict) or not isinstance(feature.get("properties"), dict):
            raise BoundaryFileError(f"{where}: not a GeoJSON Feature with properties")
        props = feature["properties"]
        values = {}
        for key in (fields.neighbourhood_code, fields.neighbourhood_name, fields.district_code):
            value = props.get(key)
            if value is None or str(value).strip() == "":
                raise BoundaryFileError(f"{where}: property {key!r} is missing or empty")
            values[key] = str(value).strip()
        code = values[fields.neighbourhood_code]
        parsed.append(
            ParsedNeighbourhood(
                code=code,
                name=values[fields.neighbourhood_name],
                district_code=values[fields.district_code],
                geom=_multipolygon(feature.get("geometry"), f"feature {index} ({code})"),
            )
        )
    return _resolve_duplicate_codes(parsed)


def _resolve_duplicate_codes(parsed: list[ParsedNeighbourhood]) -> list[ParsedNeighbourhood]:
    """Valencia's own export gives two different neighbourhoods the code 175 (Mahuella-Tauladella and
    Rafalell-Vistabella). Codes must be unique here because reports keep only the code, so a code shared
    by differently named neighbourhoods stays with the first name in alphabetical order and the others get
    `<code>-2`, `<code>-3`... (stable whatever the feature order). Parts with the same code and name are
    one multi-part neighbourhood."""
    by_code: dict[str, dict[str, ParsedNeighbourhood]] = {}
    for item in parsed:
        names = by_code.setdefault(item.code, {})
        if item.name in names:
            same = names[item.name]
            if same.district_code != item.district_code:
                raise BoundaryFileError(f"neighbourhood {item.code} {item.name} is in two districts")
            names[item.name] = replace(same, geom=_as_multi(same.geom.union(item.geom)))
        else:
            names[item.name] = item
    resolved = []
    for code, names in by_code.items():
        for position, name in enumerate(sorted(names), start=1):
            item = names[name]
            resolved.append(item if position == 1 else replace(item, code=f"{code}-{position}"))
    taken = [item.code for item in resolved]
    if len(taken) != len(set(taken)):
        raise BoundaryFileError("neighbourhood codes clash after disambiguation; fix the codes in the file")
    return resolved


def _as_multi(geom) -> MultiPolygon:
    return MultiPolygon(geom, srid=4326) if geom.geom_type == "Polygon" else geom


def _multipolygon(geometry: object, where: str) -> MultiPolygon:
    if not isinstance(geometry, dict) or geometry.get("type") not in ("Polygon", "MultiPolygon"):
        raise BoundaryFileError(f"{where}: geometry must be a Polygon or MultiPolygon")
    try:
        geom = GEOSGeometry(json.dumps(geometry), srid=4326)
    except (GEOSException, GEOSError, GDALException, ValueError, TypeError) as exc:
        raise BoundaryFileError(f"{where}: unreadable geometry ({exc})") from exc
    if geom.empty:
        raise BoundaryFileError(f"{where}: empty geometry")
    if not geom.valid:
        # Self-touching rings are common in city exports; a zero-width buffer repairs them.
        geom = geom.buffer(0)
        if not geom.valid or geom.empty:
            raise BoundaryFileError(f"{where}: invalid polygon ({geom.valid_reason})")
    lon_min, lat_min, lon_max, lat_max = geom.extent
    if not (-180 <= lon_min <= lon_max <= 180 and -90 <= lat_min <= lat_max <= 90):
        raise BoundaryFileError(f"{where}: coordinates are not WGS84 longitude/latitude")
    return _as_multi(geom)

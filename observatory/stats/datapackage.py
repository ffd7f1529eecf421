"""Open data: a Frictionless data package built from published (perturbed and audited) tables only.

One tidy CSV, ``observations.csv``: ``period, geography_level, geography_code, dimension, category,
obs_value, conf_status`` with SDMX confidentiality codes (``F`` free: the perturbed value is published;
``C`` confidential: withheld by the pre-publication audit); ``obs_value`` is empty whenever the status
is not ``F``. Each code list ships as its own CSV resource
with its labels and its mappings to the official lists.
"""

from __future__ import annotations

import calendar
import csv
import io
import json
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from django.utils import translation
from django.utils.dates import MONTHS
from django.utils.translation import gettext

from observatory import taxonomy
from observatory.stats.disclosure import GEOGRAPHY_DIMENSIONS, TOTAL, PublishedTable, Status

COLUMNS = ("period", "geography_level", "geography_code", "dimension", "category", "obs_value", "conf_status")
CODE_LIST_COLUMNS = ("code", "label_en", "label_es", "official_name", *taxonomy.SCHEMES)
TOTAL_CATEGORY = "total"
CITY = "city"

OBSERVATIONS_SCHEMA = {
    "fields": [
        {
            "name": "period",
            "type": "string",
            "constraints": {"required": True, "pattern": r"\d{4}(Q[1-4](-YTD)?)?"},
        },
        {"name": "geography_level", "type": "string", "constraints": {"required": True}},
        {"name": "geography_code", "type": "string", "constraints": {"required": True}},
        {"name": "dimension", "type": "string", "constraints": {"required": True}},
        {"name": "category", "type": "string", "constraints": {"required": True}},
        {
            "name": "obs_value",
            "type": "integer",
            "description": "Number of cases after cell-key perturbation (see the perturbation table); "
            "empty when withheld (see conf_status).",
            "constraints": {"minimum": 0},
        },
        {
            "name": "conf_status",
            "type": "string",
            "description": "SDMX CONF_STATUS: F free (perturbed value published), C confidential "
            "(withheld: with the other releases it would reveal a small count).",
            "constraints": {"required": True, "enum": [s.value for s in Status]},
        },
    ],
    "primaryKey": ["period", "geography_level", "geography_code", "dimension", "category"],
    "missingValues": [""],
}


def tidy_rows(tables: Iterable[PublishedTable], city_code: str) -> Iterator[dict[str, str]]:
    """Observations of published tables as tidy rows (strings, ready for CSV).

    A table is one-way (a dimension for the whole city) or has geography on one axis; margins become
    the category ``total`` and the city level. Other two-way crosses have no place in this layout.
    """
    for table in tables:
        geography = table.row_dimension in GEOGRAPHY_DIMENSIONS
        for (r, _c), cell in table.cells.items():
            # A geography table's rows are places: the geography goes in the geography columns, and the
            # dimension is what is counted there (cases). Its total counts the same cases as the headline's
            # "case" row, so it is the same published value and is not repeated.
            if geography and r == TOTAL:
                continue
            if geography:
                level, code, dimension, category = table.row_dimension, r, "cases", TOTAL_CATEGORY
            else:
                level, code, dimension, category = CITY, city_code, table.row_dimension, r
            yield {
                "period": table.period,
                "geography_level": level,
                "geography_code": code,
                "dimension": dimension,
                "category": TOTAL_CATEGORY if category == TOTAL else category,
                "obs_value": "" if cell.value is None else str(cell.value),
                "conf_status": cell.status.value,
            }


DIMENSION_LISTS = {
    "grounds": taxonomy.GROUNDS,
    "comva": taxonomy.COMVA_CATEGORIES,
    "domain": taxonomy.DOMAINS,
    "incident_type": taxonomy.INCIDENT_TYPES,
    "legal_classification": taxonomy.LEGAL_CLASSIFICATIONS,
    "reporter_role": taxonomy.REPORTER_ROLES,
    "redress": taxonomy.REDRESS_ACTIONS,
    "reported_to_police": taxonomy.REPORTED_TO_POLICE,
    "reason_not_reported": taxonomy.REASONS_NOT_REPORTED,
}
# Categories outside the code lists; msgids the bulletin pages translate too.
EXTRA_CATEGORIES = {
    "total": "Total",
    "not_recorded": "Not recorded",
    "unlocated": "Outside the city or not given",
    "case": "Cases",
    "information_request": "Information requests",
    "pending": "Awaiting confirmation",
}
CATEGORY_COLUMNS = ("dimension", "category", "label_en", "label_es", "official_name")

# The categories of Valencia's Office of Non-discrimination under the names it publishes them with
# (Plan COMVA, in Valencian), beside our translated labels.
COMVA_OFFICIAL_NAMES = {
    "racisme": "Racisme",
    "romafobia": "Romafòbia",
    "lgtbifobia": "LGTBIfòbia",
    "disfobia": "Disfòbia",
    "aporofobia": "Aporofòbia",
    "religio": "Religió",
    "llengua_cultura": "Llengua i cultura",
    "malalties_rares_fisics": "Malalties rares i físics no normatius",
    "genere": "Gènere",
    "serofobia": "Serofòbia",
    "edatisme": "Edatisme",
    "altres": "Altres",
}
LICENCE = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Attribution 4.0 International",
}
BOUNDARIES_SOURCE = {
    "title": "Barris / Barrios (district and neighbourhood boundaries and codes), Ajuntament de València",
    "path": "https://valencia.opendatasoft.com/explore/dataset/barris-barrios/",
    "attribution": "© Ajuntament de València, open data portal (dataset barris-barrios)",
}
GEOGRAPHY_COLUMNS = ("geography_level", "geography_code", "name")


def category_label(dimension: str, category: str, language: str) -> str:
    if dimension in DIMENSION_LISTS and category in DIMENSION_LISTS[dimension].values:
        return next(c for c in DIMENSION_LISTS[dimension] if c.code == category).label_in(language)
    if dimension == "month" and category != TOTAL_CATEGORY:
        year, month = (int(x) for x in category.split("-"))
        with translation.override(language):
            name = str(MONTHS[month]) if language != "en" else calendar.month_name[month]
        return f"{name} {year}"
    msgid = EXTRA_CATEGORIES.get(category, category)
    with translation.override(language):
        return gettext(msgid)


def category_rows(observations: list[dict[str, str]]) -> list[dict[str, str]]:
    """Every (dimension, category) the observations use, with its labels: the code list they refer to."""
    pairs = sorted({(r["dimension"], r["category"]) for r in observations})
    return [
        {
            "dimension": d,
            "category": c,
            "label_en": category_label(d, c, "en"),
            "label_es": category_label(d, c, "es"),
            "official_name": COMVA_OFFICIAL_NAMES.get(c, "") if d == "comva" else "",
        }
        for d, c in pairs
    ]


def geography_rows(
    observations, city_code: str, places: Mapping[tuple[str, str], str]
) -> list[dict[str, str]]:
    """Every place the observations use, with its name (boundaries: Ajuntament de València, open data)."""
    pairs = sorted({(r["geography_level"], r["geography_code"]) for r in observations})
    names = {(CITY, city_code): "València", **places}
    out = []
    for level, code in pairs:
        name = names.get((level, code)) or (EXTRA_CATEGORIES["unlocated"] if code == "unlocated" else code)
        out.append({"geography_level": level, "geography_code": code, "name": name})
    return out


def _table_resource(name: str, path: str, columns, key, foreign_keys=()) -> dict:
    schema = {
        "fields": [{"name": c, "type": "string"} for c in columns],
        "primaryKey": list(key),
        "missingValues": [""],
    }
    if foreign_keys:
        schema["foreignKeys"] = list(foreign_keys)
    return {"name": name, "path": path, "profile": "tabular-data-resource", "format": "csv",
            "mediatype": "text/csv", "encoding": "utf-8", "schema": schema}  # fmt: skip


def code_list_rows(code_list: taxonomy.CodeList) -> Iterator[dict[str, str]]:
    for item in code_list:
        official = COMVA_OFFICIAL_NAMES.get(item.code, "") if code_list.name == taxonomy.COMVA else ""
        row = {
            "code": item.code,
            "label_en": item.msgid,
            "label_es": item.label_in("es"),
            "official_name": official,
        }
        row.update({scheme: item.mappings.get(scheme, "") for scheme in taxonomy.SCHEMES})
        yield row


def _csv(rows: Iterable[dict[str, str]], columns: tuple[str, ...]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def build_files(
    tables: Iterable[PublishedTable],
    *,
    name: str,
    title: str,
    city_code: str,
    places: Mapping[tuple[str, str], str] | None = None,
    version: str = "1",
    created: str | None = None,
    temporal: tuple[str, str] | None = None,
    homepage: str = "",
) -> dict[str, str]:
    """File name -> text for the whole package (``datapackage.json`` plus its CSV resources).

    ``places`` names the areas: ``{("district", "46250-05"): "..."}``; ``version`` is the release's
    version number, ``created`` when its figures were counted (ISO 8601), ``temporal`` the first and last
    day the figures cover.
    """
    observations = list(tidy_rows(tables, city_code))
    files = {
        "observations.csv": _csv(observations, COLUMNS),
        "categories.csv": _csv(category_rows(observations), CATEGORY_COLUMNS),
        "geography.csv": _csv(geography_rows(observations, city_code, places or {}), GEOGRAPHY_COLUMNS),
    }
    schema = {
        **OBSERVATIONS_SCHEMA,
        "foreignKeys": [
            {
                "fields": ["dimension", "category"],
                "reference": {"resource": "categories", "fields": ["dimension", "category"]},
            },
            {
                "fields": ["geography_level", "geography_code"],
                "reference": {"resource": "geography", "fields": ["geography_level", "geography_code"]},
            },
        ],
    }
    resources = [
        {
            "name": "observations",
            "path": "observations.csv",
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "schema": schema,
        },
        _table_resource("categories", "categories.csv", CATEGORY_COLUMNS, ("dimension", "category")),
        _table_resource(
            "geography", "geography.csv", GEOGRAPHY_COLUMNS, ("geography_level", "geography_code")
        ),
    ]
    string_field = {"type": "string"}
    for code_list in [*taxonomy.CODE_LISTS.values(), *taxonomy.OFFICIAL_LISTS.values()]:
        path = f"codelist-{code_list.name}.csv"
        files[path] = _csv(code_list_rows(code_list), CODE_LIST_COLUMNS)
        fields = [{"name": col, **string_field} for col in CODE_LIST_COLUMNS]
        fields[0]["constraints"] = {"required": True, "unique": True}
        resources.append(
            {
                "name": f"codelist-{code_list.name}".replace("_", "-"),
                "path": path,
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": {"fields": fields, "primaryKey": ["code"], "missingValues": [""]},
            }
        )
    descriptor = {
        "profile": "tabular-data-package",
        "name": name,
        "title": title,
        "version": version,
        **({"created": created} if created else {}),
        **({"homepage": homepage} if homepage else {}),
        "licenses": [LICENCE],
        "description": "Counts of discrimination and hate incidents reported to the observatory, after "
        "cell-key perturbation: every count (totals included) has had a small amount added or taken away "
        "according to the published perturbation table; a true 0 stays 0, no count is ever 1 or 2, and no "
        "count differs from the truth by more than 3. Cells withheld by the pre-publication audit have "
        "conf_status C.",
        "sources": [
            {"title": "Reports and cases recorded by the observatory (confirmed labels only)"},
            BOUNDARIES_SOURCE,
        ],
        # Coverage, in the words of DCAT (dct:temporal, dct:spatial); custom properties for Frictionless.
        "temporal": {"start": temporal[0], "end": temporal[1]} if temporal else None,
        "spatial": {
            "name": "València",
            "code": city_code,
            "levels": ["city", "district", "neighbourhood"],
            "attribution": BOUNDARIES_SOURCE["attribution"],
        },
        "resources": resources,
    }
    descriptor = {k: v for k, v in descriptor.items() if v is not None}
    files["datapackage.json"] = json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n"
    return files


def write_datapackage(tables: Iterable[PublishedTable], target: Path, **options) -> Path:
    """Write the package to a directory, or to a zip file when ``target`` ends in ``.zip``."""
    files = build_files(tables, **options)
    target = Path(target)
    if target.suffix == ".zip":
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
            for path, text in sorted(files.items()):
                archive.writestr(path, text)
    else:
        target.mkdir(parents=True, exist_ok=True)
        for path, text in files.items():
            (target / path).write_text(text, encoding="utf-8")
    return target

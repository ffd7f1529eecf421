"""Open data: a Frictionless data package built from published (already suppressed) tables only.

One tidy CSV, ``observations.csv``: ``period, geography_level, geography_code, dimension, category,
obs_value, conf_status`` with SDMX confidentiality codes (``F`` free, ``A`` primary, ``D`` secondary);
``obs_value`` is empty whenever the status is not ``F``. Each code list ships as its own CSV resource
with its labels and its mappings to the official lists.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from observatory import taxonomy
from observatory.stats.disclosure import ALL, GEOGRAPHY_DIMENSIONS, TOTAL, PublishedTable, Status

COLUMNS = ("period", "geography_level", "geography_code", "dimension", "category", "obs_value", "conf_status")
CODE_LIST_COLUMNS = ("code", "label_en", "label_es", *taxonomy.SCHEMES)
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
            "description": "Number of cases; empty when suppressed (see conf_status).",
            "constraints": {"minimum": 0},
        },
        {
            "name": "conf_status",
            "type": "string",
            "description": "SDMX CONF_STATUS: F free, A primary suppression (1-4 cases), "
            "D secondary suppression.",
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
        geo_rows = table.row_dimension in GEOGRAPHY_DIMENSIONS
        geo_cols = table.col_dimension in GEOGRAPHY_DIMENSIONS
        if table.two_way and not (geo_rows or geo_cols):
            raise ValueError(f"{table.row_dimension} × {table.col_dimension} does not fit the tidy layout")
        for (r, c), cell in table.cells.items():
            if not table.two_way:
                level, code, dimension, category = CITY, city_code, table.row_dimension, r
            elif geo_rows:
                level, code, dimension, category = table.row_dimension, r, table.col_dimension, c
            else:
                level, code, dimension, category = table.col_dimension, c, table.row_dimension, r
            if code == TOTAL:
                level, code = CITY, city_code
            yield {
                "period": table.period,
                "geography_level": level,
                "geography_code": code,
                "dimension": dimension,
                "category": TOTAL_CATEGORY if category in (TOTAL, ALL) else category,
                "obs_value": "" if cell.value is None else str(cell.value),
                "conf_status": cell.status.value,
            }


def code_list_rows(code_list: taxonomy.CodeList) -> Iterator[dict[str, str]]:
    for item in code_list:
        row = {"code": item.code, "label_en": item.msgid, "label_es": item.label_in("es")}
        row.update({scheme: item.mappings.get(scheme, "") for scheme in taxonomy.SCHEMES})
        yield row


def _csv(rows: Iterable[dict[str, str]], columns: tuple[str, ...]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def build_files(
    tables: Iterable[PublishedTable], *, name: str, title: str, city_code: str, licence: str = "CC-BY-4.0"
) -> dict[str, str]:
    """File name -> text for the whole package (``datapackage.json`` plus its CSV resources)."""
    files = {"observations.csv": _csv(tidy_rows(tables, city_code), COLUMNS)}
    resources = [
        {
            "name": "observations",
            "path": "observations.csv",
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "schema": OBSERVATIONS_SCHEMA,
        }
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
        "licenses": [{"name": licence}],
        "description": "Counts of discrimination and hate incidents reported to the observatory, after "
        "disclosure control: counts of 1-4 are shown as suppressed (A) and further cells are suppressed "
        "(D) so that none can be recovered from totals or from other periods.",
        "resources": resources,
    }
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

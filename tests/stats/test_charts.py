"""Charts are accessible SVG, their numbers are readable in a table, and withheld values never show."""

import json
import re
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from observatory.stats.charts import bar_chart, choropleth, class_breaks, column_chart, data_table_html
from observatory.stats.disclosure import Cell, Status

SVG = "{http://www.w3.org/2000/svg}"
ROWS = [
    ("Racism & xenophobia", Cell(31, Status.FREE)),
    ("Antigypsyism", Cell(None, Status.WITHHELD)),
    ("Age", Cell(9, Status.FREE)),
    ("Health", Cell(12, Status.FREE)),
]
SECRET = {"Antigypsyism": 3}  # the true count behind the withheld cell
BOUNDARIES = Path("/work/shared/data/valencia/barris-barrios.geojson")


def assert_accessible(svg: str):
    root = ET.fromstring(svg)
    assert root.get("role") == "img"
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title is not None and title.text and desc is not None and desc.text
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert "style=" not in svg and "<script" not in svg
    return root


def numbers_in(text: str) -> set[int]:
    return {int(n) for n in re.findall(r"\d+", re.sub(r"#[0-9a-fA-F]{6}", "", text))}


def test_bar_chart_is_accessible_and_matches_its_data_table():
    svg = bar_chart(ROWS, title="Cases by ground, 2026Q3", desc="Horizontal bars", uid="g")
    root = assert_accessible(svg)
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "31" in texts and "12" in texts and "c" in texts and "9" in texts
    table = ET.fromstring(data_table_html(ROWS, caption="Cases by ground"))
    cells = {tr.find("th").text: tr.find("td").text for tr in table.iter("tr") if tr.find("td") is not None}
    assert cells == {"Racism & xenophobia": "31", "Antigypsyism": "c", "Age": "9", "Health": "12"}


def test_withheld_values_never_appear_as_numbers():
    svg = bar_chart(ROWS, title="t", desc="d", uid="g") + column_chart(ROWS, title="t", desc="d")
    html = data_table_html(ROWS, caption="c")
    texts = [t.text for t in ET.fromstring(svg.split("\n</svg>")[0] + "\n</svg>").iter(f"{SVG}text")]
    for secret in SECRET.values():
        assert str(secret) not in texts
        assert f">{secret}<" not in html


def test_column_chart_by_month():
    months = [
        ("Jul", Cell(14, Status.FREE)),
        ("Aug", Cell(None, Status.WITHHELD)),
        ("Sep", Cell(22, Status.FREE)),
    ]
    root = assert_accessible(column_chart(months, title="By month", desc="Columns", uid="m"))
    assert [t.text for t in root.iter(f"{SVG}text")] == ["14", "Jul", "c", "Aug", "22", "Sep"]


@pytest.mark.parametrize("method", ["quantile", "equal"])
def test_class_breaks_cover_the_data(method):
    breaks = class_breaks([5, 7, 9, 20, 40, 41], 3, method)
    assert breaks[-1] == 41 and breaks == sorted(breaks)


def test_choropleth_of_valencia_districts_hatches_withheld_areas():
    features = json.loads(BOUNDARIES.read_text())["features"][:12]
    codes = sorted({str(f["properties"]["coddistbar"]) for f in features})
    values = {c: Cell(5 + 3 * n, Status.FREE) for n, c in enumerate(codes)}
    values[codes[0]] = Cell(None, Status.WITHHELD)
    svg = choropleth(
        features, values, code_property="coddistbar", name_property="nombre", title="Map", desc="d"
    )
    root = assert_accessible(svg)
    paths = list(root.iter(f"{SVG}path"))
    assert len(paths) == len(features)
    hatched = [p for p in paths if p.get("fill", "").startswith("url(#")]
    assert hatched and all(p.find(f"{SVG}title").text.endswith(": c") for p in hatched)

"""Server-rendered SVG charts for bulletins: no JavaScript, no ``style=`` (CSP without unsafe-inline).

Every chart is an ``<svg role="img" aria-labelledby=...>`` with ``<title>`` and ``<desc>``, and comes with
``data_table_html`` so that screen readers get the numbers. Only published (perturbed) values are drawn: a
cell the audit withheld is a hatched box labelled "c" (confidential, as ONS writes it), never a length.
Colours: Okabe–Ito blue for bars and a single-hue sequential blue ramp for maps, both readable with
colour-vision deficiencies; classes are also told apart by lightness.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Mapping, Sequence
from html import escape

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from observatory.stats.disclosure import Cell, Status

BAR = "#0072B2"
INK = "#222222"
HATCH = "#666666"
RAMP = ("#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c")  # ColorBrewer Blues, 5 classes
FONT = 'font-family="sans-serif" font-size="12"'
CHAR_W = 6.8  # a generous average glyph width at 12 px sans-serif, so that no label runs past its room
LINE_H = 14
WITHHELD_MARK = "c"

Row = tuple[str, Cell]  # (label, published cell)


def cell_text(cell: Cell) -> str:
    if cell.status is Status.WITHHELD or cell.value is None:
        return WITHHELD_MARK
    return number_format(cell.value, force_grouping=True)


def _svg(uid: str, width: int, height: int, title: str, desc: str, body: list[str]) -> str:
    return "\n".join(
        [
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
            f'height="{height}" role="img" aria-labelledby="{uid}-title {uid}-desc">',
            f'<title id="{uid}-title">{escape(title)}</title>',
            f'<desc id="{uid}-desc">{escape(desc)}</desc>',
            f'<defs><pattern id="{uid}-hatch" patternUnits="userSpaceOnUse" width="6" height="6" '
            f'patternTransform="rotate(45)"><line x1="0" y1="0" x2="0" y2="6" stroke="{HATCH}" '
            'stroke-width="2"/></pattern></defs>',
            *body,
            "</svg>",
        ]
    )


def _max(rows: Sequence[Row]) -> int:
    return max([c.value for _, c in rows if c.value is not None] + [1])


def _label_lines(label: str, chars: int) -> list[str]:
    """A category label broken into lines of at most ``chars`` characters (never cut)."""
    return textwrap.wrap(label, max(chars, 8), break_long_words=False) or [""]


def bar_chart(rows: Sequence[Row], *, title: str, desc: str, uid: str = "bars", width: int = 520) -> str:
    """Horizontal bars, one per category, in the order given. Labels get the room their longest line
    needs (up to about half the width) and wrap onto more lines beyond that, so none is cut."""
    bar_h, gap, top, value_w = 18, 8, 10, 70
    longest = max((len(label) for label, _cell in rows), default=0)
    label_w = round(min(max(longest * CHAR_W + 14, 120), width * 0.5))
    plot_w = width - label_w - value_w
    scale = plot_w / _max(rows)
    body, y = [], top
    for label, cell in rows:
        lines = _label_lines(label, int((label_w - 14) / CHAR_W))
        row_h = max(bar_h, len(lines) * LINE_H + 4)
        bar_y = y + (row_h - bar_h) / 2
        spans = "".join(
            f'<tspan x="{label_w - 8}" dy="{0 if n == 0 else LINE_H}">{escape(line)}</tspan>'
            for n, line in enumerate(lines)
        )
        first_baseline = round(y + row_h / 2 - (len(lines) - 1) * LINE_H / 2 + 4, 1)
        body.append(f'<text y="{first_baseline}" text-anchor="end" fill="{INK}" {FONT}>{spans}</text>')
        if cell.value is None:
            w = 40
            body.append(
                f'<rect x="{label_w}" y="{bar_y}" width="{w}" height="{bar_h}" fill="url(#{uid}-hatch)" '
                f'stroke="{HATCH}"/>'
            )
        else:
            w = round(cell.value * scale, 1)
            body.append(f'<rect x="{label_w}" y="{bar_y}" width="{w}" height="{bar_h}" fill="{BAR}"/>')
        value = escape(cell_text(cell))
        body.append(f'<text x="{label_w + w + 6}" y="{bar_y + bar_h - 5}" fill="{INK}" {FONT}>{value}</text>')
        y += row_h + gap
    return _svg(uid, width, round(y + top - gap), title, desc, body)


def column_chart(
    rows: Sequence[Row], *, title: str, desc: str, uid: str = "months", width: int = 640, height: int = 240
) -> str:
    """Columns by month (or any ordered period), labelled underneath; suppressed months hatched."""
    left, bottom, top = 40, 40, 20
    plot_h = height - bottom - top
    step = (width - left - 10) / max(len(rows), 1)
    scale = plot_h / _max(rows)
    base = height - bottom
    body = [f'<line x1="{left}" y1="{base}" x2="{width - 10}" y2="{base}" stroke="{INK}"/>']
    for n, (label, cell) in enumerate(rows):
        x = round(left + n * step + step * 0.15, 1)
        w = round(step * 0.7, 1)
        if cell.value is None:
            h = 20
            body.append(
                f'<rect x="{x}" y="{base - h}" width="{w}" height="{h}" fill="url(#{uid}-hatch)" '
                f'stroke="{HATCH}"/>'
            )
        else:
            h = round(cell.value * scale, 1)
            body.append(f'<rect x="{x}" y="{base - h}" width="{w}" height="{h}" fill="{BAR}"/>')
        cx = round(x + w / 2, 1)
        body.append(
            f'<text x="{cx}" y="{base - h - 4}" text-anchor="middle" fill="{INK}" {FONT}>'
            f"{escape(cell_text(cell))}</text>"
        )
        body.append(
            f'<text x="{cx}" y="{base + 16}" text-anchor="middle" fill="{INK}" {FONT}>{escape(label)}</text>'
        )
    return _svg(uid, width, height, title, desc, body)


def class_breaks(values: Sequence[int], classes: int = 5, method: str = "quantile") -> list[float]:
    """Upper bounds of each class (the last one is the maximum)."""
    data = sorted(values)
    if not data:
        return []
    classes = min(classes, len(RAMP), len(set(data))) or 1
    if method == "equal":
        lo, hi = data[0], data[-1]
        return [lo + (hi - lo) * (k + 1) / classes for k in range(classes)]
    if method == "quantile":
        n = len(data)
        return sorted({data[min(n - 1, math.ceil(n * (k + 1) / classes) - 1)] for k in range(classes)})
    raise ValueError(f"unknown classification {method!r}")


def _rings(geometry: Mapping) -> list[list[list[float]]]:
    if geometry["type"] == "Polygon":
        return list(geometry["coordinates"])
    if geometry["type"] == "MultiPolygon":
        return [ring for polygon in geometry["coordinates"] for ring in polygon]
    raise ValueError(f"unsupported geometry {geometry['type']}")


def choropleth(
    features: Sequence[Mapping],
    values: Mapping[str, Cell],
    *,
    code_property: str,
    name_property: str | None = None,
    title: str,
    desc: str,
    method: str = "quantile",
    classes: int = 5,
    uid: str = "map",
    width: int = 560,
) -> str:
    """A map of already-simplified (GeoJSON-like) polygons shaded by published value, with a legend."""
    points = [pt for f in features for ring in _rings(f["geometry"]) for pt in ring]
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    # Equirectangular with the longitude squeezed by cos(latitude): right for a city-sized area.
    k = math.cos(math.radians((min(ys) + max(ys)) / 2))
    span_x, span_y = (max(xs) - min(xs)) * k or 1, (max(ys) - min(ys)) or 1
    map_w = width - 20
    map_h = map_w * span_y / span_x
    legend_h = 24 * (classes + 2)
    height = round(map_h + legend_h + 30)

    def project(pt):
        x = 10 + (pt[0] - min(xs)) * k / span_x * map_w
        return round(x, 1), round(10 + (max(ys) - pt[1]) / span_y * map_h, 1)

    published = [c.value for c in values.values() if c.value is not None]
    breaks = class_breaks(published, classes, method)
    body = []
    for f in features:
        code = str(f["properties"][code_property])
        cell = values.get(code)
        if cell is None or cell.value is None:
            fill = f"url(#{uid}-hatch)"
        else:
            fill = RAMP[next(n for n, b in enumerate(breaks) if cell.value <= b + 1e-9)]
        d = " ".join(
            "M" + " L".join(f"{x},{y}" for x, y in map(project, ring)) + " Z"
            for ring in _rings(f["geometry"])
        )
        name = f["properties"].get(name_property, code) if name_property else code
        label = f"{name}: {cell_text(cell) if cell else _('no data')}"
        body.append(
            f'<path d="{d}" fill="{fill}" stroke="#ffffff" stroke-width="0.8">'
            f"<title>{escape(label)}</title></path>"
        )
    y = round(map_h + 30)
    lower = min(published) if published else 0
    entries = []
    for n, b in enumerate(breaks):
        start = math.ceil(lower) if n == 0 else math.floor(breaks[n - 1]) + 1
        entries.append((RAMP[n], f"{start}–{math.floor(b)}"))
    entries.append((f"url(#{uid}-hatch)", _("c: withheld (would reveal a small count)")))
    for n, (fill, text) in enumerate(entries):
        yy = y + n * 24
        body.append(f'<rect x="10" y="{yy}" width="18" height="18" fill="{fill}" stroke="{HATCH}"/>')
        body.append(f'<text x="36" y="{yy + 14}" fill="{INK}" {FONT}>{escape(text)}</text>')
    return _svg(uid, width, height, title, desc, body)


def data_table_html(rows: Sequence[Row], *, caption: str, header: tuple[str, str] | None = None) -> str:
    """The numbers behind a chart as an accessible HTML table (withheld cells read "c"); numbers are
    right-aligned (class ``num``) so that they line up by their units."""
    header = header or (_("Category"), _("Cases"))
    lines = [
        '<table class="data">',
        f"<caption>{escape(caption)}</caption>",
        f'<thead><tr><th scope="col">{escape(header[0])}</th>'
        f'<th scope="col" class="num">{escape(header[1])}</th></tr></thead>',
        "<tbody>",
    ]
    for label, cell in rows:
        lines.append(
            f'<tr><th scope="row">{escape(label)}</th><td class="num">{escape(cell_text(cell))}</td></tr>'
        )
    lines += ["</tbody>", "</table>"]
    return "\n".join(lines)

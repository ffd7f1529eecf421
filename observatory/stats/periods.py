"""Reporting periods: a quarter (`2026Q3`), a year (`2026`) or a year to date (`2026Q3-YTD`).

Dates are half-open where they meet the database (`start <= d < stop`) and inclusive where people read
them (`start`, `end`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext, gettext_noop

_PATTERN = re.compile(r"^(?P<year>\d{4})(?:Q(?P<quarter>[1-4])(?P<ytd>-YTD)?)?$")


@dataclass(frozen=True, order=True)
class Period:
    """A calendar year, one of its quarters, or the year up to the end of a quarter (``ytd``)."""

    year: int
    quarter: int | None = None
    ytd: bool = False

    def __post_init__(self):
        if not 1 <= self.year <= 9999:
            raise ValueError(f"year out of range: {self.year}")
        if self.quarter is not None and self.quarter not in (1, 2, 3, 4):
            raise ValueError(f"quarter must be 1-4, not {self.quarter}")
        if self.ytd and self.quarter is None:
            raise ValueError("a year-to-date period needs the quarter it runs to")

    def __str__(self) -> str:
        if self.quarter is None:
            return f"{self.year:04d}"
        return f"{self.year:04d}Q{self.quarter}" + ("-YTD" if self.ytd else "")

    @property
    def kind(self) -> str:
        return "year" if self.quarter is None else ("ytd" if self.ytd else "quarter")

    @property
    def first_quarter(self) -> int:
        return self.quarter if self.kind == "quarter" else 1

    @property
    def last_quarter(self) -> int:
        return 4 if self.quarter is None else self.quarter

    @property
    def start(self) -> date:
        return date(self.year, 3 * self.first_quarter - 2, 1)

    @property
    def stop(self) -> date:
        """First day after the period (exclusive bound for queries)."""
        if self.last_quarter == 4:
            return date(self.year + 1, 1, 1)
        return date(self.year, 3 * self.last_quarter + 1, 1)

    @property
    def end(self) -> date:
        """Last day of the period (inclusive)."""
        return self.stop - timedelta(days=1)

    def quarters(self) -> tuple[Period, ...]:
        """The quarters this period is made of, in order."""
        return tuple(Period(self.year, q) for q in range(self.first_quarter, self.last_quarter + 1))

    def months(self) -> tuple[tuple[int, int], ...]:
        """(year, month) pairs covered, in order; incident dates are stored to the month."""
        return tuple((self.year, m) for m in range(3 * self.first_quarter - 2, 3 * self.last_quarter + 1))

    def contains(self, other: Period) -> bool:
        return set(other.quarters()) <= set(self.quarters())

    def previous(self) -> Period:
        """The period of the same kind just before: 2026Q1 -> 2025Q4, 2026 -> 2025, 2026Q3-YTD -> 2026Q2-YTD
        (and 2026Q1-YTD -> 2025Q4-YTD, the whole of 2025 written as a year to date)."""
        if self.quarter is None:
            return Period(self.year - 1)
        if self.quarter == 1:
            return Period(self.year - 1, 4, self.ytd)
        return Period(self.year, self.quarter - 1, self.ytd)

    def has_ended(self, today: date) -> bool:
        """True once every day of the period is over: only then are its counts complete."""
        return self.stop <= today

    @property
    def label(self) -> str:
        """The period in words for readers, in the active language ("third quarter of 2026"); the code
        (``2026Q3-YTD``) is for files and addresses only."""
        if self.kind == "year":
            return str(self.year)
        if self.kind == "quarter":
            text = QUARTER_LABELS[self.quarter]
        else:
            text = YTD_LABELS[self.quarter]
        return gettext(text) % {"year": self.year}

    def year_before(self) -> Period:
        """The same period one year earlier, for year-on-year comparison."""
        return Period(self.year - 1, self.quarter, self.ytd)


# Whole phrases (msgids, translated when shown), not pieces, so that each language can word them its own way.
QUARTER_LABELS = {
    1: gettext_noop("first quarter of %(year)d"),
    2: gettext_noop("second quarter of %(year)d"),
    3: gettext_noop("third quarter of %(year)d"),
    4: gettext_noop("fourth quarter of %(year)d"),
}
YTD_LABELS = {
    1: gettext_noop("January to March %(year)d"),
    2: gettext_noop("January to June %(year)d"),
    3: gettext_noop("January to September %(year)d"),
    4: gettext_noop("January to December %(year)d"),
}


def parse_period(text: str) -> Period:
    """Parse ``2026``, ``2026Q3`` or ``2026Q3-YTD``; anything else raises ValueError."""
    match = _PATTERN.match(text.strip().upper())
    if not match:
        raise ValueError(f"not a period: {text!r} (expected 2026, 2026Q3 or 2026Q3-YTD)")
    quarter = match["quarter"]
    return Period(int(match["year"]), int(quarter) if quarter else None, bool(match["ytd"]))

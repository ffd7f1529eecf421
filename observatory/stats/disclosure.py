"""The rules of what may be published (DESIGN §8) that are not arithmetic, and the shape of a published table.

The arithmetic protection is cell-key perturbation (``perturbation``): every published count is perturbed,
nothing is suppressed by threshold. The pre-publication audit (``audit``) plays a reader holding every
release and withholds what would still pin a small count; a withheld cell has status ``C``.

What stays, whatever the counts:

* victim profile is never crossed with ground or place (``check_table_spec``);
* percentages only on published denominators of at least 10 (``percentage``);
* incident points are never published, maps are of aggregates only (tables count codes, never points).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

PERCENT_MIN_DENOMINATOR = 10
TOTAL = "_total"  # the margin key: (TOTAL, ALL) is the total of a one-way table
ALL = "_all"  # the single column of a one-way table

# Victim profile must never be crossed with ground or place: small groups there identify people.
PROFILE_DIMENSIONS = frozenset(
    {"reporter_role", "age_group", "sex", "gender", "nationality", "migrant_status"}
)
NOT_WITH_PROFILE = frozenset({"grounds", "ground", "comva", "district", "barrio", "neighbourhood"})
GEOGRAPHY_DIMENSIONS = frozenset({"district", "barrio", "neighbourhood"})


class Status(StrEnum):
    """SDMX CONF_STATUS codes: ``F`` free (the perturbed value is published), ``C`` confidential (withheld
    because the pre-publication audit found that, with everything else published, it would pin a count)."""

    FREE = "F"
    WITHHELD = "C"


class ForbiddenTable(ValueError):
    """A table that must never be published, whatever its counts."""


Key = tuple[str, str]


def check_table_spec(row_dimension: str, col_dimension: str | None = None) -> None:
    """Refuse a cross of victim profile with ground or geography (DESIGN §8)."""
    dims = {row_dimension, col_dimension} - {None}
    if dims & PROFILE_DIMENSIONS and dims & NOT_WITH_PROFILE:
        raise ForbiddenTable(
            f"{row_dimension} × {col_dimension}: victim profile is never crossed with ground or place"
        )


@dataclass(frozen=True)
class Cell:
    value: int | None  # None when withheld
    status: Status


@dataclass(frozen=True)
class PublishedTable:
    """What may leave the building for one period: perturbed values (None when withheld) by category,
    the total included as ``(TOTAL, ALL)``."""

    period: str
    row_dimension: str
    rows: tuple[str, ...]
    cells: Mapping[Key, Cell]

    def __post_init__(self):
        check_table_spec(self.row_dimension)

    def __getitem__(self, key: Key) -> Cell:
        return self.cells[key]

    @property
    def grand_total(self) -> Cell:
        return self.cells.get((TOTAL, ALL), Cell(None, Status.WITHHELD))


def percentage(numerator: Cell, denominator: Cell) -> float | None:
    """A percentage only when both counts are published and the denominator is at least 10."""
    if numerator.value is None or denominator.value is None:
        return None
    if denominator.value < PERCENT_MIN_DENOMINATOR:
        return None
    return 100.0 * numerator.value / denominator.value


def row_percentages(table: PublishedTable) -> dict[Key, float | None]:
    """Each category as a share of the table's total."""
    return {
        (r, ALL): percentage(table[(r, ALL)], table.grand_total)
        for r in table.rows
        if (r, ALL) in table.cells
    }

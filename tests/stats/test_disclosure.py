"""Disclosure control: what a reader can infer from a published table, checked by an independent audit."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from observatory.stats.disclosure import (
    ALL,
    TOTAL,
    Cell,
    ForbiddenTable,
    PublishedTable,
    Status,
    Table,
    audit_table,
    geography_release,
    percentage,
    row_percentages,
    suppress_family,
    suppress_table,
)
from observatory.stats.periods import parse_period, release_family

ROWS = ("racism", "antigypsyism", "sex_gender", "disability")
COLS = ("housing", "employment", "public_space")
KNOWN = {
    ("racism", "housing"): 20, ("racism", "employment"): 3, ("racism", "public_space"): 12,
    ("antigypsyism", "housing"): 9, ("antigypsyism", "employment"): 10, ("antigypsyism", "public_space"): 2,
    ("sex_gender", "housing"): 15, ("sex_gender", "employment"): 11, ("sex_gender", "public_space"): 9,
    ("disability", "housing"): 0, ("disability", "employment"): 8, ("disability", "public_space"): 14,
}  # fmt: skip


def two_way(counts, rows=ROWS, cols=COLS):
    return Table("grounds", rows, counts, "domain", cols)


def true_value(table: Table, key):
    r, c = key
    ext = table.extended()
    return int(ext[table.ext_rows.index(r), table.ext_cols.index(c)])


def assert_published_faithfully(table: Table, published: PublishedTable):
    for key, cell in published.cells.items():
        truth = true_value(table, key)
        if cell.status is Status.FREE:
            assert cell.value == truth
            assert not 1 <= truth <= 4
        else:
            assert cell.value is None
            assert (cell.status is Status.PRIMARY) == (1 <= truth <= 4)


def test_known_table_publishes_true_counts_or_nothing_and_never_a_small_count():
    table = two_way(KNOWN)
    published = suppress_table(table, "2026")
    assert_published_faithfully(table, published)
    assert published[("racism", "employment")] == Cell(None, Status.PRIMARY)
    assert published[("antigypsyism", "public_space")].display == "<5"
    assert published[("disability", "housing")] == Cell(0, Status.FREE)  # zero is not sensitive
    assert len(published.suppressed()) > 2  # two primaries alone would be recoverable from the margins
    assert published.grand_total == Cell(113, Status.FREE)
    assert audit_table(published).ok


def test_suppression_is_deterministic():
    table = two_way(KNOWN)
    assert suppress_table(table, "x") == suppress_table(table, "x")


def test_exact_audit_uses_what_the_status_codes_say():
    # Row: A + D = 7. As a linear programme A can be anything in 1..4; but D is 0 or >= 5, so A is 1 or 2.
    cells = {("a", ALL): Cell(None, Status.PRIMARY), ("b", ALL): Cell(None, Status.SECONDARY)}
    cells[(TOTAL, ALL)] = Cell(7, Status.FREE)
    published = PublishedTable("2026", "grounds", ("a", "b"), None, (ALL,), cells)
    assert audit_table(published, exact=False).ok
    report = audit_table(published)
    assert not report.ok
    assert report.ranges[("2026", ("a", ALL))] == (1, 2)


def test_line_with_a_small_total_is_published_as_its_total_alone():
    # Published cell by cell, 1 + 1 = 2 would be pinned: the A flags alone prove each cell is 1.
    table = Table.one_way("grounds", {"racism": 1, "age": 1, "health": 0})
    published = suppress_table(table, "2026Q1")
    assert published.cells == {(TOTAL, ALL): Cell(None, Status.PRIMARY)}
    two = two_way({**KNOWN, ("disability", "housing"): 0, ("disability", "employment"): 1,
                   ("disability", "public_space"): 2})  # fmt: skip
    published = suppress_table(two, "2026")
    assert published[("disability", TOTAL)].status is Status.PRIMARY
    assert not [key for key in published.cells if key[0] == "disability" and key[1] != TOTAL]
    assert audit_table(published).ok


def test_one_way_table_protects_small_categories_with_a_large_one():
    table = Table.one_way("grounds", {"racism": 30, "antigypsyism": 2, "age": 0, "health": 4})
    published = suppress_table(table, "2026")
    assert_published_faithfully(table, published)
    assert published[("racism", ALL)].status is Status.SECONDARY
    assert published[("age", ALL)] == Cell(0, Status.FREE)
    assert audit_table(published).ok


@pytest.mark.parametrize("profile", ["reporter_role", "age_group"])
@pytest.mark.parametrize("place_or_ground", ["grounds", "district"])
def test_victim_profile_is_never_crossed_with_ground_or_place(profile, place_or_ground):
    with pytest.raises(ForbiddenTable):
        Table(profile, ("victim",), {}, place_or_ground, ("racism",))
    with pytest.raises(ForbiddenTable):
        Table(place_or_ground, ("racism",), {}, profile, ("victim",))
    Table(profile, ("victim",), {}, "domain", ("housing",))  # profile by domain is allowed


def test_percentages_need_a_published_denominator_of_ten():
    assert percentage(Cell(5, Status.FREE), Cell(10, Status.FREE)) == 50.0
    assert percentage(Cell(5, Status.FREE), Cell(9, Status.FREE)) is None
    assert percentage(Cell(None, Status.PRIMARY), Cell(40, Status.FREE)) is None
    published = suppress_table(two_way(KNOWN), "2026")
    shares = row_percentages(published)
    assert shares[("racism", "employment")] is None
    assert shares[("racism", "housing")] == pytest.approx(100 * 20 / 35)


def test_district_tables_fall_back_when_any_cell_is_small():
    rows = ("d01", "d02")
    quarter = Table("district", rows, {("d01", ALL): 7, ("d02", ALL): 3})
    other = Table("district", rows, {("d01", ALL): 6, ("d02", ALL): 9})
    base = {"2026Q1": quarter, "2026Q2": other}
    release = geography_release(base, {"2026Q1": ("2026Q1",), "2026Q2": ("2026Q2",), "H1": base.keys()})
    assert release.fallback == ("2026Q1",)
    assert set(release.published) == {"2026Q2", "H1"}
    assert release.published["H1"][("d02", ALL)] == Cell(12, Status.FREE)


# --- property-based ----------------------------------------------------------------------------------

SMALL_SKEWED = st.sampled_from([0, 0, 0, 1, 1, 2, 3, 4, 5, 6, 8, 9, 12, 20, 35])


@st.composite
def tables(draw, one_way=None):
    n_rows = draw(st.integers(2, 4))
    rows = tuple(f"r{i}" for i in range(n_rows))
    if one_way if one_way is not None else draw(st.booleans()):
        return Table("grounds", rows, {(r, ALL): draw(SMALL_SKEWED) for r in rows})
    cols = tuple(f"c{j}" for j in range(draw(st.integers(2, 4))))
    return Table("grounds", rows, {(r, c): draw(SMALL_SKEWED) for r in rows for c in cols}, "domain", cols)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables())
def test_no_suppressed_cell_can_be_pinned_by_an_independent_audit(table):
    published = suppress_table(table, "2026")
    if published is None:
        return  # withheld: nothing leaves the building
    assert_published_faithfully(table, published)
    report = audit_table(published)
    assert report.ok, report.problems
    for key, cell in published.cells.items():
        if true_value(table, key) == 0:
            assert cell.status is not Status.PRIMARY


@st.composite
def quarters(draw):
    shape = draw(tables())
    counts = {}
    for q in range(1, 5):
        counts[f"2026Q{q}"] = Table(
            shape.row_dimension,
            shape.rows,
            {key: draw(SMALL_SKEWED) for key in shape.counts},
            shape.col_dimension,
            shape.cols,
        )
    return counts


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(quarters(), st.sampled_from(["2026Q2", "2026Q3", "2026"]))
def test_quarters_year_to_date_and_year_cannot_be_subtracted_from_one_another(base, release):
    family = release_family(parse_period(release))
    result = suppress_family(base, family)
    published = list(result.published.values())
    if not published:
        return
    # One suppression pattern for every period released together.
    patterns = {frozenset(t.suppressed()) for t in published}
    assert len(patterns) == 1
    for table in published:
        truth = Table(
            base["2026Q1"].row_dimension,
            base["2026Q1"].rows,
            {k: sum(base[q].counts.get(k, 0) for q in family[table.period]) for k in base["2026Q1"].counts},
            base["2026Q1"].col_dimension,
            base["2026Q1"].cols,
        )
        assert_published_faithfully(truth, table)
    # The audit models every published period as a sum of the same quarterly unknowns.
    report = audit_table(published, {t.period: family[t.period] for t in published})
    assert report.ok, report.problems


def test_year_is_kept_and_quarters_withheld_when_quarters_would_pin_it():
    # Q1 = 1 and Q2 = 2 at one place: their A flags prove the year (3) is at least 2.
    rows = ("racism", "age")
    base = {
        f"2026Q{q}": Table.one_way("grounds", {"racism": 40, "age": n})
        for q, n in zip(range(1, 5), (1, 2, 0, 0), strict=True)
    }
    family = release_family(parse_period("2026"))
    result = suppress_family(base, family)
    assert "2026" in result.published
    assert {"2026Q1", "2026Q2"} <= set(result.withheld)
    assert result.published["2026"][("age", ALL)].status is Status.PRIMARY
    assert rows == result.published["2026"].rows
    report = audit_table(list(result.published.values()), {p: family[p] for p in result.published})
    assert report.ok, report.problems

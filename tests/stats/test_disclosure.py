"""The publication rules that are not arithmetic: no profile × ground or place, percentages on 10+."""

import pytest

from observatory.stats.disclosure import (
    ALL,
    TOTAL,
    Cell,
    ForbiddenTable,
    PublishedTable,
    Status,
    check_table_spec,
    percentage,
    row_percentages,
)


@pytest.mark.parametrize("profile", ["reporter_role", "age_group"])
@pytest.mark.parametrize("place_or_ground", ["grounds", "comva", "district", "neighbourhood"])
def test_victim_profile_is_never_crossed_with_ground_or_place(profile, place_or_ground):
    with pytest.raises(ForbiddenTable):
        check_table_spec(profile, place_or_ground)
    with pytest.raises(ForbiddenTable):
        check_table_spec(place_or_ground, profile)
    check_table_spec(profile, "domain")  # profile by domain is allowed
    check_table_spec(profile)


def test_percentages_need_a_published_denominator_of_ten():
    assert percentage(Cell(5, Status.FREE), Cell(10, Status.FREE)) == 50.0
    assert percentage(Cell(5, Status.FREE), Cell(9, Status.FREE)) is None
    assert percentage(Cell(None, Status.WITHHELD), Cell(40, Status.FREE)) is None
    assert percentage(Cell(3, Status.FREE), Cell(None, Status.WITHHELD)) is None
    table = PublishedTable(
        "2026",
        "grounds",
        ("racism", "age"),
        {
            ("racism", ALL): Cell(20, Status.FREE),
            ("age", ALL): Cell(0, Status.FREE),
            (TOTAL, ALL): Cell(8, Status.FREE),
        },
    )
    assert row_percentages(table) == {("racism", ALL): None, ("age", ALL): None}  # total below 10

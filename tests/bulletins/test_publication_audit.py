"""Publication is refused, on the real database, when the releases already out and the candidate together
pin a small count: the pre-publication audit plays the reader with every release stored in the database.

The shipped pTable is built so that real data rarely, if ever, comes to that; to see the refusal happen the
test swaps in a weak table (counts from 3 up published exactly) under which year-to-date differencing
gives a quarter away: Q3 = (Jan–Sep) − (Jan–Jun)."""

from datetime import date

import pytest

from cms.actions import build_bulletin, publish_bulletin
from observatory.stats import audit, perturbation
from observatory.stats.perturbation import KEY_RANGE, PTable
from tests.bulletins.seed import Row, at, seed


@pytest.fixture
def weak_ptable(monkeypatch):
    """1 is published as 0, 2 as 3, and every count from 3 up as itself."""
    noise = {(1, k): -1 for k in range(KEY_RANGE)} | {(2, k): 1 for k in range(KEY_RANGE)}
    noise |= {(3, k): 0 for k in range(KEY_RANGE)}
    table = PTable(noise, cap=3)
    table.check()
    monkeypatch.setattr(perturbation, "ptable", lambda path=None: table)
    monkeypatch.setattr(audit, "ptable", lambda path=None: table)
    return table


@pytest.fixture
def one_case_in_q3(db, places, organisation):
    """Five cases in each of the first two quarters of 2026, and a single case in the third."""
    hood, district = places[0]
    days = [date(2026, 2, 10)] * 5 + [date(2026, 5, 10)] * 5 + [date(2026, 8, 10)]
    rows = [
        Row(received_at=at(day), neighbourhood=hood, district=district, record_key=n)
        for n, day in enumerate(days)
    ]
    seed(rows, organisation)
    return rows


def test_publishing_is_refused_when_the_published_releases_pin_a_count_with_the_candidate(
    weak_ptable, one_case_in_q3, site_root, media_root
):
    q3 = build_bulletin("2026Q3").page  # built while nothing is published: alone it pins nothing
    assert q3.get_latest_revision_as_object().data["audit"]["pinned"] == []
    q2 = publish_bulletin(build_bulletin("2026Q2").page)  # January–June goes out: 10 cases, exactly
    assert q2.live
    ytd2 = q2.data["figures"]["tables"]["headline"]["periods"]["2026Q2-YTD"]["cells"]["case"]
    ytd3 = q3.get_latest_revision_as_object().data["figures"]["tables"]["headline"]["periods"]["2026Q3-YTD"]
    assert ytd2 == [10, "F"] and ytd3["cells"]["case"] == [11, "F"]  # 11 - 10: the quarter holds 1 case

    with pytest.raises(ValueError, match="refusing to publish") as refused:
        publish_bulletin(q3)
    assert "would be pinned: 2026Q3 · " in str(refused.value)  # the message names the cells
    q3.refresh_from_db()
    assert not q3.live

    # Rebuilt now, the bulletin sees the published Q2 release and withholds what would pin the case.
    rebuilt = build_bulletin("2026Q3").page
    withheld = rebuilt.get_latest_revision_as_object().data["audit"]["withheld"]
    assert any(w.startswith("2026Q3 · district · ") for w in withheld), withheld
    assert publish_bulletin(rebuilt).live

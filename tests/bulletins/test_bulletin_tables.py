"""What a bulletin publishes, checked against counts computed independently from the seeded rows."""

import pytest

from observatory.stats.actions import compute_bulletin, publication_problems
from observatory.stats.disclosure import TOTAL
from observatory.stats.periods import parse_period
from tests.bulletins.truth import total, truth


@pytest.fixture
def districts(boundaries):
    from observatory.geography.models import District

    return set(District.objects.values_list("code", flat=True))


def published_cells(data, table_id):
    for period, table in data["figures"]["tables"][table_id]["periods"].items():
        for row, (value, status) in table["cells"].items():
            yield period, row, value, status


@pytest.mark.parametrize("bulletin", ["2026Q3", "2026Q4"])
def test_every_published_cell_is_the_true_count_or_suppressed_and_never_1_to_4(dataset, districts, bulletin):
    data = compute_bulletin(parse_period(bulletin))
    assert publication_problems(data) == []
    checked = 0
    for table_id in data["figures"]["tables"]:
        for period, row, value, status in published_cells(data, table_id):
            if row == TOTAL:
                true = total(dataset, table_id, period, districts)
            else:
                true = truth(dataset, table_id, period, districts)[row]
            if status == "F":
                assert value == true, (table_id, period, row)
                assert not 1 <= value <= 4
            else:
                assert value is None
                assert (status == "A") == (1 <= true <= 4), (table_id, period, row, status, true)
            checked += 1
    assert checked > 200
    # The seeded data has small categories: something must have been suppressed.
    statuses = {s for t in data["figures"]["tables"] for *_x, s in published_cells(data, t)}
    assert {"A", "D"} <= statuses


@pytest.mark.parametrize("bulletin", ["2026Q3", "2026Q4"])
def test_quarter_year_to_date_and_year_share_one_suppression_pattern(dataset, bulletin):
    data = compute_bulletin(parse_period(bulletin))
    assert len(data["figures"]["shown"]) == 2  # Q3 with Q3-YTD; Q4 with the year
    for table_id, item in data["figures"]["tables"].items():
        if table_id in ("district", "neighbourhood", "headline") or len(item["periods"]) < 2:
            continue  # maps publish only tables with nothing to suppress; the headline's total is derived
        patterns = {
            frozenset((row, status != "F") for row, (_v, status) in table["cells"].items())
            for table in item["periods"].values()
        }
        assert len(patterns) == 1, table_id


def test_information_requests_and_multi_ground_cases_follow_the_documented_rules(dataset):
    data = compute_bulletin(parse_period("2026Q3"))
    headline = data["figures"]["tables"]["headline"]["periods"]["2026Q3"]["cells"]
    assert headline["information_request"][0] == truth(dataset, "headline", "2026Q3")["information_request"]
    grounds_total = data["figures"]["tables"]["grounds"]["periods"]["2026Q3"]["cells"][TOTAL][0]
    assert grounds_total > headline["case"][0]  # several grounds per case are each counted


def test_district_map_is_published_only_when_every_district_clears_the_threshold(dataset, districts):
    data = compute_bulletin(parse_period("2026Q3"))
    item = data["figures"]["tables"]["district"]
    for period in data["figures"]["shown"]:
        small = [d for d, n in truth(dataset, "district", period, districts).items() if 1 <= n <= 4]
        if small:
            assert period in item["withheld"] and period not in item["periods"]
        else:
            assert period in item["periods"]
    if item["periods"]:
        features = data["figures"]["maps"]["district"]
        assert len(features) == 19
        assert all(f["geometry"]["type"] in ("Polygon", "MultiPolygon") for f in features)


def test_rates_per_10000_residents_use_the_loaded_population(dataset, districts):
    from observatory.geography.models import Neighbourhood
    from observatory.stats.models import Population

    Population.objects.bulk_create(
        Population(neighbourhood=n, residents=8000) for n in Neighbourhood.objects.all()
    )
    data = compute_bulletin(parse_period("2026Q3"))
    item = data["figures"]["tables"]["district"]
    for period, table in item["periods"].items():
        rates = item["rates"][period]
        for code, (value, _status) in table["cells"].items():
            if code in districts:
                residents = 8000 * Neighbourhood.objects.filter(district__code=code).count()
                assert rates[code] == round(10_000 * value / residents, 2)

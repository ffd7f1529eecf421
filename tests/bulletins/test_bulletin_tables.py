"""What a bulletin publishes, checked against counts and cell keys computed independently from the seeded
rows: every value is the pTable's perturbation of the true count, or withheld by the audit."""

import pytest

from observatory.stats.actions import compute_bulletin
from observatory.stats.disclosure import TOTAL
from observatory.stats.periods import parse_period
from observatory.stats.perturbation import ptable
from tests.bulletins.truth import tally, truth


@pytest.fixture
def districts(boundaries):
    from observatory.geography.models import District

    return set(District.objects.values_list("code", flat=True))


def published_cells(data, table_id):
    for period, table in data["figures"]["tables"][table_id]["periods"].items():
        for row, (value, status) in table["cells"].items():
            yield period, row, value, status


@pytest.mark.parametrize("bulletin", ["2026Q3", "2025"])
def test_every_published_cell_is_the_perturbed_true_count_and_never_1_or_2(dataset, districts, bulletin):
    data = compute_bulletin(parse_period(bulletin))
    table = ptable()
    checked = changed = withheld = 0
    for table_id in data["figures"]["tables"]:
        for period, row, value, status in published_cells(data, table_id):
            n, keys = tally(dataset, table_id, period, None if row == TOTAL else row, districts)
            if status == "C":
                assert value is None
                withheld += 1
                continue
            assert status == "F"
            assert value == table.perturb(n, keys), (table_id, period, row)
            assert value not in (1, 2) and abs(value - n) <= table.max_noise
            assert (n == 0) <= (value == 0)  # a true zero stays zero
            changed += value != n
            checked += 1
    assert checked > 200
    assert changed > checked / 3  # the noise is there: most small and large cells move
    assert withheld < checked / 10


def test_the_same_cases_give_the_same_value_everywhere(dataset, districts):
    """Every case table counts the same cases as the headline's "case" row: their totals are one value."""
    data = compute_bulletin(parse_period("2026Q3"))
    tables = data["figures"]["tables"]
    for period in data["figures"]["shown"]:
        cases = tables["headline"]["periods"][period]["cells"]["case"]
        for table_id in ("domain", "incident_type", "reporter_role", "month", "police", "district"):
            total = tables[table_id]["periods"][period]["cells"][TOTAL]
            assert total == cases or "C" in (total[1], cases[1]), (table_id, period)


def test_a_rebuild_of_the_same_cases_publishes_the_same_figures(dataset):
    first = compute_bulletin(parse_period("2026Q3"))
    again = compute_bulletin(parse_period("2026Q3"))
    assert first["fingerprint"] == again["fingerprint"]


def test_information_requests_and_multi_ground_cases_follow_the_documented_rules(dataset):
    data = compute_bulletin(parse_period("2026Q3"))
    headline = data["figures"]["tables"]["headline"]["periods"]["2026Q3"]["cells"]
    info = truth(dataset, "headline", "2026Q3")["information_request"]
    assert abs(headline["information_request"][0] - info) <= ptable().max_noise
    grounds_total = data["figures"]["tables"]["grounds"]["periods"]["2026Q3"]["cells"][TOTAL][0]
    assert grounds_total > headline["case"][0]  # several grounds per case are each counted


def test_serophobia_is_not_a_category_that_can_only_be_zero(dataset):
    data = compute_bulletin(parse_period("2026Q3"))
    assert "serofobia" not in data["figures"]["tables"]["comva"]["periods"]["2026Q3"]["rows"]
    assert "racisme" in data["figures"]["tables"]["comva"]["periods"]["2026Q3"]["rows"]


def test_district_map_is_published_every_period_with_every_district(dataset, districts):
    data = compute_bulletin(parse_period("2026Q3"))
    item = data["figures"]["tables"]["district"]
    assert set(item["periods"]) == set(data["figures"]["shown"])
    for table in item["periods"].values():
        assert districts <= set(table["cells"])
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
        for code, (value, status) in table["cells"].items():
            if code in districts and status == "F" and value:
                residents = 8000 * Neighbourhood.objects.filter(district__code=code).count()
                assert rates[code] == round(10_000 * value / residents, 2)

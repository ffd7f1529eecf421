"""The shipped perturbation table keeps the promises the methodology text makes to readers."""

import csv
import random
from collections import Counter

import pytest

from observatory.stats import perturbation
from observatory.stats.perturbation import KEY_RANGE, PTABLE_PATH, PTable, ptable


def test_ptable_has_the_ons_columns_and_a_row_per_cell_key():
    with open(PTABLE_PATH, encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert set(rows[0]) == {"pcv", "ckey", "pvalue"}
    table = ptable()
    assert len(rows) == table.cap * KEY_RANGE


def test_zero_stays_zero_and_small_counts_are_never_published_as_themselves():
    table = ptable()
    assert table.outcomes(0) == {0}
    for n in (1, 2):
        assert n not in table.outcomes(n)
    for n in range(0, 60):
        assert not {1, 2} & table.outcomes(n)
        assert all(abs(v - n) <= table.max_noise for v in table.outcomes(n))
    assert table.max_noise == 3 and table.max_large_noise == 2


def test_noise_is_zero_on_average_from_one_case_up():
    table = ptable()
    for pcv in range(1, table.cap + 1):
        mean = sum(table.noise[(pcv, k)] for k in range(KEY_RANGE)) / KEY_RANGE
        assert abs(mean) < 0.01, pcv


def test_the_same_cases_always_give_the_same_value_and_keys_spread_the_noise():
    rnd = random.Random(3)
    keys = [rnd.randrange(256) for _ in range(40)]
    assert perturbation.perturb(40, sum(keys)) == perturbation.perturb(40, sum(reversed(keys)))
    seen = Counter(perturbation.perturb(40, rnd.randrange(10**6)) - 40 for _ in range(2000))
    assert set(seen) == {-2, -1, 0, 1, 2}


@pytest.mark.parametrize("published", [0, 3, 4, 5, 6, 7, 30])
def test_bounds_are_exactly_the_true_counts_that_can_give_a_value(published):
    table = ptable()
    lo, hi = table.bounds(published)
    behind = {n for n in range(published + 10) if published in table.outcomes(n)}
    assert behind == set(range(lo, hi + 1))


def test_a_table_that_would_publish_a_one_is_refused():
    noise = {(p, k): 0 for p in range(1, 6) for k in range(KEY_RANGE)}
    with pytest.raises(ValueError, match="1 or 2"):
        PTable(noise, 5).check()

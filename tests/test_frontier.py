"""gaplib.algorithms.frontier: the book's frontier trend, its robustness rows and the trend-implied catch-up odds."""

from __future__ import annotations

import math

import pytest

from gaplib.algorithms import frontier, segmented
from gaplib.replications import epoch_trends as et
from tests.test_epoch_trends import _planted


@pytest.fixture(scope="module")
def planted():
    # the other line 1 OOM above China's at the last date, 0.68 OOM/year against China's 0.3 after 2021-10
    return et.compare_trends(_planted(noise=0.1, n=50), n_boot=200, seed=3)


def test_catch_up_probability_grows_with_horizon_and_china_growth(planted):
    p = frontier.catch_up_probability(planted, [1.0, 5.0, 20.0, 60.0])
    assert list(p) == sorted(p) and p[0] == 0.0
    slow, fast = (frontier.catch_up_probability(planted, 5.0, g)[0] for g in (2.0, 20.0))
    assert slow == 0.0 and fast == 1.0  # 1 OOM closes in 5 years only if China gains 0.2 OOM/year on 0.68


def test_required_growth_meets_the_stated_odds(planted):
    g = frontier.required_china_growth(planted, 5.0, 0.5)
    # the median replicate needs log10 g - 0.68 = 1 OOM / 5 years
    assert math.log10(g) == pytest.approx(0.68 + 0.2, abs=0.05)
    assert frontier.catch_up_probability(planted, 5.0, g)[0] == pytest.approx(0.5, abs=1 / 200 + 1e-9)
    for target in (0.1, 0.3, 0.9):
        got = frontier.required_china_growth(planted, 5.0, target)
        assert frontier.catch_up_probability(planted, 5.0, got * 1.0001)[0] >= target
        assert frontier.catch_up_probability(planted, 5.0, got / 1.0001)[0] <= target
    assert math.isnan(frontier.required_china_growth(planted, 5.0, 1.5))


def test_rows_and_lines(planted):
    row = frontier.comparison_row("Epoch method", planted)
    assert row["china_model"] == segmented.CONTINUOUS and row["china_break"] == "2021-10"
    assert row["lag_months"] == pytest.approx(12 * planted.lag_years)
    lines = frontier.trend_lines(planted, n_dates=20)
    assert set(lines["country"]) == {"China", "Non-China"} and len(lines) == 40
    assert ((lines["low_flop"] <= lines["fit_flop"] * 1.0001) & (lines["fit_flop"] <= lines["high_flop"] * 1.0001)).all()
    assert frontier.growth_relation(planted) == "slower than"

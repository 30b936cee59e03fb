"""The LMArena gap's trend: known slopes, the HAC interval and bad input."""

import numpy as np
import pandas as pd
import pytest

from gaplib import data
from gaplib.algorithms import arena, capability, conventions
from gaplib.guards import EmptySelectionError


def _gaps(values, start="2024-01-01", step_days=7):
    dates = pd.date_range(start, periods=len(values), freq=f"{step_days}D")
    return pd.DataFrame({"date": dates, "gap_elo": values})


def test_a_planted_slope_is_recovered():
    weeks = np.arange(60)
    fit = arena.gap_trend(_gaps(50 - 10 * weeks * 7 / 365.25))  # -10 Elo a year, no noise
    assert fit.elo_per_year == pytest.approx(-10, abs=0.05)
    assert fit.ci_high < 0 and fit.n_versions == 60


def test_a_flat_noisy_gap_gives_an_interval_that_straddles_zero():
    rng = np.random.default_rng(3)
    fit = arena.gap_trend(_gaps(50 + rng.normal(0, 10, 80)))
    assert fit.ci_low < 0 < fit.ci_high


def test_hac_interval_is_wider_than_ordinary_for_correlated_versions():
    import statsmodels.api as sm

    rng = np.random.default_rng(5)
    walk = 50 + np.cumsum(rng.normal(0, 3, 90))  # a random walk: neighbours nearly equal
    frame = _gaps(walk)
    hac = arena.gap_trend(frame)
    x = sm.add_constant(conventions.decimal_year(frame["date"]).to_numpy())
    plain_low, plain_high = sm.OLS(walk, x).fit().conf_int(0.05)[1]
    assert hac.ci_high - hac.ci_low > plain_high - plain_low


@pytest.mark.parametrize("n, lags", [(92, 3), (100, 4), (10, 2)])
def test_newey_west_lags(n, lags):
    assert arena.newey_west_lags(n) == lags


def test_too_few_versions_is_refused():
    with pytest.raises(EmptySelectionError, match="only 2 leaderboard versions"):
        arena.gap_trend(_gaps([40.0, 30.0]))


def test_versions_on_one_date_are_refused():
    with pytest.raises(ValueError, match="share one date"):
        arena.gap_trend(_gaps([40.0, 30.0, 35.0]).assign(date=pd.Timestamp("2025-01-01")))


def test_real_data_direction_is_unclear():
    fit = arena.gap_trend(capability.arena_gap(data.load("lmarena_text_snapshots")))
    assert fit.n_versions == 93  # with the version of 2025-10-03 (2026 vintage)
    assert fit.elo_per_year == pytest.approx(-7.044, abs=1e-3)
    assert fit.ci_low < 0 < fit.ci_high

"""gaplib.leaders.forecasts: log-odds pooling, hazards, stated probabilities and model-implied odds."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from gaplib.algorithms.frontier_fit import FrontierFit
from gaplib.leaders import forecasts

probs = st.floats(0.001, 0.999)


def test_pooling_equal_probabilities_returns_that_probability():
    assert forecasts.pool_log_odds([0.2, 0.2, 0.2]) == pytest.approx(0.2)
    assert forecasts.pool_log_odds([0.2]) == pytest.approx(0.2)


def test_pooling_known_value_and_weights():
    # log-odds of 0.2 and 0.8 are opposite, so their mean is even odds
    assert forecasts.pool_log_odds([0.2, 0.8]) == pytest.approx(0.5)
    assert forecasts.pool_log_odds([0.2, 0.8], weights=[1, 0]) == pytest.approx(0.2)
    with pytest.raises(ValueError, match="nothing to pool"):
        forecasts.pool_log_odds([])
    with pytest.raises(ValueError, match="weights must be non-negative, one per probability"):
        forecasts.pool_log_odds([0.2, 0.3], weights=[1.0])


def test_pooling_clips_certainties():
    assert forecasts.pool_log_odds([0.0]) == pytest.approx(forecasts.DEFAULT_CLIP)
    assert 0.0 < forecasts.pool_log_odds([0.0, 0.5]) < 0.5


@given(st.lists(probs, min_size=1, max_size=10))
def test_pool_lies_between_min_and_max(values):
    pooled = forecasts.pool_log_odds(values)
    assert min(values) - 1e-9 <= pooled <= max(values) + 1e-9


def test_annual_hazard_known_values():
    assert forecasts.annual_hazard(0.0, 5.0) == 0.0
    assert forecasts.annual_hazard(0.75, 2.0) == pytest.approx(0.5)
    assert forecasts.annual_hazard(0.2, 1.0) == pytest.approx(0.2)
    with pytest.raises(ValueError, match="probability must lie in \\[0, 1\\], got 1.2"):
        forecasts.annual_hazard(1.2, 5.0)
    with pytest.raises(ValueError, match="horizon must be positive, got 0.0"):
        forecasts.annual_hazard(0.2, 0.0)


@given(probs, st.floats(0.5, 30.0))
def test_hazard_conversion_round_trips(probability, years):
    hazard = forecasts.annual_hazard(probability, years)
    assert forecasts.cumulative_probability(hazard, years) == pytest.approx(probability, rel=1e-9)


@given(probs, st.floats(0.5, 10.0), st.floats(10.5, 30.0))
def test_longer_horizon_means_lower_hazard(probability, short, long):
    assert forecasts.annual_hazard(probability, long) < forecasts.annual_hazard(probability, short)


def _forecasts():
    return pd.DataFrame({
        "forecast_id": ["P01", "P02"], "who": ["A", "B"], "affiliation": ["X", "Y"],
        "stated_on": pd.to_datetime(["2026-01-10", "2025-03-10"]),
        "probability_low": [0.0, np.nan], "probability_high": [0.2, np.nan],
        "horizon_years_low": [3.0, np.nan], "horizon_years_high": [5.0, np.nan],
        "event": ["overtake", "gap"], "qualitative_view": ["uncertain", "widening"],
        "verified": ["read", "read"],
    })


def test_stated_probabilities_readings():
    upper = forecasts.stated_probabilities(_forecasts(), "upper")
    assert list(upper["forecast_id"]) == ["P01"] and upper["probability"].item() == 0.2
    assert forecasts.stated_probabilities(_forecasts(), "midpoint")["probability"].item() == pytest.approx(0.1)
    with pytest.raises(ValueError, match="reading is 'upper' or 'midpoint', got 'lower'"):
        forecasts.stated_probabilities(_forecasts(), "lower")


def test_forecast_table_formats_ranges():
    table = forecasts.forecast_table(_forecasts())
    assert list(table["probability"]) == ["0-20%", "-"]
    assert list(table["horizon"]) == ["3-5 years", "-"]
    assert table["who"].iloc[0] == "A (X)"


def _fit(a_cn, b_cn, a_us=24.0, b_us=0.6, sd=1e-6):
    return FrontierFit(params=np.array([a_us, b_us, a_cn, b_cn]), cov=np.eye(4) * sd ** 2, center_year=2022.0,
                       reference_year=2026.0, interaction_pvalue=1.0, n_us=10, n_china=10, residual_sd=0.1)


def test_simulated_catch_up_known_cases():
    # China 1 OOM behind at 2026, closing 0.4 OOM/year: it meets the US line after 2.5 years
    fit = _fit(a_cn=24.0 + 4 * 0.6 - 1.0 - 4 * 1.0, b_cn=1.0)
    assert list(forecasts.simulate_catch_up(fit, [2.0, 3.0], n=2000, seed=1)) == [0.0, 1.0]
    slower = _fit(a_cn=20.0, b_cn=0.5)
    assert forecasts.simulate_catch_up(slower, [10.0], n=2000, seed=1)[0] == 0.0
    ahead = _fit(a_cn=30.0, b_cn=0.5)
    assert forecasts.simulate_catch_up(ahead, [1.0], n=2000, seed=1)[0] == 1.0


def test_simulated_catch_up_is_seeded_and_monotone_in_horizon():
    fit = _fit(a_cn=23.0, b_cn=0.8, sd=0.05)
    a = forecasts.simulate_catch_up(fit, [1, 3, 5, 10], n=5000, seed=3)
    b = forecasts.simulate_catch_up(fit, [1, 3, 5, 10], n=5000, seed=3)
    assert np.array_equal(a, b)
    assert np.all(np.diff(a) >= 0)
    assert 0.0 < a[-1] <= 1.0


def test_lag_trend_catch_up():
    # a 6-month lag shrinking 2 months a year reaches zero after 3 years
    assert forecasts.lag_trend_catch_up(6.0, -2.0, 1e-9, 2.9, n=1000, seed=0) == 0.0
    assert forecasts.lag_trend_catch_up(6.0, -2.0, 1e-9, 3.1, n=1000, seed=0) == 1.0
    assert forecasts.lag_trend_catch_up(6.0, 0.0, 1.0, 5.0, n=20000, seed=0) == pytest.approx(
        0.1151, abs=0.01)  # P(N(0, 1) * 5 <= -6) = P(Z <= -1.2)


def test_hazard_curve_and_long_form_curves():
    curve = forecasts.hazard_curve(0.2, 5.0, np.array([0.0, 5.0, 10.0]))
    assert curve[0] == 0.0 and curve[1] == pytest.approx(0.2) and curve[2] == pytest.approx(0.36)
    frame = forecasts.catch_up_curves(np.array([1.0, 2.0]), {"a": np.array([0.1, 0.2]), "b": np.array([0.5, 0.6])})
    assert list(frame["probability_pct"]) == pytest.approx([10.0, 20.0, 50.0, 60.0])
    assert forecasts.percent(0.25) == 25.0

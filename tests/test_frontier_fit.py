"""gaplib.algorithms.frontier_fit: the per-country fits and the lag between the lines, on known values."""

from __future__ import annotations

import math

import numpy as np
import pytest

from gaplib.algorithms import frontier_fit as ff
from model_tables import synthetic_frontier


def test_fit_recovers_known_slopes_and_detects_their_difference():
    fit = ff.fit_frontier(synthetic_frontier(slope_us=0.6, slope_cn=0.8, noise=0.1, n=60, seed=1))
    assert math.log10(fit.growth_per_year("US")) == pytest.approx(0.6, abs=0.03)
    assert math.log10(fit.growth_per_year("China")) == pytest.approx(0.8, abs=0.03)
    low, high = fit.growth_ci("US")
    assert low < 10 ** 0.6 < high
    assert fit.interaction_pvalue < 1e-6
    assert fit.reference_year == 2026.0


def test_fit_needs_three_models_per_country():
    frame = synthetic_frontier(n=2)
    with pytest.raises(ValueError, match="at least 3"):
        ff.fit_frontier(frame)


def test_horizontal_lag_of_parallel_lines():
    # China is 0.5 orders of magnitude below, both grow 0.5 per year: one year behind
    params = np.array([24.0, 0.5, 23.5, 0.5])
    assert ff.horizontal_lag_months(params, 2025.0, 2022.0) == pytest.approx(12.0)
    assert ff.horizontal_lag_months(np.array([24.0, 0.5, 24.5, 0.5]), 2025.0, 2022.0) == pytest.approx(-12.0)
    assert math.isnan(ff.horizontal_lag_months(np.array([24.0, 0.5, 23.0, 0.0]), 2025.0, 2022.0))


def test_lag_of_a_noise_free_fit_and_its_bootstrap():
    frame = synthetic_frontier(slope_us=0.5, slope_cn=0.5, gap=0.5)
    fit = ff.fit_frontier(frame)
    assert ff.horizontal_lag_months(fit.params, fit.reference_year, fit.center_year) == pytest.approx(12.0)
    draws = ff.bootstrap_lag_months(frame, fit.reference_year, n_boot=50, seed=7)
    assert np.allclose(draws, 12.0)


def test_bootstrap_is_deterministic_given_the_seed():
    frame = synthetic_frontier(noise=0.3, seed=2)
    a = ff.bootstrap_lag_months(frame, 2026.0, n_boot=100, seed=11)
    b = ff.bootstrap_lag_months(frame, 2026.0, n_boot=100, seed=11)
    c = ff.bootstrap_lag_months(frame, 2026.0, n_boot=100, seed=12)
    assert np.array_equal(a, b) and not np.array_equal(a, c)


def test_fitted_lines_band_contains_the_fit():
    fit = ff.fit_frontier(synthetic_frontier(noise=0.2, seed=4))
    band = ff.fitted_lines(fit, np.array([2019.0, 2024.0]))
    assert len(band) == 4
    assert (band["low_flop"] < band["fit_flop"]).all() and (band["fit_flop"] < band["high_flop"]).all()


def test_compare_fits_has_one_row_per_definition():
    fit = ff.fit_frontier(synthetic_frontier(noise=0.1))
    table = ff.compare_fits({"a": fit, "b": fit})
    assert list(table["definition"]) == ["a", "b"]
    assert table["us_ci_low"].iloc[0] < table["us_growth_per_year"].iloc[0] < table["us_ci_high"].iloc[0]

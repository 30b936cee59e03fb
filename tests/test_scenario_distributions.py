"""The scenario engine's random parts have the distributions their parameters say (seeded, many paths).

Tolerances are about five standard errors of the estimate at the number of paths used, so a
correct engine passes with any seed and a garbled draw, timing or spread fails.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from gaplib.strategy import scenario_paths as sp

N = 200_000
YEARS = 10


def _se(p: float, n: int = N) -> float:
    return math.sqrt(p * (1 - p) / n)


def _truncated_geometric_mean(p: float, years: int) -> float:
    """Mean year of the first event given it happens within ``years``: sum k p q^(k-1) / (1 - q^years)."""
    q = 1 - p
    return sum(k * p * q ** (k - 1) for k in range(1, years + 1)) / (1 - q ** years)


@pytest.mark.parametrize("p", [0.2, 0.35, 0.6])
def test_an_algorithmic_shift_follows_its_probability_and_timing(p):
    """The shift removes the one-year lag factor (about 3) from its year on, by year k with probability 1-(1-p)^k."""
    shift = sp.simulate(sp.Levers(algorithmic_shift_prob_per_year=p, algorithmic_lag_years=1.0,
                                  algorithmic_progress_per_year=3.0),
                        start_fleet_ratio=1.0, end_year=2025 + YEARS, n_paths=N, seed=6)
    shifted = np.isclose(shift.ratio[:, 1:], 1.0)
    assert np.all(shift.ratio[:, 0] > 1.0) and np.median(shift.ratio[:, 0]) == pytest.approx(3.0, rel=0.01)
    assert np.all(np.diff(shifted.astype(int), axis=1) >= 0), "a shift, once it happened, stays"
    for k in range(1, YEARS + 1):
        expected = 1 - (1 - p) ** k
        assert shifted[:, k - 1].mean() == pytest.approx(expected, abs=5 * _se(expected) + 1e-12)
    first = shifted.argmax(axis=1)[shifted.any(axis=1)] + 1
    assert first.mean() == pytest.approx(_truncated_geometric_mean(p, YEARS), rel=0.01)


def test_cost_shocks_remove_part_of_one_years_growth_with_their_probability():
    levers = sp.Levers(us_compute_growth_per_year=4.0, china_compute_growth_per_year=2.0,
                       us_cost_shock_prob_per_year=0.3, china_cost_shock_prob_per_year=0.0,
                       cost_shock_growth_loss=0.5)
    sim = sp.simulate(levers, start_fleet_ratio=1.0, end_year=2030, n_paths=N, seed=9)
    trend = 2.0 ** np.arange(1, 6)  # US 4x, China 2x: the ratio doubles each year
    shocked = np.isclose(sim.ratio[:, 1:], trend / 2.0)  # half of one year's 4x: a factor 2 lost for good
    assert np.all(shocked | np.isclose(sim.ratio[:, 1:], trend))
    for k in range(1, 6):
        expected = 1 - 0.7 ** k
        assert shocked[:, k - 1].mean() == pytest.approx(expected, abs=5 * _se(expected))


def test_growth_spread_of_the_paths_matches_the_parameter():
    """log(ratio_k / ratio_0) = k (log g_us - log g_cn) with each log growth normal, sd sigma, independent:
    mean k log(4.5/3), sd k sigma sqrt(2)."""
    sigma = 0.25
    levers = sp.Levers(us_compute_growth_per_year=4.5, china_compute_growth_per_year=3.0,
                       growth_uncertainty_log_sd=sigma)
    sim = sp.simulate(levers, start_fleet_ratio=2.0, end_year=2030, n_paths=N, seed=21)
    change = np.log(sim.ratio[:, 1:] / sim.ratio[:, :1])
    for k in (1, 5):
        assert change[:, k - 1].mean() == pytest.approx(k * math.log(1.5), abs=5 * k * sigma * math.sqrt(2 / N))
        assert change[:, k - 1].std() == pytest.approx(k * sigma * math.sqrt(2), rel=5 / math.sqrt(2 * N))
    # each year adds the same path's growth difference: the change is linear in the year
    assert change[:, 4] == pytest.approx(5 * change[:, 0], rel=1e-9)


def test_the_us_and_china_growth_draws_are_separate():
    """Only the US growth is uncertain when China's cannot vary: sd k sigma, and China's fixed growth comes back
    as the geometric mean."""
    sigma = 0.3
    us_only = sp.simulate(sp.Levers(us_compute_growth_per_year=4.5, china_compute_growth_per_year=4.5,
                                    growth_uncertainty_log_sd=sigma),
                          start_fleet_ratio=1.0, end_year=2027, n_paths=N, seed=4)
    change = np.log(us_only.ratio[:, 1])
    assert change.std() == pytest.approx(sigma * math.sqrt(2), rel=5 / math.sqrt(2 * N))
    assert np.median(change) == pytest.approx(0.0, abs=0.01)


def test_start_ratio_spread_matches_its_parameter():
    sim = sp.simulate(sp.Levers(start_ratio_log_sd=0.4), start_fleet_ratio=10.0, end_year=2026, n_paths=N, seed=2)
    logs = np.log(sim.ratio[:, 0])
    assert logs.mean() == pytest.approx(math.log(10.0), abs=5 * 0.4 / math.sqrt(N))
    assert logs.std() == pytest.approx(0.4, rel=5 / math.sqrt(2 * N))
    assert np.allclose(sim.ratio[:, 1], sim.ratio[:, 0])

"""The scenario model: invariants, monotonicity, weights, determinism, summaries."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gaplib.params import ParameterError, validate_params
from gaplib.strategy import scenario_paths, scenarios as S

QUIET = scenario_paths.Levers()  # no levers: no events, no lag, no ramp, no uncertainty
DEFAULT = scenario_paths.Levers.from_params(validate_params("strategy"))
DEFAULT_WEIGHTS = scenario_paths.weights_from_params(validate_params("strategy"))


def test_no_levers_and_equal_growth_keep_the_ratio_constant():
    sim = scenario_paths.simulate(QUIET, start_fleet_ratio=11.4, n_paths=1000, seed=3)
    assert sim.ratio.shape == (1000, 11)
    assert np.allclose(sim.ratio, 11.4)
    assert list(sim.years) == list(range(2025, 2036))


def test_a_lag_without_events_is_a_constant_factor():
    sim = scenario_paths.simulate(scenario_paths.Levers(algorithmic_lag_years=1.0, algorithmic_progress_per_year=3.0),
                     start_fleet_ratio=10.0, n_paths=500, seed=1)
    # the per-path halving-time draw changes a, so the factor varies across paths but not over time
    assert np.allclose(sim.ratio, sim.ratio[:, :1])
    assert np.median(sim.ratio[:, 0]) == pytest.approx(30.0, rel=0.05)


def test_faster_china_growth_closes_at_the_known_rate():
    sim = scenario_paths.simulate(scenario_paths.Levers(us_compute_growth_per_year=4.0, china_compute_growth_per_year=8.0),
                     start_fleet_ratio=32.0, n_paths=10, seed=0)
    assert sim.ratio[0, 5] == pytest.approx(1.0)  # 32 / 2**5


@settings(max_examples=25, deadline=None)
@given(st.floats(1.0, 10.0), st.floats(0.0, 5.0), st.integers(0, 2**32 - 1))
def test_higher_chinese_growth_never_raises_the_2030_ratio(g_low, extra, seed):
    low = scenario_paths.simulate(scenario_paths.Levers(**{**DEFAULT.__dict__, "china_compute_growth_per_year": g_low}),
                     start_fleet_ratio=11.4, n_paths=300, seed=seed, weights=DEFAULT_WEIGHTS)
    high = scenario_paths.simulate(scenario_paths.Levers(**{**DEFAULT.__dict__, "china_compute_growth_per_year": g_low + extra}),
                      start_fleet_ratio=11.4, n_paths=300, seed=seed, weights=DEFAULT_WEIGHTS)
    col = 5  # 2030
    assert np.all(high.ratio[:, col] <= low.ratio[:, col] * (1 + 1e-12))
    assert scenario_paths.ratio_at(high, 2030, 50) <= scenario_paths.ratio_at(low, 2030, 50) + 1e-12


def test_same_seed_identical_different_seed_different():
    kw = dict(start_fleet_ratio=11.4, n_paths=2000, weights=DEFAULT_WEIGHTS)
    a = scenario_paths.simulate(DEFAULT, seed=7, **kw)
    b = scenario_paths.simulate(DEFAULT, seed=7, **kw)
    c = scenario_paths.simulate(DEFAULT, seed=8, **kw)
    assert np.array_equal(a.ratio, b.ratio) and np.array_equal(a.scenario, b.scenario)
    assert not np.array_equal(a.ratio, c.ratio)


def test_chunking_does_not_change_results(monkeypatch):
    kw = dict(start_fleet_ratio=11.4, n_paths=5000, seed=2, weights=DEFAULT_WEIGHTS)
    whole = scenario_paths.simulate(DEFAULT, **kw)
    monkeypatch.setattr(scenario_paths, "CHUNK_PATHS", 777)
    assert np.array_equal(whole.ratio, scenario_paths.simulate(DEFAULT, **kw).ratio)


@pytest.mark.parametrize("weights, message", [
    ({"status_quo": 0.5, "cost_shock": 0.4}, "sum to 1"),
    ({"status_quo": 1.2, "cost_shock": -0.2}, "non-negative"),
    ({"status_quo": 0.5, "martians": 0.5}, "unknown scenario"),
])
def test_weights_are_validated(weights, message):
    with pytest.raises(ValueError, match=message):
        scenario_paths.scenario_weights(weights)
    with pytest.raises(ValueError, match=message):
        scenario_paths.simulate(QUIET, start_fleet_ratio=10, n_paths=10, weights=weights)


def test_parameter_schema_rejects_weights_not_summing_to_one():
    with pytest.raises(ParameterError, match="sum to 1"):
        validate_params("strategy", {"weight_status_quo": 0.9})
    ok = validate_params("strategy", {"weight_status_quo": 0.55, "weight_cost_shock": 0.3})
    assert sum(scenario_paths.weights_from_params(ok).values()) == pytest.approx(1.0)


def test_forced_scenarios_apply_their_event_by_2030():
    kw = dict(start_fleet_ratio=10.0, n_paths=2000, seed=5)
    shock = scenario_paths.simulate(scenario_paths.Levers(cost_shock_growth_loss=0.5), weights={"cost_shock": 1.0}, **kw)
    assert np.allclose(shock.ratio[:, 5], 10.0 / 4.5 ** 0.5)  # the US loses half a year of 4.5x growth
    shift = scenario_paths.simulate(scenario_paths.Levers(algorithmic_lag_years=1.0), weights={"algorithmic_shift": 1.0}, **kw)
    assert np.allclose(shift.ratio[:, 5], 10.0)  # the lag factor is gone
    assert np.all(shift.ratio[:, 0] > 10.0)


def test_event_odds_of_one_fire_in_the_first_year():
    lv = scenario_paths.Levers(algorithmic_lag_years=1.0, algorithmic_shift_prob_per_year=1.0)
    sim = scenario_paths.simulate(lv, start_fleet_ratio=10.0, n_paths=100, seed=0)
    assert np.allclose(sim.ratio[:, 1:], 10.0)  # the lag is gone from the first projected year
    assert np.all(sim.ratio[:, 0] > 10.0)


def test_export_policy_is_no_longer_an_engine_event():
    # The scenario sets carry export policy in China's growth; the engine has no export lever or scenario.
    assert "hardware_relaxation" not in scenario_paths.SCENARIOS
    assert not any(f.startswith("export") for f in scenario_paths.Levers.__dataclass_fields__)


def test_domestic_yield_ramp_is_bounded():
    lv = scenario_paths.Levers(domestic_share_of_additions=1.0, domestic_yield_start=0.35, domestic_yield_gain_per_year=0.3)
    sim = scenario_paths.simulate(lv, start_fleet_ratio=10.0, n_paths=2000, seed=0)
    # yield starts at 0.35 * U(0.5, 1.5) and is capped at 0.7: at most a 4x gain, at least none
    assert np.all(sim.ratio[:, -1] >= 10.0 / 4.0 - 1e-9)
    assert np.all(sim.ratio[:, -1] <= 10.0 + 1e-9)


def test_pooling_divides_the_ratio():
    sim = scenario_paths.simulate(scenario_paths.Levers(china_pooling_gain=2.0), start_fleet_ratio=10.0, n_paths=10, seed=0)
    assert np.allclose(sim.ratio[:, 1:], 5.0) and np.allclose(sim.ratio[:, 0], 10.0)


def test_bad_inputs():
    with pytest.raises(ValueError, match="start_fleet_ratio must be positive, got 0.0"):
        scenario_paths.simulate(QUIET, start_fleet_ratio=0.0)
    with pytest.raises(ValueError, match=r"end_year \(2030\) must be after base_year \(2030\)"):
        scenario_paths.simulate(QUIET, start_fleet_ratio=1.0, base_year=2030, end_year=2030)


def test_summaries_on_a_known_simulation():
    ratio = np.array([[10.0, 5.0, 1.5], [10.0, 8.0, 3.0], [10.0, 1.0, 4.0], [10.0, 9.0, 9.0]])
    sim = scenario_paths.Simulation(np.array([2025, 2026, 2027]), ratio, np.array([0, 0, 2, 2]))
    assert S.prob_below(sim, 2.0, 2026) == 0.25
    assert S.prob_below(sim, 2.0, 2027) == 0.5  # path 3 dipped in 2026 and counts
    assert scenario_paths.ratio_at(sim, 2027, 50) == pytest.approx(3.5)
    fan = S.percentiles(sim)
    assert list(fan.columns) == ["year", "p10", "p25", "p50", "p75", "p90"]
    assert (fan["p10"] <= fan["p50"]).all() and (fan["p50"] <= fan["p90"]).all()
    summary = S.scenario_summary(sim, 2027).set_index("scenario")
    assert summary.loc["Status quo", "share_of_paths"] == 0.5
    assert "Algorithmic shift" not in summary.index
    with pytest.raises(ValueError, match="year 2040 is outside the simulation"):
        scenario_paths.ratio_at(sim, 2040, 50)


def test_pooling_ceiling():
    clusters = pd.DataFrame({"countries": [("China",), ("China",), ("US", "China"), ("US",)],
                             "h100_equivalents": [10.0, 5.0, 5.0, 100.0]})
    assert S.pooling_ceiling(clusters, "China") == pytest.approx(2.0)
    with pytest.raises(ValueError, match="largest France cluster's H100-equivalents .* is zero"):
        S.pooling_ceiling(clusters, "France")


# ---------------------------------------------------------------- the lag apart from the measured ratio

def test_algorithmic_lag_multiplier_known_values_and_bad_input():
    assert S.algorithmic_lag_multiplier(2.8, 0.5) == pytest.approx(2.8 ** 0.5)
    assert S.algorithmic_lag_multiplier(3.0, 0.0) == 1.0
    assert S.algorithmic_lag_multiplier(4.0, 1.5) == pytest.approx(8.0)
    with pytest.raises(ValueError, match="at least 1x/year"):
        S.algorithmic_lag_multiplier(0.9, 1.0)
    with pytest.raises(ValueError, match="negative"):
        S.algorithmic_lag_multiplier(2.8, -0.1)


def test_fleet_only_paths_are_the_effective_paths_without_the_lag_factor():
    lv = scenario_paths.Levers(algorithmic_lag_years=1.0, algorithmic_progress_per_year=3.0, us_compute_growth_per_year=3.0,
                  china_compute_growth_per_year=2.0)
    kw = dict(start_fleet_ratio=10.0, n_paths=200, seed=4)
    effective, fleet = scenario_paths.simulate(lv, **kw), scenario_paths.simulate(S.fleet_only(lv), **kw)
    assert S.fleet_only(lv).algorithmic_lag_years == 0.0
    assert np.allclose(fleet.ratio[:, 0], 10.0)  # the measured ratio, untouched
    factor = effective.ratio / fleet.ratio  # per path: a ** lag with its drawn halving time, constant in time
    assert np.allclose(factor, factor[:, :1]) and np.median(factor[:, 0]) == pytest.approx(3.0, rel=0.05)
    assert np.allclose(fleet.ratio[:, 5], 10.0 * 1.5 ** 5)


def test_a_seeds_draws_are_made_once_shared_read_only_and_those_of_its_generator():
    z, u = scenario_paths._draws(7, 100)
    assert scenario_paths._draws(7, 100)[0] is z and not z.flags.writeable and not u.flags.writeable
    rng = np.random.default_rng(7)
    assert np.array_equal(z, rng.standard_normal((4, 100))) and np.array_equal(u, rng.random((10, 100)))
    large = scenario_paths.KEPT_DRAWS_MAX_PATHS + 1
    assert scenario_paths._draws(7, large)[0] is not scenario_paths._draws(7, large)[0]  # not kept: memory

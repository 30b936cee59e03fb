"""gaplib.strategy.scenario_paths: the yield ramp, the halving-time spread, the forced-event window, the scenario
mix, China's cost shock and the weight checks, each against a closed form worked out here (seeded, many paths;
tolerances about five standard errors)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from gaplib.strategy import scenario_paths as sp

N = 100_000


def test_a_full_domestic_ramp_reaches_the_cap_in_year_one_and_scales_the_ratio_by_the_mean_of_cap_over_y0():
    """Start yield y0 = 0.4 U(0.5, 1.5) = U(0.2, 0.6); a gain of 10/year caps it at 0.7 in year one, so China's fleet
    is multiplied by m = (1 - s) + s 0.7 / y0 with E[1 / y0] = ln(3) / 0.4, between (1 - s) + s 0.7 / 0.6 and
    (1 - s) + s 3.5."""
    s = 0.5
    sim = sp.simulate(sp.Levers(domestic_share_of_additions=s, domestic_yield_start=0.4,
                                domestic_yield_gain_per_year=10.0),
                      start_fleet_ratio=8.0, end_year=2028, n_paths=N, seed=11)
    m = 8.0 / sim.ratio[:, 1:]
    assert np.allclose(m, m[:, :1]), "capped from the first year on"
    assert np.allclose(sim.ratio[:, 0], 8.0)
    lo, hi = (1 - s) + s * 0.7 / 0.6, (1 - s) + s * 0.7 / 0.2
    assert m.min() == pytest.approx(lo, rel=1e-3) and m.max() == pytest.approx(hi, rel=1e-3)
    expected = (1 - s) + s * 0.7 * math.log(3.0) / 0.4
    sd = s * 0.7 * math.sqrt(1 / (0.2 * 0.6) - (math.log(3.0) / 0.4) ** 2)  # sd of 0.7 / y0, times s
    assert m[:, 0].mean() == pytest.approx(expected, abs=5 * sd / math.sqrt(N))


def test_a_slow_ramp_adds_the_gain_times_the_year_over_y0():
    """A gain of 0.01/year keeps every yield below the cap for ten years (0.6 + 0.1 = 0.7): m_t = 1 + s 0.01 t / y0,
    mean 1 + s 0.01 t ln(3) / 0.4."""
    s = 0.8
    sim = sp.simulate(sp.Levers(domestic_share_of_additions=s, domestic_yield_start=0.4,
                                domestic_yield_gain_per_year=0.01),
                      start_fleet_ratio=1.0, end_year=2035, n_paths=N, seed=12)
    m = 1.0 / sim.ratio[:, 1:]
    t = np.arange(1, 11)
    excess = (m - 1.0) / (s * 0.01 * t)  # 1 / y0 for every year of a path
    assert np.allclose(excess, excess[:, :1], rtol=1e-6)
    assert excess.min() == pytest.approx(1 / 0.6, rel=1e-3) and excess.max() == pytest.approx(1 / 0.2, rel=1e-3)
    assert excess[:, 0].mean() == pytest.approx(math.log(3.0) / 0.4, rel=0.01)


def test_a_start_yield_above_the_cap_stays_where_it_is():
    """y0 = 1.0 U(0.5, 1.5): paths starting above 0.7 keep their yield (m = 1); those below rise to 0.7 at most."""
    sim = sp.simulate(sp.Levers(domestic_share_of_additions=1.0, domestic_yield_start=1.0,
                                domestic_yield_gain_per_year=5.0),
                      start_fleet_ratio=2.0, end_year=2027, n_paths=20_000, seed=13)
    m = 2.0 / sim.ratio[:, 2]
    unchanged = np.isclose(m, 1.0)
    assert unchanged.mean() == pytest.approx(0.8, abs=5 * math.sqrt(0.16 / 20_000))  # P(U(0.5, 1.5) > 0.7)
    assert m.max() == pytest.approx(0.7 / 0.5, rel=1e-3) and np.all(m >= 1.0 - 1e-12)


def test_no_ramp_without_a_domestic_share_or_without_a_gain():
    for levers in (sp.Levers(domestic_share_of_additions=0.0, domestic_yield_gain_per_year=0.2),
                   sp.Levers(domestic_share_of_additions=0.5, domestic_yield_gain_per_year=0.0)):
        assert np.allclose(sp.simulate(levers, start_fleet_ratio=3.0, n_paths=200, seed=1).ratio, 3.0)


def test_the_halving_time_spread_is_f001s_interval():
    """a = 2.8 ** (8 / halving) with the halving time lognormal, 95% interval 5-14 months: with a one-year lag
    the starting ratio is a, and ln(ln(a) / ln(2.8)) is normal with mean 0 and sd (ln 14 - ln 5) / (2 x 1.96)."""
    sim = sp.simulate(sp.Levers(algorithmic_lag_years=1.0), start_fleet_ratio=1.0, end_year=2026, n_paths=N, seed=14)
    x = np.log(np.log(sim.ratio[:, 0]) / math.log(2.8))
    sd = (math.log(14.0) - math.log(5.0)) / 3.92
    assert x.mean() == pytest.approx(0.0, abs=5 * sd / math.sqrt(N))
    assert x.std() == pytest.approx(sd, rel=5 / math.sqrt(2 * N))


@pytest.mark.parametrize(("end_year", "window"), [(2035, 5), (2028, 3)])
def test_a_forced_shift_falls_uniformly_in_the_first_five_years_or_the_whole_horizon_if_shorter(end_year, window):
    """Weight 1 on the shift scenario and no yearly odds: the lag factor 3 disappears in a year uniform on
    1..min(5, horizon)."""
    sim = sp.simulate(sp.Levers(algorithmic_lag_years=1.0, algorithmic_progress_per_year=3.0),
                      start_fleet_ratio=1.0, end_year=end_year, n_paths=N, seed=15,
                      weights={"algorithmic_shift": 1.0})
    assert np.all(sim.scenario == sp.SCENARIOS.index("algorithmic_shift"))
    shifted = np.isclose(sim.ratio[:, 1:], 1.0)
    assert shifted[:, window - 1].all(), "every forced shift has happened by the window's last year"
    first = shifted.argmax(axis=1) + 1
    for year in range(1, window + 1):
        assert (first == year).mean() == pytest.approx(1 / window, abs=5 * math.sqrt((1 / window) / N))


def test_a_forced_cost_shock_hits_the_us_and_not_china():
    """The cost-shock scenario forces a US shock: with US growth 4, China 2 and half a year's growth lost, the
    ratio is 2^t before and 2^t / 2 from the forced year (uniform on 1..5) on."""
    sim = sp.simulate(sp.Levers(us_compute_growth_per_year=4.0, china_compute_growth_per_year=2.0,
                                cost_shock_growth_loss=0.5),
                      start_fleet_ratio=1.0, end_year=2032, n_paths=N, seed=16, weights={"cost_shock": 1.0})
    trend = 2.0 ** np.arange(1, 8)
    shocked = np.isclose(sim.ratio[:, 1:], trend / 2)
    assert np.all(shocked | np.isclose(sim.ratio[:, 1:], trend))
    assert shocked[:, 4:].all()
    assert shocked[:, 0].mean() == pytest.approx(0.2, abs=5 * math.sqrt(0.16 / N))


def test_a_china_cost_shock_raises_the_ratio_by_its_share_of_chinas_growth():
    """China grows 4x, the US 2x; a Chinese shock (p = 0.25 a year) removes half a year's growth: a factor 2 on the
    ratio from the shock on, by year k with probability 1 - 0.75^k."""
    sim = sp.simulate(sp.Levers(us_compute_growth_per_year=2.0, china_compute_growth_per_year=4.0,
                                china_cost_shock_prob_per_year=0.25, cost_shock_growth_loss=0.5),
                      start_fleet_ratio=1.0, end_year=2031, n_paths=N, seed=17)
    trend = 0.5 ** np.arange(1, 7)
    shocked = np.isclose(sim.ratio[:, 1:], 2 * trend)
    assert np.all(shocked | np.isclose(sim.ratio[:, 1:], trend))
    for k in range(1, 7):
        p = 1 - 0.75 ** k
        assert shocked[:, k - 1].mean() == pytest.approx(p, abs=5 * math.sqrt(p * (1 - p) / N))


def test_a_loss_without_shock_odds_changes_nothing():
    sim = sp.simulate(sp.Levers(us_compute_growth_per_year=3.0, china_compute_growth_per_year=3.0,
                                cost_shock_growth_loss=0.9), start_fleet_ratio=5.0, n_paths=500, seed=2)
    assert np.allclose(sim.ratio, 5.0)


def test_scenarios_are_drawn_with_their_weights():
    weights = {"status_quo": 0.5, "algorithmic_shift": 0.3, "cost_shock": 0.2}
    sim = sp.simulate(sp.Levers(), start_fleet_ratio=1.0, end_year=2026, n_paths=N, seed=18, weights=weights)
    for i, name in enumerate(sp.SCENARIOS):
        p = weights[name]
        assert (sim.scenario == i).mean() == pytest.approx(p, abs=5 * math.sqrt(p * (1 - p) / N))
    only_last = sp.simulate(sp.Levers(), start_fleet_ratio=1.0, end_year=2026, n_paths=1000, seed=18,
                            weights={"cost_shock": 1.0})
    assert np.all(only_last.scenario == 2)


def test_the_us_growth_cap_binds_only_above_it():
    """US growth 4x a year against China's 1x: a cap of 2x makes the 2027 ratio 2^2, a cap of 8x leaves it at 4^2."""
    levers = sp.Levers(us_compute_growth_per_year=4.0, china_compute_growth_per_year=1.0)
    sim = sp.simulate(levers, start_fleet_ratio=1.0, end_year=2027, n_paths=1000, seed=3, us_growth_cap_per_year=2.0)
    assert np.allclose(sim.ratio[:, 2], 4.0)
    loose = sp.simulate(levers, start_fleet_ratio=1.0, end_year=2027, n_paths=1000, seed=3, us_growth_cap_per_year=8.0)
    assert np.allclose(loose.ratio[:, 2], 16.0)


def test_weight_checks_on_both_sides_of_the_tolerance():
    assert sp.scenario_weights({"status_quo": 0.5, "cost_shock": 0.5 + 9e-7}) == pytest.approx([0.5, 0.0, 0.5 + 9e-7])
    with pytest.raises(ValueError, match="scenario weights must sum to 1"):
        sp.scenario_weights({"status_quo": 0.5, "cost_shock": 0.5 + 1.5e-6})
    with pytest.raises(ValueError, match="scenario weights must sum to 1"):
        sp.scenario_weights({"status_quo": 0.5, "cost_shock": 0.5 - 1.5e-6})
    with pytest.raises(ValueError, match="non-negative numbers"):
        sp.scenario_weights({"status_quo": 1.5, "cost_shock": -0.5})
    with pytest.raises(ValueError, match="non-negative numbers"):
        sp.scenario_weights({"status_quo": float("nan")})
    assert list(sp.scenario_weights({"status_quo": 0.0, "algorithmic_shift": 1.0})) == [0.0, 1.0, 0.0]
    assert list(sp.scenario_weights(None)) == [1.0, 0.0, 0.0]


def test_levers_and_weights_from_a_parameter_object():
    class Params:
        us_compute_growth_per_year = 3.3
        algorithmic_lag_years = 0.5
        unrelated = 7
        weight_status_quo, weight_algorithmic_shift, weight_cost_shock = 0.6, 0.3, 0.1

    levers = sp.Levers.from_params(Params())
    assert levers.us_compute_growth_per_year == 3.3 and levers.algorithmic_lag_years == 0.5
    assert levers.china_compute_growth_per_year == sp.Levers().china_compute_growth_per_year
    assert sp.weights_from_params(Params()) == {"status_quo": 0.6, "algorithmic_shift": 0.3, "cost_shock": 0.1}


def test_first_event_year_is_geometric_by_inversion():
    """Year k is the first when (1-p)^k < 1 - u <= (1-p)^(k-1): for p = 0.5, u = 0.4 gives 1, 0.6 gives 2, 0.8 gives 3."""
    years = sp._first_event_year(np.array([0.0, 0.4, 0.6, 0.8, 0.9]), 0.5)
    assert years.tolist() == [1.0, 1.0, 2.0, 3.0, 4.0]
    assert sp._first_event_year(np.array([0.0, 0.3]), 0.0).tolist() == [math.inf, math.inf]  # never, even at u = 0
    assert sp._first_event_year(np.array([0.99]), 1.0).tolist() == [1.0]
    assert sp._first_event_year(np.array([0.0, 0.99]), 1.5).tolist() == [1.0, 1.0]  # odds above one: the first year


def test_the_default_horizon_and_the_percentile_of_a_year():
    sim = sp.simulate(sp.Levers(us_compute_growth_per_year=2.0, china_compute_growth_per_year=1.0),
                      start_fleet_ratio=1.0, n_paths=5, seed=0)
    assert (sim.years[0], sim.years[-1]) == (2025, 2035)
    assert sp.ratio_at(sim, 2035, 90) == pytest.approx(2.0 ** 10)
    assert sp.year_column(sim, 2030) == 5
    with pytest.raises(ValueError, match="n_paths must be at least 1, got 0"):
        sp.simulate(sp.Levers(), start_fleet_ratio=1.0, n_paths=0)


def test_a_path_drawn_above_weights_summing_just_below_one_goes_to_the_last_scenario():
    """Weights may sum to 1 - 9e-7 (within the tolerance); seed 32's path 1443 draws u = 1 - 7e-8 (its first uniform,
    drawn after the normals), above their sum, and is given the last scenario, not an index past it."""
    weights = {"status_quo": 0.5, "algorithmic_shift": 0.25, "cost_shock": 0.25 - 9e-7}
    rng = np.random.default_rng(32)
    rng.standard_normal((4, 2000))
    u = rng.random((10, 2000))[0]
    assert u[1443] > sum(weights.values())
    sim = sp.simulate(sp.Levers(), start_fleet_ratio=1.0, end_year=2026, n_paths=2000, seed=32, weights=weights)
    assert sim.scenario[1443] == 2 and set(np.unique(sim.scenario)) == {0, 1, 2}


def test_a_falling_domestic_yield_is_no_ramp():
    levers = sp.Levers(domestic_share_of_additions=0.5, domestic_yield_gain_per_year=-0.02)
    assert np.allclose(sp.simulate(levers, start_fleet_ratio=3.0, n_paths=200, seed=1).ratio, 3.0)


def _reference_paths(lv: sp.Levers, start: float, years: int, seed: int, n: int, weights: dict, cap: float) -> np.ndarray:
    """The model as the module's docstring states it, one path and one year at a time, on the seed's draws
    (``default_rng(seed)``: standard normals (4, n), then uniforms (10, n)); the first event year found by
    counting years until 1 - (1 - p)^k exceeds the path's uniform."""
    rng = np.random.default_rng(seed)
    z, u = rng.standard_normal((4, n)), rng.random((10, n))
    halving_sd = (math.log(14.0) - math.log(5.0)) / 3.92
    cumulative = np.cumsum([weights.get(name, 0.0) for name in sp.SCENARIOS])

    def first_year(v: float, p: float) -> float:
        if p <= 0:
            return math.inf
        k = 1
        while not v < 1 - (1 - p) ** k:
            k += 1
        return k

    out = np.empty((n, years + 1))
    for i in range(n):
        scenario = min(int(np.sum(cumulative <= u[0, i])), 2)
        forced = 1 + math.floor(u[1, i] * min(5, years))
        g_us = min(math.log(lv.us_compute_growth_per_year) + lv.growth_uncertainty_log_sd * z[0, i], math.log(cap))
        g_cn = math.log(lv.china_compute_growth_per_year) + lv.growth_uncertainty_log_sd * z[1, i]
        lag = lv.algorithmic_lag_years * math.log(lv.algorithmic_progress_per_year) * math.exp(-halving_sd * z[3, i])
        start_log = math.log(start) + lv.start_ratio_log_sd * z[2, i]
        shift = first_year(u[4, i], lv.algorithmic_shift_prob_per_year)
        us_shock = first_year(u[5, i], lv.us_cost_shock_prob_per_year)
        cn_shock = first_year(u[6, i], lv.china_cost_shock_prob_per_year)
        if scenario == 1:
            shift = min(shift, forced)
        if scenario == 2:
            us_shock = min(us_shock, forced)
        y0 = lv.domestic_yield_start * (0.5 + u[7, i])
        s = lv.domestic_share_of_additions
        out[i, 0] = start_log + lag
        for t in range(1, years + 1):
            yield_t = min(y0 + lv.domestic_yield_gain_per_year * t, max(0.7, y0))
            out[i, t] = (start_log + lag + t * (g_us - g_cn) - math.log(lv.china_pooling_gain)
                         - (t >= us_shock) * lv.cost_shock_growth_loss * g_us
                         + (t >= cn_shock) * lv.cost_shock_growth_loss * g_cn
                         - math.log((1 - s) + s * yield_t / y0) - (t >= shift) * lag)
    return np.exp(out)


def test_every_path_with_every_lever_on_equals_the_model_written_out_one_path_at_a_time():
    lv = sp.Levers(us_compute_growth_per_year=3.5, china_compute_growth_per_year=2.5, growth_uncertainty_log_sd=0.3,
                   start_ratio_log_sd=0.2, algorithmic_progress_per_year=2.5, algorithmic_lag_years=0.7,
                   domestic_share_of_additions=0.4, domestic_yield_start=0.5, domestic_yield_gain_per_year=0.06,
                   china_pooling_gain=1.3, algorithmic_shift_prob_per_year=0.15, us_cost_shock_prob_per_year=0.1,
                   china_cost_shock_prob_per_year=0.2, cost_shock_growth_loss=0.3)
    weights = {"status_quo": 0.5, "algorithmic_shift": 0.3, "cost_shock": 0.2}
    sim = sp.simulate(lv, start_fleet_ratio=6.0, base_year=2025, end_year=2033, n_paths=400, seed=23, weights=weights,
                      us_growth_cap_per_year=5.0)
    expected = _reference_paths(lv, 6.0, 8, 23, 400, weights, 5.0)
    np.testing.assert_allclose(sim.ratio, expected, rtol=1e-10)
    assert list(sim.years) == list(range(2025, 2034))
    rng = np.random.default_rng(23)
    rng.standard_normal((4, 400))  # the normals come first
    u0 = rng.random((10, 400))[0]
    assert np.array_equal(sim.scenario, (u0 >= 0.5).astype(int) + (u0 >= 0.8))


def test_levers_and_simulations_are_frozen():
    import dataclasses

    with pytest.raises(dataclasses.FrozenInstanceError, match="cannot assign to field 'china_pooling_gain'"):
        sp.Levers().china_pooling_gain = 2.0
    sim = sp.simulate(sp.Levers(), start_fleet_ratio=1.0, end_year=2026, n_paths=3, seed=0)
    with pytest.raises(dataclasses.FrozenInstanceError, match="cannot assign to field 'ratio'"):
        sim.ratio = None


def test_the_defaults_are_a_hundred_thousand_paths_from_seed_zero_and_one_path_is_allowed():
    levers = sp.Levers(growth_uncertainty_log_sd=0.2)
    default = sp.simulate(levers, start_fleet_ratio=1.0, end_year=2026)
    assert default.ratio.shape == (100_000, 2)
    assert np.array_equal(default.ratio, sp.simulate(levers, start_fleet_ratio=1.0, end_year=2026, n_paths=100_000,
                                                     seed=0).ratio)
    one = sp.simulate(levers, start_fleet_ratio=0.5, end_year=2026, n_paths=1, seed=0)
    assert one.ratio.shape == (1, 2) and one.ratio[0, 0] == 0.5


def test_a_domestic_share_without_a_yield_gain_leaves_every_path_bit_for_bit():
    kw = dict(start_fleet_ratio=3.0, n_paths=2000, seed=5)
    base = sp.Levers(us_compute_growth_per_year=3.0, china_compute_growth_per_year=2.0, growth_uncertainty_log_sd=0.2)
    shared = sp.Levers(**{**base.__dict__, "domestic_share_of_additions": 0.3, "domestic_yield_gain_per_year": 0.0})
    assert np.array_equal(sp.simulate(shared, **kw).ratio, sp.simulate(base, **kw).ratio)


def test_each_lever_alone_leaves_the_others_at_no_effect():
    """The defaults are "no levers": a yield gain without a domestic share, a share without a gain, shock odds
    without a loss change nothing; a ramp with the default start yield of 0.4 gives the closed form's mean."""
    kw = dict(start_fleet_ratio=3.0, end_year=2030, n_paths=500, seed=3)
    for alone in (sp.Levers(domestic_yield_gain_per_year=0.2), sp.Levers(domestic_share_of_additions=0.5),
                  sp.Levers(us_cost_shock_prob_per_year=0.5, china_cost_shock_prob_per_year=0.5)):
        assert np.array_equal(sp.simulate(alone, **kw).ratio, sp.simulate(sp.Levers(), **kw).ratio)
    ramp = sp.simulate(sp.Levers(domestic_share_of_additions=1.0, domestic_yield_gain_per_year=10.0),
                       start_fleet_ratio=1.0, end_year=2026, n_paths=N, seed=3)
    assert (1.0 / ramp.ratio[:, 1]).mean() == pytest.approx(0.7 * math.log(3.0) / 0.4, rel=0.01)

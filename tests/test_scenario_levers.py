"""gaplib.strategy.scenario_levers: sensitivity swings, scenario-weight grids, growth ranges and the audit list."""

from dataclasses import replace

import numpy as np
import pytest

from gaplib.params import validate_params
from gaplib.strategy import scenario_levers as L
from gaplib.strategy.scenario_paths import SCENARIOS, Levers, ratio_at, simulate, weights_from_params

DEFAULT = Levers.from_params(validate_params("strategy"))
DEFAULT_WEIGHTS = weights_from_params(validate_params("strategy"))


def test_sensitivity_ranks_levers_and_moves_the_right_way():
    sens = L.sensitivity(DEFAULT, year=2030, start_fleet_ratio=11.4, n_paths=3000, seed=1,
                         weights=DEFAULT_WEIGHTS)
    assert list(sens["swing"]) == sorted(sens["swing"], reverse=True)
    row = sens.set_index("lever").loc["china_compute_growth_per_year"]
    assert row["median_at_high"] < row["median_at_low"]
    row = sens.set_index("lever").loc["us_compute_growth_per_year"]
    assert row["median_at_high"] > row["median_at_low"]
    checklist = L.audit_checklist(sens)
    assert list(checklist["rank"]) == list(range(1, len(L.AUDIT_ITEMS) + 1))
    assert list(checklist["swing"]) == sorted(checklist["swing"], reverse=True)


@pytest.mark.parametrize("year", [2027, 2030, 2034])
def test_sensitivity_is_exactly_the_medians_of_full_horizon_simulations(year):
    kw = dict(start_fleet_ratio=11.4, base_year=2025, end_year=2035, n_paths=2000, seed=3, weights=DEFAULT_WEIGHTS)
    ranges = {"china_compute_growth_per_year": (4.0, 5.0, "F003"), "algorithmic_lag_years": (0.5, 2.0, "")}
    sens = L.sensitivity(DEFAULT, year=year, ranges=ranges, **kw).set_index("lever")
    for lever, (low, high, _) in ranges.items():
        for column, value in (("median_at_low", low), ("median_at_high", high)):
            full = simulate(replace(DEFAULT, **{lever: value}), **kw)
            assert sens.loc[lever, column] == ratio_at(full, year, 50)
    assert sens["median_base"].iloc[0] == ratio_at(simulate(DEFAULT, **kw), year, 50)


def test_weight_grid_matches_direct_simulation_at_pure_scenarios():
    kw = dict(start_fleet_ratio=11.4, base_year=2025, end_year=2030, seed=4)
    grid = L.weight_grid(DEFAULT, base_weights=DEFAULT_WEIGHTS, steps_pct=(0, 50, 100), n_paths=4000, **kw)
    assert len(grid) == 6 * 6  # (0,0) (0,50) (0,100) (50,0) (50,50) (100,0) x 6 years
    pure = grid[(grid["w_algorithmic_shift_pct"] == 100) & (grid["year"] == 2030)]
    direct = simulate(DEFAULT, n_paths=4000, weights={"algorithmic_shift": 1.0}, **kw)
    assert pure["p50"].item() == pytest.approx(ratio_at(direct, 2030, 50), rel=0.01)
    assert (grid["p10"] <= grid["p50"]).all() and (grid["p50"] <= grid["p90"]).all()


def test_weight_grid_gives_the_rest_to_the_status_quo_when_the_base_weights_leave_none():
    # All weight on a varied scenario (weight_cost_shock = 1) left nothing to share out.
    kw = dict(start_fleet_ratio=11.4, base_year=2025, end_year=2030, seed=4)
    base = {s: float(s == "cost_shock") for s in SCENARIOS}
    grid = L.weight_grid(DEFAULT, base_weights=base, steps_pct=(0, 50), n_paths=2000, **kw)
    status_quo = simulate(DEFAULT, n_paths=2000, weights={"status_quo": 1.0}, **kw)
    none = grid[(grid["w_algorithmic_shift_pct"] == 0) & (grid["w_cost_shock_pct"] == 0)]
    assert none.loc[none["year"] == 2030, "p50"].item() == pytest.approx(ratio_at(status_quo, 2030, 50), rel=0.01)
    assert np.isfinite(grid[["p10", "p50", "p90"]].to_numpy()).all()


def test_weight_grid_equals_weighted_percentiles_of_the_pooled_paths():
    # Dyadic weights and 64 paths per scenario keep every cumulative weight exact, so the
    # searched percentile must be exactly the brute-force one for every mixture and year.
    kw = dict(start_fleet_ratio=11.4, base_year=2025, end_year=2028, seed=2)
    base = {s: 0.25 for s in SCENARIOS}
    vary = ("status_quo", "algorithmic_shift")  # the rest goes to the one other scenario
    grid = L.weight_grid(DEFAULT, vary=vary, base_weights=base, steps_pct=(0, 25, 50), n_paths=64, qs=(10, 50, 90), **kw)
    sims = [simulate(DEFAULT, n_paths=64, weights={s: float(s == name) for s in SCENARIOS}, **kw)
            for name in SCENARIOS]
    for row in grid.itertuples():
        a, b = row.w_status_quo_pct / 100, row.w_algorithmic_shift_pct / 100
        w = {"status_quo": a, "algorithmic_shift": b}
        w |= {s: (1 - a - b) / (len(SCENARIOS) - 2) for s in SCENARIOS if s not in w}
        j = row.year - 2025
        values = np.concatenate([sim.ratio[:, j] for sim in sims])
        weights = np.concatenate([np.full(64, w[s] / 64) for s in SCENARIOS])
        order = np.argsort(values, kind="stable")
        cum = np.cumsum(weights[order])
        for q in (10, 50, 90):
            expected = values[order][np.searchsorted(cum, q / 100 * cum[-1])]
            assert getattr(row, f"p{q}") == expected


class _Fit:
    def __init__(self, country, growth, low, high):
        self.country, self.growth_per_year, self.low, self.high = country, growth, low, high
        self.level, self.first_year, self.last_year = 0.95, 2020, 2024


def test_growth_ranges_and_the_table_beside_the_levers():
    us, china = _Fit("US", 3.07, 2.26, 4.16), _Fit("China", 1.8, 1.42, 2.27)
    ranges = L.with_growth_ranges(us, china)
    assert ranges["us_compute_growth_per_year"] == (2.26, 4.16, "US documented fleet 2020-2024, 95% interval")
    assert ranges["china_compute_growth_per_year"][:2] == (1.42, 2.27)
    assert ranges["algorithmic_lag_years"] == L.SENSITIVITY_RANGES["algorithmic_lag_years"]
    table = L.growth_against_levers([us, china], Levers(us_compute_growth_per_year=3.1,
                                                          china_compute_growth_per_year=4.5)).set_index("country")
    assert table.loc["US", "inside"] and not table.loc["China", "inside"]
    assert table.loc["China", "lever"] == "china_compute_growth_per_year" and table.loc["US", "years"] == "2020-2024"
    with pytest.raises(ValueError, match="no growth lever"):
        L.growth_against_levers([_Fit("France", 2.0, 1.5, 2.5)], Levers())


def test_every_sensitivity_lever_has_words_for_its_chart_title():
    from gaplib.strategy.scenario_levers import LEVER_WORDS, SENSITIVITY_RANGES, lever_words

    assert set(SENSITIVITY_RANGES) <= set(LEVER_WORDS)
    assert lever_words("china_compute_growth_per_year") == "China's compute growth"
    assert all("_" not in words and words[0].isupper() for words in LEVER_WORDS.values())
    with pytest.raises(KeyError, match="no_such_lever"):
        lever_words("no_such_lever")

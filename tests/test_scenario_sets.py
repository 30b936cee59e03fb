"""The strategy chapter's main model: the scenario engine run once per supply-side scenario set."""

import numpy as np
import pandas as pd
import pytest

from gaplib.strategy import scenario_sets as SS
from gaplib.strategy.scenario_paths import Levers, Simulation, simulate
from gaplib.strategy.supply_growth import SCENARIO_SETS, SET_LABELS

SETTINGS = dict(years=5, base_year=2025, us_stock=1000.0, us_additions=300.0, us_growth=2.0, ceiling=500.0,
                ceiling_growth=1.2, china_stock=100.0, china_domestic=20.0, ramp_low=1.0, ramp_high=1.7,
                ramp_years=3, china_nvidia_floor=5.0, cap_share=0.5, uptake=0.3, cap_from_year=2027)


def test_the_ceilings_stock_growth_is_the_stock_with_every_year_at_the_ceiling():
    adds = 500.0 * 1.2 ** np.arange(5)
    assert SS.ceiling_stock_growth(SETTINGS) == pytest.approx(((1000.0 + adds.sum()) / 1000.0) ** (1 / 5))
    with pytest.raises(ValueError, match="needs a positive US stock and at least one projected year"):
        SS.ceiling_stock_growth({**SETTINGS, "years": 0})


def test_set_growths_has_one_row_per_named_set():
    g = SS.set_growths(SETTINGS)
    assert list(g["set"]) == list(SCENARIO_SETS) and list(g["scenario_set"]) == [SET_LABELS[k] for k in SCENARIO_SETS]
    assert g["us_growth"].nunique() == 1 and (g["us_capped_from"] == 2026).all()


def test_each_set_is_the_engine_run_at_its_own_growth_with_the_cap_and_no_yield_ramp():
    g = SS.set_growths(SETTINGS)
    lv = Levers(domestic_share_of_additions=0.7, domestic_yield_gain_per_year=0.1)
    centre = float(np.exp(np.log(g["china_growth"]).mean()))
    kw = dict(base_year=2025, end_year=2030, n_paths=500, seed=3)
    sims, table = SS.simulate_sets(lv, g, us_growth=1.3, china_growth=centre, growth_log_sd=0.1, us_growth_cap=1.32,
                                   start_ratio=20.0, **kw)
    assert list(sims) == list(g["scenario_set"])
    assert table["china_lever_growth"].tolist() == pytest.approx(g["china_growth"].tolist())
    row = table.iloc[0]
    direct = simulate(Levers(us_compute_growth_per_year=1.3, china_compute_growth_per_year=row.china_lever_growth,
                             growth_uncertainty_log_sd=0.1, domestic_share_of_additions=0.7),
                      start_fleet_ratio=20.0, us_growth_cap_per_year=1.32, **kw)
    assert np.array_equal(sims[row.scenario_set].ratio, direct.ratio)
    # a faster-growing China set ends lower
    medians = [np.median(s.ratio[:, -1]) for s in sims.values()]
    assert medians[0] > medians[-1]


def test_pooled_concatenates_equal_sets_and_refuses_unequal_ones():
    a = Simulation(np.array([2025, 2026]), np.ones((3, 2)), np.zeros(3, dtype=int))
    b = Simulation(np.array([2025, 2026]), 2 * np.ones((3, 2)), np.zeros(3, dtype=int))
    pooled = SS.pooled({"a": a, "b": b})
    assert pooled.ratio.shape == (6, 2) and np.median(pooled.ratio[:, 1]) == 1.5
    with pytest.raises(ValueError, match="the same paths and years in every set"):
        SS.pooled({"a": a, "c": Simulation(a.years, np.ones((4, 2)), np.zeros(4, dtype=int))})
    with pytest.raises(ValueError, match="no scenario sets to pool"):
        SS.pooled({})

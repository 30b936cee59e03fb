"""Supply-anchored growth: the t prediction interval, the capex and power ceiling, the scenario sets."""

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from gaplib.strategy import bands, supply_growth as sg
from gaplib.strategy.scenario_paths import Simulation


def test_exact_exponential_additions_have_their_growth_and_a_narrow_interval():
    adds = pd.Series([100.0 * 3 ** k for k in range(4)], index=[2022, 2023, 2024, 2025])
    fit = sg.growth_fit(adds)
    assert fit.growth_per_year == pytest.approx(3.0)
    assert fit.low == pytest.approx(3.0) and fit.high == pytest.approx(3.0)


def test_prediction_interval_uses_t_not_the_standard_error():
    adds = pd.Series([100.0, 330.0, 800.0, 2900.0, 7000.0], index=range(2021, 2026))
    fit = sg.growth_fit(adds, level=0.8)
    r = stats.linregress(adds.index.to_numpy(float), np.log(adds.to_numpy()))
    resid = np.log(adds.to_numpy()) - (r.intercept + r.slope * adds.index.to_numpy(float))
    sd = np.sqrt(r.stderr ** 2 + 2 * resid @ resid / 3)
    assert np.log(fit.high) - r.slope == pytest.approx(stats.t.ppf(0.9, 3) * sd)
    assert fit.high / fit.growth_per_year > np.exp(1.2816 * r.stderr)  # wider than the standard error's band


def test_yearly_additions_from_cumulative():
    cum = pd.Series([10.0, 15.0, 40.0, 100.0], index=pd.to_datetime(["2022-12-31", "2023-06-30", "2023-12-31", "2024-12-31"]))
    assert sg.yearly_additions(cum).to_dict() == {2022: 10.0, 2023: 30.0, 2024: 60.0}


def test_ceiling_takes_the_smaller_of_capex_and_power():
    c = sg.ceiling_additions(100e9, 0.5, 25_000, 1.0, 1_000)
    assert c["capex_h100e"] == pytest.approx(2e6) and c["power_h100e"] == pytest.approx(1e6)
    assert c["ceiling_h100e"] == pytest.approx(1e6) and c["binding"] == "power"
    with pytest.raises(ValueError, match=r"accelerator_share must be in \(0, 1\], got 0.0"):
        sg.ceiling_additions(100e9, 0.0, 25_000, 1.0, 1_000)


def test_a_ceiling_caps_additions_and_names_the_year():
    free = sg.stock_path(100.0, 10.0, 2.0, 3)
    assert free.tolist() == [120.0, 160.0, 240.0]
    capped = sg.stock_path(100.0, 10.0, 2.0, 3, ceiling=30.0, ceiling_growth=1.0)
    assert capped.tolist() == [120.0, 150.0, 180.0]
    assert sg.first_capped_year(10.0, 2.0, 3, 30.0, 1.0, 2025) == 2027
    assert sg.first_capped_year(10.0, 2.0, 3, 1e9, 1.0, 2025) is None
    assert sg.stock_growth(100.0, capped) == pytest.approx(1.8 ** (1 / 3))


def test_scenario_sets_order_china_growth():
    settings = dict(years=5, base_year=2025, us_stock=1000.0, us_additions=300.0, us_growth=2.0, ceiling=500.0,
                    ceiling_growth=1.2, china_stock=100.0, china_domestic=20.0, ramp_low=1.0, ramp_high=1.7,
                    ramp_years=3, china_nvidia_floor=5.0, cap_share=0.5, uptake=0.3)
    g = {name: sg.set_growth(settings, **spec) for name, spec in sg.SCENARIO_SETS.items()}
    assert g["controls_hold_ramp_low"]["china_growth"] < g["controls_hold_ramp_high"]["china_growth"]
    assert g["controls_hold_ramp_low"]["china_growth"] < g["h200_cap_ramp_low"]["china_growth"]
    assert len({round(v["us_growth"], 12) for v in g.values()}) == 1  # the sets move China, not the US
    assert g["controls_hold_ramp_low"]["us_capped_from"] == 2026  # 300 x 2 > 500 in the first year
    # controls hold, flat ramp: China adds 20 + 5 a year for 5 years
    assert g["controls_hold_ramp_low"]["china_growth"] == pytest.approx((225 / 100) ** (1 / 5))
    # at the cap China adds 0.3 x 0.5 of the US's (capped) additions on top of its domestic chips
    us_adds = np.diff(np.concatenate([[1000.0], sg.stock_path(1000.0, 300.0, 2.0, 5, 500.0, 1.2)]))
    expected = 100 + (20 * 5 + 0.15 * us_adds.sum())
    assert g["h200_cap_ramp_low"]["china_growth"] == pytest.approx((expected / 100) ** (1 / 5))


def test_bands_pool_the_sets_and_probabilities_below_resolution_are_not_numbers():
    years = np.array([2025, 2030, 2035])
    a = Simulation(years, np.tile([[10.0, 10.0, 10.0]], (100, 1)), np.zeros(100, int))
    b = Simulation(years, np.tile([[10.0, 1.0, 1.0]], (100, 1)), np.zeros(100, int))
    out = bands.band_rows({"a": a, "b": b}).set_index(["scenario_set", "year"])
    assert out.loc[("a", 2030), "p50"] == 10.0 and out.loc[("a", 2030), "prob_below"] == 0.0
    assert out.loc[("b", 2035), "prob_below"] == 1.0
    assert out.loc[("all sets", 2030), "prob_below"] == 0.5
    assert bands.resolved(0.004) is None and bands.resolved(0.2) == 0.2
    with pytest.raises(ValueError, match=r"a probability must lie in \[0, 1\], got 1.5"):
        bands.resolved(1.5)


def test_the_average_growth_spread_shrinks_with_the_horizon_to_the_slope_uncertainty():
    adds = pd.Series([100.0, 330.0, 800.0, 2900.0, 7000.0], index=range(2021, 2026))
    fit = sg.growth_fit(adds, level=0.8)
    scale = stats.t.ppf(0.9, 3) / stats.norm.ppf(0.9)
    assert fit.average_growth_log_sd(1) == pytest.approx(fit.predictive_log_sd)
    assert fit.average_growth_log_sd(5) == pytest.approx(scale * np.sqrt(fit.slope_se ** 2 + 2 * fit.resid_sd ** 2 / 25))
    assert fit.slope_se * scale < fit.average_growth_log_sd(10) < fit.average_growth_log_sd(5) < fit.predictive_log_sd
    with pytest.raises(ValueError, match="needs at least one year"):
        fit.average_growth_log_sd(0)


def test_the_cap_starts_in_the_first_year_china_lets_imports_in():
    us_adds = np.array([100.0, 200.0, 400.0])
    # controls-hold floor of 5 until the third projected year, then 0.3 x 0.5 of the US's additions
    path = sg.china_path(50.0, 10.0, 1.0, 5.0, us_adds, "cap", 0.5, 0.3, cap_from=3)
    assert path.tolist() == pytest.approx([65.0, 80.0, 80.0 + 10 + 0.15 * 400])
    assert sg.china_path(50.0, 10.0, 1.0, 5.0, us_adds, "floor", 0.5, 0.3, cap_from=3).tolist() == [65.0, 80.0, 95.0]
    with pytest.raises(ValueError, match="cap_from"):
        sg.china_path(50.0, 10.0, 1.0, 5.0, us_adds, "cap", 0.5, 0.3, cap_from=0)


def test_us_additions_in_a_year_follow_the_capped_path():
    settings = dict(years=3, base_year=2025, us_stock=1000.0, us_additions=10.0, us_growth=2.0, ceiling=30.0,
                    ceiling_growth=1.0)
    assert [sg.us_additions_in(settings, y) for y in (2026, 2027, 2028)] == [20.0, 30.0, 30.0]
    with pytest.raises(ValueError, match="projected year"):
        sg.us_additions_in(settings, 2025)


def test_anchoring_keeps_the_sets_at_the_supply_side_defaults_and_shifts_them_together():
    growths = pd.DataFrame({"us_growth": [1.3, 1.3], "china_growth": [1.1, 1.6]})
    centre = sg.central_growth(growths["china_growth"])
    assert centre == pytest.approx(np.sqrt(1.1 * 1.6))
    same = sg.anchored(growths, 1.3, centre)
    assert same["china_lever_growth"].tolist() == pytest.approx([1.1, 1.6])
    moved = sg.anchored(growths, 1.5, 2 * centre)
    assert moved["china_lever_growth"].tolist() == pytest.approx([2.2, 3.2])
    assert (moved["us_lever_growth"] == 1.5).all()
    with pytest.raises(ValueError, match="needs positive growth factors"):
        sg.central_growth([1.2, 0.0])

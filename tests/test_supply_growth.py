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


def test_growth_fit_matches_an_ols_fit_of_log_additions_done_by_hand():
    years = np.array([2020.0, 2021, 2022, 2023, 2024, 2025])
    adds = np.array([0.5, 2.0, 5.0, 7.0, 30.0, 60.0])  # a year below 1 H100e is still a positive year
    fit = sg.growth_fit(pd.Series(np.r_[0.0, -3.0, adds], index=np.r_[2018, 2019, years].astype(int)))
    x, y = years - years.mean(), np.log(adds)
    slope = (x @ (y - y.mean())) / (x @ x)
    resid = y - y.mean() - slope * x
    s2 = resid @ resid / 4
    se = np.sqrt(s2 / (x @ x))
    sd = np.sqrt(se ** 2 + 2 * s2)
    t, z = stats.t.ppf(0.9, 4), stats.norm.ppf(0.9)  # the default level is 80%
    assert (fit.df, fit.level, fit.first_year, fit.last_year) == (4, 0.8, 2020, 2025)
    assert fit.growth_per_year == pytest.approx(np.exp(slope))
    assert (fit.low, fit.high) == pytest.approx((np.exp(slope - t * sd), np.exp(slope + t * sd)))
    assert fit.predictive_log_sd == pytest.approx(sd * t / z)
    assert (fit.slope_se, fit.resid_sd) == pytest.approx((se, np.sqrt(s2)))
    wide = sg.growth_fit(pd.Series(adds, index=years.astype(int)), level=0.95)
    assert np.log(wide.high) - np.log(wide.growth_per_year) == pytest.approx(stats.t.ppf(0.975, 4) * sd)


def test_growth_fit_needs_three_positive_years():
    assert sg.growth_fit(pd.Series([1.0, 2.0, 4.0], index=[2023, 2024, 2025])).df == 1
    with pytest.raises(Exception, match="needs 3 positive years, got 2"):
        sg.growth_fit(pd.Series([0.0, 2.0, 4.0], index=[2023, 2024, 2025]))


def test_the_average_growth_spread_by_hand_and_a_fit_without_standard_errors():
    fit = sg.GrowthFit(2.0, 1.5, 2.5, 0.3, df=4, level=0.9, first_year=2020, last_year=2025, slope_se=0.1,
                       resid_sd=0.3)
    scale = stats.t.ppf(0.95, 4) / stats.norm.ppf(0.95)
    assert fit.average_growth_log_sd(3) == pytest.approx(scale * np.sqrt(0.01 + 2 * 0.09 / 9))
    bare = sg.GrowthFit(2.0, 2.0, 2.0, 0.0, df=3, level=0.8, first_year=2022, last_year=2025)
    assert (bare.slope_se, bare.resid_sd, bare.average_growth_log_sd(2)) == (0.0, 0.0, 0.0)
    import dataclasses
    with pytest.raises(dataclasses.FrozenInstanceError, match="cannot assign to field 'df'"):
        bare.df = 5


def test_yearly_additions_take_year_ends_in_date_order():
    cum = pd.Series([40.0, 15.0, 10.0, 100.0], index=pd.to_datetime(["2023-12-31", "2023-11-30", "2022-12-31",
                                                                     "2024-12-31"]))
    assert sg.yearly_additions(cum).to_dict() == {2022: 10.0, 2023: 30.0, 2024: 60.0}
    with pytest.raises(Exception, match="no year-end values"):
        sg.yearly_additions(pd.Series([1.0], index=pd.to_datetime(["2024-06-30"])))


def test_the_ceiling_refuses_non_positive_inputs_and_names_capex_on_a_tie():
    assert sg.ceiling_additions(50e9, 1.0, 25_000, 0.5, 4_000)["binding"] == "capex"  # 2e6 against 2e6
    small = sg.ceiling_additions(1.0, 0.5, 0.5, 0.5, 0.5)  # values below 1 are still positive
    assert (small["capex_h100e"], small["power_h100e"], small["ceiling_h100e"]) == (1.0, 250.0, 1.0)
    assert small["binding"] == "capex"
    for i, name in enumerate(("capex_usd", "usd_per_h100e", "power_added_gw", "h100e_per_mw")):
        args = [100e9, 25_000, 1.0, 1_000]
        args[i] = 0.0
        with pytest.raises(ValueError, match=f"{name} must be positive, got 0.0"):
            sg.ceiling_additions(args[0], 0.5, args[1], args[2], args[3])
    for share in (0.0, 1.5):
        with pytest.raises(ValueError, match="accelerator_share must be in"):
            sg.ceiling_additions(100e9, share, 25_000, 1.0, 1_000)


def test_a_growing_ceiling_starts_at_its_level_in_the_first_year():
    path = sg.stock_path(0.0, 10.0, 2.0, 4, ceiling=25.0, ceiling_growth=2.0)
    # uncapped 20, 40, 80, 160; ceiling 25, 50, 100, 200: never binding
    assert path.tolist() == [20.0, 60.0, 140.0, 300.0]
    tight = sg.stock_path(0.0, 10.0, 3.0, 3, ceiling=20.0, ceiling_growth=1.5)  # 30, 90, 270 against 20, 30, 45
    assert tight.tolist() == [20.0, 50.0, 95.0]
    assert sg.stock_path(5.0, 10.0, 2.0, 2, ceiling=15.0).tolist() == [20.0, 35.0]  # a flat ceiling by default
    assert sg.first_capped_year(10.0, 2.0, 3, 20.0, 2.0, 2025) is None  # equal is not above
    assert sg.first_capped_year(10.0, 3.0, 3, 20.0, 1.5, 2025) == 2026
    assert sg.first_capped_year(10.0, 2.0, 3, 70.0, 1.0, 2025) == 2028  # 20, 40, 80 against 70
    assert sg.first_capped_year(10.0, 2.0, 2, 50.0, 1.0, 2025) is None  # 80 in a third year is past the horizon


def test_stock_growth_needs_a_positive_start_and_one_year():
    assert sg.stock_growth(0.5, np.array([2.0])) == pytest.approx(4.0)
    assert sg.stock_growth(100.0, np.array([150.0, 400.0])) == pytest.approx(2.0)
    for start, path in ((0.0, np.array([1.0])), (-1.0, np.array([1.0])), (1.0, np.array([]))):
        with pytest.raises(ValueError, match="needs a positive start and at least one year"):
            sg.stock_growth(start, path)


def test_china_path_ramps_for_its_years_then_stays_flat():
    us_adds = np.array([100.0, 200.0, 400.0, 800.0])
    flat_after_2 = sg.china_path(0.0, 10.0, 2.0, 1.0, us_adds, "floor", 0.5, 0.2, ramp_years=2)
    assert np.diff(np.r_[0.0, flat_after_2]).tolist() == [21.0, 41.0, 41.0, 41.0]
    always = sg.china_path(0.0, 10.0, 2.0, 1.0, us_adds, "floor", 0.5, 0.2)
    assert np.diff(np.r_[0.0, always]).tolist() == [21.0, 41.0, 81.0, 161.0]
    cap = sg.china_path(0.0, 10.0, 1.0, 1.0, us_adds, "cap", 0.5, 0.2)  # the cap from the first year by default
    assert np.diff(np.r_[0.0, cap]).tolist() == pytest.approx([20.0, 30.0, 50.0, 90.0])
    with pytest.raises(ValueError, match="imports must be 'floor' or 'cap', got 'open'"):
        sg.china_path(0.0, 10.0, 1.0, 1.0, us_adds, "open", 0.5, 0.2)


def _settings(**extra):
    return dict(years=3, base_year=2025, us_stock=1000.0, us_additions=100.0, us_growth=2.0, ceiling=1e9,
                ceiling_growth=1.0, china_stock=100.0, china_domestic=10.0, ramp_low=1.0, ramp_high=2.0,
                china_nvidia_floor=4.0, cap_share=0.5, uptake=0.2, **extra)


def test_the_cap_year_counts_from_the_base_year_and_never_before_the_first_projected_year():
    # US additions 200, 400, 800; at the cap China takes 0.1 of them, otherwise its floor of 4
    def china_growth(**extra):
        return sg.set_growth(_settings(**extra), "cap", "low")["china_growth"]

    from_first = (100 + 30 + 50 + 90) / 100
    assert china_growth() == pytest.approx(from_first ** (1 / 3))
    assert china_growth(cap_from_year=2026) == pytest.approx(from_first ** (1 / 3))
    assert china_growth(cap_from_year=2020) == pytest.approx(from_first ** (1 / 3))  # an earlier year is the first
    assert china_growth(cap_from_year=2027) == pytest.approx(((100 + 14 + 50 + 90) / 100) ** (1 / 3))
    assert china_growth(cap_from_year=2028) == pytest.approx(((100 + 14 + 14 + 90) / 100) ** (1 / 3))
    out = sg.set_growth(_settings(), "floor", "high")
    assert out["us_capped_from"] == 0  # the ceiling never binds
    assert out["us_growth"] == pytest.approx(((1000 + 200 + 400 + 800) / 1000) ** (1 / 3))
    assert out["china_growth"] == pytest.approx(((100 + 20 + 40 + 80 + 12) / 100) ** (1 / 3))


def test_us_additions_in_the_first_and_last_projected_year_only():
    s = _settings()
    assert (sg.us_additions_in(s, 2026), sg.us_additions_in(s, 2028)) == (200.0, 800.0)
    for year in (2025, 2029):
        with pytest.raises(ValueError, match=f"{year} is not a projected year \\(2026-2028\\)"):
            sg.us_additions_in(s, year)


def test_levers_and_central_growth_refuse_non_positive_values():
    assert sg.central_growth([0.5, 2.0]) == pytest.approx(1.0)
    for bad in ([], [1.2, -1.0], [0.0]):
        with pytest.raises(ValueError, match="needs positive growth factors"):
            sg.central_growth(bad)
    growths = pd.DataFrame({"us_growth": [1.3], "china_growth": [0.5]})
    assert sg.anchored(growths, 0.5, 0.25)["china_lever_growth"].tolist() == pytest.approx([0.25])
    for us, china in ((0.0, 1.0), (1.0, 0.0), (-1.0, 1.0)):
        with pytest.raises(ValueError, match="growth levers must be positive"):
            sg.anchored(growths, us, china)


def test_bands_read_the_percentiles_the_threshold_and_the_years_up_to_by_year():
    years = np.array([2025, 2030, 2035, 2040])
    ratio = np.tile([10.0, 10.0, 10.0, 10.0], (101, 1))
    ratio[:, 1] = np.arange(101.0)  # 2030: 0, 1, ..., 100 (percentiles are the values themselves)
    ratio[:, 1] += 3.0               # ... shifted to 3..103, so no path is below 2 in 2030
    ratio[:50, 2] = 2.0              # 2035: at the threshold is not below it
    ratio[50:60, 2] = 1.5            # ... ten paths below it in 2035
    ratio[60:, 3] = 0.5              # 2040 is after the default by_year
    out = bands.band_rows({"s": Simulation(years, ratio, np.zeros(101, int))}).set_index(["scenario_set", "year"])
    assert sorted({y for _, y in out.index}) == [2030, 2035]
    assert (out.loc[("s", 2030), "p10"], out.loc[("s", 2030), "p50"], out.loc[("s", 2030), "p90"]) == (13.0, 53.0, 93.0)
    assert out.loc[("s", 2030), "prob_below"] == pytest.approx(10 / 101)
    later = bands.band_rows({"s": Simulation(years, ratio, np.zeros(101, int))}, years=(2040,), by_year=2040)
    assert later["prob_below"].tolist() == [pytest.approx(51 / 101)] * 2  # the set and the pooled sets
    assert bands.band_rows({"s": Simulation(years, ratio, np.zeros(101, int))}, threshold=2.5,
                           years=(2035,))["prob_below"].tolist() == [pytest.approx(60 / 101)] * 2
    with pytest.raises(ValueError, match="no scenario sets"):
        bands.band_rows({})


def test_the_resolution_is_one_percent_inclusive():
    assert bands.RESOLUTION == 0.01
    assert bands.resolved(0.01) == 0.01 and bands.resolved(0.015) == 0.015 and bands.resolved(0.0099) is None
    assert bands.resolved(0.0, resolution=0.0) == 0.0 and bands.resolved(1.0) == 1.0
    with pytest.raises(ValueError, match="must lie in"):
        bands.resolved(-0.1)

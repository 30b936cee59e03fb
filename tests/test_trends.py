"""gaplib.trends: frontier selection, fits, lags, Elo and open-weight shares, on known values."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from gaplib import compute, trends


def _models(rows):
    """rows: (model, countries tuple, date string, compute FLOP)."""
    return pd.DataFrame(rows, columns=["model", "countries", "publication_date", "training_compute_flop"]).assign(
        publication_date=lambda d: pd.to_datetime(d["publication_date"]))


def _synthetic_frontier(slope_us=0.6, slope_cn=0.8, gap=1.0, noise=0.0, n=40, seed=0):
    """Lines log10 = 24 + slope (year - 2022) for the US and 24 - gap + slope_cn (year - 2022) for China."""
    rng = np.random.default_rng(seed)
    years = np.linspace(2018.0, 2026.0, n)
    rows = []
    for country, a, b in (("US", 24.0, slope_us), ("China", 24.0 - gap, slope_cn)):
        y = a + b * (years - 2022.0) + rng.normal(0, noise, n)
        rows.append(pd.DataFrame({"model": [f"{country}{i}" for i in range(n)], "country": country,
                                  "year": years, "log10_compute_flop": y}))
    return pd.concat(rows, ignore_index=True)


def test_decimal_year_known_values():
    years = trends.decimal_year(pd.Series(pd.to_datetime(["2024-01-01", "2023-07-02", "2020-12-31"])))
    assert years.iloc[0] == 2024.0
    assert years.iloc[1] == pytest.approx(2023 + 182 / 365)
    assert years.iloc[2] == pytest.approx(2020 + 365 / 366)


def test_models_by_country_counts_joint_models_for_both_and_drops_missing():
    models = _models([
        ("a", ("US",), "2020-01-01", 1e22), ("b", ("US", "China"), "2021-01-01", 1e23),
        ("c", ("China",), "2021-06-01", None), ("d", ("France",), "2021-06-01", 1e23),
        ("e", ("China",), "2016-01-01", 1e20), ("f", (), "2022-01-01", 1e21),
    ])
    out = trends.models_by_country(models, start_year=2018)
    assert sorted(out["model"] + out["country"]) == ["aUS", "bChina", "bUS"]
    assert out.loc[out["model"] == "a", "log10_compute_flop"].item() == pytest.approx(22.0)


def test_combine_model_tables_keeps_one_row_per_name_preferring_notable():
    notable = _models([("GPT-4", ("US",), "2023-03-14", 2e25)])
    large = _models([("gpt-4 ", ("US",), "2023-03-15", 3e25), ("Qwen", ("China",), "2024-01-01", 1e24)])
    out = trends.combine_model_tables(notable, large)
    assert list(out["model"]) == ["GPT-4", "Qwen"]
    assert out["training_compute_flop"].iloc[0] == 2e25


def test_frontier_top_k_keeps_k_largest_per_country_and_year():
    rows = [(f"u{i}", ("US",), f"2020-0{i + 1}-01", 10.0 ** (20 + i)) for i in range(5)]
    rows += [(f"c{i}", ("China",), f"2020-0{i + 1}-01", 10.0 ** (18 + i)) for i in range(2)]
    by = trends.models_by_country(_models(rows))
    top = trends.frontier_top_k(by, 3)
    assert sorted(top.loc[top["country"] == "US", "model"]) == ["u2", "u3", "u4"]
    assert sorted(top.loc[top["country"] == "China", "model"]) == ["c0", "c1"]
    with pytest.raises(ValueError):
        trends.frontier_top_k(by, 0)


def test_rolling_quantile_zero_keeps_all_and_one_keeps_running_records():
    frame = _synthetic_frontier(noise=0.3, n=30, seed=3)
    assert len(trends.frontier_rolling_quantile(frame, 0.0, 12)) == len(frame)
    records = trends.frontier_rolling_quantile(frame, 1.0, 1200)
    for _, rows in records.groupby("country"):
        assert rows["log10_compute_flop"].is_monotonic_increasing
    with pytest.raises(ValueError):
        trends.frontier_rolling_quantile(frame, 1.5, 12)


def test_fit_recovers_known_slopes_and_detects_their_difference():
    fit = trends.fit_frontier(_synthetic_frontier(slope_us=0.6, slope_cn=0.8, noise=0.1, n=60, seed=1))
    assert math.log10(fit.growth_per_year("US")) == pytest.approx(0.6, abs=0.03)
    assert math.log10(fit.growth_per_year("China")) == pytest.approx(0.8, abs=0.03)
    low, high = fit.growth_ci("US")
    assert low < 10 ** 0.6 < high
    assert fit.interaction_pvalue < 1e-6
    assert fit.reference_year == 2026.0


def test_fit_needs_three_models_per_country():
    frame = _synthetic_frontier(n=2)
    with pytest.raises(ValueError, match="at least 3"):
        trends.fit_frontier(frame)


def test_horizontal_lag_of_parallel_lines():
    # China is 0.5 orders of magnitude below, both grow 0.5 per year: one year behind
    params = np.array([24.0, 0.5, 23.5, 0.5])
    assert trends.horizontal_lag_months(params, 2025.0, 2022.0) == pytest.approx(12.0)
    assert trends.horizontal_lag_months(np.array([24.0, 0.5, 24.5, 0.5]), 2025.0, 2022.0) == pytest.approx(-12.0)
    assert math.isnan(trends.horizontal_lag_months(np.array([24.0, 0.5, 23.0, 0.0]), 2025.0, 2022.0))


def test_lag_of_a_noise_free_fit_and_its_bootstrap():
    frame = _synthetic_frontier(slope_us=0.5, slope_cn=0.5, gap=0.5)
    fit = trends.fit_frontier(frame)
    assert trends.horizontal_lag_months(fit.params, fit.reference_year, fit.center_year) == pytest.approx(12.0)
    draws = trends.bootstrap_lag_months(frame, fit.reference_year, n_boot=50, seed=7)
    assert np.allclose(draws, 12.0)


def test_bootstrap_is_deterministic_given_the_seed():
    frame = _synthetic_frontier(noise=0.3, seed=2)
    a = trends.bootstrap_lag_months(frame, 2026.0, n_boot=100, seed=11)
    b = trends.bootstrap_lag_months(frame, 2026.0, n_boot=100, seed=11)
    c = trends.bootstrap_lag_months(frame, 2026.0, n_boot=100, seed=12)
    assert np.array_equal(a, b) and not np.array_equal(a, c)


def test_fitted_lines_band_contains_the_fit():
    fit = trends.fit_frontier(_synthetic_frontier(noise=0.2, seed=4))
    band = trends.fitted_lines(fit, np.array([2019.0, 2024.0]))
    assert len(band) == 4
    assert (band["low_flop"] < band["fit_flop"]).all() and (band["fit_flop"] < band["high_flop"]).all()


def _eci(rows):
    return pd.DataFrame(rows, columns=["model_version", "countries", "release_date", "eci_score"]).assign(
        release_date=lambda d: pd.to_datetime(d["release_date"]), model=lambda d: d["model_version"])


def test_eci_lags_known_values_censoring_and_never():
    eci = _eci([
        ("us1", ("US",), "2023-01-01", 100.0), ("us2", ("US",), "2024-01-01", 120.0),
        ("cn0", ("China",), "2023-06-01", 90.0),    # below the first US score: censored
        ("cn1", ("China",), "2025-01-01", 110.0),   # US reached 110 on 2024-01-01: 12 months
        ("cn2", ("China",), "2025-02-01", 105.0),   # not a Chinese record
        ("cn3", ("China",), "2025-06-01", 130.0),   # above every US model
    ])
    lags = trends.eci_lags(eci, "frontier").set_index("model")
    assert list(lags.index) == ["cn0", "cn1", "cn3"]
    assert lags.loc["cn1", "lag_months"] == pytest.approx(366 / 365.25 * 12)
    assert bool(lags.loc["cn0", "censored"]) and bool(lags.loc["cn3", "us_never"])
    assert len(trends.eci_lags(eci, "all")) == 4
    summary = trends.summarise_lags(lags.reset_index())
    assert summary.n == 1 and summary.n_censored == 1 and summary.n_never == 1
    assert summary.mean_months == pytest.approx(lags.loc["cn1", "lag_months"])
    assert math.isnan(summary.trend_months_per_year)


def test_lag_trend_is_recovered():
    dates = pd.to_datetime(["2023-01-01", "2024-01-01", "2025-01-01", "2026-01-01"])
    lags = pd.DataFrame({"release_date": dates, "lag_months": [12.0, 10.0, 8.0, 6.0],
                         "censored": False, "us_never": False})
    assert trends.summarise_lags(lags).trend_months_per_year == pytest.approx(-2.0, abs=0.02)


def test_elo_win_probability_known_values():
    assert trends.elo_win_probability(0.0) == 0.5
    assert trends.elo_win_probability(400.0) == pytest.approx(10 / 11)
    assert trends.elo_win_probability(np.array([0.0, -400.0]))[1] == pytest.approx(1 / 11)


@given(st.floats(-1000, 1000), st.floats(0.01, 500))
def test_win_probability_is_monotone_and_symmetric(gap, step):
    assert trends.elo_win_probability(gap + step) > trends.elo_win_probability(gap)
    assert trends.elo_win_probability(gap) + trends.elo_win_probability(-gap) == pytest.approx(1.0)


def test_ci_halfwidth_parses_leaderboard_strings():
    assert trends.ci_halfwidth("+5/-4") == 4.5
    assert math.isnan(trends.ci_halfwidth(None)) and math.isnan(trends.ci_halfwidth("n/a"))


def test_arena_gap_takes_the_best_model_per_country_and_version():
    snaps = pd.DataFrame({
        "snapshot_date": pd.to_datetime(["2025-01-05"] * 4 + ["2025-02-01"] * 2),
        "snapshot_version": pd.to_datetime(["2025-01-01"] * 4 + [None] * 2),
        "score": [1300.0, 1280.0, 1250.0, 1400.0, 1310.0, 1310.0],
        "votes": [10, 10, 10, 10, 10, 10],
        "country": ["US", "US", "China", "France", "US", "China"],
        "ci_95": ["+3/-3", "+3/-3", "+4/-4", None, "+3/-3", "+4/-4"],
    })
    gap = trends.arena_gap(snaps)
    assert list(gap["gap_elo"]) == [50.0, 0.0]
    assert list(gap["date"]) == list(pd.to_datetime(["2025-01-01", "2025-02-01"]))
    assert gap["gap_ci_elo"].iloc[0] == pytest.approx(5.0)
    assert gap["win_probability"].iloc[1] == 0.5
    assert len(trends.arena_gap(snaps, min_votes=11)) == 0


def test_algorithmic_growth_and_months_per_10x():
    assert trends.algorithmic_growth_per_year(12.0) == pytest.approx(2.0)
    months = compute.ratio_to_lag_months(10.0, trends.algorithmic_growth_per_year(8.0))
    assert months == pytest.approx(8.0 * math.log2(10.0))
    with pytest.raises(ValueError):
        trends.algorithmic_growth_per_year(0.0)


def test_wilson_interval_known_values():
    low, high = trends.wilson_interval(0, 10)
    assert low == 0.0 and high == pytest.approx(0.2775, abs=1e-4)
    assert all(math.isnan(v) for v in trends.wilson_interval(0, 0))


@given(st.integers(1, 500).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))))
def test_wilson_interval_contains_the_share(pair):
    k, n = pair
    low, high = trends.wilson_interval(k, n)
    assert 0.0 <= low <= k / n <= high <= 1.0


def test_open_weight_shares():
    models = _models([
        ("a", ("US",), "2024-01-01", None), ("b", ("US",), "2024-05-01", None),
        ("c", ("China",), "2024-01-01", None), ("d", ("US", "China"), "2025-01-01", None),
        ("e", ("China",), "2025-01-01", None),
    ]).assign(open_weights=pd.array([True, False, True, True, None], dtype="boolean"))
    overall = trends.open_weight_shares(models, by_year=False).set_index("country")
    assert overall.loc["US", "share_pct"] == pytest.approx(200 / 3)
    assert overall.loc["China", "n_models"] == 2 and overall.loc["China", "share_pct"] == 100.0
    yearly = trends.open_weight_shares(models, start_year=2025)
    assert list(yearly["year"]) == [2025, 2025]


def test_compare_fits_has_one_row_per_definition():
    fit = trends.fit_frontier(_synthetic_frontier(noise=0.1))
    table = trends.compare_fits({"a": fit, "b": fit})
    assert list(table["definition"]) == ["a", "b"]
    assert table["us_ci_low"].iloc[0] < table["us_growth_per_year"].iloc[0] < table["us_ci_high"].iloc[0]

"""Golden values of published numbers' functions, on small inputs worked out here by hand or by
closed form, never from the modules' own constants."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from gaplib.algorithms import segmented
from gaplib.funding import funding
from gaplib.hardware import compute
from gaplib.summary import claim_rules as cr
from gaplib.summary import overview
from gaplib.summary.dimensions import Dimension

SECONDS_IN_A_JULIAN_YEAR = 31_557_600  # 365.25 days of 86,400 s


def test_a_years_training_flop_and_runs_use_a_julian_year():
    assert compute.training_flop_per_year(2.0, 0.5, h100_flop_per_s=1e15) == pytest.approx(
        2.0 * 1e15 * 0.5 * SECONDS_IN_A_JULIAN_YEAR, rel=1e-12)
    assert compute.runs_per_year(1.0, 1e6, 1.0, h100_flop_per_s=1.0) == pytest.approx(31.5576, rel=1e-12)
    # one H100 at 989.5 TFLOP/s, busy all year: 3.1226e22 FLOP (facts F032 for the rate)
    assert compute.training_flop_per_year(1.0, 1.0) == pytest.approx(989.5e12 * SECONDS_IN_A_JULIAN_YEAR, rel=1e-12)


# --- claim rules: dates, intervals -------------------------------------------------------------------

def test_decimal_years_by_hand():
    assert cr.decimal_year("2025-10-01") == 2025.75
    assert cr.decimal_year("2024-02-15") == pytest.approx(2024 + (1 + 14 / 29) / 12)  # a leap February
    assert cr.decimal_year("2023-12-31") == pytest.approx(2023 + (11 + 30 / 31) / 12)


@pytest.mark.parametrize("claimed, evidence, verdict", [
    (2024.0, 2025.0, cr.CONSISTENT),  # a year apart, tolerance 12 months
    (2025.0, 2024.0, cr.CONSISTENT),
    (2024.0, 2025.25, cr.OUTDATED),  # claimed 15 months before the evidence
    (2025.25, 2024.0, cr.OUTDATED),  # claimed 15 months after
    (2024.5, 2024.5, cr.CONSISTENT),
])
def test_date_verdicts_on_both_sides_of_the_tolerance(claimed, evidence, verdict):
    assert cr.compare_dates(claimed, evidence, tolerance_months=12.0) == verdict


def test_point_claims_widen_by_the_tolerance_and_intervals_compare_on_both_sides():
    assert cr.claimed_interval(10.0, 10.0, 25.0) == (7.5, 12.5)
    assert cr.claimed_interval(-10.0, -10.0, 25.0) == (-12.5, -7.5)
    assert cr.claimed_interval(None, 5.0, 25.0) == (-math.inf, 5.0)
    assert cr.claimed_interval(2.0, math.nan, 25.0) == (2.0, math.inf)
    claim = (7.5, 12.5)
    assert cr.compare_intervals(claim, (13.0, 14.0)) == cr.UNDERSTATED
    assert cr.compare_intervals(claim, (12.5, 14.0)) == cr.CONSISTENT  # touching counts as overlap
    assert cr.compare_intervals(claim, (5.0, 7.0)) == cr.OVERSTATED
    assert cr.compare_intervals(claim, (5.0, 7.5)) == cr.CONSISTENT
    assert cr.compare_intervals(claim, (5.0, 14.0)) == cr.TOO_WIDE
    assert cr.compare_intervals(claim, (8.0, 14.0)) == cr.CONSISTENT  # past the high end only
    assert cr.compare_intervals((-math.inf, 5.0), (-100.0, 6.0)) == cr.TOO_WIDE
    assert cr.compare_intervals((-math.inf, 5.0), (-100.0, 4.0)) == cr.CONSISTENT
    assert cr.compare_intervals((-math.inf, math.inf), (1.0, 2.0)) == cr.CONSISTENT


# --- overview: the published ranges --------------------------------------------------------------------

def _dim(**fields) -> Dimension:
    return Dimension("x", "X", "x", "hardware", "H100-equivalents", "inputs", **fields)


def test_a_directly_measured_gap_keeps_its_low_and_high_ends():
    results = {"lag_low": 4.0, "lag_high": 19.0, "margin": 7.5}
    assert overview.gap_range(_dim(gap_range=("lag_low", "lag_high")), results, 10.0) == (4.0, 19.0)
    assert overview.gap_range(_dim(gap_range=("+-", "margin")), results, 40.0) == (32.5, 47.5)
    assert all(math.isnan(v) for v in overview.gap_range(_dim(), results, 10.0))
    assert all(math.isnan(v) for v in overview.gap_range(_dim(gap_range=("lag_low", "lag_high")), results, math.nan))


def test_a_ratio_range_spans_the_ratio_and_its_bounds_or_the_quotient_of_two_intervals():
    results = {"low": 3.0, "high": 8.0, "us_lo": 10.0, "us_hi": 20.0, "cn_lo": 2.0, "cn_hi": 4.0, "zero": 0.0}
    assert overview.ratio_range(_dim(ratio_range=("low", "high")), results, 5.0) == (3.0, 8.0)
    assert overview.ratio_range(_dim(ratio_range=("low", "high")), results, 9.0) == (3.0, 9.0)
    assert overview.ratio_range(_dim(ratio_range=("quotient", "us_lo", "us_hi", "cn_lo", "cn_hi")),
                                results, 5.0) == (2.5, 10.0)  # 10/4 to 20/2
    assert all(math.isnan(v) for v in overview.ratio_range(
        _dim(ratio_range=("quotient", "us_lo", "us_hi", "zero", "cn_hi")), results, 5.0))


# --- funding: the investment-ratio trend ---------------------------------------------------------------

def test_investment_ratio_trend_and_its_interval_by_closed_form():
    years = np.arange(2015, 2022)
    ratio = np.array([2.0, 2.4, 2.3, 3.1, 3.3, 4.0, 4.2])
    frame = pd.DataFrame({"year": np.r_[years, 2022, 2023], "ratio": np.r_[ratio, 9.0, 9.9],
                          "projected": [False] * 7 + [True] * 2})
    trend = funding.fit_ratio_trend(frame)
    x, y = years - years.min(), np.log(ratio)
    sxx = np.sum((x - x.mean()) ** 2)
    slope = np.sum((x - x.mean()) * (y - y.mean())) / sxx
    intercept = y.mean() - slope * x.mean()
    resid = y - intercept - slope * x
    s2 = resid @ resid / (len(x) - 2)
    se = math.sqrt(s2 / sxx)
    t975 = stats.t.ppf(0.975, len(x) - 2)
    assert trend.n_years == 7
    assert trend.change_per_year == pytest.approx(math.exp(slope), rel=1e-10)
    assert (trend.change_low, trend.change_high) == pytest.approx(
        (math.exp(slope - t975 * se), math.exp(slope + t975 * se)), rel=1e-9)
    assert trend.p_value == pytest.approx(2 * stats.t.sf(abs(slope / se), len(x) - 2), rel=1e-8)
    # the band of the mean at a projected year: intercept + slope x0 +- t se_mean
    x0 = 2023 - years.min()
    mean = intercept + slope * x0
    se_mean = math.sqrt(s2 * (1 / len(x) + (x0 - x.mean()) ** 2 / sxx))
    row = trend.fitted.set_index("year").loc[2023]
    assert (row["ratio_fit"], row["ratio_low"], row["ratio_high"]) == pytest.approx(
        (math.exp(mean), math.exp(mean - t975 * se_mean), math.exp(mean + t975 * se_mean)), rel=1e-9)


def test_ipo_proceeds_are_the_ipo_rows_only():
    events = pd.DataFrame({"event_id": ["E1", "E2", "E3"], "entity": ["A", "B", "C"], "kind": ["ipo", "capex_plan", "ipo"],
                           "date": pd.to_datetime(["2024-01-02", "2024-02-03", "2025-03-04"]),
                           "amount_usd_low": [1.0, 2.0, 3.0], "amount_usd_high": [1.5, 2.5, 3.5],
                           "fx_source": ["F1", "F2", "F3"], "verified": ["read", "read", "read"]})
    ipos = funding.ipo_proceeds(events)
    assert list(ipos["event_id"]) == ["E1", "E3"] and list(ipos.index) == [0, 1]
    assert list(ipos["amount_usd_high"]) == [1.5, 3.5]


# --- segmented: cross-validation and predictions ---------------------------------------------------------

def _series(n: int = 24, seed: int = 3) -> segmented.Series:
    rng = np.random.default_rng(seed)
    dates = pd.date_range("2018-01-15", periods=n, freq="45D")
    y = 20.0 + 0.0015 * np.arange(n) * 45 + rng.normal(0.0, 0.2, n)
    return segmented.Series.from_dates(pd.Series(dates), y)


def test_one_line_predictions_equal_a_least_squares_line_in_years_of_365_days():
    s = _series()
    fit = segmented.fit_kind(segmented.ONE_LINE, s)
    slope, intercept = np.polyfit((s.x - s.x[0]) / 365.0, s.y, 1)
    days = np.array([s.x[0], s.x[0] + 365.0, s.x[-1] + 100.0])
    assert fit.predict(days)[0] == pytest.approx(intercept + slope * (days - s.x[0]) / 365.0, rel=1e-9)


def test_cross_validation_error_of_one_line_by_refitting_each_fold_here():
    s = _series()
    folds = segmented.kfold_test_sets(len(s.x))
    assert sorted(np.concatenate(folds)) == list(range(len(s.x))) and len(folds) == 10
    errors = []
    for test in folds:
        train = np.setdiff1d(np.arange(len(s.x)), test)
        slope, intercept = np.polyfit(s.x[train], s.y[train], 1)
        errors.append(np.mean((intercept + slope * s.x[test] - s.y[test]) ** 2))
    assert segmented.cv_mse(segmented.ONE_LINE, s) == pytest.approx(np.mean(errors), rel=1e-7)


def test_folds_are_scikit_learns_shuffled_kfold():
    """KFold(10, shuffle=True, random_state=42): a RandomState permutation cut into folds, the first n % 10 larger."""
    order = np.random.RandomState(42).permutation(24)
    sizes = [3, 3, 3, 3, 2, 2, 2, 2, 2, 2]
    expected = np.split(order, np.cumsum(sizes)[:-1])
    assert [sorted(f) for f in segmented.kfold_test_sets(24)] == [sorted(f) for f in expected]

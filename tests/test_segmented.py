"""gaplib.algorithms.segmented: Epoch's segmented trend fits on series with a known answer."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

from gaplib.algorithms import segmented


def _series(slope1, slope2=None, *, break_date="2021-10-01", jump=0.0, noise=0.05, n=60, seed=0,
            start="2018-03-01", end="2025-06-01"):
    """log10 compute on evenly spaced dates: slope1 (OOM/year), then slope2 from break_date (plus a jump)."""
    rng = np.random.default_rng(seed)
    dates = pd.Series(pd.date_range(start, end, periods=n).normalize())
    days = dates.map(lambda d: d.toordinal()).to_numpy(float)
    b = pd.Timestamp(break_date).toordinal()
    years = (days - days[0]) / 365.0
    y = 20.0 + slope1 * years
    if slope2 is not None:
        after = days >= b
        y = y + after * (jump + (slope2 - slope1) * (days - b) / 365.0)
    return segmented.Series.from_dates(dates, y + rng.normal(0, noise, n))


def test_planted_break_found_at_its_month_with_its_slopes():
    s = _series(1.0, 0.3)
    fit = segmented.fit_kind(segmented.CONTINUOUS, s)
    assert pd.Timestamp.fromordinal(int(fit.break_day[0])) == pd.Timestamp("2021-10-01")
    assert fit.slope[0] == pytest.approx(0.3, abs=0.03)
    assert fit.coef[0, 1] == pytest.approx(1.0, abs=0.03)  # the first segment's slope
    bic = {k: float(segmented.fit_kind(k, s).bic[0]) for k in segmented.KINDS}
    cv = {k: segmented.cv_mse(k, s) for k in segmented.KINDS}
    assert segmented.select_kind(bic, cv) == segmented.CONTINUOUS
    assert bic[segmented.ONE_LINE] - bic[segmented.CONTINUOUS] > 50


def test_planted_jump_is_found_by_the_jump_model():
    s = _series(0.6, 0.6, break_date="2022-04-01", jump=1.5, noise=0.05)
    fit = segmented.fit_kind(segmented.JUMP, s)
    assert pd.Timestamp.fromordinal(int(fit.break_day[0])) == pd.Timestamp("2022-04-01")
    assert fit.coef[0, 1] == pytest.approx(1.5, abs=0.1)
    bic = {k: float(segmented.fit_kind(k, s).bic[0]) for k in segmented.KINDS}
    assert segmented.select_kind(bic, {k: segmented.cv_mse(k, s) for k in segmented.KINDS}) == segmented.JUMP


def test_a_downward_jump_is_not_a_valid_fit():
    s = _series(0.6, 0.6, break_date="2022-04-01", jump=-3.0, noise=0.02)
    fit = segmented.fit_kind(segmented.JUMP, s)
    # the jump model may not drop at its break: it must place the break elsewhere, with no drop
    assert fit.coef[0, 1] + fit.coef[0, 2] / 365.0 >= 0
    assert pd.Timestamp.fromordinal(int(fit.break_day[0])) != pd.Timestamp("2022-04-01")


def test_one_straight_line_picks_one_line():
    s = _series(0.68, noise=0.25, seed=3)
    bic = {k: float(segmented.fit_kind(k, s).bic[0]) for k in segmented.KINDS}
    cv = {k: segmented.cv_mse(k, s) for k in segmented.KINDS}
    assert segmented.select_kind(bic, cv) == segmented.ONE_LINE
    assert 10 ** segmented.fit_kind(segmented.ONE_LINE, s).slope[0] == pytest.approx(10 ** 0.68, rel=0.1)


def test_fit_matches_statsmodels_ols_and_epochs_bic_at_a_given_breakpoint():
    s0 = _series(1.0, 0.3, noise=0.3, seed=5)
    g = float(pd.Timestamp("2021-07-01").toordinal())
    s = segmented.Series(x=s0.x, y=s0.y, grid=np.array([g]), lo=s0.lo, hi=s0.hi)
    fit = segmented.fit_kind(segmented.CONTINUOUS, s)
    # Epoch's design: (x >= 0), max(x - 0, 0), max(x - g, 0) with x in ordinal days
    X = np.column_stack([np.ones_like(s.x), s.x, np.maximum(s.x - g, 0)])
    res = sm.OLS(s.y, X).fit()
    assert fit.slope[0] == pytest.approx(365 * (res.params[1] + res.params[2]), rel=1e-6)
    pred = res.predict(X)
    ll = 0.0
    for mask in (s.x < g, s.x >= g):
        rss, n = float(((pred - s.y)[mask] ** 2).sum()), int(mask.sum())
        ll += -n / 2 * (math.log(2 * math.pi) + math.log(rss / n) + 1)
    assert fit.bic[0] == pytest.approx(6 * math.log(len(s.x)) - 2 * ll, rel=1e-9)


def test_weights_equal_repeated_rows():
    s = _series(1.0, 0.3, noise=0.3, seed=7)
    counts = np.random.default_rng(1).multinomial(len(s.x), np.full(len(s.x), 1 / len(s.x)))
    rep = np.repeat(np.arange(len(s.x)), counts)
    dates = pd.Series([pd.Timestamp.fromordinal(int(d)) for d in s.x[rep]])
    s_rep = segmented.Series.from_dates(dates, s.y[rep])
    for kind in segmented.KINDS:
        a = segmented.fit_kind(kind, s, counts[None, :])
        b = segmented.fit_kind(kind, s_rep)
        assert a.bic[0] == pytest.approx(b.bic[0], rel=1e-9)
        assert a.slope[0] == pytest.approx(b.slope[0], rel=1e-9)


def test_segments_need_ten_points():
    s = _series(1.0, 0.3, n=19)
    assert not segmented.fit_kind(segmented.CONTINUOUS, s).valid[0]
    assert segmented.fit_kind(segmented.ONE_LINE, s).valid[0]
    assert not segmented.fit_kind(segmented.ONE_LINE, _series(1.0, n=9)).valid[0]


def test_simplest_kind_within_two_bic_is_chosen():
    cv = {k: 0.3 for k in segmented.KINDS}
    assert segmented.select_kind({segmented.ONE_LINE: 100.0, segmented.CONTINUOUS: 98.2, segmented.JUMP: 98.1}, cv) \
        == segmented.ONE_LINE
    # exactly 2 apart is not "within 2" (Epoch: difference < 2)
    assert segmented.select_kind({segmented.ONE_LINE: 100.0, segmented.CONTINUOUS: 98.0, segmented.JUMP: 99.0}, cv) \
        == segmented.CONTINUOUS
    assert segmented.select_kind({segmented.ONE_LINE: 100.0, segmented.CONTINUOUS: 98.5, segmented.JUMP: 97.9}, cv) \
        == segmented.CONTINUOUS
    assert segmented.select_kind({segmented.ONE_LINE: 100.0, segmented.CONTINUOUS: 99.0, segmented.JUMP: 97.9}, cv) \
        == segmented.CONTINUOUS
    # within 2 BIC but a worse cross-validated error: not chosen
    worse = {segmented.ONE_LINE: 0.5, segmented.CONTINUOUS: 0.3, segmented.JUMP: 0.3}
    assert segmented.select_kind({segmented.ONE_LINE: 99.0, segmented.CONTINUOUS: 98.0, segmented.JUMP: 99.0}, worse) \
        == segmented.CONTINUOUS
    assert segmented.select_kind({segmented.ONE_LINE: 99.0, segmented.CONTINUOUS: math.nan, segmented.JUMP: math.nan},
                                 cv) == segmented.ONE_LINE
    with pytest.raises(ValueError, match="no kind"):
        segmented.select_kind({k: math.nan for k in segmented.KINDS}, cv)


def test_kfold_partitions_the_points():
    folds = segmented.kfold_test_sets(23)
    assert sorted(np.concatenate(folds).tolist()) == list(range(23))
    assert [len(f) for f in folds] == [3, 3, 3, 2, 2, 2, 2, 2, 2, 2]
    assert all((a == b).all() for a, b in zip(folds, segmented.kfold_test_sets(23)))
    with pytest.raises(ValueError, match="at least 10"):
        segmented.kfold_test_sets(9)


def test_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="kind"):
        segmented.fit_kind("cubic", _series(1.0))


def _one_break(seed):
    """A series whose only candidate breakpoint is the date of its 31st point (which opens the second segment)."""
    s0 = _series(1.0, 0.3, jump=0.4, noise=0.3, seed=seed)
    g = float(s0.x[30])
    return segmented.Series(x=s0.x, y=s0.y, grid=np.array([g]), lo=s0.lo, hi=s0.hi), g


def _epoch_design(kind, x, g):
    ones, after, hinge = np.ones_like(x), (x >= g).astype(float), np.maximum(x - g, 0)
    return {segmented.ONE_LINE: np.column_stack([ones, x]),
            segmented.CONTINUOUS: np.column_stack([ones, x, hinge]),
            segmented.JUMP: np.column_stack([ones, after, x, hinge])}[kind]


@pytest.mark.parametrize("kind", segmented.KINDS)
def test_predictions_match_statsmodels_on_the_points_and_between_them(kind):
    s, g = _one_break(11)
    fit = segmented.fit_kind(kind, s)
    assert fit.valid[0]
    res = sm.OLS(s.y, _epoch_design(kind, s.x, g)).fit()
    # on the points, on the break itself, one day before it, and beyond the last point
    days = np.concatenate([s.x, [g - 1, g, s.x.max() + 400]])
    assert fit.predict(days)[0] == pytest.approx(res.predict(_epoch_design(kind, days, g)), abs=1e-8)
    # the last segment's slope per 365 days, and Epoch's BIC: one variance per segment, coefficients + 2 per break + 1
    slope_per_day = res.params[1] if kind == segmented.ONE_LINE else res.params[-2] + res.params[-1]
    assert fit.slope[0] == pytest.approx(365 * slope_per_day, rel=1e-6)
    pred = res.predict(_epoch_design(kind, s.x, g))
    masks = (np.ones(len(s.x), bool),) if kind == segmented.ONE_LINE else (s.x < g, s.x >= g)
    ll = sum(-m.sum() / 2 * (math.log(2 * math.pi) + math.log(((pred - s.y)[m] ** 2).sum() / m.sum()) + 1)
             for m in masks)
    params = {segmented.ONE_LINE: 2 + 1, segmented.CONTINUOUS: 3 + 2 + 1, segmented.JUMP: 4 + 2 + 1}[kind]
    assert fit.bic[0] == pytest.approx(params * math.log(len(s.x)) - 2 * ll, rel=1e-9)
    assert fit.bic.shape == (1,)  # no weights: the points once


def _folds_by_hand(n, folds=10, seed=42):
    order = np.arange(n)
    np.random.RandomState(seed).shuffle(order)
    return np.array_split(order, folds)  # the first n % folds are one larger, as KFold cuts them


@pytest.mark.parametrize("kind", [segmented.ONE_LINE, segmented.CONTINUOUS])
def test_cross_validated_error_is_the_mean_of_fold_errors_refitted_by_statsmodels(kind):
    s, g = _one_break(13)
    errors = []
    for test in _folds_by_hand(len(s.x)):
        train = np.setdiff1d(np.arange(len(s.x)), test)
        res = sm.OLS(s.y[train], _epoch_design(kind, s.x[train], g)).fit()
        errors.append(np.mean((res.predict(_epoch_design(kind, s.x[test], g)) - s.y[test]) ** 2))
    assert segmented.cv_mse(kind, s) == pytest.approx(float(np.mean(errors)), rel=1e-9)
    assert math.isnan(segmented.cv_mse(kind, s, min_points=len(s.x)))  # no fold's training part can be fitted


def test_the_grid_runs_from_a_month_before_the_first_date_to_four_months_before_the_last():
    dates = pd.Series(pd.to_datetime(["2020-03-15", "2020-09-20", "2021-08-10"]))
    s = segmented.Series.from_dates(dates, np.array([1.0, 2.0, 3.0]))
    days = [pd.Timestamp(d).toordinal() for d in ("2020-02-15", "2020-08-20", "2021-07-10")]
    assert list(s.lo) == days
    assert list(s.hi) == [pd.Timestamp(d).toordinal() for d in ("2019-11-15", "2020-05-20", "2021-04-10")]
    # month starts from 2020-02-15 to 2021-04-10: 2020-03-01 ... 2021-04-01, fourteen of them
    assert s.grid[0] == pd.Timestamp("2020-03-01").toordinal() and s.grid[-1] == pd.Timestamp("2021-04-01").toordinal()
    assert len(s.grid) == 14
    close = segmented.Series.from_dates(pd.Series(pd.to_datetime(["2020-03-15", "2020-05-20"])), np.array([1.0, 2.0]))
    assert len(close.grid) == 0  # no month start between a month before the first and four before the last


def test_segments_of_exactly_the_minimum_are_valid():
    assert segmented.fit_kind(segmented.ONE_LINE, _series(1.0, n=10)).valid[0]
    s = _series(1.0, 0.3, n=20)
    fit = segmented.fit_kind(segmented.CONTINUOUS, s)
    assert fit.valid[0] and s.x[9] < fit.break_day[0] <= s.x[10]  # ten points each side is the only split
    assert len(segmented.kfold_test_sets(10)) == 10


def test_a_point_weighted_zero_is_absent_even_from_the_breakpoint_range():
    s = _series(1.0, 0.3, noise=0.2, seed=8)
    keep = np.zeros(len(s.x))
    keep[8:50] = 1.0
    dates = pd.Series([pd.Timestamp.fromordinal(int(d)) for d in s.x[8:50]])
    middle = segmented.Series.from_dates(dates, s.y[8:50])
    for kind in segmented.KINDS:
        weighted, alone = segmented.fit_kind(kind, s, keep[None, :]), segmented.fit_kind(kind, middle)
        assert weighted.bic[0] == pytest.approx(alone.bic[0], rel=1e-9)
        assert np.nan_to_num(weighted.break_day[0]) == np.nan_to_num(alone.break_day[0])


def test_the_selection_rounds_to_two_decimals_and_needs_the_error_within_a_hundredth():
    kinds = (segmented.ONE_LINE, segmented.CONTINUOUS, segmented.JUMP)
    cv = dict.fromkeys(kinds, 0.3)
    # 100.0 - 98.004 rounds to 2.00 apart: not within 2
    assert segmented.select_kind(dict(zip(kinds, (100.0, 98.004, 99.0))), cv) == segmented.CONTINUOUS
    # CV errors 0.3049 and 0.2951 both round to 0.30: within
    bic = dict(zip(kinds, (99.0, 98.0, 99.5)))
    assert segmented.select_kind(bic, dict(zip(kinds, (0.3049, 0.2951, 0.3)))) == segmented.ONE_LINE
    # 0.31 against 0.30 is not within 0.01 (Epoch: difference < 0.01)
    assert segmented.select_kind(bic, dict(zip(kinds, (0.31, 0.30, 0.3)))) == segmented.CONTINUOUS


def test_series_and_fits_cannot_be_changed_in_place():
    s = _series(1.0)
    with pytest.raises(dataclasses.FrozenInstanceError, match="cannot assign to field"):
        s.x = s.y  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError, match="cannot assign to field"):
        segmented.fit_kind(segmented.ONE_LINE, s).kind = segmented.JUMP  # type: ignore[misc]


def test_the_jump_rule_compares_the_fit_a_day_before_the_break_with_the_fit_at_it():
    """A drop of 0.001 at the break on a line rising 0.6 a year (0.0016 a day) is no drop a day before: valid.
    A drop of 0.003 is one: invalid."""
    s0 = _series(0.6, noise=0.0)
    g = float(s0.x[30])
    rng = np.random.default_rng(0)
    for drop, valid in ((0.001, True), (0.003, False)):
        y = s0.y - drop * (s0.x >= g) + rng.normal(0, 1e-6, len(s0.x))
        s = segmented.Series(x=s0.x, y=y, grid=np.array([g]), lo=s0.lo, hi=s0.hi)
        fit = segmented.fit_kind(segmented.JUMP, s)
        assert bool(fit.valid[0]) is valid, drop
        if valid:
            assert fit.coef[0, 1] == pytest.approx(-drop, abs=1e-5)

"""gaplib.algorithms.segmented: Epoch's segmented trend fits on series with a known answer."""

from __future__ import annotations

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


def _one_break(seed, break_date="2021-07-01"):
    s0 = _series(1.0, 0.3, jump=0.4, noise=0.3, seed=seed)
    g = float(pd.Timestamp(break_date).toordinal())
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

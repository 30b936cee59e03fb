"""Golden values of the segmented trend fits where the existing tests do not reach: points left out
by zero weights (the breakpoint range shrinks to the points present), exact ties of the selection
rule, and designs at the edge of singularity. The expected values come from refitting the points
present as a series of their own, or from the rule's words worked by hand."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from gaplib.algorithms import segmented

ONE, CONT, JUMP = "one line", "continuous break", "break with jump"


def _monthly(n: int, seed: int, kink_at: int) -> tuple[pd.Series, np.ndarray]:
    """n month-start dates and a noisy log10 series that bends sharply at point ``kink_at``."""
    rng = np.random.default_rng(seed)
    dates = pd.Series(pd.date_range("2019-01-01", periods=n, freq="MS"))
    i = np.arange(n, dtype=float)
    y = 20.0 + 0.05 * i + 0.6 * np.maximum(i - kink_at, 0.0) + rng.normal(0.0, 0.05, n)
    return dates, y


@pytest.mark.parametrize("kind", [CONT, JUMP])
@pytest.mark.parametrize("keep", [slice(0, 20), slice(6, 30), slice(3, 24)])
@pytest.mark.parametrize("seed, kink_at", [(0, 17), (1, 8), (2, 22), (3, 27)])
def test_zero_weights_fit_as_the_points_present_alone(kind, keep, seed, kink_at):
    """A weighting that leaves points out fits as the series of the points present: the same BIC,
    slope and breakpoint, the breakpoints limited to that series' own grid range."""
    dates, y = _monthly(30, seed, kink_at)
    full = segmented.Series.from_dates(dates, y)
    w = np.zeros(len(y))
    w[keep] = 1.0
    alone = segmented.Series.from_dates(dates[keep].reset_index(drop=True), y[keep])
    a = segmented.fit_kind(kind, full, w[None, :], min_points=3)
    b = segmented.fit_kind(kind, alone, min_points=3)
    assert a.valid[0] == b.valid[0]
    if b.valid[0]:
        assert a.break_day[0] == b.break_day[0]
        assert a.bic[0] == pytest.approx(b.bic[0], rel=1e-9)
        assert a.slope[0] == pytest.approx(b.slope[0], rel=1e-7, abs=1e-9)


def test_breakpoints_outside_the_present_points_range_are_refused():
    """With the last points left out, a break in their months would fit best but lies past the grid of
    the points present (four months before the last present point): the fit keeps a break inside it."""
    dates, y = _monthly(30, 0, 26)
    y = y.copy()
    y[21] += 3.0  # an outlier at the last present point pulls the best unrestricted break towards it
    full = segmented.Series.from_dates(dates, y)
    w = np.zeros(30)
    w[:22] = 1.0
    fit = segmented.fit_kind(CONT, full, w[None, :], min_points=2)
    last_allowed = (dates[21] - pd.DateOffset(months=4)).toordinal()
    first_allowed = (dates[0] - pd.DateOffset(months=1)).toordinal()
    assert fit.valid[0]
    assert first_allowed <= fit.break_day[0] <= last_allowed


# --- the selection rule at its exact bounds ----------------------------------------------------------

def test_a_bic_exactly_two_worse_is_not_within_tolerance():
    cv = {ONE: 0.3, CONT: 0.3, JUMP: 0.3}
    assert segmented.select_kind({ONE: 102.0, CONT: 100.0, JUMP: 101.0}, cv) == CONT
    assert segmented.select_kind({ONE: 101.99, CONT: 100.0, JUMP: 101.0}, cv) == ONE


def test_a_cv_error_exactly_0_01_worse_is_not_within_tolerance():
    bic = {ONE: 100.5, CONT: 100.0, JUMP: 103.0}
    # 0.01 - 0.0 is exactly the float 0.01: the simpler kind is refused, the best-BIC one kept
    assert segmented.select_kind(bic, {ONE: 0.01, CONT: 0.0, JUMP: 0.0}) == CONT
    assert segmented.select_kind(bic, {ONE: 0.004, CONT: 0.0, JUMP: 0.0}) == ONE  # rounds to 0.0


def test_equal_bics_prefer_the_simpler_kind_as_best():
    # JUMP and CONT tie for the lowest BIC; the best is CONT (simpler), so JUMP's CV error does not matter
    bic = {ONE: 110.0, CONT: 100.0, JUMP: 100.0}
    assert segmented.select_kind(bic, {ONE: 0.1, CONT: 0.2, JUMP: 0.9}) == CONT
    # and the simpler one is measured against CONT's error, not JUMP's
    bic = {ONE: 101.0, CONT: 100.0, JUMP: 100.0}
    assert segmented.select_kind(bic, {ONE: 0.25, CONT: 0.2, JUMP: 0.3}) == CONT
    assert segmented.select_kind(bic, {ONE: 0.205, CONT: 0.2, JUMP: 0.1}) == ONE


def test_bic_rounding_to_two_decimals_decides_the_tolerance():
    # 101.996 - 100.0 is below 2 unrounded but rounds to 102.0 - 100.0 = 2: out of tolerance
    assert segmented.select_kind({ONE: 101.996, CONT: 100.0}, {ONE: 0.1, CONT: 0.1}) == CONT
    assert segmented.select_kind({ONE: 101.994, CONT: 100.0}, {ONE: 0.1, CONT: 0.1}) == ONE


# --- the singularity threshold -----------------------------------------------------------------------

def _two_clusters(spread_days: float) -> segmented.Series:
    """Points far from the series' median date, weighted so that the one-line design is nearly singular:
    its determinant over the product of its diagonal is var(t) / mean(t^2) in years."""
    x = np.array([0.0, 0.0, 0.0, 0.0, 0.0, 1e7, 1e7 + spread_days, 1e7 + 2 * spread_days])
    y = np.array([0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 2.0, 1.5])
    return segmented.Series(x=x, y=y, grid=np.empty(0), lo=x, hi=x)


def _relative_det(s: segmented.Series, w: np.ndarray) -> float:
    t = (s.x - np.median(s.x)) / 365.0
    a = np.array([[w.sum(), (w * t).sum()], [(w * t).sum(), (w * t * t).sum()]])
    return np.linalg.det(a) / (a[0, 0] * a[1, 1])


@pytest.mark.parametrize("ratio, valid", [(1.5e-10, True), (0.5e-10, False), (2.5e-10, True)])
def test_a_one_line_design_is_refused_below_a_relative_determinant_of_1e_10(ratio, valid):
    # three points spaced d apart at ~1e7 days from the origin: var(t)/mean(t^2) = (2/3) d^2 / 1e14
    spread = math.sqrt(ratio * 1e14 * 1.5)
    s = _two_clusters(spread)
    w = np.array([0, 0, 0, 0, 0, 1, 1, 1], dtype=float)
    assert _relative_det(s, w) == pytest.approx(ratio, rel=1e-3)
    fit = segmented.fit_kind(ONE, s, w[None, :], min_points=3)
    assert bool(fit.valid[0]) is valid
    if valid:  # the slope of three points by hand: (1.5 - 1.0) / (2 d) per day
        assert fit.slope[0] == pytest.approx(0.5 / (2 * spread) * 365.0, rel=1e-3)


def test_the_last_grid_month_four_months_before_the_last_point_is_a_breakpoint():
    """A bend at the fifth point from the end is found there: the grid runs up to and including the
    month four months before the last point."""
    dates, _ = _monthly(24, 0, 0)
    i = np.arange(24, dtype=float)
    y = 20.0 + 0.02 * i + 1.0 * np.maximum(i - 19, 0.0) + np.tile([0.01, -0.01, 0.0], 8)
    fit = segmented.fit_kind(CONT, segmented.Series.from_dates(dates, y), min_points=2)
    assert pd.Timestamp.fromordinal(int(fit.break_day[0])) == dates[19] == dates[23] - pd.DateOffset(months=4)


@pytest.mark.parametrize("kind", [CONT, JUMP])
def test_an_empty_first_segment_is_refused_even_when_no_minimum_is_asked(kind):
    """With ``min_points=0`` the first grid month (one month before the first point) leaves the first
    segment empty: its residual sum is exactly 0, so that break is refused and the fit is the one every
    break with points on both sides gives, as with ``min_points=1``."""
    dates, y = _monthly(30, 0, 17)
    s = segmented.Series.from_dates(dates, y)
    none_asked = segmented.fit_kind(kind, s, min_points=0)
    one_asked = segmented.fit_kind(kind, s, min_points=1)
    assert none_asked.valid[0] and one_asked.valid[0]
    assert none_asked.break_day[0] == one_asked.break_day[0]
    assert none_asked.bic[0] == pytest.approx(one_asked.bic[0], rel=1e-12)

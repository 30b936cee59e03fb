"""Segmented trend fits of log10 training compute on date, as Epoch AI's china-ai-trends code does them.

Three kinds of model per series (Epoch's names in brackets): ``one line`` (Simple), a
``continuous break``: two segments joined at a breakpoint (One kink), and a ``break with
jump``: two segments with their own intercepts (Discontinuity). Breakpoints lie on a
monthly grid of month starts from one month before the first date to four months before
the last; every segment needs at least ``min_points`` points; a jump downwards is not
allowed. Each kind keeps the breakpoint with the lowest BIC, where the likelihood gives
every segment its own residual variance and the parameter count is the coefficients plus
two per break plus one (as Epoch counts them). :func:`select_kind` then takes the simplest
kind whose BIC is within 2 of the best and whose 10-fold cross-validated error is within
0.01 of the best-BIC kind's, both rounded to two decimals as the published code compares them.

Why not a segmented-regression library: ``piecewise-regression`` estimates continuous
breakpoints by Muggeo's iterative method with one common variance, and has neither the
jump model, nor a grid search, nor a per-segment variance in its BIC; those choices decide
Epoch's result. The fits are ordinary least squares written as weighted normal
equations in numpy, so that all breakpoints and all bootstrap resamples (integer weights:
how often each point was drawn) are solved in one batch; tests check them against
statsmodels OLS on the same design.

Units: dates enter as proleptic ordinal days (``Timestamp.toordinal``); slopes are log10
per 365 days (Epoch multiplies per-day slopes by 365); growth is ``10 ** slope`` x/year.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

ONE_LINE, CONTINUOUS, JUMP = "one line", "continuous break", "break with jump"
#: Kinds in order of simplicity, the order in which the selection rule tries them.
KINDS = (ONE_LINE, CONTINUOUS, JUMP)
EPOCH_NAMES = {ONE_LINE: "Simple", CONTINUOUS: "One kink", JUMP: "Discontinuity"}
MIN_SEGMENT_POINTS = 10
DAYS_PER_SLOPE_YEAR = 365.0
BIC_TOLERANCE = 2.0
CV_TOLERANCE = 0.01
CV_FOLDS = 10
CV_SEED = 42  # Epoch's KFold(random_state=42)
_CHUNK = 200  # resamples solved at once; bounds memory at about 100 MB


@dataclass(frozen=True)
class Series:
    """One category's points: ordinal days ``x``, ``y`` = log10 compute, and the breakpoint grid."""

    x: np.ndarray
    y: np.ndarray
    grid: np.ndarray  # candidate breakpoints, ordinal days of month starts
    lo: np.ndarray  # per point: ordinal of its date minus one month (the grid's start if it is the first)
    hi: np.ndarray  # per point: ordinal of its date minus four months (the grid's end if it is the last)

    @classmethod
    def from_dates(cls, dates: pd.Series, log10_compute: np.ndarray) -> Series:
        dates = pd.to_datetime(pd.Series(dates)).reset_index(drop=True)
        lo_dates = dates - pd.DateOffset(months=1)
        hi_dates = dates - pd.DateOffset(months=4)
        grid = pd.date_range(start=lo_dates.min(), end=hi_dates.max(), freq="MS")
        ordinal = np.vectorize(lambda d: d.toordinal(), otypes=[float])
        return cls(x=ordinal(dates), y=np.asarray(log10_compute, dtype=float),
                   grid=ordinal(grid) if len(grid) else np.empty(0),
                   lo=ordinal(lo_dates), hi=ordinal(hi_dates))


@dataclass(frozen=True)
class BatchFit:
    """The best fit of one kind for each of B weightings of the same points (NaN where none is valid).

    ``slope`` is the last segment's slope (log10/year); ``break_day`` the breakpoint
    (ordinal day); ``coef`` the coefficients on the design of :func:`_design` at that
    breakpoint; ``bic`` its BIC.
    """

    kind: str
    bic: np.ndarray
    slope: np.ndarray
    break_day: np.ndarray
    coef: np.ndarray
    origin: float

    @property
    def valid(self) -> np.ndarray:
        return np.isfinite(self.bic)

    def predict(self, days: np.ndarray | float) -> np.ndarray:
        """Return the fitted log10 compute at ordinal ``days``: shape (B, len(days))."""
        d = np.atleast_1d(np.asarray(days, dtype=float))
        t = (d[None, :] - self.origin) / DAYS_PER_SLOPE_YEAR
        c = self.coef
        if self.kind == ONE_LINE:
            return c[:, :1] + c[:, 1:2] * t
        after = d[None, :] >= self.break_day[:, None]
        hinge = np.where(after, (d[None, :] - self.break_day[:, None]) / DAYS_PER_SLOPE_YEAR, 0.0)
        if self.kind == CONTINUOUS:
            return c[:, :1] + c[:, 1:2] * t + c[:, 2:3] * hinge
        return c[:, :1] + c[:, 1:2] * after + c[:, 2:3] * t + c[:, 3:4] * hinge


def _design(kind: str, x: np.ndarray, breaks: np.ndarray, origin: float) -> tuple[np.ndarray, np.ndarray]:
    """Return the designs (G, n, p) for every breakpoint and the mask of the second segment (G, n)."""
    t = (x - origin) / DAYS_PER_SLOPE_YEAR
    ones = np.ones_like(t)
    if kind == ONE_LINE:
        return np.stack([ones, t], axis=-1)[None], np.zeros((1, len(x)), dtype=bool)
    after = x[None, :] >= breaks[:, None]
    hinge = np.where(after, (x[None, :] - breaks[:, None]) / DAYS_PER_SLOPE_YEAR, 0.0)
    tt = np.broadcast_to(t, hinge.shape)
    oo = np.broadcast_to(ones, hinge.shape)
    cols = [oo, tt, hinge] if kind == CONTINUOUS else [oo, after.astype(float), tt, hinge]
    return np.stack(cols, axis=-1), after


def _n_params(kind: str) -> int:
    coefs = {ONE_LINE: 2, CONTINUOUS: 3, JUMP: 4}[kind]
    kinks = 0 if kind == ONE_LINE else 1
    return coefs + 2 * kinks + 1  # Epoch: len(params) + 2 * kink_count + 1


def _segment_loglik(rss: np.ndarray, n: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return -n / 2.0 * (np.log(2 * np.pi) + np.log(rss / n) + 1.0)


def _fit_chunk(kind: str, s: Series, w: np.ndarray, min_points: int, origin: float) -> BatchFit:
    breaks = s.grid if kind != ONE_LINE else np.zeros(1)
    X, after = _design(kind, s.x, breaks, origin)  # (G, n, p), (G, n)
    if not len(breaks):  # dates within three months leave no month for a break: no fit of this kind
        nan = np.full(w.shape[0], np.nan)
        return BatchFit(kind=kind, bic=nan, slope=nan, break_day=nan, coef=np.full((w.shape[0], X.shape[2]), np.nan),
                        origin=origin)
    G, n, p = X.shape
    B = w.shape[0]
    outer = (X[..., :, None] * X[..., None, :]).transpose(1, 0, 2, 3).reshape(n, G * p * p)
    A = (w @ outer).reshape(B, G, p, p)
    c = (w @ (X * s.y[None, :, None]).transpose(1, 0, 2).reshape(n, G * p)).reshape(B, G, p)
    diag = np.einsum("bgii->bgi", A)
    with np.errstate(divide="ignore", invalid="ignore"):
        singular = ~(np.abs(np.linalg.det(A)) > 1e-10 * np.prod(np.maximum(diag, 1e-300), axis=-1))
    A = np.where(singular[..., None, None], np.eye(p), A)
    coef = np.linalg.solve(A, c[..., None])[..., 0]  # (B, G, p)
    resid2 = (s.y[None, None, :] - np.einsum("gnp,bgp->bgn", X, coef)) ** 2 * w[:, None, :]
    present = w > 0
    if kind == ONE_LINE:
        n_all = w.sum(axis=1)[:, None]
        rss = resid2.sum(axis=2)
        ok = (n_all >= min_points) & (rss > 0) & ~singular
        loglik = _segment_loglik(rss, n_all)
    else:
        second = after.astype(float)
        n2 = w @ second.T
        n1 = w.sum(axis=1)[:, None] - n2
        rss2 = (resid2 * second[None]).sum(axis=2)
        rss1 = resid2.sum(axis=2) - rss2
        lo = np.where(present, s.lo[None, :], np.inf).min(axis=1)
        hi = np.where(present, s.hi[None, :], -np.inf).max(axis=1)
        on_grid = (breaks[None, :] >= lo[:, None]) & (breaks[None, :] <= hi[:, None])
        ok = (n1 >= min_points) & (n2 >= min_points) & (rss1 > 0) & (rss2 > 0) & ~singular & on_grid
        if kind == JUMP:  # the fit one day before the break may not lie above the fit at the break
            ok &= coef[..., 1] + coef[..., 2] / DAYS_PER_SLOPE_YEAR >= 0
        loglik = _segment_loglik(rss1, n1) + _segment_loglik(rss2, n2)
        n_all = n1 + n2
    bic = np.where(ok, _n_params(kind) * np.log(n_all) - 2 * loglik, np.inf)
    best = np.argmin(bic, axis=1)  # the first minimum on the grid, as Epoch's list.index(min)
    rows = np.arange(B)
    best_bic = bic[rows, best]
    good = np.isfinite(best_bic)
    cb = coef[rows, best]
    slope = cb[:, 1] if kind == ONE_LINE else cb[:, 1] + cb[:, 2] if kind == CONTINUOUS else cb[:, 2] + cb[:, 3]
    nan = np.where(good, 1.0, np.nan)
    return BatchFit(kind=kind, bic=np.where(good, best_bic, np.nan), slope=slope * nan,
                    break_day=(breaks[best] if kind != ONE_LINE else np.full(B, np.nan)) * nan,
                    coef=cb * nan[:, None], origin=origin)


def fit_kind(kind: str, s: Series, weights: np.ndarray | None = None, *,
             min_points: int = MIN_SEGMENT_POINTS) -> BatchFit:
    """Return the best fit of ``kind`` for each row of ``weights`` (B, n): how often each point counts.

    ``weights`` None fits the points once (B = 1). Solved in chunks of resamples.
    """
    if kind not in KINDS:
        raise ValueError(f"kind is one of {KINDS}, got {kind!r}")
    w = np.ones((1, len(s.x))) if weights is None else np.atleast_2d(np.asarray(weights, dtype=float))
    origin = float(np.median(s.x)) if len(s.x) else 0.0
    parts = [_fit_chunk(kind, s, w[i:i + _CHUNK], min_points, origin) for i in range(0, len(w), _CHUNK)]
    return BatchFit(kind=kind, bic=np.concatenate([f.bic for f in parts]),
                    slope=np.concatenate([f.slope for f in parts]),
                    break_day=np.concatenate([f.break_day for f in parts]),
                    coef=np.concatenate([f.coef for f in parts]), origin=origin)


def kfold_test_sets(n: int, folds: int = CV_FOLDS, seed: int = CV_SEED) -> list[np.ndarray]:
    """Return the test indices of each fold as scikit-learn's ``KFold(folds, shuffle=True, random_state=seed)``.

    The indices are shuffled by ``numpy.random.RandomState(seed)`` and cut into
    consecutive folds, the first ``n % folds`` of them one larger.
    """
    if n < folds:
        raise ValueError(f"{folds}-fold cross-validation needs at least {folds} points, got {n}")
    order = np.arange(n)
    np.random.RandomState(seed).shuffle(order)
    sizes = np.full(folds, n // folds)
    sizes[: n % folds] += 1
    return np.split(order, np.cumsum(sizes)[:-1])


def cv_mse(kind: str, s: Series, *, min_points: int = MIN_SEGMENT_POINTS) -> float:
    """Return the mean over folds of the test mean squared error of ``kind`` (log10 units squared).

    Folds whose training part admits no valid fit are skipped (NaN if all are).
    """
    tests = kfold_test_sets(len(s.x))
    train = np.ones((len(tests), len(s.x)))
    for i, test in enumerate(tests):
        train[i, test] = 0.0
    fit = fit_kind(kind, s, train, min_points=min_points)
    errors = []
    for i, test in enumerate(tests):
        if fit.valid[i]:
            pred = fit.predict(s.x[test])[i]
            errors.append(float(np.mean((pred - s.y[test]) ** 2)))
    return float(np.mean(errors)) if errors else math.nan


def select_kind(bic: dict[str, float], cv: dict[str, float]) -> str:
    """Return the simplest kind within ``BIC_TOLERANCE`` of the lowest BIC whose CV error is within
    ``CV_TOLERANCE`` of the lowest-BIC kind's (ignored when that one has none), values rounded to
    two decimals as in Epoch's code. Kinds without a valid fit (NaN BIC) are skipped."""
    fitted = {k: v for k, v in bic.items() if math.isfinite(v)}
    if not fitted:
        raise ValueError("no kind has a valid fit")
    rb = {k: round(v, 2) for k, v in fitted.items()}
    rc = {k: round(cv.get(k, math.nan), 2) for k in fitted}
    best = min(rb, key=lambda k: (rb[k], KINDS.index(k)))
    for kind in KINDS:
        if kind not in rb or rb[kind] - rb[best] >= BIC_TOLERANCE:
            continue
        if math.isnan(rc[best]) or rc[kind] - rc[best] < CV_TOLERANCE:
            return kind
    return best

"""The frontier lag under each of its defensible definitions (a specification curve).

Choices: the **frontier** (Epoch AI's rolling top 10 with segmented fits, the method of the
analysis the book replicates; the top k models a year with one line; a rolling quantile with
one line), the **counterpart** (the United States, the book's question; the rest of the world,
Epoch's own), the **window** (each country's own fitted last segment; both countries over the
same window, from the start of China's last segment) and the **direction of reading**
(forward: how long China's line, at China's rate, takes to reach the counterpart's value today;
backward: how long ago the counterpart's line stood where China's stands today, on the
counterpart's last segment).

The default is Epoch's method (:mod:`gaplib.replications.epoch_trends`) read forward, as Epoch
reads it, with the United States as the counterpart, the one departure the chapter argues.
Each estimate carries the growth rates' intervals (x/year) as its direction evidence: the
counterpart's and China's, read by the growth rule. Lags in months.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from gaplib.algorithms.conventions import decimal_year
from gaplib.algorithms.frontier_fit import FrontierFit, fit_frontier, horizontal_lag_months
from gaplib.replications.epoch_trends import CHINA, TrendComparison
from gaplib.specs import Estimate, Spec

EPOCH_REASON = "Epoch AI's published method for China's frontier trend (segmented fits, rolling top 10)"
FORWARD, BACKWARD = "forward, at China's rate", "backward, on the counterpart's line"
READING_REASONS = {FORWARD: "Epoch reads the lag forward: how long China's line takes to reach today's frontier",
                   BACKWARD: "how long ago the counterpart stood where China stands today"}


def trend_lags_months(trend: TrendComparison) -> dict[str, tuple[float, float, float]]:
    """Return {reading: (lag, low, high)} in months from a fitted comparison, forward and backward.

    Both divide the gap between the lines at the data's end (log10 FLOP) by the data's slope:
    China's (forward) or the counterpart's last segment (backward). The interval is that of the
    bootstrap gaps at the comparison's level, divided by the same slope, as the replicated method
    computes its lag (forward, this is the comparison's own ``lag_years``). A slope that is not
    positive gives NaN (the line never gets there).
    """
    q = [(1 - trend.ci_level) / 2, (1 + trend.ci_level) / 2]
    gap = np.asarray(trend.gap_draws_log10, float)
    out = {}
    for reading, slopes in ((FORWARD, trend.china_slope_draws), (BACKWARD, trend.other_slope_draws)):
        slope = float(np.asarray(slopes, float)[0])
        if not slope > 0:
            out[reading] = (math.nan, math.nan, math.nan)
            continue
        lags = 12.0 * gap / slope
        low, high = np.quantile(lags, q)
        out[reading] = (float(lags[0]), float(low), float(high))
    return out


def backward_lag_months(params: np.ndarray, at_year: float, center_year: float) -> float:
    """Return how many months before ``at_year`` the US line stood at China's value there; NaN if its slope is not positive."""
    a_us, b_us, a_cn, b_cn = params
    if b_us <= 0:
        return math.nan
    t = at_year - center_year
    return 12.0 * ((a_us + b_us * t) - (a_cn + b_cn * t)) / b_us


def fit_lags_months(fit: FrontierFit) -> dict[str, float]:
    """Return {reading: lag} in months of a one-line-per-country fit, at its latest model date."""
    return {FORWARD: horizontal_lag_months(fit.params, fit.reference_year, fit.center_year),
            BACKWARD: backward_lag_months(fit.params, fit.reference_year, fit.center_year)}


def same_window_fit(trend: TrendComparison) -> FrontierFit:
    """Return one straight line per country through ``trend``'s frontier models from the start of China's
    last segment (its break, or its first model) to the end: both countries over the same window."""
    start = trend.china.breakpoint if trend.china.breakpoint is not None else trend.china.first_date
    rows = trend.frontier[trend.frontier["publication_date"] >= start]
    frame = pd.DataFrame({"country": np.where(rows["category"] == CHINA, "China", "US"),
                          "year": decimal_year(rows["publication_date"]).to_numpy(float),
                          "log10_compute_flop": rows["log10_compute_flop"].to_numpy(float)})
    frame.attrs.update(trend.frontier.attrs)
    return fit_frontier(frame, center_year=float(decimal_year(pd.Series([pd.Timestamp(start)])).iloc[0]))


def _fit_evidence(fit: FrontierFit) -> tuple:
    return ("growth", *(float(x) for x in (*fit.growth_ci("US"), *fit.growth_ci("China"))))


def frontier_lag_estimates(trend: TrendComparison, *, rest: TrendComparison | None = None,
                           fits: dict[str, tuple[FrontierFit, str, str]] | None = None,
                           top_n: int = 10) -> list[Estimate]:
    """Return the frontier lag (months) under every specification, the default first.

    ``trend``: Epoch's method with the US as counterpart; ``rest``: the same against the rest of
    the world; ``fits``: {frontier words: (one-line fit, window words, reason)} of other
    frontier definitions (US against China). Both readings of each, and the same-window lines
    through ``trend``'s models.
    """
    out = []
    epoch = f"Epoch's rolling top {top_n}, segmented"
    for comparison, counterpart in ((trend, "US"), (rest, "rest of the world")):
        if comparison is None:
            continue
        evidence = ("growth", comparison.other.ci_low, comparison.other.ci_high, comparison.china.ci_low,
                    comparison.china.ci_high)
        for reading, (lag, low, high) in trend_lags_months(comparison).items():
            default = counterpart == "US" and reading == FORWARD
            spec = Spec(f"Epoch's method, {counterpart}, {reading.split(',')[0]}",
                        {"frontier": epoch, "counterpart": counterpart, "window": "each country's last segment",
                         "reading": reading},
                        f"{EPOCH_REASON}; {READING_REASONS[reading]}"
                        + ("" if counterpart == "US" else "; Epoch's own counterpart"), default)
            out.append(Estimate(spec, lag, low, high, evidence))
    same = {f"Epoch's rolling top {top_n}, one line": (same_window_fit(trend), "both from China's last break",
                                                       "compares the two countries' growth over the same years")}
    for label, (fit, window_words, reason) in {**same, **(fits or {})}.items():
        for reading, lag in fit_lags_months(fit).items():
            spec = Spec(f"{label}, {window_words}, {reading.split(',')[0]}",
                        {"frontier": label, "counterpart": "US", "window": window_words, "reading": reading},
                        f"{reason}; {READING_REASONS[reading]}")
            out.append(Estimate(spec, lag, evidence=_fit_evidence(fit)))
    return out

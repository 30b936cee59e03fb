"""The book's frontier-compute trend: Epoch AI's replicated method, US against China, for every chapter.

One entry point, :func:`frontier_trends`, selects the frontier and fits it the way
:mod:`gaplib.replications.epoch_trends` reproduces Epoch AI's published analysis, with the
United States (not the rest of the world) as the other category: the book's question is
the US-China gap. The algorithms chapter, the leaders chapter and, through their results,
the gap at a glance all read this one function with the same defaults.

Also here: the trend lines with their bootstrap band for charts, one row per definition
for the robustness table, the trend-implied probability that China's line reaches the US
line within a horizon, and the Chinese growth rate at which that probability equals a
stated one. Growth rates are x/year; lags in months or years as named; probabilities are
fractions.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from scipy.optimize import brentq

from gaplib.algorithms import segmented
from gaplib.algorithms.frontier_fit import FrontierFit, horizontal_lag_months
from gaplib.replications import epoch_trends as et

TOP_N = et.TOP_N
START_YEAR = 2018
N_BOOT = 1000
SEED = 20260101
CI_LEVEL = et.CI_LEVEL
#: How the prose names each kind of fit.
SHAPES = {segmented.ONE_LINE: "a single straight line", segmented.CONTINUOUS: "two segments joined at a break",
          segmented.JUMP: "two segments with a jump at the break"}


def frontier_trends(models: pd.DataFrame, *, top_n: int = TOP_N, start_year: int = START_YEAR,
                    n_boot: int = N_BOOT, seed: int = SEED, ci_level: float = CI_LEVEL,
                    comparison: str = "us", as_of: str | None = None) -> et.TrendComparison:
    """Return the fitted frontier trends of China and the US (or, with ``comparison="non_china"``, the rest).

    ``models`` is Epoch's notable-models table (it carries the ``base_model`` and ``domain``
    columns the selection needs). The frontier: rolling top ``top_n`` language/multimodal
    base models per category, published after 1 January ``start_year`` (and by ``as_of``).
    """
    frontier = et.select_frontier(models, comparison=comparison, top_n=top_n, start_date=f"{start_year}-01-01",
                                  as_of=as_of)
    return et.compare_trends(frontier, n_boot=n_boot, seed=seed, ci_level=ci_level)


def trend_lines(comparison: et.TrendComparison, n_dates: int = 60) -> pd.DataFrame:
    """Return each category's fitted line and bootstrap band over its own date range, for charts.

    Columns ``country``, ``date``, ``fit_flop``, ``low_flop``, ``high_flop`` (FLOP, the band
    at the comparison's ``ci_level``).
    """
    q = [(1 - comparison.ci_level) / 2, (1 + comparison.ci_level) / 2]
    parts = []
    for t, fit in ((comparison.other, comparison.other_fit), (comparison.china, comparison.china_fit)):
        dates = pd.date_range(t.first_date, t.last_date, periods=n_dates).normalize()
        days = np.array([d.toordinal() for d in dates], dtype=float)
        pred = fit.predict(days)
        low, high = np.nanquantile(pred[fit.valid], q, axis=0)
        parts.append(pd.DataFrame({"country": t.category, "date": dates, "fit_flop": 10.0 ** pred[0],
                                   "low_flop": 10.0 ** low, "high_flop": 10.0 ** high}))
    return pd.concat(parts, ignore_index=True)


def comparison_row(name: str, comparison: et.TrendComparison) -> dict:
    """Return one robustness-table row for a segmented comparison (columns as :func:`single_line_row`)."""
    o, c = comparison.other, comparison.china
    return {"definition": name, "other": o.category, "n_other": o.n_points, "n_china": c.n_points,
            "other_model": o.kind, "other_growth_per_year": o.growth_per_year, "other_ci_low": o.ci_low,
            "other_ci_high": o.ci_high, "china_model": c.kind,
            "china_break": c.breakpoint.strftime("%Y-%m") if c.breakpoint is not None else "",
            "china_growth_per_year": c.growth_per_year, "china_ci_low": c.ci_low, "china_ci_high": c.ci_high,
            "ci_level": comparison.ci_level, "lag_months": 12.0 * comparison.lag_years}


def single_line_row(name: str, fit: FrontierFit) -> dict:
    """Return one robustness-table row for a single straight line per country (95% model-based intervals)."""
    us, cn = fit.growth_ci("US"), fit.growth_ci("China")
    return {"definition": name, "other": "US", "n_other": fit.n_us, "n_china": fit.n_china,
            "other_model": segmented.ONE_LINE, "other_growth_per_year": fit.growth_per_year("US"),
            "other_ci_low": us[0], "other_ci_high": us[1], "china_model": segmented.ONE_LINE, "china_break": "",
            "china_growth_per_year": fit.growth_per_year("China"), "china_ci_low": cn[0], "china_ci_high": cn[1],
            "ci_level": 0.95, "lag_months": horizontal_lag_months(fit.params, fit.reference_year, fit.center_year)}


def growth_relation(comparison: et.TrendComparison) -> str:
    """Return how China's latest-segment growth compares with the other category's, from the intervals:
    ``slower than`` / ``faster than`` when they do not overlap, else ``not clearly different from``."""
    o, c = comparison.other, comparison.china
    if c.ci_high < o.ci_low:
        return "slower than"
    if c.ci_low > o.ci_high:
        return "faster than"
    return "not clearly different from"


def latest_segment(trend: et.CategoryTrend) -> str:
    """Return where the fitted latest segment starts, in words: "since a break in January 2022"
    for a broken line, "on one line since 2019" for a single line (its first model's year)."""
    if trend.breakpoint is not None:
        return f"since a break in {trend.breakpoint.strftime('%B %Y')}"
    return f"on one line since {trend.first_date.year}"


def finding_title(comparison: et.TrendComparison) -> str:
    """Return a chart title stating how China's latest growth compares with the other category's."""
    relation = growth_relation(comparison)
    other = "the US's" if comparison.other.category == et.US else "the rest of the world's"
    since = (f" since {comparison.china.breakpoint.strftime('%B %Y')}" if comparison.china.breakpoint is not None else "")
    if relation == "not clearly different from":
        return f"China's frontier training compute grows at a rate the data cannot tell apart from {other}{since}"
    adverb = "more slowly than" if relation == "slower than" else "faster than"
    return f"China's frontier training compute has grown {adverb} {other}{since}"


def odds_title(trend_probability: float, stated_probability: float) -> str:
    """Return a chart title comparing the trend-implied probability of catching up with the stated one."""
    if trend_probability > stated_probability:
        return "Extrapolated compute trends give China better odds than the leaders' own estimate"
    if trend_probability < stated_probability:
        return "Extrapolated compute trends give China worse odds than the leaders' own estimate"
    return "Extrapolated compute trends give China the same odds as the leaders' own estimate"


def catch_up_probability(comparison: et.TrendComparison, horizon_years: float | np.ndarray,
                         china_growth_per_year: float | None = None) -> np.ndarray:
    """Return the share of bootstrap replicates in which China's line is at or above the other line
    at some time within ``horizon_years`` of the last model date (fraction, one per horizon).

    Both lines continue straight with their latest slopes. ``china_growth_per_year`` (x/year)
    moves every replicate's China slope by the same amount so that the data's fit grows at that
    rate (the spread of the replicates is kept).
    """
    ok = np.isfinite(comparison.gap_draws_log10) & np.isfinite(comparison.china_slope_draws) \
        & np.isfinite(comparison.other_slope_draws)
    gap = comparison.gap_draws_log10[ok]
    china = comparison.china_slope_draws[ok]
    if china_growth_per_year is not None:
        china = china - comparison.china_slope_draws[0] + math.log10(china_growth_per_year)
    closing = china - comparison.other_slope_draws[ok]
    h = np.atleast_1d(np.asarray(horizon_years, dtype=float))
    met = (gap[:, None] <= 0) | (gap[:, None] - closing[:, None] * h[None, :] <= 0)
    return met.mean(axis=0)


def required_china_growth(comparison: et.TrendComparison, horizon_years: float, probability: float) -> float:
    """Return the Chinese frontier growth (x/year) at which :func:`catch_up_probability` within
    ``horizon_years`` equals ``probability``; NaN if no rate between 1/100 and 10,000x a year crosses it
    (China's line already meets the other in that share of replicates even without growth, or never does).

    The probability is a step function of the rate over the (seeded) replicates; Brent's method
    finds the rate where it crosses ``probability``, to within 1e-6 in log10 units.
    """
    def excess(log_growth: float) -> float:
        return float(catch_up_probability(comparison, horizon_years, 10.0 ** log_growth)[0]) - probability

    lo, hi = -2.0, 4.0
    if excess(lo) >= 0 or excess(hi) < 0:
        return math.nan
    return 10.0 ** brentq(excess, lo, hi, xtol=1e-6)

"""The direction of the LMArena gap: a trend over every leaderboard version, with its interval.

Comparing the first and the latest version of the leaderboard reads a direction into two
noisy points. This module fits a straight line through the gap of every version instead.
Consecutive versions share most of their models, so their gaps are strongly correlated;
the interval therefore uses Newey-West (HAC) standard errors from statsmodels rather
than the ordinary ones, which would treat 90 near-copies as 90 independent readings.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
import statsmodels.api as sm

from gaplib.algorithms.conventions import decimal_year
from gaplib.guards import require_rows, source_of


@dataclass(frozen=True)
class GapTrend:
    """A gap's fitted change per year (Elo points/year; positive = the US lead grows)."""

    elo_per_year: float
    ci_low: float
    ci_high: float
    n_versions: int
    first_year: float
    last_year: float


def newey_west_lags(n: int) -> int:
    """Return the usual Newey-West lag length for ``n`` observations: floor(4 (n/100)^(2/9))."""
    return int(math.floor(4 * (n / 100.0) ** (2.0 / 9.0)))


def gap_trend(arena: pd.DataFrame, level: float = 0.95) -> GapTrend:
    """Return the linear trend of ``gap_elo`` against the version date, with a ``level`` interval.

    ``arena`` is :func:`gaplib.algorithms.capability.arena_gap` output (columns ``date`` and ``gap_elo``).
    Needs at least 3 versions spanning more than one day.
    """
    require_rows(arena, 3, source=source_of(arena, "lmarena_text_snapshots"),
                 selection="leaderboard versions with a US and a Chinese model", result="the gap's trend")
    years = decimal_year(arena["date"]).to_numpy()
    if np.ptp(years) <= 0:
        raise ValueError("the leaderboard versions share one date; a trend needs versions on different dates")
    design = sm.add_constant(years - years.mean())
    fit = sm.OLS(arena["gap_elo"].to_numpy(dtype=float), design).fit(
        cov_type="HAC", cov_kwds={"maxlags": newey_west_lags(len(arena))})
    low, high = fit.conf_int(1.0 - level)[1]
    return GapTrend(float(fit.params[1]), float(low), float(high), len(arena), float(years.min()), float(years.max()))

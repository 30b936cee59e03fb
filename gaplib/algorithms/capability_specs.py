"""The ECI capability lag under each of its defensible definitions (a specification curve).

Choices: the **Chinese models** compared (every day's best Chinese model, Epoch's published
method; the record-setting Chinese models; every Chinese model with a score) and the
**summary** (the mean over days, or the mean over models with its 95% t interval: never the
minimum and maximum, which bracket single models, not the mean). The default is Epoch's
method (:mod:`gaplib.replications.eci_lag`), the analysis the book replicates. The per-model
definitions carry their direction evidence: the OLS trend of the lag on release date
(months a year; positive: the lag grows, the US gains). Lags in months.
"""

from __future__ import annotations

import math

import pandas as pd
from scipy import stats

from gaplib.algorithms.capability import eci_lags, summarise_lags
from gaplib.replications.eci_lag import daily_eci_lag, summarise_daily_lag
from gaplib.specs import Estimate, Spec

EPOCH_REASON = "Epoch AI's published method: the best Chinese model of each day against the US record, averaged"


def mean_interval(values: pd.Series, level: float = 0.95) -> tuple[float, float, float]:
    """Return (mean, low, high) of ``values`` with a Student-t interval at ``level``; NaN bounds below 2 values."""
    x = values.dropna().to_numpy(float)
    if len(x) == 0:
        return math.nan, math.nan, math.nan
    mean = float(x.mean())
    if len(x) < 2:
        return mean, math.nan, math.nan
    half = float(stats.t.ppf(0.5 + level / 2, len(x) - 1) * x.std(ddof=1) / math.sqrt(len(x)))
    return mean, mean - half, mean + half


def eci_lag_estimates(eci: pd.DataFrame) -> list[Estimate]:
    """Return the ECI lag (months) under every specification, Epoch's method (the default) first."""
    daily = summarise_daily_lag(daily_eci_lag(eci))
    out = [Estimate(Spec("Epoch's method, daily mean since 2023",
                         {"Chinese models": "best of each day", "summary": "mean over days"}, EPOCH_REASON, True),
                    daily.mean_months)]
    for models, words, name, reason in (
            ("frontier", "record-setting", "Record-setting Chinese models", "each new Chinese record, the book's own series"),
            ("all", "every scored model", "Every scored Chinese model", "every Chinese model Epoch scores")):
        lags = eci_lags(eci, models)
        ok = lags[~lags["censored"] & ~lags["us_never"]]["lag_months"]
        mean, low, high = mean_interval(ok)
        trend = summarise_lags(lags) if len(ok) else None
        evidence = (("trend", trend.trend_months_per_year, trend.trend_ci_low, trend.trend_ci_high)
                    if trend is not None and math.isfinite(trend.trend_months_per_year) else ())
        out.append(Estimate(Spec(f"{name}, mean with 95% interval",
                                 {"Chinese models": words, "summary": "mean over models"}, reason),
                            mean, low, high, evidence))
    return out

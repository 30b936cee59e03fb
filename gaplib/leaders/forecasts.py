"""Stated forecasts of China overtaking the US in AI: pooling, hazards and model-implied odds.

Probabilities are fractions in [0, 1]; hazards are per year; horizons in years.
Every function is pure; simulations are seeded.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd

from gaplib.algorithms.frontier_fit import FrontierFit

DEFAULT_CLIP = 1e-4


def logit(p: float | np.ndarray) -> float | np.ndarray:
    """Return the log-odds ln(p / (1 - p))."""
    p = np.asarray(p, dtype=float)
    return np.log(p) - np.log1p(-p)


def expit(x: float | np.ndarray) -> float | np.ndarray:
    """Return the probability whose log-odds is ``x``."""
    return 1.0 / (1.0 + np.exp(-np.asarray(x, dtype=float)))


def pool_log_odds(probabilities: Sequence[float], weights: Sequence[float] | None = None,
                  clip: float = DEFAULT_CLIP) -> float:
    """Return the weighted mean of the forecasts' log-odds, turned back into a probability.

    Probabilities are first clipped to [``clip``, 1 - ``clip``] so that a stated 0 or 1
    does not dominate; equal weights unless ``weights`` are given (they need not sum
    to one). One forecast pools to itself (up to the clip).
    """
    p = np.clip(np.asarray(probabilities, dtype=float), clip, 1.0 - clip)
    if p.size == 0:
        raise ValueError("nothing to pool")
    w = np.ones_like(p) if weights is None else np.asarray(weights, dtype=float)
    if w.shape != p.shape or np.any(w < 0) or w.sum() <= 0:
        raise ValueError("weights must be non-negative, one per probability, not all zero")
    return float(expit(np.sum(w * logit(p)) / w.sum()))


def annual_hazard(probability: float, horizon_years: float) -> float:
    """Return the constant annual hazard h with 1 - (1 - h)^horizon = probability (fraction per year)."""
    if not 0.0 <= probability <= 1.0:
        raise ValueError(f"probability must lie in [0, 1], got {probability}")
    if horizon_years <= 0:
        raise ValueError(f"horizon must be positive, got {horizon_years}")
    return 1.0 - (1.0 - probability) ** (1.0 / horizon_years)


def cumulative_probability(hazard: float, years: float | np.ndarray) -> float | np.ndarray:
    """Return the probability that the event has happened within ``years`` at a constant annual ``hazard``."""
    if not 0.0 <= hazard <= 1.0:
        raise ValueError(f"hazard must lie in [0, 1], got {hazard}")
    return 1.0 - (1.0 - hazard) ** np.asarray(years, dtype=float)


def stated_probabilities(forecasts: pd.DataFrame, reading: str = "upper") -> pd.DataFrame:
    """Return the forecasts that state a probability, with one point value each.

    ``reading``: ``"upper"`` takes ``probability_high`` (a stated 'under 20%' becomes
    0.2), ``"midpoint"`` the middle of low and high. Columns: ``forecast_id``, ``who``,
    ``probability_low``, ``probability_high``, ``probability``, ``horizon_years_low``,
    ``horizon_years_high``, ``verified``.
    """
    if reading not in ("upper", "midpoint"):
        raise ValueError(f"reading is 'upper' or 'midpoint', got {reading!r}")
    rows = forecasts.dropna(subset=["probability_high"]).copy()
    low = rows["probability_low"].fillna(rows["probability_high"])
    rows["probability"] = rows["probability_high"] if reading == "upper" else (low + rows["probability_high"]) / 2
    return rows[["forecast_id", "who", "probability_low", "probability_high", "probability",
                 "horizon_years_low", "horizon_years_high", "verified"]].reset_index(drop=True)


def simulate_catch_up(fit: FrontierFit, horizons_years: Sequence[float], *, n: int, seed: int) -> np.ndarray:
    """Return the probability that China's fitted compute frontier reaches the US line within each horizon.

    Draws the four line parameters (intercepts and slopes) from the normal
    approximation of the fit (``fit.params``, ``fit.cov``), and counts the draws in
    which China's line is at or above the US line at some time between
    ``fit.reference_year`` and ``reference_year + horizon`` (two straight lines, so
    checking both ends suffices). Returns one probability (fraction) per horizon.
    """
    rng = np.random.default_rng(seed)
    draws = rng.multivariate_normal(fit.params, fit.cov, size=n, method="cholesky")
    t0 = fit.reference_year - fit.center_year
    gap0 = (draws[:, 0] + draws[:, 1] * t0) - (draws[:, 2] + draws[:, 3] * t0)
    closing = draws[:, 3] - draws[:, 1]
    out = []
    for h in horizons_years:
        gap_h = gap0 - closing * float(h)
        out.append(float(np.mean((gap0 <= 0) | (gap_h <= 0))))
    return np.array(out)


def lag_trend_catch_up(lag_months: float, trend_months_per_year: float, trend_se: float,
                       horizon_years: float, *, n: int, seed: int) -> float:
    """Return the probability that a capability lag shrinking linearly reaches zero within the horizon.

    The lag now is ``lag_months``; its yearly change is drawn from a normal with mean
    ``trend_months_per_year`` and sd ``trend_se``. Fraction of draws with
    lag + change * horizon <= 0.
    """
    rng = np.random.default_rng(seed)
    slopes = rng.normal(trend_months_per_year, trend_se, size=n)
    return float(np.mean(lag_months + slopes * horizon_years <= 0))


def hazard_curve(probability: float, horizon_years: float, years: np.ndarray) -> np.ndarray:
    """Return the cumulative probability by ``years`` implied by ``probability`` over ``horizon_years``."""
    return cumulative_probability(annual_hazard(probability, horizon_years), years)


def percent(fraction: float) -> float:
    """Return a fraction as a percentage (0.2 -> 20.0)."""
    return 100.0 * fraction if math.isfinite(fraction) else math.nan


def forecast_table(forecasts: pd.DataFrame) -> pd.DataFrame:
    """Return the forecasts as a reader's table: who, when, the stated probability or view, horizon, verified.

    ``probability`` is written as a range in percent ('0-20%') or '-' when the view is
    qualitative; ``horizon`` as '3-5 years' or '-'.
    """
    def rng(low: float, high: float, unit: str, scale: float) -> str:
        if pd.isna(high):
            return "-"
        low = high if pd.isna(low) else low
        return f"{scale * low:g}{unit}" if low == high else f"{scale * low:g}-{scale * high:g}{unit}"

    return pd.DataFrame({
        "id": forecasts["forecast_id"],
        "who": forecasts["who"] + " (" + forecasts["affiliation"] + ")",
        "stated on": forecasts["stated_on"].dt.strftime("%Y-%m-%d"),
        "probability": [rng(lo, hi, "%", 100) for lo, hi in zip(forecasts["probability_low"], forecasts["probability_high"])],
        "horizon": [rng(lo, hi, " years", 1) for lo, hi in zip(forecasts["horizon_years_low"], forecasts["horizon_years_high"])],
        "view of the gap": forecasts["qualitative_view"],
        "event": forecasts["event"],
        "verified": forecasts["verified"],
    })


def catch_up_curves(years: np.ndarray, curves: dict[str, np.ndarray]) -> pd.DataFrame:
    """Return long-form cumulative probabilities for a chart: columns ``years``, ``basis``, ``probability_pct``."""
    parts = [pd.DataFrame({"years": years, "basis": name, "probability_pct": 100.0 * np.asarray(values)})
             for name, values in curves.items()]
    return pd.concat(parts, ignore_index=True)

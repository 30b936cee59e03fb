"""Fitting the US and Chinese compute frontiers, and the lag between the fitted lines.

Inputs are frontier models as selected by ``gaplib.algorithms.trends`` (one row per model and
country, with decimal ``year`` and ``log10_compute_flop``). Growth rates are x/year,
lags in months; the bootstrap is seeded.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
import statsmodels.api as sm

from gaplib.algorithms.conventions import COUNTRIES, MODELS_SOURCE, Z95
from gaplib.guards import EmptySelectionError, selection_of, source_of


@dataclass(frozen=True)
class FrontierFit:
    """Per-country linear fits of log10(training compute, FLOP) on decimal year.

    ``params`` holds (a_us, b_us, a_china, b_china): intercept at ``center_year`` and
    slope in orders of magnitude per year; ``cov`` is their 4x4 covariance.
    ``interaction_pvalue`` tests whether the two slopes differ (two-sided t test on
    the year x China interaction term). ``reference_year`` is the latest model date
    in the fit, where the lag is evaluated.
    """

    params: np.ndarray
    cov: np.ndarray
    center_year: float
    reference_year: float
    interaction_pvalue: float
    n_us: int
    n_china: int
    residual_sd: float

    def growth_per_year(self, country: str) -> float:
        """Return the fitted growth of frontier compute in x/year."""
        return 10.0 ** self.params[self._slope(country)]

    def growth_ci(self, country: str, level_z: float = Z95) -> tuple[float, float]:
        """Return the 95% confidence interval of the growth, x/year (low, high)."""
        i = self._slope(country)
        se = math.sqrt(self.cov[i, i])
        return 10.0 ** (self.params[i] - level_z * se), 10.0 ** (self.params[i] + level_z * se)

    def predict_log10(self, country: str, year: np.ndarray | float) -> np.ndarray:
        """Return the fitted log10(compute, FLOP) of ``country`` at decimal ``year``."""
        i = self._slope(country)
        return self.params[i - 1] + self.params[i] * (np.asarray(year, dtype=float) - self.center_year)

    def predict_se(self, country: str, year: np.ndarray | float) -> np.ndarray:
        """Return the standard error of the fitted line (not of a new model) at ``year``."""
        i = self._slope(country)
        x = np.asarray(year, dtype=float) - self.center_year
        c = self.cov
        return np.sqrt(c[i - 1, i - 1] + 2 * x * c[i - 1, i] + x * x * c[i, i])

    @staticmethod
    def _slope(country: str) -> int:
        if country == "US":
            return 1
        if country == "China":
            return 3
        raise ValueError(f"fits exist for US and China only, got {country!r}")


def _design(frontier: pd.DataFrame, center_year: float) -> tuple[np.ndarray, np.ndarray]:
    china = (frontier["country"] == "China").to_numpy(dtype=float)
    t = frontier["year"].to_numpy(dtype=float) - center_year
    x = np.column_stack([np.ones_like(t), t, china, t * china])
    return x, frontier["log10_compute_flop"].to_numpy(dtype=float)


# (a_us, b_us, a_cn, b_cn) from the interaction parameterisation (1, t, china, t*china)
_TO_COUNTRY = np.array([[1, 0, 0, 0], [0, 1, 0, 0], [1, 0, 1, 0], [0, 1, 0, 1]], dtype=float)


def fit_frontier(frontier: pd.DataFrame, center_year: float = 2022.0) -> FrontierFit:
    """Fit log10(compute) = a + b (year - center_year) for US and China with statsmodels OLS.

    One regression with a China dummy and a year x China interaction (so the slopes'
    difference gets its own test); the country parameters and their covariance are
    derived from it. Needs at least three models per country.
    """
    n_us = int((frontier["country"] == "US").sum())
    n_cn = int((frontier["country"] == "China").sum())
    if min(n_us, n_cn) < 3:  # two points always fit a line exactly: no standard errors, no test
        raise EmptySelectionError(
            f"{source_of(frontier, MODELS_SOURCE)}: {n_us} US and {n_cn} Chinese frontier models (selected from "
            f"{selection_of(frontier, 'the models given', count=False)}); the frontier trend fit needs at least "
            "3 per country")
    x, y = _design(frontier, center_year)
    res = sm.OLS(y, x).fit()
    params = _TO_COUNTRY @ res.params
    cov = _TO_COUNTRY @ res.cov_params() @ _TO_COUNTRY.T
    return FrontierFit(params=params, cov=cov, center_year=center_year,
                       reference_year=float(frontier["year"].max()),
                       interaction_pvalue=float(res.pvalues[3]), n_us=n_us, n_china=n_cn,
                       residual_sd=float(math.sqrt(res.scale)))


def horizontal_lag_months(params: np.ndarray, at_year: float, center_year: float) -> float:
    """Return how many months after ``at_year`` China's fitted line reaches the US line's value there.

    ``params`` is (a_us, b_us, a_china, b_china) as in :class:`FrontierFit`. Negative
    means China's line is above the US line. NaN if China's slope is not positive.
    """
    a_us, b_us, a_cn, b_cn = params
    if b_cn <= 0:
        return math.nan
    t = at_year - center_year
    return 12.0 * ((a_us + b_us * t) - (a_cn + b_cn * t)) / b_cn


def bootstrap_lag_months(frontier: pd.DataFrame, at_year: float, *, n_boot: int, seed: int,
                         center_year: float = 2022.0) -> np.ndarray:
    """Return ``n_boot`` bootstrap replicates of the horizontal lag at ``at_year``, months.

    Models are resampled with replacement within each country (so each replicate
    keeps the country sizes) and both lines refitted by least squares. Replicates
    whose China slope is not positive are NaN.
    """
    rng = np.random.default_rng(seed)
    x, y = _design(frontier, center_year)
    groups = [np.flatnonzero(frontier["country"].to_numpy() == c) for c in COUNTRIES]
    out = np.empty(n_boot)
    for i in range(n_boot):
        idx = np.concatenate([rng.choice(g, size=len(g), replace=True) for g in groups])
        beta, *_ = np.linalg.lstsq(x[idx], y[idx], rcond=None)
        out[i] = horizontal_lag_months(_TO_COUNTRY @ beta, at_year, center_year)
    return out


def fitted_lines(fit: FrontierFit, years: np.ndarray) -> pd.DataFrame:
    """Return fitted log10 compute with a 95% band per country and year, for charts.

    Columns ``country``, ``year``, ``fit_flop``, ``low_flop``, ``high_flop`` (FLOP, not log).
    """
    rows = []
    for country in COUNTRIES:
        mid = fit.predict_log10(country, years)
        se = fit.predict_se(country, years)
        rows.append(pd.DataFrame({"country": country, "year": years, "fit_flop": 10.0 ** mid,
                                  "low_flop": 10.0 ** (mid - Z95 * se), "high_flop": 10.0 ** (mid + Z95 * se)}))
    return pd.concat(rows, ignore_index=True)


def compare_fits(fits: dict[str, FrontierFit]) -> pd.DataFrame:
    """Return one row per named frontier fit: model counts, growth (x/year) with 95% CI, slope test, lag (months)."""
    rows = []
    for name, fit in fits.items():
        us_low, us_high = fit.growth_ci("US")
        cn_low, cn_high = fit.growth_ci("China")
        rows.append({"definition": name, "n_us": fit.n_us, "n_china": fit.n_china,
                     "us_growth_per_year": fit.growth_per_year("US"), "us_ci_low": us_low, "us_ci_high": us_high,
                     "china_growth_per_year": fit.growth_per_year("China"), "china_ci_low": cn_low,
                     "china_ci_high": cn_high, "slope_difference_pvalue": fit.interaction_pvalue,
                     "lag_months": horizontal_lag_months(fit.params, fit.reference_year, fit.center_year)})
    return pd.DataFrame(rows)

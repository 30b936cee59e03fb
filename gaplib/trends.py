"""Frontier trends and lags: training compute, capability scores and open weights, US vs China.

Inputs are the tidy frames of ``gaplib.data`` (model tables with a ``countries``
tuple per row). A model credited to several countries counts in full for each of
them (the book's joint rule). Every function is pure: no I/O, no printing; the
bootstrap is seeded.

Conventions: dates become decimal years (``year``); training compute is fitted as
``log10_compute_flop``; growth rates are multiplicative per year (``x/year``);
lags are in months.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
import statsmodels.api as sm

from gaplib.guards import EmptySelectionError, require_rows, selection_of, source_of, tagged

COUNTRIES = ("US", "China")
MODELS_SOURCE = "Epoch AI model tables"  # for frames not loaded through gaplib.data
DAYS_PER_YEAR = 365.25
Z95 = 1.959963984540054


def decimal_year(dates: pd.Series) -> pd.Series:
    """Return dates as decimal years (2024-07-02 is about 2024.5), float."""
    dates = pd.to_datetime(dates)
    start = pd.to_datetime(dates.dt.year.astype("Int64").astype(str) + "-01-01", errors="coerce")
    days = (dates - start).dt.days.astype(float)
    length = np.where(dates.dt.is_leap_year, 366.0, 365.0)
    return dates.dt.year.astype(float) + days / length


def _has(countries: object, country: str) -> bool:
    return isinstance(countries, tuple) and country in countries


def models_by_country(models: pd.DataFrame, countries: tuple[str, ...] = COUNTRIES,
                      start_year: int | None = None) -> pd.DataFrame:
    """Return one row per (model, country) for models with a date and a training compute.

    Columns: ``model``, ``country``, ``publication_date``, ``year`` (decimal),
    ``training_compute_flop`` and ``log10_compute_flop``. A joint US-China model
    appears once for each country. ``start_year`` drops models published earlier.
    """
    keep = models.dropna(subset=["publication_date", "training_compute_flop"])
    keep = keep[keep["training_compute_flop"] > 0]
    if start_year is not None:
        keep = keep[keep["publication_date"].dt.year >= start_year]
    parts = []
    for country in countries:
        rows = keep[keep["countries"].map(lambda c, k=country: _has(c, k))]
        parts.append(rows[["model", "publication_date", "training_compute_flop"]].assign(country=country))
    out = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
    out["year"] = decimal_year(out["publication_date"])
    out["log10_compute_flop"] = np.log10(out["training_compute_flop"])
    out = out[["model", "country", "publication_date", "year", "training_compute_flop", "log10_compute_flop"]]
    since = f" published from {start_year}" if start_year is not None else ""
    return tagged(out, source=source_of(models, MODELS_SOURCE),
                  selection=f"models with a publication date and training compute{since}")


def combine_model_tables(notable: pd.DataFrame, large_scale: pd.DataFrame) -> pd.DataFrame:
    """Return the union of Epoch's notable and large-scale model tables, one row per model name.

    Models are matched on their lower-cased, stripped name; where both tables hold a
    model, the notable-models row is kept. Columns: ``model``, ``countries``,
    ``publication_date``, ``training_compute_flop``.
    """
    cols = ["model", "countries", "publication_date", "training_compute_flop"]
    both = pd.concat([notable[cols], large_scale[cols]], ignore_index=True)
    key = both["model"].str.lower().str.strip()
    out = both[~key.duplicated(keep="first")].reset_index(drop=True)
    # concat keeps attrs only when both inputs agree: name both sources for error messages
    sources = dict.fromkeys([source_of(notable, "epoch_notable_models"), source_of(large_scale, "epoch_large_scale_models")])
    return tagged(out, source=" + ".join(sources))


def select_model_table(notable: pd.DataFrame, large_scale: pd.DataFrame, which: str) -> pd.DataFrame:
    """Return the model table named by ``which``: ``"combined"``, ``"notable"`` or ``"large_scale"``."""
    if which == "combined":
        return combine_model_tables(notable, large_scale)
    if which == "notable":
        return notable
    if which == "large_scale":
        return large_scale
    raise ValueError(f"unknown model table {which!r}")


def frontier_top_k(models: pd.DataFrame, k: int) -> pd.DataFrame:
    """Return the ``k`` models with most training compute per country and calendar year.

    ``models`` is the output of :func:`models_by_country`; ties keep the earlier row.
    """
    if k < 1:
        raise ValueError(f"k must be at least 1, got {k}")
    cal = models["publication_date"].dt.year
    ranked = models.assign(_cal=cal).sort_values("training_compute_flop", ascending=False, kind="stable")
    top = ranked.groupby(["country", "_cal"], sort=False).head(k)
    return top.drop(columns="_cal").sort_values(["country", "year"]).reset_index(drop=True)


def frontier_rolling_quantile(models: pd.DataFrame, quantile: float, window_months: float) -> pd.DataFrame:
    """Return the models at or above the ``quantile`` of their own country's trailing window.

    A model is on the frontier when its compute is at least the ``quantile`` (0-1)
    of the compute of the same country's models published in the ``window_months``
    before it (itself included). ``models`` is the output of :func:`models_by_country`.
    """
    if not 0.0 <= quantile <= 1.0:
        raise ValueError(f"quantile must lie in [0, 1], got {quantile}")
    window = window_months / 12.0
    keep: list = []
    for _, rows in models.groupby("country"):
        years = rows["year"].to_numpy()
        logs = rows["log10_compute_flop"].to_numpy()
        for i, index in enumerate(rows.index):
            mask = (years <= years[i]) & (years > years[i] - window)
            if logs[i] >= np.quantile(logs[mask], quantile) - 1e-12:
                keep.append(index)
    return models.loc[keep].sort_values(["country", "year"]).reset_index(drop=True)


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


# --- capability: Epoch Capabilities Index -------------------------------------------------

def eci_lags(eci: pd.DataFrame, chinese_models: str = "frontier") -> pd.DataFrame:
    """Return, for each Chinese model, how many months earlier a US model first reached its score.

    ``chinese_models``: ``"frontier"`` keeps the Chinese models that set a new Chinese
    record when released, ``"all"`` keeps every Chinese model with a score. Columns:
    ``model``, ``release_date``, ``eci_score``, ``us_first_date`` (first US model with
    a score at least as high), ``lag_months`` (positive: the US got there first),
    ``censored`` (the US had that score at the start of the US data, so the lag is a
    lower bound) and ``us_never`` (no US model reached it; lag NaN).
    """
    if chinese_models not in ("frontier", "all"):
        raise ValueError(f"chinese_models is 'frontier' or 'all', got {chinese_models!r}")
    scored = eci.dropna(subset=["eci_score", "release_date"])
    us = scored[scored["countries"].map(lambda c: _has(c, "US"))].sort_values("release_date")
    cn = scored[scored["countries"].map(lambda c: _has(c, "China"))].sort_values(["release_date", "eci_score"])
    if chinese_models == "frontier":
        record = cn["eci_score"].cummax()
        cn = cn[cn["eci_score"] >= record]
        cn = cn[cn["eci_score"] > cn["eci_score"].shift(1).cummax().fillna(-np.inf)]
    us_dates = us["release_date"].to_numpy()
    us_best = np.maximum.accumulate(us["eci_score"].to_numpy()) if len(us) else np.array([])
    rows = []
    for _, m in cn.iterrows():
        reached = np.flatnonzero(us_best >= m["eci_score"])
        if len(reached):
            first = pd.Timestamp(us_dates[reached[0]])
            lag = (m["release_date"] - first).days / DAYS_PER_YEAR * 12.0
            rows.append((m["model_version"] if "model_version" in m else m["model"], m["release_date"],
                         m["eci_score"], first, lag, reached[0] == 0, False))
        else:
            rows.append((m.get("model_version", m["model"]), m["release_date"], m["eci_score"],
                         pd.NaT, math.nan, False, True))
    out = pd.DataFrame(rows, columns=["model", "release_date", "eci_score", "us_first_date",
                                      "lag_months", "censored", "us_never"])
    return tagged(out, source=source_of(eci, "epoch_capabilities_index"))


@dataclass(frozen=True)
class LagSummary:
    """Summary of ECI lags over the uncensored Chinese models (months).

    ``trend_months_per_year`` is the OLS slope of lag on release date, with its 95% CI:
    negative means the lag is shrinking.
    """

    mean_months: float
    min_months: float
    max_months: float
    n: int
    n_censored: int
    n_never: int
    trend_months_per_year: float
    trend_ci_low: float
    trend_ci_high: float
    trend_se: float


def summarise_lags(lags: pd.DataFrame) -> LagSummary:
    """Return mean, range and linear trend of ``lag_months`` over rows not censored nor never reached."""
    ok = lags[~lags["censored"] & ~lags["us_never"]]
    require_rows(ok, 1, source=source_of(lags, "epoch_capabilities_index"),
                 selection=(f"Chinese model whose score a US model reached later than the start of the US data "
                            f"(of {len(lags)} Chinese models, {int(lags['censored'].sum())} censored, "
                            f"{int(lags['us_never'].sum())} never reached)"),
                 result="the ECI lag summary")
    trend = low = high = se = math.nan
    if len(ok) >= 3:
        res = sm.OLS(ok["lag_months"].to_numpy(float),
                     sm.add_constant(decimal_year(ok["release_date"]).to_numpy())).fit()
        trend = float(res.params[1])
        low, high = (float(v) for v in res.conf_int(0.05)[1])
        se = float(res.bse[1])
    return LagSummary(float(ok["lag_months"].mean()), float(ok["lag_months"].min()),
                      float(ok["lag_months"].max()), len(ok), int(lags["censored"].sum()),
                      int(lags["us_never"].sum()), trend, low, high, se)


# --- capability: LMArena ------------------------------------------------------------------

def elo_win_probability(gap_elo: float | np.ndarray) -> float | np.ndarray:
    """Return the probability that the higher-rated side wins one vote, given an Elo gap.

    Logistic Elo with a 400-point scale: 0 points gives 0.5, 100 points about 0.64.
    """
    return 1.0 / (1.0 + 10.0 ** (-np.asarray(gap_elo, dtype=float) / 400.0)) if np.ndim(gap_elo) \
        else 1.0 / (1.0 + 10.0 ** (-float(gap_elo) / 400.0))


def ci_halfwidth(ci_text: str | None) -> float:
    """Return the mean half-width of an LMArena interval string like ``'+5/-4'`` (Elo points), NaN if absent."""
    if not isinstance(ci_text, str) or "/" not in ci_text:
        return math.nan
    try:
        up, down = ci_text.split("/")
        return (abs(float(up)) + abs(float(down))) / 2.0
    except ValueError:
        return math.nan


def arena_gap(snapshots: pd.DataFrame, min_votes: int = 0) -> pd.DataFrame:
    """Return the best US and best Chinese score on each leaderboard version, and the gap.

    A leaderboard version is ``snapshot_version`` where given, else the commit date.
    Models with fewer than ``min_votes`` votes are left out. Columns: ``date``,
    ``us_elo``, ``china_elo``, ``gap_elo`` (US minus China), ``gap_ci_elo`` (approximate
    95% half-width of the gap from the two models' published intervals, assumed
    independent), ``win_probability`` (the best US model's expected share of votes
    against the best Chinese one).
    """
    rows = snapshots.dropna(subset=["score"])
    rows = rows[rows["votes"].fillna(0) >= min_votes]
    rows = rows[rows["country"].isin(COUNTRIES)].assign(
        date=rows["snapshot_version"].fillna(rows["snapshot_date"]),
        half=rows["ci_95"].map(ci_halfwidth))
    best = (rows.sort_values("score", ascending=False, kind="stable")
            .groupby(["date", "country"], as_index=False).head(1)
            .pivot(index="date", columns="country", values=["score", "half"]))
    best = best.reindex(columns=pd.MultiIndex.from_product([["score", "half"], list(COUNTRIES)]))
    best = best.dropna(subset=[("score", "US"), ("score", "China")])
    out = pd.DataFrame({"date": best.index, "us_elo": best[("score", "US")].to_numpy(),
                        "china_elo": best[("score", "China")].to_numpy()})
    out["gap_elo"] = out["us_elo"] - out["china_elo"]
    out["gap_ci_elo"] = np.sqrt(best[("half", "US")].to_numpy() ** 2 + best[("half", "China")].to_numpy() ** 2)
    out["win_probability"] = elo_win_probability(out["gap_elo"].to_numpy())
    return out.sort_values("date").reset_index(drop=True)


# --- algorithmic progress -----------------------------------------------------------------

def algorithmic_growth_per_year(halving_time_months: float) -> float:
    """Return the compute-equivalent efficiency gain per year, x/year, from a halving time in months.

    An 8-month halving of the compute needed for a given performance is 2^(12/8), about 2.83x/year.
    """
    if halving_time_months <= 0:
        raise ValueError(f"halving time must be positive, got {halving_time_months}")
    return 2.0 ** (12.0 / halving_time_months)


# --- open weights -------------------------------------------------------------------------

def wilson_interval(successes: int, n: int, z: float = Z95) -> tuple[float, float]:
    """Return the Wilson score interval (low, high) of a proportion, as fractions; (nan, nan) if n = 0."""
    if n == 0:
        return math.nan, math.nan
    p = successes / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    low = 0.0 if successes == 0 else max(0.0, min(p, centre - half))
    high = 1.0 if successes == n else min(1.0, max(p, centre + half))
    return low, high


def open_weight_shares(models: pd.DataFrame, countries: tuple[str, ...] = COUNTRIES,
                       start_year: int | None = None, by_year: bool = True) -> pd.DataFrame:
    """Return the share of each country's models released with open weights, in percent.

    Only models whose ``open_weights`` flag is known count. Columns: ``country``,
    ``year`` (calendar year, absent when ``by_year`` is False), ``n_models``,
    ``n_open``, ``share_pct``, ``ci_low_pct``, ``ci_high_pct`` (95% Wilson interval).
    With ``by_year`` False, a country without such a model raises EmptySelectionError
    (its share would divide by zero); by year, years without models have no row.
    """
    known = models.dropna(subset=["open_weights", "publication_date"])
    if start_year is not None:
        known = known[known["publication_date"].dt.year >= start_year]
    rows = []
    for country in countries:
        mine = known[known["countries"].map(lambda c, k=country: _has(c, k))]
        if not by_year:
            since = f" published from {start_year}" if start_year is not None else ""
            require_rows(mine, 1, source=source_of(models, "epoch_notable_models"),
                         selection=f"{country} models with a known open-weights flag{since}",
                         result=f"the open-weight share of {country}")
        groups = mine.groupby(mine["publication_date"].dt.year) if by_year else [(None, mine)]
        for year, g in groups:
            n, k = len(g), int(g["open_weights"].astype(bool).sum())
            low, high = wilson_interval(k, n)
            row = {"country": country, "n_models": n, "n_open": k,
                   "share_pct": 100.0 * k / n if n else math.nan,
                   "ci_low_pct": 100.0 * low, "ci_high_pct": 100.0 * high}
            if by_year:
                row = {"country": country, "year": int(year), **{k2: v for k2, v in row.items() if k2 != "country"}}
            rows.append(row)
    return pd.DataFrame(rows)


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

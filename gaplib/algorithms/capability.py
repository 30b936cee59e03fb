"""Capability gaps, US vs China: lags on the Epoch Capabilities Index and LMArena's score gap.

Inputs are the tidy frames of ``gaplib.data``. Lags are in months (positive: the US
got there first); LMArena scores and gaps in Elo points.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
import statsmodels.api as sm

from gaplib.algorithms.conventions import COUNTRIES, DAYS_PER_YEAR, decimal_year, has_country
from gaplib.guards import require_rows, source_of, tagged


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
    us = scored[scored["countries"].map(lambda c: has_country(c, "US"))].sort_values("release_date")
    cn = scored[scored["countries"].map(lambda c: has_country(c, "China"))].sort_values(["release_date", "eci_score"])
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

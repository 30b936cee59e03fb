"""The LMArena gap under each of its defensible definitions (a specification curve).

Choices: the **models compared** (each country's best model; the mean of its top three or top five,
the depth of its frontier rather than one model), the **licence** (every model; open-weight models
only, those anyone can download and build on) and the **votes** a score needs (every listed model;
settled scores with at least :data:`SETTLED_VOTES` votes, whose intervals are narrow). The default
follows the published analysis the book replicates: the AI Index sets the top US model against the
top Chinese one on the latest leaderboard (:mod:`gaplib.replications.ai_index`), here in Elo points.

The snapshots carry the rank under style control but not its score, and no category leaderboards,
so no specification can control for style or pick a category. Values are Elo points on the latest
leaderboard version, the best US side minus the best Chinese side (negative: China ahead), with an
approximate 95% interval from the models' published intervals (assumed independent). Each carries
its direction evidence: the linear trend of the same definition over every version
(:func:`gaplib.algorithms.arena.gap_trend`, Newey-West interval), where it has three versions or more.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from gaplib.algorithms.arena import gap_trend
from gaplib.algorithms.capability import ci_halfwidth
from gaplib.algorithms.conventions import COUNTRIES
from gaplib.specs import Estimate, Spec

SETTLED_VOTES = 5000
"""Votes from which a score counts as settled: its 95% interval is then within about ±6 points."""
PROPRIETARY = "Proprietary"
TOP_K = (1, 3, 5)
MODEL_REASONS = {1: "each country's best model: the frontier the AI Index compares",
                 3: "the mean of each country's top three: the depth of its frontier, not one model",
                 5: "the mean of each country's top five: a broader frontier"}
LICENCE_REASONS = {"any": "every model on the leaderboard", "open weights": "open-weight models only: what anyone can "
                   "download and build on"}
VOTES_REASONS = {"any": "every listed model", "settled": f"settled scores only ({SETTLED_VOTES:,}+ votes)"}


def gap_series(snapshots: pd.DataFrame, *, top_k: int = 1, open_weights_only: bool = False,
               min_votes: int = 0) -> pd.DataFrame:
    """Return the gap on each leaderboard version: the mean score of the US's top ``top_k`` models minus
    China's (Elo points).

    ``open_weights_only`` keeps models with a known licence other than "Proprietary"; ``min_votes`` drops
    models with fewer votes. A version counts only where both countries have ``top_k`` models. Columns
    ``date``, ``us_elo``, ``china_elo``, ``gap_elo``, ``gap_ci_elo`` (approximate 95% half-width: each
    side's mean of independent intervals, combined), sorted by date.
    """
    if top_k < 1:
        raise ValueError(f"top_k must be at least 1, got {top_k}")
    rows = snapshots.dropna(subset=["score"])
    rows = rows[rows["votes"].fillna(0) >= min_votes]
    rows = rows[rows["country"].isin(COUNTRIES)]
    if open_weights_only:
        rows = rows[rows["license"].notna() & (rows["license"] != PROPRIETARY)]
    rows = rows.assign(date=rows["snapshot_version"].fillna(rows["snapshot_date"]),
                       half_sq=rows["ci_95"].map(ci_halfwidth) ** 2)
    top = rows.sort_values("score", ascending=False, kind="stable").groupby(["date", "country"]).head(top_k)
    sides = top.groupby(["date", "country"]).agg(score=("score", "mean"), half_sq=("half_sq", "sum"),
                                                 n=("score", "size"))
    sides = sides[sides["n"] == top_k].unstack("country")
    sides = sides.reindex(columns=pd.MultiIndex.from_product([["score", "half_sq", "n"], list(COUNTRIES)]))
    sides = sides.dropna(subset=[("score", "US"), ("score", "China")])
    us_half = np.sqrt(sides[("half_sq", "US")].to_numpy(dtype=float)) / top_k
    china_half = np.sqrt(sides[("half_sq", "China")].to_numpy(dtype=float)) / top_k
    out = pd.DataFrame({"date": sides.index, "us_elo": sides[("score", "US")].to_numpy(dtype=float),
                        "china_elo": sides[("score", "China")].to_numpy(dtype=float)})
    out["gap_elo"] = out["us_elo"] - out["china_elo"]
    out["gap_ci_elo"] = np.sqrt(us_half ** 2 + china_half ** 2)
    return out.sort_values("date").reset_index(drop=True)


def _estimate(spec: Spec, series: pd.DataFrame, latest: pd.Timestamp) -> Estimate:
    now = series[series["date"] == latest]
    if now.empty:  # this definition finds no pair of models on the latest version
        return Estimate(spec, math.nan)
    gap, half = float(now["gap_elo"].iloc[0]), float(now["gap_ci_elo"].iloc[0])
    evidence: tuple = ()
    if len(series) >= 3 and series["date"].nunique() > 1:
        fit = gap_trend(series)
        evidence = ("trend", fit.elo_per_year, fit.ci_low, fit.ci_high)
    low, high = (gap - half, gap + half) if math.isfinite(half) else (math.nan, math.nan)
    return Estimate(spec, gap, low, high, evidence)


def arena_estimates(snapshots: pd.DataFrame, *, min_votes: int = 0) -> list[Estimate]:
    """Return the LMArena gap (Elo points, latest version) under every specification, the default (best
    against best, every model) first. ``min_votes`` is the chapter's own floor under every definition; the
    settled definitions use the larger of it and :data:`SETTLED_VOTES`. A definition without a US and a
    Chinese side on the latest version that has both under the default is left without a value."""
    base = gap_series(snapshots, min_votes=min_votes)
    if base.empty:
        raise ValueError("no leaderboard version ranks a US and a Chinese model: the LMArena gap cannot be measured")
    latest = base["date"].max()
    out = []
    for votes in ("any", "settled"):
        floor = min_votes if votes == "any" else max(min_votes, SETTLED_VOTES)
        for licence in ("any", "open weights"):
            for k in TOP_K:
                series = gap_series(snapshots, top_k=k, open_weights_only=licence != "any", min_votes=floor)
                models = "best model" if k == 1 else f"top-{k} mean"
                name = f"{models.capitalize()}, {'open weights' if licence != 'any' else 'all models'}" + (
                    f", {SETTLED_VOTES:,}+ votes" if votes == "settled" else "")
                spec = Spec(name, {"models compared": models, "licence": licence, "votes": votes},
                            f"{MODEL_REASONS[k]}; {LICENCE_REASONS[licence]}; {VOTES_REASONS[votes]}",
                            (k, licence, votes) == (1, "any", "any"))
                out.append(_estimate(spec, series, latest))
    return out

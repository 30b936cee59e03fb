"""The scenario model as the chapters use it: summaries of simulated paths and the lever arithmetic.

The paths themselves are simulated in :mod:`gaplib.strategy.scenario_paths` (the model is
described there); which levers matter, in :mod:`gaplib.strategy.scenario_levers`. Ratios
are US/China effective compute (x).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from gaplib.guards import divide, selection_of, source_of
from gaplib.strategy.scenario_paths import SCENARIO_LABELS, SCENARIOS, Levers, Simulation, year_column


def percentiles(sim: Simulation, qs: tuple[float, ...] = (10, 25, 50, 75, 90)) -> pd.DataFrame:
    """Return per-year percentiles of the ratio: columns ``year`` and ``p10``, ``p25``, ... (x)."""
    values = np.percentile(sim.ratio, qs, axis=0)
    out = pd.DataFrame({"year": sim.years})
    for q, row in zip(qs, values):
        out[f"p{q:g}"] = row
    return out


def prob_below(sim: Simulation, threshold: float, by_year: int) -> float:
    """Return the share of paths whose ratio falls below ``threshold`` in any year up to ``by_year``."""
    col = year_column(sim, by_year)
    return float(np.mean(sim.ratio[:, 1:col + 1].min(axis=1) < threshold)) if col > 0 else float(
        np.mean(sim.ratio[:, 0] < threshold))


def scenario_summary(sim: Simulation, year: int, threshold: float = 2.0) -> pd.DataFrame:
    """Return per scenario: ``scenario`` (label), ``share_of_paths``, ``median_ratio`` in ``year``,
    ``prob_below`` (share of its paths below ``threshold`` by ``year``)."""
    col = year_column(sim, year)
    rows = []
    for i, name in enumerate(SCENARIOS):
        mask = sim.scenario == i
        if not mask.any():
            continue
        sub = sim.ratio[mask]
        rows.append({"scenario": SCENARIO_LABELS[name], "share_of_paths": float(mask.mean()),
                     "median_ratio": float(np.median(sub[:, col])),
                     "prob_below": float(np.mean(sub[:, 1:col + 1].min(axis=1) < threshold))})
    return pd.DataFrame(rows)


def algorithmic_lag_multiplier(progress_per_year: float, lag_years: float) -> float:
    """Return the factor an algorithmic lag puts on the US/China compute ratio (x).

    Efficiency grows ``progress_per_year`` (x/year) in both countries and reaches China
    ``lag_years`` later, so China's effective compute is ``progress_per_year ** lag_years``
    times smaller: an assumption layered on the measured fleet ratio, not part of it.
    """
    if progress_per_year < 1:
        raise ValueError(f"algorithmic progress must be at least 1x/year, got {progress_per_year}")
    if lag_years < 0:
        raise ValueError(f"an algorithmic lag cannot be negative, got {lag_years} years")
    return float(progress_per_year ** lag_years)


def fleet_only(levers: Levers) -> Levers:
    """Return ``levers`` without the algorithmic lag: simulated, they give the hardware ratio alone.

    Every other lever and (with the same seed) every random draw stays, so the difference
    between the two simulations is the lag's multiplier and the algorithmic-shift events.
    """
    return replace(levers, algorithmic_lag_years=0.0)


def pooling_ceiling(clusters: pd.DataFrame, country: str) -> float:
    """Return a country's documented fleet over its largest documented cluster (x).

    The most a consortium pooling every documented cluster could multiply the compute of
    one effort by (ignoring losses from distance). ``clusters`` is a ``gaplib.data`` GPU
    cluster frame with a ``countries`` tuple per row; a joint cluster counts for each country.
    """
    mine = clusters[clusters["countries"].map(lambda c: country in c)]["h100_equivalents"].dropna()
    largest = mine.max() if len(mine) else 0.0
    return divide(mine.sum(), largest, source=source_of(clusters, "epoch_gpu_clusters"),
                  denominator_is=(f"the largest {country} cluster's H100-equivalents among "
                                  f"{selection_of(clusters, 'the clusters given')}"),
                  result=f"{country}'s pooling ceiling")

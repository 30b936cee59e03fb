"""Bands of the projected ratio per scenario set and across them, and probabilities the simulation can resolve.

A probability estimated from ``n`` paths is resolved to about 1/n; the model itself (a few
fitted growths and judged odds) resolves far less. Below :data:`RESOLUTION` a probability
is reported as below it, with the range across scenario sets, never as 0.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from gaplib.strategy.scenario_paths import Simulation, year_column

#: The smallest probability the book reports as a number (1%).
RESOLUTION = 0.01


def band_rows(sims: Mapping[str, Simulation], years: tuple[int, ...] = (2030, 2035), threshold: float = 2.0,
              by_year: int = 2035) -> pd.DataFrame:
    """Return the median and 10-90% band of the ratio in ``years`` per scenario set and pooled across them.

    ``sims`` maps a set's name to its simulation (equal numbers of paths pool with equal
    weight). Columns ``scenario_set``, ``year``, ``p10``, ``p50``, ``p90`` (ratio, x),
    ``prob_below`` (share of paths below ``threshold`` in some year up to ``by_year``).
    The pooled row is named "all sets".
    """
    if not sims:
        raise ValueError("no scenario sets to summarise")
    pooled = {"all sets": Simulation(next(iter(sims.values())).years,
                                     np.concatenate([s.ratio for s in sims.values()]),
                                     np.concatenate([s.scenario for s in sims.values()]))}
    rows = []
    for name, sim in {**sims, **pooled}.items():
        upto = sim.ratio[:, :year_column(sim, by_year) + 1]
        prob = float((upto.min(axis=1) < threshold).mean())
        for year in years:
            col = sim.ratio[:, year_column(sim, year)]
            p10, p50, p90 = np.percentile(col, [10, 50, 90])
            rows.append({"scenario_set": name, "year": year, "p10": p10, "p50": p50, "p90": p90, "prob_below": prob})
    return pd.DataFrame(rows)


def resolved(prob: float, resolution: float = RESOLUTION) -> float | None:
    """Return ``prob`` when it is at least ``resolution``, else None (below what the model resolves)."""
    if not 0 <= prob <= 1:
        raise ValueError(f"a probability must lie in [0, 1], got {prob}")
    return prob if prob >= resolution else None

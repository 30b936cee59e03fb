"""Small model tables with known answers, shared by the trend tests."""

from __future__ import annotations

import numpy as np
import pandas as pd


def models_frame(rows):
    """rows: (model, countries tuple, date string, compute FLOP)."""
    return pd.DataFrame(rows, columns=["model", "countries", "publication_date", "training_compute_flop"]).assign(
        publication_date=lambda d: pd.to_datetime(d["publication_date"]))


def synthetic_frontier(slope_us=0.6, slope_cn=0.8, gap=1.0, noise=0.0, n=40, seed=0):
    """Lines log10 = 24 + slope (year - 2022) for the US and 24 - gap + slope_cn (year - 2022) for China."""
    rng = np.random.default_rng(seed)
    years = np.linspace(2018.0, 2026.0, n)
    rows = []
    for country, a, b in (("US", 24.0, slope_us), ("China", 24.0 - gap, slope_cn)):
        y = a + b * (years - 2022.0) + rng.normal(0, noise, n)
        rows.append(pd.DataFrame({"model": [f"{country}{i}" for i in range(n)], "country": country,
                                  "year": years, "log10_compute_flop": y}))
    return pd.concat(rows, ignore_index=True)

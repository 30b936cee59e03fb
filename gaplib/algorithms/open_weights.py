"""How often each country releases its models with open weights, with Wilson intervals.

Shares are in percent; a model credited to several countries counts for each.
"""

from __future__ import annotations

import math

import pandas as pd

from gaplib.algorithms.conventions import COUNTRIES, Z95, has_country
from gaplib.guards import require_rows, source_of


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
        mine = known[known["countries"].map(lambda c, k=country: has_country(c, k))]
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

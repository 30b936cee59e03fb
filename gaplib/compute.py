"""Compute-fleet arithmetic: installed AI compute by country, shares, ratios and lags.

Inputs are the tidy frames of ``gaplib.data`` (GPU clusters with a ``countries``
tuple per row). A cluster credited to several countries counts in full for each of
them (the book's joint rule, ``gaplib.data.JOINT_RULE``).
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import pandas as pd

OPERATING_STATUSES = ("Existing",)


def select_clusters(clusters: pd.DataFrame, *, include_planned: bool = False,
                    standard_analysis_only: bool = True) -> pd.DataFrame:
    """Return the clusters that count as installed compute.

    Existing clusters (and Planned ones if ``include_planned``); with
    ``standard_analysis_only`` only rows Epoch includes in its standard analysis,
    which drops possible duplicates and superseded entries.
    """
    statuses = OPERATING_STATUSES + (("Planned",) if include_planned else ())
    keep = clusters["status"].isin(statuses)
    if standard_analysis_only:
        keep &= clusters["include_in_standard_analysis"].fillna(False).astype(bool)
    return clusters[keep]


def fleet_by_country(clusters: pd.DataFrame) -> pd.DataFrame:
    """Return installed compute per country: columns ``country``, ``h100_equivalents``, ``share_pct``.

    Sorted largest first; ``share_pct`` is each country's percentage of the total of
    all rows (a joint cluster counts for each of its countries, so shares of a frame
    with joint clusters can add to slightly more than 100).
    """
    exploded = clusters[["countries", "h100_equivalents"]].explode("countries").dropna()
    fleet = (exploded.groupby("countries", as_index=False)["h100_equivalents"].sum()
             .rename(columns={"countries": "country"})
             .sort_values("h100_equivalents", ascending=False, ignore_index=True))
    total = clusters["h100_equivalents"].sum()
    fleet["share_pct"] = 100.0 * fleet["h100_equivalents"] / total if total > 0 else math.nan
    return fleet


def country_value(fleet: pd.DataFrame, country: str, column: str = "h100_equivalents") -> float:
    """Return ``column`` for ``country`` in a per-country frame, 0.0 if the country is absent."""
    match = fleet.loc[fleet["country"] == country, column]
    return float(match.iloc[0]) if len(match) else 0.0


def orders_of_magnitude(ratio: float) -> float:
    """Return log10 of a ratio (a 100x gap is 2 orders of magnitude)."""
    if ratio <= 0:
        raise ValueError(f"a ratio must be positive, got {ratio}")
    return math.log10(ratio)


def ratio_to_lag_months(ratio: float, growth_per_year: float) -> float:
    """Return the months a fleet growing ``growth_per_year`` (x/year) needs to grow by ``ratio``.

    ln(ratio) / ln(growth) years, times 12: a 10x gap at 4.5x/year is about 18 months.
    """
    if ratio <= 0:
        raise ValueError(f"a ratio must be positive, got {ratio}")
    if growth_per_year <= 1:
        raise ValueError(f"growth must exceed 1x/year to close a gap, got {growth_per_year}")
    return 12.0 * math.log(ratio) / math.log(growth_per_year)


def cumulative_fleet(clusters: pd.DataFrame, countries: Iterable[str] = ("US", "China")) -> pd.DataFrame:
    """Return the running total of installed H100-equivalents by first operational date.

    Columns ``country``, ``date``, ``h100_equivalents`` (cumulative); clusters
    without a date are left out of this timeline.
    """
    wanted = set(countries)
    exploded = clusters[["countries", "first_operational_date", "h100_equivalents"]].explode("countries")
    exploded = exploded[exploded["countries"].isin(wanted)].dropna(subset=["first_operational_date"])
    exploded = exploded.rename(columns={"countries": "country", "first_operational_date": "date"})
    exploded = exploded.sort_values(["country", "date"])
    exploded["h100_equivalents"] = exploded.groupby("country")["h100_equivalents"].cumsum()
    return exploded.reset_index(drop=True)

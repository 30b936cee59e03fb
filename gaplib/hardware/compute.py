"""Compute-fleet arithmetic: installed AI compute by country, shares, ratios and lags.

Inputs are the tidy frames of ``gaplib.data`` (GPU clusters with a ``countries``
tuple per row). A cluster credited to several countries counts in full for each of
them (the book's joint rule, ``gaplib.data.JOINT_RULE``). The fleets over time are
:mod:`gaplib.hardware.fleet_timeline`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import pandas as pd

from gaplib.hardware.fleet_timeline import SOURCE
from gaplib.guards import EmptySelectionError, divide, selection_of, source_of, tagged

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
    phrase = f"clusters with status {' or '.join(statuses)}"
    phrase += " in Epoch's standard analysis" if standard_analysis_only else ""
    return tagged(clusters[keep], selection=phrase)  # the phrase names these rows in errors


def fleet_by_country(clusters: pd.DataFrame, column: str = "h100_equivalents") -> pd.DataFrame:
    """Return installed compute per country: columns ``country``, ``column``, ``share_pct``.

    ``column`` is the performance measure summed, H100-equivalents by default (Epoch's
    own share-by-country analysis sums ``ops_16bit``, 16-bit OP/s). Sorted largest
    first; ``share_pct`` is each country's percentage of the total of all rows, those
    without a country included (a joint cluster counts for each of its countries, so
    shares of a frame with joint clusters can add to slightly more than 100). Raises
    EmptySelectionError when the clusters hold none of ``column`` (the shares would
    divide by zero).
    """
    exploded = clusters[["countries", column]].explode("countries").dropna()
    fleet = (exploded.groupby("countries", as_index=False)[column].sum()
             .rename(columns={"countries": "country"})
             .sort_values(column, ascending=False, ignore_index=True))
    total = clusters[column].sum()
    if not total > 0:
        measure = "H100-equivalents" if column == "h100_equivalents" else column
        raise EmptySelectionError(
            f"{source_of(clusters, SOURCE)}: no {measure} among {selection_of(clusters, 'the clusters given')}; "
            "each country's share of the fleet has a zero denominator")
    fleet["share_pct"] = 100.0 * fleet[column] / total
    fleet.attrs = dict(clusters.attrs)  # the fleet of a selection is still that selection
    return fleet


def country_value(fleet: pd.DataFrame, country: str, column: str = "h100_equivalents") -> float:
    """Return ``column`` for ``country`` in a per-country frame, 0.0 if the country is absent."""
    match = fleet.loc[fleet["country"] == country, column]
    return float(match.iloc[0]) if len(match) else 0.0


def us_china_ratio(fleet: pd.DataFrame) -> float:
    """Return the US/China ratio of installed H100-equivalents in a ``fleet_by_country`` frame (x).

    Raises EmptySelectionError when either country has no compute in the selection: with
    none for China the ratio divides by zero, with none for the US it is 0, which no gap
    measure (orders of magnitude, months of growth) can take.
    """
    source, selection = source_of(fleet, SOURCE), selection_of(fleet, "the clusters given", count=False)
    for country, problem in (("China", "has a zero denominator"), ("US", "is zero")):
        if country_value(fleet, country) <= 0:
            raise EmptySelectionError(
                f"{source}: no H100-equivalents for {country} among {selection}; the US/China ratio {problem}")
    return country_value(fleet, "US") / country_value(fleet, "China")


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


H100_DENSE_FP16_FLOP_PER_S = 989.5e12
"""Dense 16-bit tensor throughput of one H100 SXM, FLOP/s (facts F032): one H100-equivalent."""

SECONDS_PER_YEAR = 365.25 * 24 * 3600


def added_h100e(clusters: pd.DataFrame, country: str, start: pd.Timestamp, end: pd.Timestamp) -> float:
    """Return the H100-equivalents of ``country``'s clusters first operational in (start, end]."""
    exploded = clusters[["countries", "first_operational_date", "h100_equivalents"]].explode("countries")
    keep = (exploded["countries"] == country) & (exploded["first_operational_date"] > start)
    keep &= exploded["first_operational_date"] <= end
    return float(exploded.loc[keep, "h100_equivalents"].sum())


def share_of_added_pct(h100e: float, clusters: pd.DataFrame, country: str,
                       start: pd.Timestamp, end: pd.Timestamp) -> float:
    """Return ``h100e`` as a percentage of what ``country``'s clusters added in (start, end].

    Raises EmptySelectionError naming the window when those clusters added nothing.
    """
    added = added_h100e(clusters, country, start, end)
    window = f"{start:%Y-%m-%d} (excluded) to {end:%Y-%m-%d}"
    return divide(100.0 * h100e, added, source=source_of(clusters, SOURCE),
                  denominator_is=(f"the H100-equivalents of {country} clusters first operational "
                                  f"from {window} among {selection_of(clusters, 'the clusters given')}"),
                  result=f"the share of {country} additions")


def h100e_per_mw(clusters: pd.DataFrame, country: str | None = None) -> float:
    """Return H100-equivalents per MW of power capacity, over clusters that report both.

    Restricted to ``country``'s clusters if given. Raises EmptySelectionError if no
    cluster reports both (the ratio would divide by zero).
    """
    rows = clusters.dropna(subset=["h100_equivalents", "power_mw"])
    rows = rows[rows["power_mw"] > 0]
    if country is not None:
        rows = rows[rows["countries"].map(lambda names: country in names)]
    whose = f"{country}'s clusters" if country else "the clusters"
    return divide(rows["h100_equivalents"].sum(), rows["power_mw"].sum(), source=source_of(clusters, SOURCE),
                  denominator_is=(f"the power capacity of {whose} reporting both H100-equivalents and "
                                  f"power among {selection_of(clusters, 'the clusters given')}"),
                  result=f"H100-equivalents per MW for {country or 'all countries'}")


def clusters_reporting_power(clusters: pd.DataFrame, country: str) -> int:
    """Return how many of ``country``'s clusters report both H100-equivalents and power."""
    rows = clusters.dropna(subset=["h100_equivalents", "power_mw"])
    return int(rows["countries"].map(lambda names: country in names).sum())


def training_flop_per_year(h100e: float, utilisation: float,
                           h100_flop_per_s: float = H100_DENSE_FP16_FLOP_PER_S) -> float:
    """Return the training FLOP a fleet of ``h100e`` H100-equivalents delivers in a year at ``utilisation``."""
    if not 0 < utilisation <= 1:
        raise ValueError(f"utilisation must be in (0, 1], got {utilisation}")
    if h100e < 0:
        raise ValueError(f"a fleet cannot be negative, got {h100e}")
    return h100e * h100_flop_per_s * utilisation * SECONDS_PER_YEAR


def runs_per_year(h100e: float, run_flop: float, utilisation: float,
                  h100_flop_per_s: float = H100_DENSE_FP16_FLOP_PER_S) -> float:
    """Return how many training runs of ``run_flop`` FLOP a fleet of ``h100e`` supports per year.

    An upper bound: the whole fleet is treated as one pool, busy all year at ``utilisation``.
    """
    if run_flop <= 0:
        raise ValueError(f"a run needs positive FLOP, got {run_flop}")
    return training_flop_per_year(h100e, utilisation, h100_flop_per_s) / run_flop


def run_days(h100e: float, run_flop: float, utilisation: float,
             h100_flop_per_s: float = H100_DENSE_FP16_FLOP_PER_S) -> float:
    """Return the days one cluster of ``h100e`` H100-equivalents needs for one run of ``run_flop`` FLOP."""
    if h100e <= 0:
        return math.inf
    return 365.25 / runs_per_year(h100e, run_flop, utilisation, h100_flop_per_s)


def largest_cluster(clusters: pd.DataFrame, country: str) -> pd.Series:
    """Return the row of ``country``'s largest cluster by H100-equivalents.

    Raises EmptySelectionError if none of ``country``'s clusters reports H100-equivalents.
    """
    rows = clusters[clusters["countries"].map(lambda names: country in names)].dropna(subset=["h100_equivalents"])
    if rows.empty:
        raise EmptySelectionError(
            f"{source_of(clusters, SOURCE)}: no {country} cluster with H100-equivalents among "
            f"{selection_of(clusters, 'the clusters given')}; there is no largest {country} cluster")
    return rows.loc[rows["h100_equivalents"].idxmax()]


def lag_curve(ratios: dict[str, float], growths_per_year: Iterable[float]) -> pd.DataFrame:
    """Return the lag in months of each named ratio at each growth rate.

    Columns ``label``, ``ratio``, ``growth_per_year`` (x/year) and ``lag_months``
    (:func:`ratio_to_lag_months`); one row per label and growth.
    """
    rows = [(label, ratio, g, ratio_to_lag_months(ratio, g))
            for label, ratio in ratios.items() for g in growths_per_year]
    return pd.DataFrame(rows, columns=["label", "ratio", "growth_per_year", "lag_months"])

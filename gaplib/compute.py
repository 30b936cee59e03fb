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


def us_china_ratio(fleet: pd.DataFrame) -> float:
    """Return the US/China ratio of installed H100-equivalents in a ``fleet_by_country`` frame.

    Raises ValueError when the frame has no Chinese compute (the ratio is undefined).
    """
    china = country_value(fleet, "China")
    if china <= 0:
        raise ValueError("no installed compute for China in these clusters: the US/China ratio is undefined")
    return country_value(fleet, "US") / china


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


H100_DENSE_FP16_FLOP_PER_S = 989.5e12
"""Dense 16-bit tensor throughput of one H100 SXM, FLOP/s (facts F032): one H100-equivalent."""

SECONDS_PER_YEAR = 365.25 * 24 * 3600


def ratio_timeline(clusters: pd.DataFrame, *, numerator: str = "US", denominator: str = "China",
                   freq: str = "YE") -> pd.DataFrame:
    """Return the ratio of cumulative installed H100-equivalents of two countries over time.

    Columns ``date`` (period ends at ``freq``, pandas alias, default year end),
    ``numerator_h100e``, ``denominator_h100e`` (cumulative, by first operational date)
    and ``ratio``; periods before the denominator has any compute are left out.
    """
    timeline = cumulative_fleet(clusters, (numerator, denominator))
    if timeline.empty:
        return pd.DataFrame(columns=["date", "numerator_h100e", "denominator_h100e", "ratio"])
    start, end = timeline["date"].min(), timeline["date"].max()
    periods = pd.date_range(start, end + pd.offsets.YearEnd(0) if freq == "YE" else end, freq=freq)
    rows = []
    for when in periods:
        seen = timeline[timeline["date"] <= when]
        top = seen.loc[seen["country"] == numerator, "h100_equivalents"]
        bottom = seen.loc[seen["country"] == denominator, "h100_equivalents"]
        num = float(top.iloc[-1]) if len(top) else 0.0
        den = float(bottom.iloc[-1]) if len(bottom) else 0.0
        if den > 0:
            rows.append((when, num, den, num / den))
    return pd.DataFrame(rows, columns=["date", "numerator_h100e", "denominator_h100e", "ratio"])


def added_h100e(clusters: pd.DataFrame, country: str, start: pd.Timestamp, end: pd.Timestamp) -> float:
    """Return the H100-equivalents of ``country``'s clusters first operational in (start, end]."""
    exploded = clusters[["countries", "first_operational_date", "h100_equivalents"]].explode("countries")
    keep = (exploded["countries"] == country) & (exploded["first_operational_date"] > start)
    keep &= exploded["first_operational_date"] <= end
    return float(exploded.loc[keep, "h100_equivalents"].sum())


def h100e_per_mw(clusters: pd.DataFrame, country: str | None = None) -> float:
    """Return H100-equivalents per MW of power capacity, over clusters that report both.

    Restricted to ``country``'s clusters if given; NaN if no cluster reports both.
    """
    rows = clusters.dropna(subset=["h100_equivalents", "power_mw"])
    rows = rows[rows["power_mw"] > 0]
    if country is not None:
        rows = rows[rows["countries"].map(lambda names: country in names)]
    power = rows["power_mw"].sum()
    return float(rows["h100_equivalents"].sum() / power) if power > 0 else math.nan


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
    """Return the row of ``country``'s largest cluster by H100-equivalents; ValueError if it has none."""
    rows = clusters[clusters["countries"].map(lambda names: country in names)].dropna(subset=["h100_equivalents"])
    if rows.empty:
        raise ValueError(f"no cluster of {country!r}")
    return rows.loc[rows["h100_equivalents"].idxmax()]


def lag_curve(ratios: dict[str, float], growths_per_year: Iterable[float]) -> pd.DataFrame:
    """Return the lag in months of each named ratio at each growth rate.

    Columns ``label``, ``ratio``, ``growth_per_year`` (x/year) and ``lag_months``
    (:func:`ratio_to_lag_months`); one row per label and growth.
    """
    rows = [(label, ratio, g, ratio_to_lag_months(ratio, g))
            for label, ratio in ratios.items() for g in growths_per_year]
    return pd.DataFrame(rows, columns=["label", "ratio", "growth_per_year", "lag_months"])

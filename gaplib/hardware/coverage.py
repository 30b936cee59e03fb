"""How much the installed-compute ratio depends on what is counted and documented.

Two questions the hardware chapter asks of Epoch AI's cluster database: how far the
US/China ratio moves across the chapter's own counting choices (a range, not a
sampling interval), and how much larger China's documented additions since a year
would have to be for the ratio to have stayed where it was then (an undercount factor
that the reader can weigh against what is known about documentation gaps).
All functions are pure; inputs are the loaded ``epoch_gpu_clusters`` frame.
"""

from __future__ import annotations

import pandas as pd

from gaplib.guards import divide, source_of
from gaplib.hardware import compute, fleet_timeline

#: The counting choices of the hardware chapter: (label, include_planned, standard_analysis_only).
COUNTING_VARIANTS: tuple[tuple[str, bool, bool], ...] = (
    ("operating, Epoch's standard analysis", False, True),
    ("operating, all rows", False, False),
    ("with planned, standard analysis", True, True),
    ("with planned, all rows", True, False),
)


def ratio_by_counting(clusters: pd.DataFrame) -> pd.DataFrame:
    """Return the US/China H100-equivalent ratio under each counting variant, one row each.

    Columns: ``variant``, ``include_planned``, ``standard_analysis_only``, ``clusters``
    (rows counted), ``us_h100e``, ``china_h100e`` and ``ratio`` (x).
    """
    rows = []
    for label, planned, standard in COUNTING_VARIANTS:
        kept = compute.select_clusters(clusters, include_planned=planned, standard_analysis_only=standard)
        fleet = compute.fleet_by_country(kept)
        rows.append({"variant": label, "include_planned": planned, "standard_analysis_only": standard,
                     "clusters": len(kept), "us_h100e": compute.country_value(fleet, "US"),
                     "china_h100e": compute.country_value(fleet, "China"), "ratio": compute.us_china_ratio(fleet)})
    return pd.DataFrame(rows)


def ratio_range(variants: pd.DataFrame) -> tuple[float, float]:
    """Return the lowest and highest ratio of installed compute across the counting variants (x).

    Only variants without planned clusters count: a planned cluster is not installed, so
    the with-planned ratios say where announced plans lead, not how uncertain today's is.
    """
    installed = variants.loc[~variants["include_planned"], "ratio"]
    return float(installed.min()), float(installed.max())


def clusters_per_year(clusters: pd.DataFrame, countries: tuple[str, ...] = ("US", "China")) -> pd.DataFrame:
    """Return, per country and first-operational year, the clusters documented and their H100e.

    Columns: ``country``, ``year`` (int), ``clusters`` (count) and ``h100_equivalents``;
    undated clusters are left out; a joint cluster counts for each of its countries.
    """
    exploded = clusters[["countries", "first_operational_date", "h100_equivalents"]].explode("countries")
    exploded = exploded[exploded["countries"].isin(countries)].dropna(subset=["first_operational_date"])
    exploded = exploded.assign(year=exploded["first_operational_date"].dt.year.astype(int))
    out = (exploded.groupby(["countries", "year"])
           .agg(clusters=("h100_equivalents", "size"), h100_equivalents=("h100_equivalents", "sum"))
           .reset_index().rename(columns={"countries": "country"}))
    return out


def undercount_factor_to_hold_ratio(clusters: pd.DataFrame, year: int) -> float:
    """Return how many times larger China's documented additions after ``year`` would have to be
    for today's US/China ratio to equal the ratio at the end of ``year`` (x).

    With U and C the cumulative US and Chinese H100e today, C0 China's at the end of ``year``
    and R0 the ratio then: U / (C0 + k (C - C0)) = R0 gives k = (U / R0 - C0) / (C - C0).
    A factor of 1 means the ratio has not moved; below 1, it has fallen.
    """
    ratios = fleet_timeline.ratio_timeline(clusters)
    then = fleet_timeline.ratio_in_year(ratios, year)
    end = pd.Timestamp(year=year, month=12, day=31)
    cumulative = fleet_timeline.cumulative_fleet(clusters)
    china_then = float(cumulative.loc[(cumulative["country"] == "China") & (cumulative["date"] <= end),
                                      "h100_equivalents"].max())
    fleet = compute.fleet_by_country(clusters.dropna(subset=["first_operational_date"]))
    us_now, china_now = compute.country_value(fleet, "US"), compute.country_value(fleet, "China")
    return divide(us_now / then - china_then, china_now - china_then, source=source_of(clusters, fleet_timeline.SOURCE),
                  denominator_is=f"the H100-equivalents China's documented clusters added after {year}",
                  result="the undercount factor")

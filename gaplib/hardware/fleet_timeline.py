"""The documented compute fleets over time: running totals, year-end fleets, their growth and ratio.

Inputs are ``gaplib.data`` GPU-cluster frames (a ``countries`` tuple per row; a joint
cluster counts in full for each country). Fleets are in H100-equivalents, dated by
each cluster's first operational date; growth is x/year, ratios x.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd
import statsmodels.api as sm

from gaplib.guards import EmptySelectionError, require_rows, selection_of, source_of

SOURCE = "epoch_gpu_clusters"  # the source these frames come from, for messages


def cumulative_fleet(clusters: pd.DataFrame, countries: Iterable[str] = ("US", "China"), *,
                     undated_at: pd.Timestamp | None = None) -> pd.DataFrame:
    """Return the running total of installed H100-equivalents by first operational date.

    Columns ``country``, ``date``, ``h100_equivalents`` (cumulative). Clusters without
    H100-equivalents are left out (they would leave a gap in the running total). Clusters
    without a first operational date are left out too, unless ``undated_at`` is given: then
    they count from that date (an operating cluster with no date is installed by the data's
    end at the latest), so the timeline ends at the fleet :func:`gaplib.hardware.compute.fleet_by_country`
    counts.
    """
    wanted = set(countries)
    exploded = clusters[["countries", "first_operational_date", "h100_equivalents"]].explode("countries")
    exploded = exploded[exploded["countries"].isin(wanted)]
    if undated_at is not None:
        exploded = exploded.assign(first_operational_date=exploded["first_operational_date"].fillna(pd.Timestamp(undated_at)))
    exploded = exploded.dropna(subset=["first_operational_date", "h100_equivalents"])
    exploded = exploded.rename(columns={"countries": "country", "first_operational_date": "date"})
    exploded = exploded.sort_values(["country", "date"])
    exploded["h100_equivalents"] = exploded.groupby("country")["h100_equivalents"].cumsum()
    return exploded.reset_index(drop=True)


def last_full_year(clusters: pd.DataFrame) -> int:
    """Return the last calendar year the clusters' dates cover in full.

    The latest first operational date bounds what the data can show: a year counts as
    full when it ended on or before that date.
    """
    latest = clusters["first_operational_date"].dropna().max()
    if pd.isna(latest):
        raise EmptySelectionError(f"{source_of(clusters, SOURCE)}: no dated cluster among "
                                  f"{selection_of(clusters, 'the clusters given')}; no year is covered")
    return int(latest.year if (latest.month, latest.day) == (12, 31) else latest.year - 1)


def year_end_fleet(clusters: pd.DataFrame, country: str, years: Iterable[int]) -> pd.Series:
    """Return ``country``'s documented installed H100-equivalents at the end of each of ``years``.

    The running total of :func:`cumulative_fleet` at 31 December (0 before its first cluster);
    indexed by year.
    """
    timeline = cumulative_fleet(clusters, (country,))
    values = {}
    for year in years:
        seen = timeline.loc[timeline["date"] <= pd.Timestamp(year=int(year), month=12, day=31), "h100_equivalents"]
        values[int(year)] = float(seen.iloc[-1]) if len(seen) else 0.0
    return pd.Series(values, name="h100_equivalents", dtype=float).rename_axis("year")


@dataclass(frozen=True)
class FleetGrowth:
    """Growth of a documented fleet fitted log-linearly over full years.

    ``growth_per_year``, ``low`` and ``high`` are x/year (the fit and its interval at
    ``level``); ``log_se`` is the standard error of the slope of ln(H100e) per year;
    ``first_year``-``last_year`` the year ends fitted; ``fleet`` the year-end H100e fitted.
    """

    country: str
    growth_per_year: float
    low: float
    high: float
    log_se: float
    first_year: int
    last_year: int
    level: float
    fleet: pd.Series


def fleet_growth(clusters: pd.DataFrame, country: str, *, years: int = 5, last_year: int | None = None,
                 level: float = 0.95) -> FleetGrowth:
    """Return the yearly growth of ``country``'s documented installed H100-equivalents (x/year).

    OLS of ln(year-end fleet) on the year over the ``years`` full years ending in
    ``last_year`` (default :func:`last_full_year`); the interval is the slope's t interval
    at ``level``, exponentiated. At least 3 years (one degree of freedom for the interval);
    raises EmptySelectionError when the country had no documented compute at a year end
    fitted (its logarithm would be undefined).
    """
    if years < 3:
        raise ValueError(f"a fleet growth fit needs at least 3 years, got {years}")
    if not 0 < level < 1:
        raise ValueError(f"level must be in (0, 1), got {level}")
    last = last_full_year(clusters) if last_year is None else int(last_year)
    span = range(last - years + 1, last + 1)
    fleet = year_end_fleet(clusters, country, span)
    empty = fleet[fleet <= 0]
    if len(empty):
        raise EmptySelectionError(
            f"{source_of(clusters, SOURCE)}: no {country} H100-equivalents by the end of {int(empty.index[0])} among "
            f"{selection_of(clusters, 'the clusters given')}; the growth of {country}'s fleet over "
            f"{span[0]}-{last} cannot be fitted (fit fewer years)")
    design = sm.add_constant(np.arange(years, dtype=float))
    model = sm.OLS(np.log(fleet.to_numpy()), design).fit()
    low, high = model.conf_int(alpha=1 - level)[1]
    return FleetGrowth(country, math.exp(model.params[1]), math.exp(low), math.exp(high),
                       float(model.bse[1]), span[0], last, level, fleet)


def ratio_timeline(clusters: pd.DataFrame, *, numerator: str = "US", denominator: str = "China",
                   freq: str = "YE", undated_at: pd.Timestamp | None = None) -> pd.DataFrame:
    """Return the ratio of cumulative installed H100-equivalents of two countries over time.

    Columns ``date`` (period ends at ``freq``, pandas alias, default year end),
    ``numerator_h100e``, ``denominator_h100e`` (cumulative, by first operational date;
    undated clusters from ``undated_at``, as in :func:`cumulative_fleet`) and ``ratio``;
    periods before the denominator has any compute are left out.
    """
    timeline = cumulative_fleet(clusters, (numerator, denominator), undated_at=undated_at)
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
    out = pd.DataFrame(rows, columns=["date", "numerator_h100e", "denominator_h100e", "ratio"])
    out.attrs = dict(clusters.attrs)
    return out


def ratio_in_year(ratios: pd.DataFrame, year: int) -> float:
    """Return the last ratio dated in ``year`` of a :func:`ratio_timeline` frame (x).

    Raises EmptySelectionError when the timeline has no period in that year (the
    denominator country had no dated compute by then, or the clusters end earlier).
    """
    rows = ratios.loc[ratios["date"].dt.year == year, "ratio"]
    require_rows(rows, 1, source=source_of(ratios, SOURCE),
                 selection=(f"period in {year} in which the denominator country had dated H100-equivalents, "
                            f"among {selection_of(ratios, 'the clusters given', count=False)}"),
                 result=f"the ratio in {year}")
    return float(rows.iloc[-1])


def undated_h100e(clusters: pd.DataFrame, country: str) -> float:
    """Return ``country``'s H100-equivalents in clusters without a first operational date (0.0 if none)."""
    rows = clusters[clusters["first_operational_date"].isna() & clusters["countries"].map(lambda names: country in names)]
    return float(rows["h100_equivalents"].fillna(0.0).sum())

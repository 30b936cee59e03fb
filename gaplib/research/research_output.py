"""Research output: AI publications and AI patent applications by country and year.

Inputs are Our World in Data's tidy frames of CSET's Country Activity Tracker
(``owid_ai_publications``: column ``publications``; ``owid_ai_patents``: column
``patents``), one row per entity and year. Every function is pure.

What the counts are (from OWID's indicator notes, read 2026-12-02):

* publications: AI-related scholarly articles with an English title or abstract,
  counted once for each country with at least one affiliated author (full counting,
  so a US-China paper counts for both, and the "World" row counts it twice);
* patents: AI patent families counted where they were first filed, not by the
  inventor's nationality, applications and grants alike; recent years are left out by
  the source because offices publish filings late.

Neither is a measure of quality: they are counts, not citations or grants.
"""

from __future__ import annotations

import math

import pandas as pd

from gaplib.guards import EmptySelectionError, divide, source_of

#: OWID entity names of the book's two countries (OWID keeps Hong Kong separate).
ENTITIES = {"US": "United States", "China": "China"}
WORLD_ENTITY = "World"


def country_counts(frame: pd.DataFrame, value_column: str) -> pd.DataFrame:
    """Return the yearly counts of the US, China and the world, one row per year.

    Columns: ``year`` (int), ``us``, ``china``, ``world`` (counts; ``world`` is NaN where
    the source has no world row), ``us_china_ratio`` (US count divided by China's, x) and
    ``us_share_pct``/``china_share_pct`` (percent of the world row). Only years in which
    both countries have a count are kept, in ascending order.
    """
    wanted = {**{v: k.lower() for k, v in ENTITIES.items()}, WORLD_ENTITY: "world"}
    rows = frame[frame["entity"].isin(wanted)]
    wide = rows.pivot_table(index="year", columns="entity", values=value_column, aggfunc="sum")
    wide = wide.rename(columns=wanted).reindex(columns=["us", "china", "world"])
    wide = wide.dropna(subset=["us", "china"])
    if wide.empty:
        raise EmptySelectionError(
            f"{source_of(frame, 'the OWID table')}: no year has a {value_column} count for both "
            f"{ENTITIES['US']!r} and {ENTITIES['China']!r}")
    out = wide.reset_index()
    out["year"] = out["year"].astype(int)
    out.columns.name = None
    out["us_china_ratio"] = out["us"] / out["china"].where(out["china"] > 0)  # NaN, not inf, for a zero count
    out["us_share_pct"] = 100 * out["us"] / out["world"]
    out["china_share_pct"] = 100 * out["china"] / out["world"]
    return out


def growth_per_year(counts: pd.DataFrame, country: str, first_year: int, last_year: int) -> float:
    """Return the compound growth of ``country``'s count from ``first_year`` to ``last_year``, x/year.

    ``country`` is a column of :func:`country_counts` (``us``, ``china`` or ``world``).
    """
    if last_year <= first_year:
        raise ValueError(f"last_year ({last_year}) must be after first_year ({first_year})")
    by_year = counts.set_index("year")[country]
    for year in (first_year, last_year):
        if year not in by_year.index or not by_year[year] > 0:
            raise EmptySelectionError(f"no positive {country} count in {year}")
    return float((by_year[last_year] / by_year[first_year]) ** (1.0 / (last_year - first_year)))


def leader(us: float, china: float) -> str:
    """Return "US", "China" or "tie": the country with the larger value."""
    if math.isclose(us, china):
        return "tie"
    return "US" if us > china else "China"


def output_results(counts: pd.DataFrame, prefix: str, first_year: int | None = None) -> dict[str, float | int | str]:
    """Return the published numbers of one output series, named ``<prefix>_...``.

    The latest year both countries have (``<prefix>_latest_year``) gives ``_us``,
    ``_china``, ``_us_china_ratio``, the shares of the world row and ``_leader``; the
    first year (``first_year``, default the first in the data) gives
    ``_us_china_ratio_first`` and ``_first_year``; growth from first to latest is in x/year.
    """
    first = int(counts["year"].min()) if first_year is None else int(first_year)
    if first not in set(counts["year"]):
        raise EmptySelectionError(f"{prefix}: no count for both countries in {first}; years are "
                                  f"{int(counts['year'].min())}-{int(counts['year'].max())}")
    latest_row = counts.iloc[-1]
    first_row = counts.set_index("year").loc[first]
    latest = int(latest_row["year"])
    out: dict[str, float | int | str] = {
        f"{prefix}_latest_year": latest,
        f"{prefix}_first_year": first,
        f"{prefix}_us": float(latest_row["us"]),
        f"{prefix}_china": float(latest_row["china"]),
        f"{prefix}_us_china_ratio": divide(latest_row["us"], latest_row["china"], source=prefix,
                                           denominator_is=f"China's count in {latest}", result="the US/China ratio"),
        f"{prefix}_us_china_ratio_first": divide(first_row["us"], first_row["china"], source=prefix,
                                                 denominator_is=f"China's count in {first}", result="the US/China ratio"),
        f"{prefix}_leader": leader(float(latest_row["us"]), float(latest_row["china"])),
    }
    if not math.isnan(latest_row["world"]):
        out[f"{prefix}_us_share_pct"] = float(latest_row["us_share_pct"])
        out[f"{prefix}_china_share_pct"] = float(latest_row["china_share_pct"])
    if latest > first:
        out[f"{prefix}_us_growth_per_year"] = growth_per_year(counts, "us", first, latest)
        out[f"{prefix}_china_growth_per_year"] = growth_per_year(counts, "china", first, latest)
    return out


def long_counts(counts: pd.DataFrame) -> pd.DataFrame:
    """Return ``counts`` as one row per (year, country) with a ``count`` column, for charts."""
    tidy = counts.melt(id_vars="year", value_vars=["us", "china"], var_name="country", value_name="count")
    tidy["country"] = tidy["country"].map({"us": "US", "china": "China"})
    return tidy.sort_values(["country", "year"]).reset_index(drop=True)


def lead_phrase(us: float, china: float) -> str:
    """Return who leads and by how much in words, e.g. "China, 2.1 times the US count"."""
    who = leader(us, china)
    if who == "tie":
        return "neither country (equal counts)"
    if who == "China":
        return f"China, {divide(china, us, source='counts', denominator_is='the US count', result='the lead'):.1f} times the US count"
    return f"the US, {divide(us, china, source='counts', denominator_is='China’s count', result='the lead'):.1f} times China's count"

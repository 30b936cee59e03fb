"""Epoch AI's share of AI-supercomputer performance by country, reproduced (case 2.2).

Published method (Epoch AI data insight "The US hosts the majority of AI supercomputers,
followed by China", 5 June 2025; Pilz et al. 2025): keep the clusters with a known
country, a first operational date and a 16-bit performance (``ops_16bit``, OP/s), first
operational from 2019-01-01; sum the 16-bit performance of those operational by a date
(first operational date on or before it) per country; each country's share is its
percentage of that total. Status and Epoch's "include in standard analysis" flag play no
part in the published filter; the book's own selection
(:func:`gaplib.hardware.compute.select_clusters`: Existing clusters in the standard analysis) is
offered as a definition variant.

Interval: Epoch drops clusters without a country. Their performance could belong to
anyone, so a country's share is bounded by counting all of it elsewhere (low: added
to the denominator only) or all of it to that country (high). This is a bound from
coverage, not a sampling interval.
"""

from __future__ import annotations

import pandas as pd

from gaplib.guards import EmptySelectionError, source_of, tagged
from gaplib.hardware.compute import country_value, fleet_by_country, select_clusters

PUBLISHED_START = pd.Timestamp("2019-01-01")
PERFORMANCE_COLUMN = "ops_16bit"
SELECTIONS = ("published", "book")
SOURCE = "epoch_gpu_clusters"


def _has_country(countries: object) -> bool:
    return isinstance(countries, tuple) and len(countries) > 0


def operational_clusters(clusters: pd.DataFrame, as_of: str | pd.Timestamp, *, selection: str = "published",
                         start: pd.Timestamp = PUBLISHED_START, country_known: bool = True) -> pd.DataFrame:
    """Return the clusters counted as operational by ``as_of`` under the published filter.

    Rows with a first operational date in [``start``, ``as_of``] and a 16-bit performance;
    with ``country_known`` only rows with a country, otherwise only rows without one.
    ``selection`` "book" first applies the book's own selection (Existing clusters in
    Epoch's standard analysis). Raises ValueError for an unknown selection.
    """
    if selection not in SELECTIONS:
        raise ValueError(f"selection is one of {', '.join(SELECTIONS)}, got {selection!r}")
    when = pd.Timestamp(as_of)
    rows = select_clusters(clusters) if selection == "book" else clusters
    dated = rows["first_operational_date"]
    keep = dated.notna() & (dated >= start) & (dated <= when) & rows[PERFORMANCE_COLUMN].notna()
    known = rows["countries"].map(_has_country)
    keep &= known if country_known else ~known
    who = "with a country" if country_known else "without a country"
    phrase = (f"clusters {who}, first operational {start:%Y-%m-%d} to {when:%Y-%m-%d}, with 16-bit performance"
              + (" (Existing, in Epoch's standard analysis)" if selection == "book" else ""))
    return tagged(rows[keep].copy(), source=source_of(clusters, SOURCE), selection=phrase)


def performance_shares(clusters: pd.DataFrame, as_of: str | pd.Timestamp, *, selection: str = "published",
                       start: pd.Timestamp = PUBLISHED_START) -> pd.DataFrame:
    """Return each country's share of 16-bit performance of the clusters operational by ``as_of``.

    Columns ``country``, ``ops_16bit`` (OP/s), ``share_pct`` (percent of the total of
    clusters with a country), largest first. Raises EmptySelectionError when no cluster
    qualifies.
    """
    return fleet_by_country(operational_clusters(clusters, as_of, selection=selection, start=start),
                            column=PERFORMANCE_COLUMN)


def share_with_bounds_pct(clusters: pd.DataFrame, country: str, as_of: str | pd.Timestamp, *,
                          selection: str = "published", start: pd.Timestamp = PUBLISHED_START) -> dict[str, float]:
    """Return ``country``'s share of 16-bit performance as of ``as_of`` with its coverage bounds, percent.

    Keys: ``share_pct`` (the published method), ``low_pct`` (the 16-bit performance of
    clusters without a country, operational by then, counted for other countries),
    ``high_pct`` (counted for ``country``), ``n_clusters`` and ``n_unknown_country``
    (clusters with and without a country in the window), ``unknown_ops_16bit`` (OP/s).
    """
    known = operational_clusters(clusters, as_of, selection=selection, start=start)
    unknown = operational_clusters(clusters, as_of, selection=selection, start=start, country_known=False)
    fleet = fleet_by_country(known, column=PERFORMANCE_COLUMN)
    own = country_value(fleet, country, PERFORMANCE_COLUMN)
    total = float(known[PERFORMANCE_COLUMN].sum())
    extra = float(unknown[PERFORMANCE_COLUMN].sum())
    return {"share_pct": 100.0 * own / total, "low_pct": 100.0 * own / (total + extra),
            "high_pct": 100.0 * (own + extra) / (total + extra), "n_clusters": float(len(known)),
            "n_unknown_country": float(len(unknown)), "unknown_ops_16bit": extra}


def share_table(clusters: pd.DataFrame, dates: dict[str, str | pd.Timestamp],
                countries: tuple[str, ...] = ("US", "China"),
                selections: tuple[str, ...] = SELECTIONS) -> pd.DataFrame:
    """Return the shares of ``countries`` at each labelled date under each selection.

    ``dates`` maps a label ("published", "today", ...) to a date. Columns ``label``,
    ``as_of``, ``selection``, ``country``, ``share_pct``, ``low_pct``, ``high_pct``,
    ``n_clusters``, ``n_unknown_country``. Raises EmptySelectionError naming the date
    when no cluster qualifies at one of them.
    """
    rows = []
    for label, when in dates.items():
        for selection in selections:
            for country in countries:
                try:
                    figures = share_with_bounds_pct(clusters, country, when, selection=selection)
                except EmptySelectionError as err:
                    raise EmptySelectionError(f"{err} (date {label!r}, {pd.Timestamp(when):%Y-%m-%d})") from err
                rows.append({"label": label, "as_of": pd.Timestamp(when), "selection": selection,
                             "country": country, **{k: figures[k] for k in
                                                    ("share_pct", "low_pct", "high_pct")},
                             "n_clusters": int(figures["n_clusters"]),
                             "n_unknown_country": int(figures["n_unknown_country"])})
    return pd.DataFrame(rows)

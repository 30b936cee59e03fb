"""The replication cases of the book, as :class:`~gaplib.replications.verdict.Replication` records.

Each function takes the loaded data and returns the records of one published analysis:
the published figure and interval (from the source, with its rounding where it was
published rounded), the book's reproduction with the authors' method, and, where it
differs, the most likely reason. The published figures are constants here, each with its
citation key in references.bib; every reproduced number is computed.
"""

from __future__ import annotations

import pandas as pd

from gaplib.replications import eci_lag, export_history, supercomputers
from gaplib.replications.verdict import NOT_REPRODUCED, Replication, describe, replication_verdict, rounding_interval

#: Epoch AI, "The US hosts the majority of AI supercomputers, followed by China" (5 June 2025):
#: "about three-quarters" for the US (read as 75 +- 2.5) and 15% for China (14.5-15.5).
SUPERCOMPUTERS_DATE = "2025-06-05"
SUPERCOMPUTERS_PUBLISHED = {"US": (75.0, rounding_interval(75.0, 5.0)), "China": (15.0, rounding_interval(15.0, 1.0))}
#: Epoch AI's ECI lag insight (January 2026): "7 months" on average (6.5-7.5), range 4-14.
ECI_PUBLISHED = (7.0, rounding_interval(7.0, 1.0))
ECI_PUBLISHED_RANGE_MONTHS = (4.0, 14.0)
ECI_AS_OF = "2026-01-08"  # the earliest press coverage of the insight


def epoch_trend_replications(table: pd.DataFrame) -> list[Replication]:
    """Return the records of Epoch AI's China compute trends from
    :func:`gaplib.replications.epoch_published.replication_table` (today and as of its snapshot)."""
    records = []
    for case, rows in table.groupby("id", sort=False):
        today = rows[rows["vintage"] == "today"].iloc[0]
        snap = rows[rows["vintage"] != "today"].iloc[0]
        reason = None
        if today["verdict"] == NOT_REPRODUCED:
            reason = "vintage" if snap["verdict"] != NOT_REPRODUCED else "definition"
        records.append(Replication(
            str(case), float(today["published"]), (float(today["published_ci_low"]), float(today["published_ci_high"])),
            "cottier2025chinatrends", float(today["reproduced"]),
            (float(today["reproduced_ci_low"]), float(today["reproduced_ci_high"])),
            float(snap["reproduced"]), (float(snap["reproduced_ci_low"]), float(snap["reproduced_ci_high"])), reason))
    return records


def supercomputer_replications(clusters: pd.DataFrame) -> list[Replication]:
    """Return the records of the US and Chinese shares of AI-supercomputer performance as of the insight.

    The reproduction uses the published filter (clusters first operational from 2019 to
    the insight's date, with a country and a 16-bit performance); its interval is the
    coverage bound of clusters without a country. A difference is put down to the
    definition when the book's own selection (Existing clusters in Epoch's standard
    analysis) lands inside the published interval, else to coverage.
    """
    records = []
    for country, (value, interval) in SUPERCOMPUTERS_PUBLISHED.items():
        ours = supercomputers.share_with_bounds_pct(clusters, country, SUPERCOMPUTERS_DATE)
        reproduced_ci = (ours["low_pct"], ours["high_pct"])
        reason = None
        if replication_verdict(value, interval, ours["share_pct"], reproduced_ci) == NOT_REPRODUCED:
            book = supercomputers.share_with_bounds_pct(clusters, country, SUPERCOMPUTERS_DATE, selection="book")
            reason = "definition" if interval[0] <= book["share_pct"] <= interval[1] else "coverage"
        records.append(Replication(f"epoch_{country.lower()}_share_pct", value, interval, "epoch2025supercomputershare",
                                   ours["share_pct"], reproduced_ci, reason=reason))
    return records


def eci_lag_replication(eci: pd.DataFrame) -> Replication:
    """Return the record of the mean daily ECI lag since 2023 (months): all data, and as of the insight.
    A difference is put down to the data's vintage (the index's scores and dates are revised)."""
    today = eci_lag.summarise_daily_lag(eci_lag.daily_eci_lag(eci))
    then = eci_lag.eci_lag_as_of(eci, ECI_AS_OF)
    value, interval = ECI_PUBLISHED
    missed = replication_verdict(value, interval, today.mean_months, None) == NOT_REPRODUCED
    return Replication("epoch_eci_lag_months", value, interval, "epoch2026ecilag", today.mean_months, None,
                       then.mean_months, None, reason="vintage" if missed else None)


def bis_history_replication(comparison: pd.DataFrame) -> Replication:
    """Return the record of the export-control history: the record (all cases as it says: 100%)
    against the share of the cases the book can classify that it classifies as the record says.
    A chip whose inputs the book lacks (the H20's die area) is not testable and is no disagreement
    (:func:`gaplib.replications.export_history.untestable_cases` counts them); a disagreement is a
    chip the book classifies differently (definition)."""
    agreement = export_history.agreement_pct(comparison)
    reason = None if agreement == 100.0 else "definition"
    return Replication("bis_history_agreement_pct", 100.0, None, "bis2022advancedcomputing", agreement, None, reason=reason)


def china_nvidia_stock_replication(quarters: pd.DataFrame, cumulative: pd.DataFrame) -> Replication:
    """Return the record of China's cumulative NVIDIA H100e at the data's last quarter end.

    Published: Epoch's cumulative China line (``epoch_ai_chip_sales_nvidia_owners_cumulative``,
    median and 5th-95th percentiles). Reproduced: the sum of Epoch's quarterly China
    additions (``epoch_ai_chip_sales_nvidia_owners``) since Q1 2022; its interval adds the
    quarterly percentiles, the bound for quarters that move together. A difference is put
    down to the definition (Epoch's cumulative percentiles come from summed draws).
    """
    china_q = quarters[quarters["owner"] == "China"]
    china_c = cumulative[cumulative["owner"] == "China"]
    if china_q.empty or china_c.empty:
        raise ValueError("no China rows in Epoch's NVIDIA owner tables")
    last = china_c.sort_values("end_date").iloc[-1]
    upto = china_q[china_q["end_date"] <= last["end_date"]]
    published_ci = (float(last["h100e_p5"]), float(last["h100e_p95"]))
    reproduced_ci = (float(upto["h100e_p5"].sum()), float(upto["h100e_p95"].sum()))
    value = float(upto["h100e_median"].sum())
    missed = replication_verdict(float(last["h100e_median"]), published_ci, value, reproduced_ci) == NOT_REPRODUCED
    return Replication("epoch_china_nvidia_h100e", float(last["h100e_median"]), published_ci, "epoch2026chipsales",
                       value, reproduced_ci, reason="definition" if missed else None)


def summary(records: list[Replication]) -> pd.DataFrame:
    """Return one row per record for the page: id, what it measures (words), published [interval],
    reproduced [interval], as of publication, difference, verdict and reason (numbers as they are;
    the page formats them)."""
    rows = []
    for r in records:
        rows.append({"id": r.id, "what": describe(r.id), "published": r.published,
                     "published_low": r.published_ci[0] if r.published_ci else None,
                     "published_high": r.published_ci[1] if r.published_ci else None,
                     "reproduced": r.reproduced,
                     "reproduced_low": r.reproduced_ci[0] if r.reproduced_ci else None,
                     "reproduced_high": r.reproduced_ci[1] if r.reproduced_ci else None,
                     "as_of_publication": r.as_of_publication, "difference": r.difference,
                     "verdict": r.verdict, "reason": r.reason or "", "citation": r.citation})
    return pd.DataFrame(rows)

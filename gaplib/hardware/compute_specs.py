"""The installed-compute ratio under each of its defensible definitions (a specification curve).

Choices: the **filter** (Epoch's published one: clusters with a known country, a first
operational date from 2019 and a 16-bit performance, whatever their status; Existing clusters
in Epoch's standard analysis; every Existing row; every Existing row but the anonymised
Chinese systems not known to be a single site: every Chinese row is anonymised), the **measure** (16-bit FLOP/s, Epoch's own for shares; H100-equivalents)
and the **date** (the data's end; the date Epoch published its shares). The default is
Epoch's published method at the data's end: the analysis the book replicates
(:mod:`gaplib.replications.supercomputers`). A supply-side ratio, where a chapter computes
one, joins as one more specification (``extra``).

Each estimate carries its direction evidence: the same definition's ratio at the end of
``before_year`` against today's. Ratios are US/China (x).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd

from gaplib.hardware.compute import country_value, fleet_by_country, select_clusters
from gaplib.replications.supercomputers import operational_clusters
from gaplib.specs import Estimate, Spec

H100E, FLOP16 = "h100_equivalents", "ops_16bit"
ANONYMISED = "Anonymized Chinese System"  # Epoch's name for Chinese systems it lists without an owner
MEASURE_WORDS = {H100E: "H100e", FLOP16: "16-bit FLOP/s"}
EPOCH_REASON = "Epoch AI's published method for each country's share of AI-supercomputer performance"


def data_end(clusters: pd.DataFrame) -> pd.Timestamp:
    """Return the latest first operational date of an Existing cluster: the date "today" stands for."""
    existing = clusters.loc[clusters["status"] == "Existing", "first_operational_date"].dropna()
    if existing.empty:
        raise ValueError("epoch_gpu_clusters: no Existing cluster has a first operational date")
    return pd.Timestamp(existing.max())


def ratio_of(rows: pd.DataFrame, column: str) -> float:
    """Return the US/China ratio of ``column`` summed over ``rows``; NaN when China has none."""
    if rows.empty or not rows[column].sum() > 0:
        return math.nan
    fleet = fleet_by_country(rows, column)
    china = country_value(fleet, "China", column)
    return country_value(fleet, "US", column) / china if china > 0 else math.nan


def _by(rows: pd.DataFrame, when: pd.Timestamp) -> pd.DataFrame:
    return rows[rows["first_operational_date"].notna() & (rows["first_operational_date"] <= when)]


def _selected(clusters: pd.DataFrame, selection: str) -> pd.DataFrame:
    if selection == "standard":
        return select_clusters(clusters)
    rows = select_clusters(clusters, standard_analysis_only=False)
    if selection == "all, no anonymised":
        # Every Chinese row is anonymised; those not known to be one site are the multi-site entries
        rows = rows[~((rows["name"] == ANONYMISED) & (rows["single_cluster"] != "Yes"))]
    return rows


SELECTION_WORDS = {"standard": "Existing, Epoch's standard analysis", "all": "Existing, every row",
                   "all, no anonymised": "Existing, every row but anonymised multi-site Chinese systems"}
SELECTION_REASONS = {
    "standard": "the rows Epoch keeps for cluster-level trends (drops possible duplicates and superseded entries)",
    "all": "every operating cluster the database documents",
    "all, no anonymised": "leaves out the anonymised Chinese entries not known to be one site, whose size is "
                          "least certain",
}


def installed_compute_estimates(clusters: pd.DataFrame, *, before_year: int = 2022,
                                epoch_date: str | pd.Timestamp = "2025-06-05",
                                extra: Sequence[Estimate] = ()) -> list[Estimate]:
    """Return the installed-compute ratio under every specification (US/China, x), the default first.

    ``epoch_date`` is the date of Epoch's published shares; ``before_year`` the year-end the
    direction compares with; ``extra`` adds estimates computed elsewhere (a supply-side ratio).
    Specifications whose ratio cannot be computed (China has none of the measure) get NaN.
    """
    end, before = data_end(clusters), pd.Timestamp(year=before_year, month=12, day=31)
    out = []
    for when, label in ((end, "data's end"), (pd.Timestamp(epoch_date), "Epoch's date")):
        now = ratio_of(operational_clusters(clusters, when), FLOP16)
        then = ratio_of(operational_clusters(clusters, before), FLOP16)
        spec = Spec(f"Epoch's method, {label}", {"filter": "Epoch's published filter", "measure": "16-bit FLOP/s",
                                                  "date": label}, EPOCH_REASON, default=label == "data's end")
        out.append(Estimate(spec, now, evidence=("ratio_change", then, now)))
    for selection in ("standard", "all", "all, no anonymised"):
        rows = _selected(clusters, selection)
        for column in (H100E, FLOP16):
            if selection == "all, no anonymised" and column == FLOP16:
                continue  # the anonymised rows differ most in H100e; one measure suffices to show their weight
            measured = rows[rows[column].notna()]
            now, then = ratio_of(measured, column), ratio_of(_by(measured, before), column)
            spec = Spec(f"{SELECTION_WORDS[selection]}, {MEASURE_WORDS[column]}",
                        {"filter": SELECTION_WORDS[selection], "measure": MEASURE_WORDS[column], "date": "data's end"},
                        SELECTION_REASONS[selection]
                        + ("; H100e is the book's unit for fleets" if column == H100E else "; Epoch's unit for shares"))
            out.append(Estimate(spec, now, evidence=("ratio_change", then, now)))
    return [*out, *extra]


SUPPLY_REASON = ("chips sold rather than sites documented (Epoch AI's chip-sales estimates plus China's published "
                 "domestic supply); misses chips bought but not installed and counts chips abroad by their owner")


def supply_estimate(ratio: float, low: float, high: float, quarter: str) -> Estimate:
    """Return the supply-side US/China ratio (x) as one more specification, with its 5-95% range.

    It has no earlier value to compare with, so it carries no direction; the gap at a glance
    reads the direction from the specifications that do.
    """
    spec = Spec(f"Chip supply, {quarter}", {"filter": "chip supply, not clusters", "measure": "H100e",
                                            "date": quarter}, SUPPLY_REASON)
    return Estimate(spec, ratio, low, high)

"""The period the claims ledger's evidence covers, and whether it is stale.

Each piece of evidence comes from a chapter's result or a page measure; :data:`EVIDENCE_PERIODS`
says which data each one rests on, as a period spec of :func:`gaplib.data.periods.period_of`
(a registered source's last date from the snapshot's manifest, or a year the chapter publishes).
Evidence that rests on the project's curated tables gives the last date of the table's date column
(:func:`gaplib.data.periods.curated_source_ends`, passed in ``ends`` beside the snapshot's); a claim
with no result key is dated by the table its evidence is read from (:data:`UNKEYED_PERIODS`); a result
that is a chapter's parameter read from a reference fact gives that fact's date (:func:`parameter_fact`).
Only the directions of the gap at a glance (whose rows give their own periods) show no period.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from gaplib.data.periods import DataPeriod, describe_period, period_of, stale_words
from gaplib.params import CHAPTERS
from gaplib.params.facts import declared_sources
from gaplib.present.claims_render import period_from_row
from gaplib.summary.claim_evidence import result_keys
from gaplib.summary.claim_rules import RESULT_MISSING
from gaplib.summary.dimensions import DIMENSIONS, Dimension

_CLUSTERS = ("source", "epoch_gpu_clusters", "month", "to")
_HARDWARE = ("source", "epoch_ml_hardware", "month", "as_of")

#: {result key or page measure: period spec}. The first key of a claim's ``result_key`` is looked up,
#: else its ``measure``.
EVIDENCE_PERIODS: dict[str, tuple[str, ...]] = {
    "gap_orders_of_magnitude": _CLUSTERS,
    "us_china_h100e_ratio": _CLUSTERS,
    "frontier_runs_per_year_us": _CLUSTERS,
    "eci_lag_months_mean": ("source", "epoch_capabilities_index", "month", "to"),
    "open_weight_share_china_pct": ("source", "epoch_notable_models", "month", "to"),
    "us_capex_latest_year_usd": ("year_key", "capex_latest_year", "year"),
    "top_nvidia_controlled": _HARDWARE,
    "smic_node_lag": _HARDWARE,
    "china_node_lag": _HARDWARE,
    "training_chip_generation": ("source", "epoch_large_scale_models", "month", "to"),
    "pooled_probability_overtake_5y": ("source", "forecasts", "month", "to"),
    "ipo_proceeds_total_usd": ("source", "funding_events", "month", "to"),
    "rule_events": ("source", "export_rules", "day", "as_of"),
}
#: Claims with no result key nor measure, by what their evidence is read from (claim_evidence.find_evidence):
#: a date claim from the export rules, a USD claim from the funding events.
UNKEYED_PERIODS: dict[str, tuple[str, ...]] = {
    "date": ("source", "export_rules", "day", "as_of"),
    "USD": ("source", "funding_events", "month", "to"),
}

#: The columns :func:`add_periods` adds to the ledger.
PERIOD_COLUMNS = ("evidence_period", "evidence_period_end", "evidence_period_kind", "evidence_period_label",
                  "evidence_stale", "evidence_newer")


def evidence_spec(claim: Mapping[str, Any]) -> tuple[str, ...]:
    """Return the period spec of a claim's evidence (a row of ``claims.csv``), () when it has none."""
    keys = result_keys(claim.get("result_key"))
    if keys and keys[0] in EVIDENCE_PERIODS:
        return EVIDENCE_PERIODS[keys[0]]
    measure = claim.get("measure")
    if isinstance(measure, str) and measure:
        return EVIDENCE_PERIODS.get(measure, ())
    if not keys:
        return UNKEYED_PERIODS.get(claim.get("comparison"), UNKEYED_PERIODS.get(claim.get("claimed_unit"), ()))
    return ()


def newer_figures(key: str | None, facts: Mapping[str, str], dimensions: Sequence[Dimension] = DIMENSIONS) -> str:
    """Return the newer published figures the book records for the dimension whose result ``key`` is
    (its ratio, gap, US or China value): the words ``facts`` give for its ``newer_facts``, joined; "" for none."""
    for dim in dimensions:
        if key and key in (dim.ratio_key, dim.lag_key, dim.us_key, dim.china_key):
            return "; ".join(facts[f] for f in dim.newer_facts if f in facts)
    return ""


def parameter_fact(key: str | None, chapter: str | None) -> str | None:
    """Return the reference fact a chapter's parameter ``key`` is read from, None when ``key`` is no such parameter."""
    schema = CHAPTERS.get(chapter) if chapter else None
    source = declared_sources(schema).get(key) if schema is not None and key else None
    return source.fact if source is not None else None


def fact_period(as_of: str, build_date: dt.date, kind: str) -> DataPeriod | None:
    """Return the DataPeriod of a fact dated ``as_of`` ("2024", "2024-12", "2026-01-10"), None when it has no date."""
    text = str(as_of).strip()
    granularity = {4: "year", 7: "month", 10: "day"}.get(len(text))
    if granularity is None:
        return None
    value = text if granularity != "month" else f"{text}-01"
    try:
        return describe_period(value, granularity, build_date, kind)
    except ValueError:
        return None


def add_periods(ledger: pd.DataFrame, claims: pd.DataFrame, results: Mapping[str, Mapping[str, Any]],
                ends: Mapping[str, str], build_date: dt.date,
                fact_dates: Mapping[str, str] | None = None, newer_facts: Mapping[str, str] | None = None,
                dimensions: Sequence[Dimension] = DIMENSIONS) -> pd.DataFrame:
    """Return ``ledger`` (:func:`gaplib.summary.claims.ledger`) with the period its evidence covers.

    Adds :data:`PERIOD_COLUMNS`: the period in English words (empty when unknown), its last day
    (ISO), kind and date label (to rebuild it in another language with
    :func:`gaplib.present.claims_render.period_from_row`), and ``evidence_stale``: True when the evidence's data end more than
    12 months before ``build_date``. A row whose evidence is missing gets no period. ``ends`` is
    :func:`gaplib.data.periods.source_ends` (with the curated tables', :func:`gaplib.data.periods.curated_source_ends`);
    a year spec reads the results of the evidence's chapter. ``fact_dates`` ({fact id: as_of}) dates evidence that
    is a parameter read from a reference fact (a ``year`` period for a fact dated by its year, else ``as_of``).
    ``evidence_newer``: for stale evidence, the newer published figures ``newer_facts`` ({fact id: words},
    :func:`gaplib.data.periods.fact_summaries`) give for its dimension of the gap at a glance (:func:`newer_figures`).
    """
    specs = {row["claim_id"]: evidence_spec(row) for row in claims.to_dict("records")}
    keys = {row["claim_id"]: (result_keys(row.get("result_key")) or [None])[0] for row in claims.to_dict("records")}
    columns: dict[str, list] = {name: [] for name in PERIOD_COLUMNS}
    for row in ledger.to_dict("records"):
        missing = row.get("evidence_verdict") == RESULT_MISSING
        spec = specs.get(row["claim_id"], ())
        period = None if missing else period_of(spec, results.get(row.get("chapter"), {}), ends, build_date)
        fact = None if missing or spec else parameter_fact(keys.get(row["claim_id"]), row.get("chapter"))
        if fact and fact_dates and fact in fact_dates:
            as_of = str(fact_dates[fact])
            period = fact_period(as_of, build_date, "year" if len(as_of.strip()) == 4 else "as_of")
        columns["evidence_period"].append(period.words() if period else "")
        columns["evidence_period_end"].append(period.end.isoformat() if period else "")
        columns["evidence_period_kind"].append(period.kind if period else "")
        columns["evidence_period_label"].append(period.label if period else "")
        columns["evidence_stale"].append(bool(period and period.stale))
        columns["evidence_newer"].append(newer_figures(keys.get(row["claim_id"]), newer_facts or {}, dimensions)
                                         if period and period.stale else "")
    return ledger.assign(**columns)


def stale_evidence(ledger: pd.DataFrame) -> list[str]:
    """Return the claim ids whose evidence is stale, with the words that say so (``C05: stale: ...``)."""
    out = []
    for row in ledger.to_dict("records"):
        period = period_from_row(row)
        if period is not None and period.stale:
            out.append(f"{row['claim_id']}: {stale_words(period, row.get('evidence_newer') or '')}")
    return out

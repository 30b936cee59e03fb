"""The period the claims ledger's evidence covers, and whether it is stale.

Each piece of evidence comes from a chapter's result or a page measure; :data:`EVIDENCE_PERIODS`
says which data each one rests on, as a period spec of :func:`gaplib.data.periods.period_of`
(a registered source's last date from the snapshot's manifest, or a year the chapter publishes).
Evidence that rests on the project's curated tables, on parameters, or on the directions of the
gap at a glance (whose rows give their own periods) has no entry and shows no period.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import pandas as pd

from gaplib.data.periods import period_of, stale_words
from gaplib.present.claims_render import period_from_row
from gaplib.summary.claim_evidence import result_keys
from gaplib.summary.claim_rules import RESULT_MISSING

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
}

#: The columns :func:`add_periods` adds to the ledger.
PERIOD_COLUMNS = ("evidence_period", "evidence_period_end", "evidence_period_kind", "evidence_period_label",
                  "evidence_stale")


def evidence_spec(claim: Mapping[str, Any]) -> tuple[str, ...]:
    """Return the period spec of a claim's evidence (a row of ``claims.csv``), () when it has none."""
    keys = result_keys(claim.get("result_key"))
    if keys and keys[0] in EVIDENCE_PERIODS:
        return EVIDENCE_PERIODS[keys[0]]
    measure = claim.get("measure")
    return EVIDENCE_PERIODS.get(measure, ()) if isinstance(measure, str) else ()


def add_periods(ledger: pd.DataFrame, claims: pd.DataFrame, results: Mapping[str, Mapping[str, Any]],
                ends: Mapping[str, str], build_date: dt.date) -> pd.DataFrame:
    """Return ``ledger`` (:func:`gaplib.summary.claims.ledger`) with the period its evidence covers.

    Adds :data:`PERIOD_COLUMNS`: the period in English words (empty when unknown), its last day
    (ISO), kind and date label (to rebuild it in another language with
    :func:`gaplib.present.claims_render.period_from_row`), and ``evidence_stale``: True when the evidence's data end more than
    12 months before ``build_date``. A row whose evidence is missing gets no period. ``ends`` is
    :func:`gaplib.data.periods.source_ends`; a year spec reads the results of the evidence's chapter.
    """
    specs = {row["claim_id"]: evidence_spec(row) for row in claims.to_dict("records")}
    columns: dict[str, list] = {name: [] for name in PERIOD_COLUMNS}
    for row in ledger.to_dict("records"):
        missing = row.get("evidence_verdict") == RESULT_MISSING
        spec = specs.get(row["claim_id"], ())
        period = None if missing else period_of(spec, results.get(row.get("chapter"), {}), ends, build_date)
        columns["evidence_period"].append(period.words() if period else "")
        columns["evidence_period_end"].append(period.end.isoformat() if period else "")
        columns["evidence_period_kind"].append(period.kind if period else "")
        columns["evidence_period_label"].append(period.label if period else "")
        columns["evidence_stale"].append(bool(period and period.stale))
    return ledger.assign(**columns)


def stale_evidence(ledger: pd.DataFrame) -> list[str]:
    """Return the claim ids whose evidence is stale, with the words that say so (``C05: stale: ...``)."""
    out = []
    for row in ledger.to_dict("records"):
        period = period_from_row(row)
        if period is not None and period.stale:
            out.append(f"{row['claim_id']}: {stale_words(period)}")
    return out

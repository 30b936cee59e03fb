"""The export-control history of named chips: the record against the book's classification (case 2.4).

The record (curated ``chip_rule_history``) says, from company filings and the press,
whether each named Nvidia chip was controlled for China under the October 2022 rule
(87 FR 62186) and the October 2023 rule (88 FR 73458). The book classifies the same
chips with its own rule logic (:mod:`gaplib.geopolitics.export_controls`) from Epoch's hardware
figures and the curated supplement. A chip counts as controlled when the book gives
"3A090.a" or "3A090.b" (the 3A090.b tier still needs a licence or a notification for
China). "Unknown" (an input the rule needs is missing, such as the H20's die area, which is
not public) is not a disagreement: the case is not testable, counted apart from the agreement.
"""

from __future__ import annotations

import math

import pandas as pd

from gaplib.geopolitics import export_controls as ec
from gaplib.geopolitics import export_rules as er
from gaplib.guards import require_rows, source_of, tagged

RECORD_TO_EPOCH: dict[str, str] = {
    "A100": "NVIDIA A100 SXM4 80 GB",
    "A800": "NVIDIA A800 SXM",
    "H100": "NVIDIA H100 SXM5 80GB",
    "H800": "NVIDIA H800 SXM5",
    "H20": "NVIDIA HGX H20",
    "RTX 4090": "NVIDIA GeForce RTX 4090",
}
"""The record's chip names -> the rows of Epoch's ML Hardware table the book classifies."""

CONTROLLED_STATUSES = (er.CONTROLLED_A, er.CONTROLLED_B)


def book_classification(hardware: pd.DataFrame, supplement: pd.DataFrame, rules: pd.DataFrame) -> pd.DataFrame:
    """Return every accelerator classified under the 2022-10 and 2023-10 rules by the book's own logic.

    :func:`gaplib.geopolitics.export_controls.classify_table` of :func:`~gaplib.geopolitics.export_controls.accelerator_table`
    with the thresholds read from ``rules`` (the ``export_rules`` table).
    """
    lines = {rule: er.thresholds(rules, rule) for rule in er.RULE_VERSIONS}
    return ec.classify_table(ec.accelerator_table(hardware, supplement), lines)


def book_controlled(status: str) -> str:
    """Return "yes", "no" or "unknown" for a 3A090 status of :func:`gaplib.geopolitics.export_controls.classify`."""
    if status in CONTROLLED_STATUSES:
        return "yes"
    if status == er.NOT_CONTROLLED:
        return "no"
    if status == er.UNKNOWN:
        return "unknown"
    raise ValueError(f"unknown 3A090 status {status!r}; known: {', '.join(er.STATUSES)}")


def compare_with_record(record: pd.DataFrame, classified: pd.DataFrame) -> pd.DataFrame:
    """Return the record beside the book's classification, one row per record row.

    ``record`` is the ``chip_rule_history`` table, ``classified`` the output of
    :func:`book_classification`. Columns ``chip``, ``rule``, ``record_controlled``
    ("yes"/"no"), ``book_status`` (3A090 status, "unknown" when the chip is not in the
    book's data), ``book_controlled`` ("yes"/"no"/"unknown"), ``agrees`` (nullable boolean:
    NA where the book cannot classify the chip, a case not testable rather than a disagreement),
    ``missing_inputs`` (what the book lacks, for "unknown" rows: never guessed),
    ``tpp``, ``performance_density``, ``interconnect_gb_per_s``, ``source``, ``url``.
    Raises ValueError for a record chip or rule the book has no mapping for.
    """
    rows = []
    for _, rec in record.iterrows():
        if rec["chip"] not in RECORD_TO_EPOCH:
            raise ValueError(f"chip_rule_history: chip {rec['chip']!r} has no Epoch hardware name "
                             f"in RECORD_TO_EPOCH ({', '.join(RECORD_TO_EPOCH)})")
        if rec["rule"] not in ec.RULE_INPUTS:
            raise ValueError(f"chip_rule_history: rule {rec['rule']!r} is not one of {', '.join(ec.RULE_INPUTS)}")
        match = classified[(classified["chip"] == RECORD_TO_EPOCH[rec["chip"]]) & (classified["rule"] == rec["rule"])]
        book = match.iloc[0] if len(match) else None
        status = book["status"] if book is not None else er.UNKNOWN
        controlled = book_controlled(status)
        rows.append({
            "chip": rec["chip"], "rule": rec["rule"], "record_controlled": rec["controlled"],
            "book_status": status, "book_controlled": controlled,
            "agrees": pd.NA if controlled == "unknown" else controlled == rec["controlled"],
            "missing_inputs": ec.missing_inputs(book, rec["rule"]) if controlled == "unknown" else "",
            **{c: (float(book[c]) if book is not None else math.nan)
               for c in ("tpp", "performance_density", "interconnect_gb_per_s")},
            "source": rec["source"], "url": rec["url"]})
    out = pd.DataFrame(rows)
    if len(out):
        out["agrees"] = out["agrees"].astype("boolean")
    return tagged(out, source=f"{source_of(record, 'chip_rule_history')} + {source_of(classified, 'epoch_ml_hardware')}")


def agreement_pct(comparison: pd.DataFrame) -> float:
    """Return the percentage of testable record rows the book classifies as the record says (``bis_history_agreement_pct``).

    Rows the book cannot classify ("unknown": an input the rule needs is not in the data) are
    not testable and left out; :func:`untestable_cases` counts them. Raises EmptySelectionError
    when no case is testable.
    """
    testable = comparison[comparison["book_controlled"] != "unknown"] if len(comparison) else comparison
    require_rows(testable, 1, source=source_of(comparison, "chip_rule_history"),
                 selection="chip-rule case in the record the book can classify", result="the agreement with the record")
    return 100.0 * float(testable["agrees"].astype(bool).sum()) / len(testable)


def untestable_cases(comparison: pd.DataFrame) -> int:
    """Return how many record rows the book cannot classify (an input the rule needs is missing)."""
    return int((comparison["book_controlled"] == "unknown").sum()) if len(comparison) else 0

"""The range across specifications beside a claim's evidence, where the evidence is a headline with a curve.

A chapter that publishes a headline as a specification curve glues ``<headline>_specs``
(:func:`gaplib.specs.to_json`), and the gap at a glance names the headline on its dimension
(:attr:`gaplib.summary.dimensions.Dimension.specs`) beside the result key of the row's ratio or gap.
A ledger claim whose evidence is that result key (or a result that restates it in another unit,
:data:`DERIVED`) shows the default specification and the range across every definition beside it,
read from the same glued curve: a curve that a chapter adds later, with its dimension, joins the
ledger without a change here.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import pandas as pd

from gaplib.specs import default_of, from_json, spec_range
from gaplib.summary.claim_evidence import result_keys
from gaplib.summary.claim_rules import RESULT_MISSING
from gaplib.summary.dimensions import DIMENSIONS, Dimension

#: Results that restate a headline's key in another unit: {result key: (headline's result key, unit change)}.
DERIVED: dict[str, tuple[str, Callable[[float], float]]] = {
    "gap_orders_of_magnitude": ("us_china_h100e_ratio", math.log10),  # orders of magnitude of the US/China ratio
}

#: The columns :func:`add_spec_ranges` adds to the ledger.
SPEC_COLUMNS = ("evidence_spec_default", "evidence_spec_default_name", "evidence_spec_low", "evidence_spec_high",
                "evidence_spec_count")


def headline_for(key: str, dimensions: Sequence[Dimension] = DIMENSIONS
                 ) -> tuple[str, str, Callable[[float], float] | None] | None:
    """Return (chapter, headline, unit change or None) of the curve whose headline result is ``key``, or None.

    A dimension's headline result is its ratio key, or its gap key for a gap measured directly.
    """
    base, change = DERIVED.get(key, (key, None))
    for dim in dimensions:
        if dim.specs and base in (dim.ratio_key, dim.lag_key):
            return dim.chapter, dim.specs, change
    return None


def claim_spec_range(key: str | None, results: Mapping[str, Mapping[str, Any]],
                     dimensions: Sequence[Dimension] = DIMENSIONS) -> dict[str, Any] | None:
    """Return the default and range across definitions of the headline behind result ``key``, or None.

    Keys of :data:`SPEC_COLUMNS` (default, its specification's name, lowest, highest, count), in the
    unit of ``key``; None when ``key`` is no headline with a curve or its chapter published none.
    Raises ValueError on a malformed curve.
    """
    found = headline_for(key, dimensions) if key else None
    if found is None:
        return None
    chapter, headline, change = found
    text = results.get(chapter, {}).get(f"{headline}_specs")
    if not isinstance(text, str):
        return None
    estimates = from_json(text)
    chosen = default_of(estimates)
    low, high, count = spec_range(estimates)
    unit = change or (lambda x: x)
    return {"evidence_spec_default": unit(chosen.value), "evidence_spec_default_name": chosen.spec.name,
            "evidence_spec_low": unit(low), "evidence_spec_high": unit(high), "evidence_spec_count": count}


def add_spec_ranges(ledger: pd.DataFrame, claims: pd.DataFrame, results: Mapping[str, Mapping[str, Any]],
                    dimensions: Sequence[Dimension] = DIMENSIONS) -> pd.DataFrame:
    """Return ``ledger`` (:func:`gaplib.summary.claims.ledger`) with :data:`SPEC_COLUMNS`: for a claim whose
    evidence is a headline with a curve (its first ``result_key``), the default and range across definitions;
    NaN, "" and 0 for the others and for rows whose evidence is missing."""
    keys = {row["claim_id"]: (result_keys(row.get("result_key")) or [None])[0] for row in claims.to_dict("records")}
    empty = {"evidence_spec_default": math.nan, "evidence_spec_default_name": "", "evidence_spec_low": math.nan,
             "evidence_spec_high": math.nan, "evidence_spec_count": 0}
    columns: dict[str, list] = {name: [] for name in SPEC_COLUMNS}
    for row in ledger.to_dict("records"):
        found = None if row.get("evidence_verdict") == RESULT_MISSING else claim_spec_range(
            keys.get(row["claim_id"]), results, dimensions)
        for name, value in (found or empty).items():
            columns[name].append(value)
    return ledger.assign(**columns)

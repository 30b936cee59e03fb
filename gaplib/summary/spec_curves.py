"""A dimension of the gap at a glance read from its headline's specification curve.

The chapter publishes the curve as ``<headline>_specs`` (:func:`gaplib.specs.to_json`). The row
then shows the default specification's value (with its interval, where it has one), the range
across every definition, and a direction only when every definition that measures change gives
the same one (:func:`gaplib.summary.spec_directions.headline_direction`); otherwise
"depends on definition", with which way each goes.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, MutableMapping
from typing import Any

import pandas as pd

from gaplib.present.claims_render import format_number
from gaplib.specs import DEPENDS, default_of, from_json, spec_range
from gaplib.summary.dimensions import Dimension
from gaplib.summary.spec_directions import headline_direction


def apply_specs(row: MutableMapping[str, Any], dim: Dimension, results: Mapping[str, Any], *,
                stable_change_pct: float) -> None:
    """Update a summary row in place from the dimension's specification curve, if the chapter published one.

    Sets the default as ``ratio`` (or ``gap`` for a gap measured directly) with its interval,
    ``spec_low``/``spec_high``/``spec_count``, ``spec_detail``, and the direction and basis when
    any definition measures change. Levels are cleared when the dimension says they are in
    another measure than the default. Raises ValueError on a malformed curve.
    """
    text = results.get(f"{dim.specs}_specs") if dim.specs else None
    if not isinstance(text, str):
        return
    estimates = from_json(text)
    chosen = default_of(estimates)
    low, high, count = spec_range(estimates)
    key, bounds = ("gap", ("gap_low", "gap_high")) if dim.lag_key else ("ratio", ("ratio_low", "ratio_high"))
    row[key], row[bounds[0]], row[bounds[1]] = chosen.value, chosen.low, chosen.high
    if not dim.levels_with_specs:
        row["us"] = row["china"] = math.nan
    row.update(spec_low=low, spec_high=high, spec_count=count)
    if math.isfinite(chosen.low):
        row["interval_note"] = ""
    direction, detail = headline_direction(estimates, stable_change_pct=stable_change_pct)
    if not direction:
        return
    row["direction"], row["spec_detail"] = direction, detail
    measured = sum(1 for e in estimates if e.evidence)
    fmt = format_number
    span = f"{fmt(low)} to {fmt(high)} across {count} definitions (default: {chosen.spec.name})"
    row["basis"] = (f"{span}; every definition that measures change ({measured}) gives {direction}"
                    if direction != DEPENDS else f"{span}; the direction depends on the definition: {detail}")


def spec_glue_items(table: pd.DataFrame) -> dict[str, Any]:
    """Return, per row read from a specification curve, ``<headline>_spec_low``/``_spec_high``/``_spec_count``,
    ``<headline>_spec_direction`` (the direction or "depends on definition") and ``_spec_directions``
    (which way each definition goes, when any measures change)."""
    out: dict[str, Any] = {}
    for row in table.to_dict("records"):
        if row.get("specs") and row.get("spec_count"):
            name = row["specs"]
            out[f"{name}_spec_low"], out[f"{name}_spec_high"] = row["spec_low"], row["spec_high"]
            out[f"{name}_spec_count"] = int(row["spec_count"])
            out[f"{name}_spec_direction"] = row["direction"]
            if row["spec_detail"]:
                out[f"{name}_spec_directions"] = row["spec_detail"]
    return out

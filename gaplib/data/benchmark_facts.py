"""The AI Index's benchmark gaps between the top US and the top Chinese model, read from reference facts.

Facts F015-F018 give the US lead in percentage points on one benchmark each, as a value
``"a (end-2023) -> b (end-2024)"``. The book holds no model-level benchmark scores, so these are
quoted, not computed; this module only parses the quoted values, with each fact's checked grade.
"""

from __future__ import annotations

import re

import pandas as pd

BENCHMARK_FACTS = {"F015": "MMLU", "F016": "HumanEval", "F017": "MATH", "F018": "MMMU"}
_TWO_DATES = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*\(end-(\d{4})\)\s*->\s*(-?\d+(?:\.\d+)?)\s*\(end-(\d{4})\)\s*$")


def parse_two_dates(value: str, *, fact_id: str = "") -> tuple[float, int, float, int]:
    """Return (earlier value, its year, later value, its year) of ``"a (end-YYYY) -> b (end-YYYY)"``.

    Raises ValueError with a one-line message on any other text or when the later year is not later."""
    match = _TWO_DATES.match(value) if isinstance(value, str) else None
    where = f"fact {fact_id}: " if fact_id else ""
    if match is None:
        raise ValueError(f"{where}value {value!r} is not of the form 'a (end-YYYY) -> b (end-YYYY)'")
    before, year_before, after, year_after = float(match[1]), int(match[2]), float(match[3]), int(match[4])
    if year_after <= year_before:
        raise ValueError(f"{where}value {value!r} does not run from an earlier to a later year")
    return before, year_before, after, year_after


def benchmark_leads(facts: pd.DataFrame) -> pd.DataFrame:
    """Return one row per benchmark fact of :data:`BENCHMARK_FACTS`, in that order.

    Columns: ``fact_id``, ``benchmark``, ``before_pp`` and ``after_pp`` (the US lead, percentage
    points), ``year_before``, ``year_after``, ``verified`` (the fact's grade as ``facts`` gives it).
    Raises ValueError when a fact is absent, its unit is not percentage points or its value is malformed."""
    by_id = facts.set_index("id")
    rows = []
    for fact_id, benchmark in BENCHMARK_FACTS.items():
        if fact_id not in by_id.index:
            raise ValueError(f"fact {fact_id} ({benchmark} gap) is not among the reference facts")
        fact = by_id.loc[fact_id]
        if str(fact["unit"]).strip() != "percentage points":
            raise ValueError(f"fact {fact_id}: unit {fact['unit']!r}, expected 'percentage points'")
        before, year_before, after, year_after = parse_two_dates(fact["value"], fact_id=fact_id)
        rows.append({"fact_id": fact_id, "benchmark": benchmark, "before_pp": before, "after_pp": after,
                     "year_before": year_before, "year_after": year_after, "verified": fact["verified"]})
    return pd.DataFrame(rows)

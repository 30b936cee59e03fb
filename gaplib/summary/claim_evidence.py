"""The book's evidence for one claim of the ledger, and where it comes from.

Pure functions. A claim finds its evidence, in this order:

1. ``measure``: a quantity the claims page computes from the registered data
   (:mod:`gaplib.summary.claim_measures`) or from the gap at a glance (``directions:<slug>,...``),
   passed in as ``{name: Evidence}``.
2. ``result_key``: looked up first in the results of the claim's own chapter, then in any
   other chapter of the build. Its interval is ``<key>_ci_low``/``<key>_ci_high`` (or
   ``<key>_low``/``<key>_high``, or the same with a unit suffix such as ``_pct`` kept at the
   end) when the results hold one, else the point. Further keys after ``;`` are shown
   beside the evidence, not compared.
3. No key: a ``date`` claim is dated by the export-control rules (the first rule whose
   ``chips_affected`` lists each chip the claim names); a USD claim naming one company with
   an IPO in ``funding_events.csv`` takes that IPO's proceeds.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from gaplib.geopolitics import export_rules
from gaplib.present.claims_render import format_number
from gaplib.summary.claim_rules import decimal_year

#: Unit suffixes that a result key may carry after its interval marker (``x_ci_low_pct``).
UNIT_SUFFIXES = ("_pct_per_year", "_months_per_year", "_per_year", "_pct", "_months", "_usd", "_elo", "_bn")

#: Results that pool the stated probabilities of ``forecasts.csv``: compared with a claim that
#: reports one of those statements, they restate the claim and are not evidence for it.
STATED_RESULTS = frozenset({"pooled_probability_overtake_5y", "pooled_probability_overtake_5y_pct",
                            "pooled_probability_stated", "pooled_probability_stated_pct"})


@dataclass(frozen=True)
class Evidence:
    """The book's number for one claim: a point, its interval and where it comes from."""

    value: float
    low: float
    high: float
    source: str  # e.g. "hardware: us_china_h100e_ratio" or "export_rules.csv R01"
    chapter: str | None = None  # the chapter whose results hold it (for the link)
    companion: str | None = None  # further numbers shown beside it (the other country's value)
    directions: tuple[str, ...] = ()  # for direction claims: the measured direction of each dimension


def _finite(x: Any) -> bool:
    return isinstance(x, int | float) and not isinstance(x, bool) and math.isfinite(x)


def interval_keys(key: str) -> list[tuple[str, str]]:
    """Return the (low, high) key pairs that may hold the interval of result ``key``, in order.

    ``frontier_lag_months`` -> ``frontier_lag_months_ci_low``/``_ci_high``, then ``_low``/``_high``;
    a unit suffix stays last: ``open_weight_share_china_pct`` -> ``open_weight_share_china_ci_low_pct``,
    ``eci_lag_trend_months_per_year`` -> ``eci_lag_trend_ci_low``.
    """
    pairs = [(f"{key}_ci_low", f"{key}_ci_high"), (f"{key}_low", f"{key}_high")]
    for suffix in UNIT_SUFFIXES:
        if key.endswith(suffix) and len(key) > len(suffix):
            base = key[: -len(suffix)]
            pairs += [
                (f"{base}_ci_low{suffix}", f"{base}_ci_high{suffix}"),
                (f"{base}_low{suffix}", f"{base}_high{suffix}"),
                (f"{base}_ci_low", f"{base}_ci_high"),
            ]
    return pairs


def companion_key(key: str) -> str:
    """Return ``key`` with the country token swapped (us <-> china); ``key`` itself if it has none."""
    tokens = key.split("_")
    swapped = ["china" if t == "us" else "us" if t == "china" else t for t in tokens]
    return "_".join(swapped)


# Words for the results a claim shows beside its own (the ``result_key`` cell's later keys):
# the ledger is read by people, so no internal result name reaches it.
RESULT_WORDS = {
    "arena_gap_latest_elo": "LMArena Elo gap, latest version",
    "arena_win_probability_latest_pct": "chance the top US model is preferred, latest LMArena version (%)",
}


def companion_words(key: str, shown: str) -> str:
    """Return how the ledger names ``shown`` beside the result ``key``: the other country, or its words.

    Raises KeyError for a key with no words in :data:`RESULT_WORDS`.
    """
    if shown == companion_key(key) and shown != key:
        return "China" if "china" in shown.split("_") else "US"
    if shown not in RESULT_WORDS:
        raise KeyError(f"the ledger has no words for the result {shown!r}: add them to RESULT_WORDS")
    return RESULT_WORDS[shown]


def result_keys(cell: Any) -> list[str]:
    """Return the keys of a ``result_key`` cell: the compared key first, then keys shown beside it."""
    if not isinstance(cell, str):
        return []
    return [part.strip() for part in cell.split(";") if part.strip()]


def evidence_from_results(results: Mapping[str, Any], key: str, chapter: str,
                          also: Sequence[str] = (), quantity: str | None = None) -> Evidence | None:
    """Return the evidence that ``results`` (one chapter's results.json) hold for ``key``, or None.

    The interval is the first pair of :func:`interval_keys` present with finite values
    that bracket the point; otherwise the interval is the point itself. The companion text
    names the other country's value and each key of ``also`` the results hold, in words
    (:func:`companion_words`); the source names the chapter and the ``quantity`` in words.
    """
    value = results.get(key)
    if not _finite(value):
        return None
    low = high = float(value)
    for lo_key, hi_key in interval_keys(key):
        lo, hi = results.get(lo_key), results.get(hi_key)
        if _finite(lo) and _finite(hi) and lo <= value <= hi:
            low, high = float(lo), float(hi)
            break
    shown = [k for k in [companion_key(key), *also] if k != key and _finite(results.get(k))]
    companion = "; ".join(f"{companion_words(key, k)}: {format_number(results[k])}" for k in shown) or None
    source = f"{chapter} chapter: {quantity}" if quantity else f"{chapter} chapter"
    return Evidence(float(value), low, high, source, chapter, companion)


def restates_claim(key: str | None, fact_id: str | None, forecasts: pd.DataFrame | None) -> bool:
    """Return True when result ``key`` pools stated odds and ``forecasts`` list the claim's own statement among them.

    The statement is the forecasts row whose ``fact_id`` is the claim's and which states a probability.
    """
    if key not in STATED_RESULTS or not fact_id or forecasts is None:
        return False
    stated = forecasts[forecasts["probability_high"].notna() | forecasts["probability_low"].notna()]
    return bool((stated["fact_id"] == fact_id).any())


def stated_interval(fact_id: str | None, forecasts: pd.DataFrame | None, scale: float) -> tuple[float, float] | None:
    """Return the probability interval the statement ``fact_id`` of ``forecasts`` gives, times ``scale``; None if none."""
    if not fact_id or forecasts is None:
        return None
    rows = forecasts[(forecasts["fact_id"] == fact_id)
                     & (forecasts["probability_high"].notna() | forecasts["probability_low"].notna())]
    if rows.empty:
        return None
    row = rows.iloc[0]
    low = row["probability_low"] if pd.notna(row["probability_low"]) else -math.inf
    high = row["probability_high"] if pd.notna(row["probability_high"]) else math.inf
    return float(low) * scale, float(high) * scale


def direction_evidence(summary: pd.DataFrame, slugs: Sequence[str]) -> Evidence:
    """Return the directions of the gap at a glance (``overview.summary_table``) for ``slugs``.

    The value is the number of those dimensions that moved (widening, narrowing or stable);
    the source lists each dimension's direction. Raises ValueError naming unknown slugs.
    """
    known = list(summary["slug"])
    unknown = [s for s in slugs if s not in known]
    if unknown or not slugs:
        raise ValueError(f"unknown dimensions {unknown or slugs} of the gap at a glance; known: {known}")
    rows = summary.set_index("slug").loc[list(slugs)]
    directions = tuple(rows["direction"])
    moved = sum(d in ("widening", "narrowing", "stable") for d in directions)
    text = "; ".join(f"{name}: {d}" for name, d in zip(rows["dimension"], directions))
    return Evidence(float(moved), float(moved), float(moved), f"gap at a glance: {text}", "intro",
                    directions=directions)


def _split(cell: Any) -> list[str]:
    if not isinstance(cell, str):
        return []
    return [part.strip() for part in cell.split(";") if part.strip()]


def first_rule_for_chip(rules: pd.DataFrame, chip: str) -> pd.Series | None:
    """Return the rule under which ``chip`` (exact name) first needed a licence, or None.

    :func:`gaplib.geopolitics.export_rules.first_control`, so the ledger and the geopolitics
    chapter date "first controlled" alike (``first_controlled``: when the controls applied).
    """
    return export_rules.first_control(rules, chip)


def chips_named(text: str, rules: pd.DataFrame) -> list[str]:
    """Return the chips of ``rules.chips_affected`` that ``text`` names as whole words, in first-seen order."""
    names: list[str] = []
    for cell in rules["chips_affected"]:
        for chip in _split(cell):
            if chip not in names and re.search(rf"(?<![\w-]){re.escape(chip)}(?![\w-])", text):
                names.append(chip)
    return names


def date_evidence(text: str, rules: pd.DataFrame) -> Evidence | None:
    """Return the date when the chips that ``text`` names first came under control, or None.

    For each chip named, the first rule listing it; the evidence is the latest of those
    dates (when every named chip was first caught), as a decimal year.
    """
    found = [(chip, first_rule_for_chip(rules, chip)) for chip in chips_named(text, rules)]
    found = [(chip, rule) for chip, rule in found if rule is not None]
    if not found:
        return None
    chip, rule = max(found, key=lambda pair: pair[1]["first_controlled"])
    year = decimal_year(rule["first_controlled"])
    label = (f"export_rules.csv {rule['rule_id']}: {chip} first controlled (needed a licence for China) "
             f"{pd.Timestamp(rule['first_controlled']):%Y-%m-%d}, made public {pd.Timestamp(rule['published']):%Y-%m-%d}")
    return Evidence(year, year, year, label, "geopolitics")


def ipo_evidence(text: str, events: pd.DataFrame) -> Evidence | None:
    """Return the USD proceeds of the one IPO in ``events`` whose company ``text`` names, or None.

    The company name is the entity up to any parenthesis ("Zhipu AI (Knowledge Atlas)" ->
    "Zhipu AI"); none or several companies named -> None.
    """
    ipos = events[events["kind"] == "ipo"]
    hits = [row for _, row in ipos.iterrows() if str(row["entity"]).split(" (")[0].strip() in text]
    if len(hits) != 1:
        return None
    row = hits[0]
    low, high = float(row["amount_usd_low"]), float(row["amount_usd_high"])
    return Evidence((low + high) / 2, low, high, f"funding_events.csv {row['event_id']}", "funding")


def find_evidence(
    row: Mapping[str, Any], results: Mapping[str, Mapping[str, Any]], rules: pd.DataFrame, events: pd.DataFrame,
    measures: Mapping[str, Evidence] | None = None,
) -> tuple[Evidence | None, str | None]:
    """Return (evidence, why it is missing) for one claim row; see the module docstring.

    The second item is None when the evidence was found or the claim names none (then the
    claim is not checkable), and a reason when a key or measure is named but absent.
    """
    measure = row.get("measure")
    if isinstance(measure, str) and measure:
        if measures is None or measure not in measures:
            return None, f"the claims page computed no measure {measure!r}"
        return measures[measure], None
    keys = result_keys(row.get("result_key"))
    if not keys:
        if row.get("comparison") == "date":
            return date_evidence(str(row.get("claim", "")), rules), None
        if row.get("claimed_unit") == "USD":
            return ipo_evidence(str(row.get("claim", "")), events), None
        return None, None
    key, also = keys[0], keys[1:]
    own = row.get("chapter")
    order = [own] + [c for c in results if c != own]
    for chapter in order:
        if chapter in results:
            found = evidence_from_results(results[chapter], key, chapter, also, row.get("quantity"))
            if found is not None:
                return found, None
    if own not in results:
        return None, f"the {own} chapter has no results in this build"
    return None, f"no chapter of this build publishes {key}"

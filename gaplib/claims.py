"""The claims ledger: each claim of the article against the book's own evidence.

Verdicts are computed by the rules below, never typed by hand. Every function is pure:
the page passes in the curated claims, the chapter results of the same build and the
curated tables that hold dated facts (export-control rules, IPO proceeds).

The rules, in the order the ledger applies them to one claim:

1. **Evidence.** A claim with a ``result_key`` is looked up first in the results of its own
   chapter, then in any other chapter of the build that publishes the key. Its interval
   is ``<key>_ci_low``/``<key>_ci_high`` (or ``<key>_low``/``<key>_high``, or the same with a
   unit suffix such as ``_pct`` kept at the end) when the results hold one, else the point.
   A ``date`` claim with no key is dated by the export-control rules: the chips of
   ``export_rules.csv`` named in the claim, and the first rule whose ``chips_affected``
   lists each of them. A USD claim with no key that names one company with an IPO in
   ``funding_events.csv`` takes that IPO's proceeds in USD.
2. **Units.** Results publish probabilities as fractions unless their key ends in
   ``_pct``; a claim in ``percent`` compared with such a fraction is divided by 100.
3. **Verdicts.** See :func:`verdict`: claimed range against evidence interval (a claimed
   point widened by the tolerance), one-sided claims against the interval, dates against
   a tolerance in months, qualitative claims left to the reader with the number shown.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

CONSISTENT = "consistent"
OVERSTATED = "overstated"
UNDERSTATED = "understated"
OUTDATED = "outdated or inaccurate"
NOT_CHECKABLE = "not checkable with open data"
NEEDS_JUDGEMENT = "needs judgement"
RESULT_MISSING = "result missing"

#: Every verdict the ledger can give, in the order the page lists them.
VERDICTS = (CONSISTENT, OVERSTATED, UNDERSTATED, OUTDATED, NEEDS_JUDGEMENT, NOT_CHECKABLE, RESULT_MISSING)

#: Glue-name-friendly slug of each verdict (``claims_<slug>`` holds its count).
VERDICT_SLUGS = {
    CONSISTENT: "consistent",
    OVERSTATED: "overstated",
    UNDERSTATED: "understated",
    OUTDATED: "outdated",
    NEEDS_JUDGEMENT: "needs_judgement",
    NOT_CHECKABLE: "not_checkable",
    RESULT_MISSING: "result_missing",
}

#: Unit suffixes that a result key may carry after its interval marker (``x_ci_low_pct``).
UNIT_SUFFIXES = ("_pct_per_year", "_months_per_year", "_per_year", "_pct", "_months", "_usd", "_elo", "_bn")


@dataclass(frozen=True)
class Evidence:
    """The book's number for one claim: a point, its interval and where it comes from."""

    value: float
    low: float
    high: float
    source: str  # e.g. "hardware: us_china_h100e_ratio" or "export_rules.csv R01"
    chapter: str | None = None  # the chapter whose results hold it (for the link)
    companion: str | None = None  # the other country's value, for qualitative claims


# --- numbers and intervals ------------------------------------------------------------


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


def evidence_from_results(results: Mapping[str, Any], key: str, chapter: str) -> Evidence | None:
    """Return the evidence that ``results`` (one chapter's results.json) hold for ``key``, or None.

    The interval is the first pair of :func:`interval_keys` present with finite values
    that bracket the point; otherwise the interval is the point itself.
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
    other = companion_key(key)
    companion = None
    if other != key and _finite(results.get(other)):
        companion = f"{other} = {format_number(results[other])}"
    return Evidence(float(value), low, high, f"{chapter}: {key}", chapter, companion)


def claimed_interval(low: float | None, high: float | None, tolerance_pct: float) -> tuple[float, float]:
    """Return the claimed [low, high]; a point claim (low == high) is widened by +-``tolerance_pct``.

    A missing bound is open (-inf or +inf). The widening is relative: 10 at 25% is [7.5, 12.5].
    """
    lo = -math.inf if low is None or not math.isfinite(low) else float(low)
    hi = math.inf if high is None or not math.isfinite(high) else float(high)
    if lo == hi:
        margin = abs(lo) * tolerance_pct / 100.0
        return lo - margin, hi + margin
    return lo, hi


def compare_intervals(claim: tuple[float, float], evidence: tuple[float, float]) -> str:
    """Verdict of a claimed interval against an evidence interval (both closed).

    Overlap (touching counts) -> consistent; evidence wholly above the claim -> the claim
    understates; evidence wholly below -> the claim overstates.
    """
    c_lo, c_hi = claim
    e_lo, e_hi = evidence
    if e_lo > c_hi:
        return UNDERSTATED
    if e_hi < c_lo:
        return OVERSTATED
    return CONSISTENT


def decimal_year(date: pd.Timestamp | str) -> float:
    """Return a date as a decimal year, month starts at k/12: 2025-10-01 -> 2025.75.

    year + (month - 1 + (day - 1) / days in month) / 12, the encoding of ``claims.csv``.
    """
    ts = pd.Timestamp(date)
    return ts.year + (ts.month - 1 + (ts.day - 1) / ts.days_in_month) / 12.0


def compare_dates(claimed_year: float, evidence_year: float, tolerance_months: float) -> str:
    """Date verdict: consistent when the two dates are at most ``tolerance_months`` apart, else outdated or inaccurate."""
    gap_months = abs(claimed_year - evidence_year) * 12.0
    return CONSISTENT if gap_months <= tolerance_months + 1e-9 else OUTDATED


def verdict(
    comparison: str,
    claimed_low: float | None,
    claimed_high: float | None,
    evidence: Evidence | None,
    *,
    tolerance_pct: float,
    date_tolerance_months: float,
) -> str:
    """Return the verdict of one claim (the evidence must already be in the claim's unit).

    - no evidence -> not checkable with open data;
    - ``qualitative`` -> needs judgement (the page shows the number beside the claim);
    - ``range`` -> :func:`compare_intervals` of :func:`claimed_interval` and the evidence interval;
    - ``at_least`` (claim: the value is at least ``claimed_low``) -> overstated when the
      whole evidence interval lies below it, else consistent;
    - ``at_most`` (claim: at most ``claimed_high``) -> understated when the whole evidence
      interval lies above it, else consistent;
    - ``date`` -> :func:`compare_dates` of the claimed date and the evidence date;
    - a numeric comparison whose claimed bound is missing -> needs judgement.
    """
    if evidence is None:
        return NOT_CHECKABLE
    if comparison == "qualitative":
        return NEEDS_JUDGEMENT
    ev = (evidence.low, evidence.high)
    has_low = claimed_low is not None and math.isfinite(claimed_low)
    has_high = claimed_high is not None and math.isfinite(claimed_high)
    if comparison == "range" and (has_low or has_high):
        return compare_intervals(claimed_interval(claimed_low, claimed_high, tolerance_pct), ev)
    if comparison == "at_least" and has_low:
        return compare_intervals((claimed_low, math.inf), ev)
    if comparison == "at_most" and has_high:
        return compare_intervals((-math.inf, claimed_high), ev)
    if comparison == "date" and (has_low or has_high):
        claimed = claimed_low if has_low else claimed_high
        return compare_dates(claimed, evidence.value, date_tolerance_months)
    return NEEDS_JUDGEMENT


def percent_scale(claimed_unit: str | None, result_key: str | None) -> float:
    """Return the factor that puts a claimed value in the result's unit.

    Results publish probabilities as fractions unless the key ends in ``_pct``: a claim in
    ``percent`` compared with such a key is multiplied by 0.01. Otherwise 1.
    """
    if claimed_unit == "percent" and result_key and not result_key.endswith("_pct") and "_pct_" not in result_key:
        return 0.01
    return 1.0


# --- evidence from the curated tables ----------------------------------------------------


def _split(cell: Any) -> list[str]:
    if not isinstance(cell, str):
        return []
    return [part.strip() for part in cell.split(";") if part.strip()]


def first_rule_for_chip(rules: pd.DataFrame, chip: str) -> pd.Series | None:
    """Return the earliest-published rule whose ``chips_affected`` lists ``chip`` (exact name), or None."""
    hits = rules[rules["chips_affected"].map(lambda cell: chip in _split(cell))]
    if hits.empty:
        return None
    return hits.sort_values(["published", "rule_id"]).iloc[0]


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
    chip, rule = max(found, key=lambda pair: pair[1]["published"])
    year = decimal_year(rule["published"])
    label = f"export_rules.csv {rule['rule_id']}: {chip} first controlled {pd.Timestamp(rule['published']):%Y-%m-%d}"
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


# --- the ledger ----------------------------------------------------------------------------


def format_number(x: float) -> str:
    """Format a number for the ledger: 1.17 bn, 558 m, 1.25 m, 109,611, 11.4, 0.2 (about three significant digits)."""
    if not _finite(x):
        return "n/a"
    ax = abs(x)
    if ax >= 1e9:
        return f"{x / 1e9:,.2f} bn"
    if ax >= 1e6:
        return f"{x / 1e6:.3g} m"
    if ax >= 1000:
        return f"{x:,.0f}"
    return f"{x:.3g}"


def describe_claim(row: Mapping[str, Any], scale: float = 1.0) -> str:
    """Return the claimed value as text ("10 to 100 x (US/China)", "at most 20 percent", ...)."""
    low, high, unit = row.get("claimed_low"), row.get("claimed_high"), row.get("claimed_unit") or ""
    has_low = _finite(low)
    has_high = _finite(high)
    comparison = row.get("comparison")
    if comparison == "qualitative" or not (has_low or has_high):
        return "no number"
    if comparison == "date":
        year = low if has_low else high
        months = round((year - math.floor(year)) * 12)
        return f"{int(math.floor(year))}-{months + 1:02d}"
    text = (
        f"about {format_number(low)}" if has_low and has_high and low == high
        else f"{format_number(low)} to {format_number(high)}" if has_low and has_high
        else f"at least {format_number(low)}" if has_low
        else f"at most {format_number(high)}"
    )
    return f"{text} {unit}".strip()


def describe_evidence(evidence: Evidence, date: bool = False) -> str:
    """Return the evidence as text: the point, its interval when it has one, and its source."""
    if date:
        return evidence.source
    text = format_number(evidence.value)
    if evidence.low != evidence.high:
        text += f" [{format_number(evidence.low)}, {format_number(evidence.high)}]"
    text += f" ({evidence.source})"
    if evidence.companion:
        text += f"; {evidence.companion}"
    return text


def find_evidence(
    row: Mapping[str, Any], results: Mapping[str, Mapping[str, Any]], rules: pd.DataFrame, events: pd.DataFrame
) -> tuple[Evidence | None, str | None]:
    """Return (evidence, why it is missing) for one claim row; see the module docstring, rule 1.

    The second item is None when the evidence was found or the claim has no key (then the
    claim is not checkable), and a reason when a key is set but no chapter publishes it.
    """
    key = row.get("result_key")
    key = key if isinstance(key, str) and key else None
    if key is None:
        if row.get("comparison") == "date":
            return date_evidence(str(row.get("claim", "")), rules), None
        if row.get("claimed_unit") == "USD":
            return ipo_evidence(str(row.get("claim", "")), events), None
        return None, None
    own = row.get("chapter")
    order = [own] + [c for c in results if c != own]
    for chapter in order:
        if chapter in results:
            found = evidence_from_results(results[chapter], key, chapter)
            if found is not None:
                return found, None
    if own not in results:
        return None, f"the {own} chapter has no results in this build"
    return None, f"no chapter of this build publishes {key}"


def chapter_link(chapter: str | None) -> str:
    """Return the relative link from a top-level page to a chapter's page."""
    return f"chapters/{chapter}.html" if chapter else ""


def ledger(
    claims: pd.DataFrame,
    results: Mapping[str, Mapping[str, Any]],
    rules: pd.DataFrame,
    events: pd.DataFrame,
    *,
    tolerance_pct: float,
    date_tolerance_months: float,
) -> pd.DataFrame:
    """Return one row per claim: the claim, the claimed value, the evidence, the verdict and a link.

    ``results`` is {chapter: results dict} for the chapters of the build (a failed chapter
    is absent: rows that need it get ``result missing``).
    """
    rows = []
    for row in claims.to_dict("records"):
        row = {k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in row.items()}
        evidence, missing = find_evidence(row, results, rules, events)
        scale = percent_scale(row.get("claimed_unit"), row.get("result_key"))
        low = row["claimed_low"] * scale if row.get("claimed_low") is not None else None
        high = row["claimed_high"] * scale if row.get("claimed_high") is not None else None
        if missing is not None:
            result, evidence_text = RESULT_MISSING, f"missing: {missing}"
        else:
            result = verdict(row["comparison"], low, high, evidence, tolerance_pct=tolerance_pct,
                             date_tolerance_months=date_tolerance_months)
            evidence_text = (describe_evidence(evidence, row["comparison"] == "date") if evidence
                             else "no result in the book's open data")
        claimed_text = describe_claim(row)
        if scale != 1.0 and claimed_text != "no number":
            claimed_text += " (compared as a fraction)"
        chapter = evidence.chapter if evidence is not None and evidence.chapter else row["chapter"]
        rows.append({
            "claim_id": row["claim_id"],
            "claim": row["claim"],
            "attributed_to": row["attributed_to"],
            "comparison": row["comparison"],
            "claimed": claimed_text,
            "evidence": evidence_text,
            "evidence_value": evidence.value if evidence else math.nan,
            "evidence_low": evidence.low if evidence else math.nan,
            "evidence_high": evidence.high if evidence else math.nan,
            "verdict": result,
            "chapter": chapter,
            "link": chapter_link(chapter),
        })
    return pd.DataFrame(rows)


def verdict_counts(table: pd.DataFrame) -> dict[str, int]:
    """Return {verdict: number of claims} for every verdict of VERDICTS (zeros included)."""
    counts = table["verdict"].value_counts()
    return {v: int(counts.get(v, 0)) for v in VERDICTS}


def count_glues(table: pd.DataFrame) -> dict[str, int]:
    """Return the glue names and values of the verdict counts: claims_<slug> and claims_total."""
    out = {f"claims_{VERDICT_SLUGS[v]}": n for v, n in verdict_counts(table).items()}
    out["claims_total"] = len(table)
    return out


def html_escape(text: Any) -> str:
    """Escape &, <, > and quotes for HTML text and attributes."""
    return (str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))


def ledger_html(table: pd.DataFrame) -> str:
    """Return the ledger as an HTML table whose chapter column links to the chapter pages."""
    head = ["Claim", "Said by", "Claimed", "The book's evidence", "Verdict", "Chapter"]
    lines = ['<table class="claims-ledger"><thead><tr>'
             + "".join(f"<th>{h}</th>" for h in head) + "</tr></thead><tbody>"]
    for row in table.to_dict("records"):
        link = f'<a href="{html_escape(row["link"])}">{html_escape(row["chapter"])}</a>' if row["link"] else ""
        cells = [f"<b>{html_escape(row['claim_id'])}</b> {html_escape(row['claim'])}", html_escape(row["attributed_to"]),
                 html_escape(row["claimed"]), html_escape(row["evidence"]), f"<b>{html_escape(row['verdict'])}</b>", link]
        lines.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    lines.append("</tbody></table>")
    return "\n".join(lines)

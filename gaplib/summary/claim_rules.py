"""The claims ledger's rules of comparison: one claim's claimed value against the book's evidence.

Pure functions; the verdict words are the constants below. The rules, stated once:

- **Intervals** (:func:`compare_intervals`): a claimed interval (a claimed point widened by a
  relative tolerance, :func:`claimed_interval`) against the evidence interval. Disjoint:
  *overstated* (evidence wholly below) or *understated* (wholly above). Overlapping:
  *consistent*, unless the evidence reaches past every finite bound of the claim; then it
  agrees with the claim and with its opposite, and the verdict is *too wide to decide*.
  For a one-sided claim ("at most 12 months") that means the evidence straddles the bound;
  for a two-sided one that it spans the whole claim and more on both sides.
- **Dates** (:func:`compare_dates`): *outdated or inaccurate* beyond a tolerance in months.
- **Directions** (:func:`direction_verdict`): a claimed direction of the gap ("widening")
  against the directions the book measures for the named dimensions.
- **Attributions** (:func:`attribution_verdict`): a claim that reports what someone said is
  checked against the record of what was said, not graded by the book's evidence.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd

from gaplib.summary.directions import MISSING, NARROWING, STABLE, WIDENING

CONSISTENT = "consistent"
OVERSTATED = "overstated"
UNDERSTATED = "understated"
TOO_WIDE = "too wide to decide"
CONTRADICTED = "contradicted"
MIXED = "mixed evidence"
OUTDATED = "outdated or inaccurate"
NEEDS_JUDGEMENT = "needs judgement"
NOT_CHECKABLE = "not checkable with open data"
RESULT_MISSING = "result missing"
ATTRIBUTION_CONFIRMED = "attribution confirmed"
MISATTRIBUTED = "misattributed"
ATTRIBUTION_NOT_FOUND = "attribution not found"
#: Evidence verdict (never a claim's verdict) when the evidence is the claim's own statement.
OWN_NUMBER = "not evidence: the claim's own number"

#: Every verdict a claim can get, in the order the page lists them.
VERDICTS = (CONSISTENT, OVERSTATED, UNDERSTATED, CONTRADICTED, MIXED, TOO_WIDE, OUTDATED, ATTRIBUTION_CONFIRMED,
            MISATTRIBUTED, ATTRIBUTION_NOT_FOUND, NEEDS_JUDGEMENT, NOT_CHECKABLE, RESULT_MISSING)

#: Glue-name-friendly slug of each verdict (``claims_<slug>`` holds its count).
VERDICT_SLUGS = {
    CONSISTENT: "consistent",
    OVERSTATED: "overstated",
    UNDERSTATED: "understated",
    CONTRADICTED: "contradicted",
    MIXED: "mixed",
    TOO_WIDE: "too_wide",
    OUTDATED: "outdated",
    ATTRIBUTION_CONFIRMED: "attribution_confirmed",
    MISATTRIBUTED: "misattributed",
    ATTRIBUTION_NOT_FOUND: "attribution_not_found",
    NEEDS_JUDGEMENT: "needs_judgement",
    NOT_CHECKABLE: "not_checkable",
    RESULT_MISSING: "result_missing",
}

#: The readings of an attribution recorded in ``claims.csv`` (column ``attribution``) and their verdicts.
ATTRIBUTION_READINGS = {"confirmed": ATTRIBUTION_CONFIRMED, "misattributed": MISATTRIBUTED,
                        "not found": ATTRIBUTION_NOT_FOUND}

#: Directions a claim may assert (``comparison`` column) and the directions that count as measured.
CLAIMED_DIRECTIONS = (WIDENING, NARROWING)
DECIDED_DIRECTIONS = (WIDENING, NARROWING, STABLE)


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
    """Verdict of a claimed interval against an evidence interval (both closed; see the module rules).

    Evidence wholly above the claim -> understated; wholly below -> overstated (touching
    counts as overlap); overlapping and past every finite bound of the claim -> too wide to
    decide; otherwise consistent. A claim with no finite bound is consistent with anything.
    """
    c_lo, c_hi = claim
    e_lo, e_hi = evidence
    if e_lo > c_hi:
        return UNDERSTATED
    if e_hi < c_lo:
        return OVERSTATED
    bounds = [b for b in (c_lo, c_hi) if math.isfinite(b)]
    past = (math.isfinite(c_lo) and e_lo < c_lo) + (math.isfinite(c_hi) and e_hi > c_hi)
    if bounds and past == len(bounds):
        return TOO_WIDE
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


def direction_verdict(claimed: str, directions: Sequence[str]) -> str:
    """Verdict of a claimed direction (``widening`` or ``narrowing``) against measured directions.

    Only decided directions count (widening, narrowing, stable; ``unclear`` and ``not
    measured`` do not). All decided ones equal the claim -> consistent; none does ->
    contradicted; some do -> mixed evidence; none decided -> too wide to decide (no
    dimension moved beyond its uncertainty); every dimension missing -> result missing.
    """
    if claimed not in CLAIMED_DIRECTIONS:
        raise ValueError(f"a claimed direction is one of {CLAIMED_DIRECTIONS}, got {claimed!r}")
    if directions and all(d == MISSING for d in directions):
        return RESULT_MISSING
    decided = [d for d in directions if d in DECIDED_DIRECTIONS]
    if not decided:
        return TOO_WIDE
    if all(d == claimed for d in decided):
        return CONSISTENT
    if claimed not in decided:
        return CONTRADICTED
    return MIXED


def attribution_verdict(reading: str | None, said: str | None,
                        claimed: tuple[float, float] | None = None,
                        stated: tuple[float, float] | None = None) -> str:
    """Verdict of a claim that reports what someone said, from the record of what was said.

    ``reading`` is the curated reading of the speaker's venue (confirmed, misattributed, not
    found) and ``said`` the speaker's words as read there. When the book also holds the
    speaker's number (``stated``, e.g. a stated probability in ``forecasts.csv``), the
    report must not say more than the speaker did: the stated interval inside the claimed
    one (a point claim widened by the tolerance) -> confirmed, else misattributed; a
    reading that contradicts that comparison is refused. Raises ValueError for an unknown
    reading, for "confirmed"/"misattributed" without the words read, and for "not found"
    with words.
    """
    if reading not in ATTRIBUTION_READINGS:
        raise ValueError(f"attribution reading must be one of {sorted(ATTRIBUTION_READINGS)}, got {reading!r}")
    has_words = isinstance(said, str) and bool(said.strip())
    if reading == "not found" and has_words:
        raise ValueError("an attribution 'not found' cannot quote the speaker's words")
    if reading != "not found" and not has_words:
        raise ValueError(f"an attribution read as {reading!r} needs the speaker's words as read (column 'said')")
    if claimed is not None and stated is not None:
        agrees = claimed[0] <= stated[0] and stated[1] <= claimed[1]
        if agrees != (reading == "confirmed"):
            raise ValueError(f"the reading {reading!r} contradicts the stated value {stated} against the claim {claimed}")
    return ATTRIBUTION_READINGS[reading]


def verdict(
    comparison: str,
    claimed_low: float | None,
    claimed_high: float | None,
    evidence,
    *,
    tolerance_pct: float,
    date_tolerance_months: float,
) -> str:
    """Return the evidence verdict of one claim (the evidence must already be in the claim's unit).

    - no evidence -> not checkable with open data;
    - ``qualitative`` -> needs judgement (the page shows the number beside the claim);
    - ``widening``/``narrowing`` -> :func:`direction_verdict` of the evidence's directions;
    - ``range`` -> :func:`compare_intervals` of :func:`claimed_interval` and the evidence interval;
    - ``at_least`` (the value is at least ``claimed_low``) and ``at_most`` (at most
      ``claimed_high``) -> :func:`compare_intervals` against the one-sided claim;
    - ``date`` -> :func:`compare_dates` of the claimed date and the evidence date;
    - a numeric comparison whose claimed bound is missing -> needs judgement.
    """
    if evidence is None:
        return NOT_CHECKABLE
    if comparison == "qualitative":
        return NEEDS_JUDGEMENT
    if comparison in CLAIMED_DIRECTIONS:
        return direction_verdict(comparison, evidence.directions)
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

"""Golden values of the claims ledger's rules: each rule on both sides of every bound, with the
verdicts spelled out here (the page's words) rather than read from the module's constants."""

from __future__ import annotations

import math
from types import SimpleNamespace

import pytest

from gaplib.summary import claim_rules as cr

INF = math.inf


# --- claimed_interval ---------------------------------------------------------------------------

@pytest.mark.parametrize("low, high, tol, expected", [
    (10.0, 10.0, 25.0, (7.5, 12.5)),          # a point widened by 25% of 10 = 2.5 each side
    (-10.0, -10.0, 25.0, (-12.5, -7.5)),      # the margin uses |value|, so the interval stays ordered
    (4.0, 4.0, 0.0, (4.0, 4.0)),              # no tolerance, no widening
    (0.0, 0.0, 50.0, (0.0, 0.0)),             # zero has no relative margin
    (2.0, 5.0, 25.0, (2.0, 5.0)),             # a range is kept as claimed
    (None, 5.0, 25.0, (-INF, 5.0)),           # a missing bound is open
    (2.0, None, 25.0, (2.0, INF)),
    (float("nan"), 5.0, 25.0, (-INF, 5.0)),   # a non-finite bound is open too
    (2.0, float("nan"), 25.0, (2.0, INF)),
])
def test_claimed_interval_by_hand(low, high, tol, expected):
    assert cr.claimed_interval(low, high, tol) == pytest.approx(expected)


def test_an_open_point_claim_is_not_widened():
    assert cr.claimed_interval(None, None, 25.0) == (-INF, INF)


# --- compare_intervals ----------------------------------------------------------------------------

@pytest.mark.parametrize("claim, evidence, expected", [
    ((2.0, 5.0), (6.0, 7.0), "understated"),       # wholly above
    ((2.0, 5.0), (5.0, 7.0), "consistent"),        # touching the top counts as overlap
    ((2.0, 5.0), (0.0, 1.0), "overstated"),        # wholly below
    ((2.0, 5.0), (0.0, 2.0), "consistent"),        # touching the bottom counts as overlap
    ((2.0, 5.0), (3.0, 4.0), "consistent"),        # inside
    ((2.0, 5.0), (1.0, 6.0), "too wide to decide"),  # past both finite bounds
    ((2.0, 5.0), (2.0, 6.0), "consistent"),        # reaches the low bound, does not pass it
    ((2.0, 5.0), (1.0, 5.0), "consistent"),        # reaches the high bound, does not pass it
    ((2.0, 5.0), (1.0, 4.0), "consistent"),        # past one of two bounds only
    ((2.0, INF), (1.0, 3.0), "too wide to decide"),  # straddles the one finite bound
    ((2.0, INF), (2.0, 3.0), "consistent"),
    ((2.0, INF), (3.0, 9.0), "consistent"),
    ((-INF, 5.0), (4.0, 6.0), "too wide to decide"),
    ((-INF, 5.0), (4.0, 5.0), "consistent"),
    ((-INF, 5.0), (6.0, 7.0), "understated"),
    ((2.0, INF), (0.0, 1.0), "overstated"),
    ((-INF, INF), (-1e9, 1e9), "consistent"),      # no finite bound: consistent with anything
])
def test_compare_intervals_on_both_sides_of_each_bound(claim, evidence, expected):
    assert cr.compare_intervals(claim, evidence) == expected


# --- dates ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("date, expected", [
    ("2025-01-01", 2025.0),
    ("2025-07-01", 2025.5),
    ("2025-10-01", 2025.75),
    ("2025-03-16", 2025 + (2 + 15 / 31) / 12),   # March has 31 days
    ("2023-02-15", 2023 + (1 + 14 / 28) / 12),   # a common February
])
def test_decimal_year_by_hand(date, expected):
    assert cr.decimal_year(date) == pytest.approx(expected, abs=1e-12)


@pytest.mark.parametrize("claimed, evidence, tol, expected", [
    (2024.0, 2024.5, 6.0, "consistent"),          # exactly 6 months apart, tolerance 6
    (2024.0, 2024.5, 5.0, "outdated or inaccurate"),
    (2024.5, 2024.0, 6.0, "consistent"),          # a claim dated after its evidence, within tolerance
    (2025.0, 2024.0, 6.0, "outdated or inaccurate"),  # a claim dated a year after its evidence
    (2023.0, 2024.0, 6.0, "outdated or inaccurate"),  # a claim dated a year before its evidence
    (2024.0, 2024.0 + 3 / 12, 3.0, "consistent"),
    (2024.0, 2024.0 + 2 / 12, 2.0, "consistent"),  # 2.0000000000009 months in floats: rounding is tolerated
    (2024.0, 2024.0 + 2.001 / 12, 2.0, "outdated or inaccurate"),
])
def test_compare_dates_on_both_sides(claimed, evidence, tol, expected):
    assert cr.compare_dates(claimed, evidence, tol) == expected


def test_compare_dates_forgives_rounding_of_a_billionth_of_a_month_and_no_more():
    # Half a year from 0.0 is exactly 6.0 months in floats. The rule forgives float rounding up to 1e-9
    # month (about 2.6 ms), inclusive: a tolerance 1e-9 below the gap still passes, 1.5e-9 below does not.
    assert (6.0 - 1e-9) + 1e-9 == 6.0  # the boundary case is exact in floats
    assert cr.compare_dates(0.0, 0.5, 6.0 - 1e-9) == "consistent"
    assert cr.compare_dates(0.0, 0.5, 6.0 - 1.5e-9) == "outdated or inaccurate"


# --- directions -------------------------------------------------------------------------------------

@pytest.mark.parametrize("claimed, directions, expected", [
    ("widening", ["widening", "widening"], "consistent"),
    ("widening", ["widening", "unclear"], "consistent"),          # undecided ones do not count
    ("widening", ["narrowing", "stable"], "contradicted"),
    ("widening", ["widening", "narrowing"], "mixed evidence"),
    ("narrowing", ["narrowing", "stable"], "mixed evidence"),
    ("narrowing", ["stable"], "contradicted"),                    # stable counts as decided
    ("narrowing", ["unclear", "not measured"], "too wide to decide"),
    ("narrowing", ["result missing", "result missing"], "result missing"),
    ("narrowing", ["result missing", "unclear"], "too wide to decide"),
    ("widening", ["result missing", "widening"], "consistent"),
    ("widening", [], "too wide to decide"),
])
def test_direction_verdicts(claimed, directions, expected):
    assert cr.direction_verdict(claimed, directions) == expected


@pytest.mark.parametrize("claimed", ["stable", "unclear", "", None])
def test_a_claimed_direction_must_be_widening_or_narrowing(claimed):
    with pytest.raises(ValueError, match="a claimed direction is one of"):
        cr.direction_verdict(claimed, ["widening"])


# --- attributions -----------------------------------------------------------------------------------

def test_attribution_readings_map_to_verdicts():
    assert cr.attribution_verdict("confirmed", "we said so") == "attribution confirmed"
    assert cr.attribution_verdict("misattributed", "we said otherwise") == "misattributed"
    assert cr.attribution_verdict("not found", None) == "attribution not found"
    assert cr.attribution_verdict("not found", "   ") == "attribution not found"


@pytest.mark.parametrize("reading, said, match", [
    ("maybe", "words", "attribution reading must be one of"),
    (None, "words", "attribution reading must be one of"),
    ("not found", "words", "cannot quote the speaker's words"),
    ("confirmed", None, "needs the speaker's words"),
    ("confirmed", "  ", "needs the speaker's words"),
    ("misattributed", "", "needs the speaker's words"),
])
def test_attribution_refuses_inconsistent_records(reading, said, match):
    with pytest.raises(ValueError, match=match):
        cr.attribution_verdict(reading, said)


@pytest.mark.parametrize("claimed, stated, reading, ok", [
    ((0.2, 0.4), (0.25, 0.35), "confirmed", True),      # stated inside claimed
    ((0.2, 0.4), (0.2, 0.4), "confirmed", True),        # equal bounds are inside
    ((0.2, 0.4), (0.1, 0.3), "confirmed", False),       # stated reaches below the claim
    ((0.2, 0.4), (0.3, 0.5), "confirmed", False),       # stated reaches above the claim
    ((0.2, 0.4), (0.1, 0.3), "misattributed", True),
    ((0.2, 0.4), (0.3, 0.5), "misattributed", True),
    ((0.2, 0.4), (0.25, 0.35), "misattributed", False),
])
def test_attribution_against_the_stated_number(claimed, stated, reading, ok):
    if ok:
        assert cr.attribution_verdict(reading, "said", claimed, stated) == cr.ATTRIBUTION_READINGS[reading]
    else:
        with pytest.raises(ValueError, match="contradicts the stated value"):
            cr.attribution_verdict(reading, "said", claimed, stated)


def test_attribution_without_both_numbers_is_not_compared():
    assert cr.attribution_verdict("confirmed", "said", (0.2, 0.4), None) == "attribution confirmed"
    assert cr.attribution_verdict("confirmed", "said", None, (0.9, 0.95)) == "attribution confirmed"


# --- verdict ----------------------------------------------------------------------------------------

def _ev(low=None, high=None, value=None, directions=()):
    return SimpleNamespace(low=low, high=high, value=value, directions=list(directions))


def _verdict(comparison, low, high, evidence, tol=25.0, months=6.0):
    return cr.verdict(comparison, low, high, evidence, tolerance_pct=tol, date_tolerance_months=months)


@pytest.mark.parametrize("comparison, low, high, evidence, expected", [
    ("range", 1.0, 1.0, None, "not checkable with open data"),
    ("qualitative", 1.0, 1.0, _ev(0.0, 2.0), "needs judgement"),
    ("widening", None, None, _ev(directions=["narrowing"]), "contradicted"),
    ("narrowing", None, None, _ev(directions=["narrowing"]), "consistent"),
    # a point claim of 10 at 25% is [7.5, 12.5]
    ("range", 10.0, 10.0, _ev(12.0, 13.0), "consistent"),
    ("range", 10.0, 10.0, _ev(13.0, 14.0), "understated"),
    ("range", 10.0, 10.0, _ev(6.0, 7.0), "overstated"),
    ("range", 10.0, 10.0, _ev(7.0, 13.0), "too wide to decide"),
    ("range", None, 10.0, _ev(9.0, 11.0), "too wide to decide"),   # only the high bound: [-inf, 10]
    ("range", 10.0, None, _ev(11.0, 12.0), "consistent"),          # only the low bound: [10, inf]
    ("range", None, None, _ev(0.0, 1.0), "needs judgement"),
    ("range", float("nan"), float("nan"), _ev(0.0, 1.0), "needs judgement"),
    ("at_least", 5.0, None, _ev(6.0, 7.0), "consistent"),
    ("at_least", 5.0, None, _ev(3.0, 4.0), "overstated"),
    ("at_least", 5.0, None, _ev(4.0, 6.0), "too wide to decide"),
    ("at_least", 5.0, 5.5, _ev(6.0, 7.0), "consistent"),             # the high bound is ignored
    ("at_least", None, 5.0, _ev(6.0, 7.0), "needs judgement"),
    ("at_most", None, 5.0, _ev(6.0, 7.0), "understated"),
    ("at_most", None, 5.0, _ev(3.0, 4.0), "consistent"),
    ("at_most", 4.5, 5.0, _ev(3.0, 4.0), "consistent"),             # the low bound is ignored
    ("at_most", 5.0, None, _ev(6.0, 7.0), "needs judgement"),
    ("date", 2024.0, None, _ev(value=2024.4), "consistent"),
    ("date", 2024.0, None, _ev(value=2025.0), "outdated or inaccurate"),
    ("date", None, 2024.0, _ev(value=2024.4), "consistent"),        # the high bound when alone
    ("date", 2024.0, 2030.0, _ev(value=2024.4), "consistent"),      # the low bound first
    ("date", None, None, _ev(value=2024.0), "needs judgement"),
    ("ratio", 1.0, 2.0, _ev(0.0, 3.0), "needs judgement"),           # an unknown comparison
])
def test_verdict_dispatch(comparison, low, high, evidence, expected):
    assert _verdict(comparison, low, high, evidence) == expected


def test_verdict_uses_the_tolerances_it_is_given():
    # 10 at 50% is [5, 15]; at 25% it is [7.5, 12.5]
    assert _verdict("range", 10.0, 10.0, _ev(13.0, 14.0), tol=50.0) == "consistent"
    assert _verdict("range", 10.0, 10.0, _ev(13.0, 14.0), tol=25.0) == "understated"
    assert _verdict("date", 2024.0, None, _ev(value=2025.0), months=12.0) == "consistent"
    assert _verdict("date", 2024.0, None, _ev(value=2025.0), months=11.0) == "outdated or inaccurate"


# --- percent_scale ----------------------------------------------------------------------------------

@pytest.mark.parametrize("unit, key, expected", [
    ("percent", "p_taiwan_2030", 0.01),
    ("percent", "share_pct", 1.0),
    ("percent", "share_pct_2030", 1.0),
    ("percent", None, 1.0),
    ("percent", "", 1.0),
    ("months", "gap_months", 1.0),
    (None, "p_taiwan_2030", 1.0),
])
def test_percent_scale(unit, key, expected):
    assert cr.percent_scale(unit, key) == expected

"""The claims ledger's verdict rules on hand-built cases, with boundaries and properties."""

import math

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from gaplib import claims
from gaplib.claims import (CONSISTENT, NEEDS_JUDGEMENT, NOT_CHECKABLE, OUTDATED, OVERSTATED, RESULT_MISSING,
                           UNDERSTATED, Evidence)

RULES = pd.DataFrame({
    "rule_id": ["R01", "R02", "R07"],
    "published": pd.to_datetime(["2022-10-07", "2023-10-17", "2025-04-15"]),
    "chips_affected": ["A100;H100", "A100;A800;H100;H800", "H20;MI308"],
})
EVENTS = pd.DataFrame({
    "event_id": ["E01", "E02"], "entity": ["Zhipu AI (Knowledge Atlas)", "MiniMax"], "kind": ["ipo", "ipo"],
    "amount_usd_low": [557_692_000.0, 611_000_000.0], "amount_usd_high": [557_692_000.0, 619_000_000.0],
})


def point(x):
    return Evidence(x, x, x, "test")


def judge(comparison, low, high, evidence, tol=25.0, months=6.0):
    return claims.verdict(comparison, low, high, evidence, tolerance_pct=tol, date_tolerance_months=months)


# --- each verdict reachable, with exact boundaries --------------------------------------------

def test_range_overlap_above_below():
    assert judge("range", 10, 100, point(11.4)) == CONSISTENT
    assert judge("range", 10, 100, point(150)) == UNDERSTATED
    assert judge("range", 10, 100, point(5)) == OVERSTATED


def test_range_boundaries_touching_count_as_overlap():
    assert judge("range", 10, 100, point(10)) == CONSISTENT
    assert judge("range", 10, 100, point(100)) == CONSISTENT
    assert judge("range", 10, 100, Evidence(5, 1, 10, "t")) == CONSISTENT
    assert judge("range", 10, 100, Evidence(5, 1, 9.999, "t")) == OVERSTATED


def test_point_claim_is_widened_by_the_tolerance():
    assert claims.claimed_interval(10, 10, 25) == (7.5, 12.5)
    assert judge("range", 10, 10, point(12.5)) == CONSISTENT
    assert judge("range", 10, 10, point(12.51)) == UNDERSTATED
    assert judge("range", 10, 10, point(7.5)) == CONSISTENT
    assert judge("range", 10, 10, point(7.49)) == OVERSTATED
    assert judge("range", 10, 10, point(11), tol=0) == UNDERSTATED


def test_one_sided_claims():
    assert judge("at_least", 1e9, None, point(1.17e9)) == CONSISTENT
    assert judge("at_least", 1e9, None, point(1e9)) == CONSISTENT
    assert judge("at_least", 1e9, None, point(0.9e9)) == OVERSTATED
    assert judge("at_least", 1e9, None, Evidence(0.9e9, 0.8e9, 1.1e9, "t")) == CONSISTENT
    assert judge("at_most", None, 12, Evidence(5.7, -5.2, 20.3, "t")) == CONSISTENT
    assert judge("at_most", None, 12, point(12)) == CONSISTENT
    assert judge("at_most", None, 0.2, point(0.87)) == UNDERSTATED


def test_dates_against_the_tolerance():
    assert judge("date", 2025.75, 2025.75, point(2022.75)) == OUTDATED
    assert judge("date", 2025.75, 2025.75, point(2025.25)) == CONSISTENT  # exactly 6 months
    assert judge("date", 2025.75, 2025.75, point(2025.25 - 1 / 120)) == OUTDATED


def test_qualitative_missing_and_undecidable():
    assert judge("qualitative", None, None, point(3)) == NEEDS_JUDGEMENT
    assert judge("range", 10, 100, None) == NOT_CHECKABLE
    assert judge("qualitative", None, None, None) == NOT_CHECKABLE
    assert judge("range", None, None, point(3)) == NEEDS_JUDGEMENT


# --- properties ------------------------------------------------------------------------------

finite = st.floats(-1e6, 1e6, allow_nan=False)


@given(finite, finite, finite, finite, st.floats(0, 1e3), st.floats(0, 1e3))
def test_widening_the_evidence_never_undoes_consistent(a, b, c, d, wider_low, wider_high):
    claim = (min(a, b), max(a, b))
    evidence = (min(c, d), max(c, d))
    if claims.compare_intervals(claim, evidence) == CONSISTENT:
        wider = (evidence[0] - wider_low, evidence[1] + wider_high)
        assert claims.compare_intervals(claim, wider) == CONSISTENT


@given(finite, finite, finite, finite)
def test_verdict_is_symmetric_under_negation(a, b, c, d):
    """Mirroring both intervals swaps overstated and understated and keeps consistent."""
    claim, evidence = (min(a, b), max(a, b)), (min(c, d), max(c, d))
    swap = {CONSISTENT: CONSISTENT, OVERSTATED: UNDERSTATED, UNDERSTATED: OVERSTATED}
    mirrored = claims.compare_intervals((-claim[1], -claim[0]), (-evidence[1], -evidence[0]))
    assert mirrored == swap[claims.compare_intervals(claim, evidence)]


@given(st.floats(1e-3, 1e6), st.floats(0, 100), st.floats(0, 100))
def test_a_larger_tolerance_never_undoes_consistent(x, tol, extra):
    ev = (x * 1.1, x * 1.1)
    if claims.compare_intervals(claims.claimed_interval(x, x, tol), ev) == CONSISTENT:
        assert claims.compare_intervals(claims.claimed_interval(x, x, tol + extra), ev) == CONSISTENT


# --- evidence lookup, units and dates ---------------------------------------------------------

def test_interval_keys_cover_the_naming_patterns():
    res = {"frontier_lag_months": 5.7, "frontier_lag_months_ci_low": -5.2, "frontier_lag_months_ci_high": 20.3,
           "open_weight_share_china_pct": 65.0, "open_weight_share_china_ci_low_pct": 55.0,
           "open_weight_share_china_ci_high_pct": 75.0, "open_weight_share_us_pct": 23.0,
           "eci_lag_trend_months_per_year": -0.9, "eci_lag_trend_ci_low": -3.9, "eci_lag_trend_ci_high": 2.1}
    assert (e := claims.evidence_from_results(res, "frontier_lag_months", "algorithms")).low == -5.2 and e.high == 20.3
    e = claims.evidence_from_results(res, "open_weight_share_china_pct", "algorithms")
    assert (e.low, e.high) == (55.0, 75.0) and "open_weight_share_us_pct" in e.companion
    e = claims.evidence_from_results(res, "eci_lag_trend_months_per_year", "algorithms")
    assert (e.low, e.high) == (-3.9, 2.1)
    assert claims.evidence_from_results(res, "absent", "algorithms") is None


def test_percent_claims_are_compared_as_fractions():
    assert claims.percent_scale("percent", "pooled_probability_overtake_5y") == 0.01
    assert claims.percent_scale("percent", "pooled_probability_overtake_5y_pct") == 1.0
    assert claims.percent_scale("x (US/China)", "us_china_h100e_ratio") == 1.0


def test_decimal_year_matches_the_month_start_encoding():
    assert claims.decimal_year("2025-10-01") == 2025.75
    assert claims.decimal_year("2022-01-01") == 2022.0
    assert 2022.75 < claims.decimal_year("2022-10-07") < 2022.77


def test_first_rule_for_a_chip():
    assert claims.first_rule_for_chip(RULES, "H100")["rule_id"] == "R01"
    assert claims.first_rule_for_chip(RULES, "H800")["rule_id"] == "R02"
    assert claims.first_rule_for_chip(RULES, "B300") is None
    assert claims.chips_named("Nvidia H100 shipments remain blocked", RULES) == ["H100"]
    assert claims.chips_named("the H20 and H200 chips", RULES) == ["H20"]  # whole names only


def test_ipo_evidence_needs_exactly_one_company():
    assert claims.ipo_evidence("Zhipu AI raised US$558 million", EVENTS).source.endswith("E01")
    assert claims.ipo_evidence("Zhipu AI and MiniMax raised", EVENTS) is None
    assert claims.ipo_evidence("Nobody raised", EVENTS) is None


def _claims_frame(rows):
    cols = ["claim_id", "claim", "attributed_to", "chapter", "result_key", "claimed_low", "claimed_high",
            "claimed_unit", "comparison"]
    return pd.DataFrame(rows, columns=cols)


CLAIMS = _claims_frame([
    ["C01", "odds below 20%", "Lin", "leaders", "pooled_probability_overtake_5y", None, 20, "percent", "at_most"],
    ["C11", "ten-fold throughput", "insiders", "hardware", "us_china_h100e_ratio", 10, 10, "x (US/China)", "range"],
    ["C12", "iteration in weeks", "article", "hardware", None, None, None, None, "qualitative"],
    ["C18", "Zhipu AI raised US$558 million", "article", "funding", None, 558e6, 558e6, "USD", "range"],
    ["C22", "Nvidia H100 blocked by October 2025 rules", "article", "geopolitics", None, 2025.75, 2025.75,
     "decimal year (month start)", "date"],
    ["C26", "gap widening", "article", "hardware", "us_frontier_growth_per_year", None, None, None, "qualitative"],
])
RESULTS = {
    "leaders": {"pooled_probability_overtake_5y": 0.2},
    "hardware": {"us_china_h100e_ratio": 11.4},
    "algorithms": {"us_frontier_growth_per_year": 4.3, "china_frontier_growth_per_year": 8.4,
                   "us_china_h100e_ratio": 11.4},
}


def make(results, **kw):
    return claims.ledger(CLAIMS, results, RULES, EVENTS, tolerance_pct=kw.get("tol", 25.0),
                         date_tolerance_months=kw.get("months", 6.0)).set_index("claim_id")


def test_ledger_on_hand_built_results():
    t = make(RESULTS)
    assert list(t.index) == list(CLAIMS["claim_id"])
    assert t.loc["C01", "verdict"] == CONSISTENT  # 0.2 against "below 20 percent" as a fraction
    assert t.loc["C11", "verdict"] == CONSISTENT
    assert t.loc["C12", "verdict"] == NOT_CHECKABLE
    assert t.loc["C18", "verdict"] == CONSISTENT
    assert t.loc["C22", "verdict"] == OUTDATED and "R01" in t.loc["C22", "evidence"]
    assert t.loc["C26", "verdict"] == NEEDS_JUDGEMENT
    assert "china_frontier_growth_per_year" in t.loc["C26", "evidence"]
    assert t.loc["C26", "link"] == "chapters/algorithms.html"  # where the evidence was found


def test_a_larger_ratio_flips_the_ten_fold_claim():
    t = make({**RESULTS, "hardware": {"us_china_h100e_ratio": 98.5}})
    assert t.loc["C11", "verdict"] == UNDERSTATED


def test_missing_chapters_give_result_missing_rows():
    t = make({"algorithms": RESULTS["algorithms"]})
    assert len(t) == len(CLAIMS)
    assert t.loc["C01", "verdict"] == RESULT_MISSING and "leaders" in t.loc["C01", "evidence"]
    assert t.loc["C11", "verdict"] == CONSISTENT  # hardware is absent, but algorithms also publishes the ratio
    t = make({})
    assert set(t.loc[["C01", "C11", "C26"], "verdict"]) == {RESULT_MISSING}
    assert t.loc["C22", "verdict"] == OUTDATED  # dated from the export-rules table, no chapter needed


def test_counts_cover_every_verdict_and_add_up():
    t = make(RESULTS).reset_index()
    counts = claims.count_glues(t)
    assert counts["claims_total"] == len(CLAIMS)
    assert sum(v for k, v in counts.items() if k != "claims_total") == len(CLAIMS)
    assert set(counts) == {f"claims_{s}" for s in claims.VERDICT_SLUGS.values()} | {"claims_total"}


def test_html_escapes_and_links():
    html = claims.ledger_html(make(RESULTS).reset_index())
    assert html.count("<tr>") == len(CLAIMS) + 1
    assert 'href="chapters/hardware.html"' in html


def test_format_number():
    assert claims.format_number(1.173e9) == "1.17 bn"
    assert claims.format_number(557_692_000) == "558 m"
    assert claims.format_number(11.41) == "11.4"
    assert claims.format_number(math.nan) == "n/a"


def test_the_curated_claims_all_reach_the_ledger():
    from gaplib import data

    curated = data.load("claims")
    t = claims.ledger(curated, RESULTS, data.load("export_rules"), data.load("funding_events"),
                      tolerance_pct=25.0, date_tolerance_months=6.0)
    assert list(t["claim_id"]) == list(curated["claim_id"])
    assert set(t["verdict"]) <= set(claims.VERDICTS)
    assert t.set_index("claim_id").loc["C22", "verdict"] == OUTDATED

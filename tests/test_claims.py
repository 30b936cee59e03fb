"""The claims ledger's verdict rules on hand-built cases, with boundaries and properties."""

import math

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from gaplib.present import claims_render
from gaplib.summary import claim_evidence, claim_rules, claims
from gaplib.summary.claim_evidence import Evidence
from gaplib.summary.claim_rules import (ATTRIBUTION_CONFIRMED, ATTRIBUTION_NOT_FOUND, CONSISTENT, CONTRADICTED, MISATTRIBUTED,
                                        MIXED, NEEDS_JUDGEMENT, NOT_CHECKABLE, OUTDATED, OVERSTATED, OWN_NUMBER,
                                        RESULT_MISSING, TOO_WIDE, UNDERSTATED)

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
    return claim_rules.verdict(comparison, low, high, evidence, tolerance_pct=tol, date_tolerance_months=months)


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
    assert claim_rules.claimed_interval(10, 10, 25) == (7.5, 12.5)
    assert judge("range", 10, 10, point(12.5)) == CONSISTENT
    assert judge("range", 10, 10, point(12.51)) == UNDERSTATED
    assert judge("range", 10, 10, point(7.5)) == CONSISTENT
    assert judge("range", 10, 10, point(7.49)) == OVERSTATED
    assert judge("range", 10, 10, point(11), tol=0) == UNDERSTATED


def test_one_sided_claims():
    assert judge("at_least", 1e9, None, point(1.17e9)) == CONSISTENT
    assert judge("at_least", 1e9, None, point(1e9)) == CONSISTENT
    assert judge("at_least", 1e9, None, point(0.9e9)) == OVERSTATED
    assert judge("at_least", 1e9, None, Evidence(1.05e9, 1e9, 1.1e9, "t")) == CONSISTENT  # touching the bound
    assert judge("at_most", None, 12, point(12)) == CONSISTENT
    assert judge("at_most", None, 12, Evidence(5, 1, 12, "t")) == CONSISTENT
    assert judge("at_most", None, 0.2, point(0.87)) == UNDERSTATED


# --- too wide to decide: evidence past every finite bound of the claim -----------------------

def test_one_sided_evidence_straddling_the_bound_is_too_wide():
    assert judge("at_most", None, 12, Evidence(5.7, -5.2, 20.3, "t")) == TOO_WIDE  # the frontier lag's interval
    assert judge("at_most", None, 12, Evidence(5.7, -5.2, 12.0, "t")) == CONSISTENT
    assert judge("at_most", None, 12, Evidence(5.7, -5.2, 12.01, "t")) == TOO_WIDE
    assert judge("at_least", 1e9, None, Evidence(0.9e9, 0.8e9, 1.1e9, "t")) == TOO_WIDE
    assert judge("at_least", 1e9, None, Evidence(1.05e9, 1e9, 1.1e9, "t")) == CONSISTENT
    assert judge("at_least", 1e9, None, Evidence(1.05e9, 0.99e9, 1.1e9, "t")) == TOO_WIDE
    assert judge("at_least", 0, None, Evidence(11.7, -8.4, 34.6, "t")) == TOO_WIDE  # the chip-generation gap


def test_two_sided_claim_spanned_on_both_sides_is_too_wide():
    assert judge("range", 10, 100, Evidence(50, 5, 150, "t")) == TOO_WIDE
    assert judge("range", 10, 100, Evidence(50, 10, 150, "t")) == CONSISTENT  # not past the low bound
    assert judge("range", 10, 100, Evidence(50, 5, 100, "t")) == CONSISTENT  # not past the high bound
    assert judge("range", 10, 100, Evidence(50, 20, 80, "t")) == CONSISTENT  # inside the claim
    assert judge("range", 10, 10, Evidence(10, 7, 13, "t")) == TOO_WIDE  # past 7.5 and 12.5 (+-25%)
    assert judge("range", 10, 10, Evidence(10, 7.5, 13, "t")) == CONSISTENT
    assert claim_rules.compare_intervals((-math.inf, math.inf), (-1e9, 1e9)) == CONSISTENT  # nothing claimed


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
def test_widening_the_evidence_never_contradicts_a_consistent_claim(a, b, c, d, wider_low, wider_high):
    """Wider evidence may become too wide to decide, never overstated or understated."""
    claim = (min(a, b), max(a, b))
    evidence = (min(c, d), max(c, d))
    if claim_rules.compare_intervals(claim, evidence) in (CONSISTENT, TOO_WIDE):
        wider = (evidence[0] - wider_low, evidence[1] + wider_high)
        assert claim_rules.compare_intervals(claim, wider) in (CONSISTENT, TOO_WIDE)


@given(finite, finite, finite, finite, st.floats(1e-3, 1e3))
def test_evidence_past_both_ends_of_a_two_sided_claim_is_always_too_wide(a, b, c, d, margin):
    claim = (min(a, b), max(a, b))
    assert claim_rules.compare_intervals(claim, (claim[0] - margin, claim[1] + margin)) == TOO_WIDE


@given(finite, finite, finite, finite)
def test_verdict_is_symmetric_under_negation(a, b, c, d):
    """Mirroring both intervals swaps overstated and understated and keeps consistent."""
    claim, evidence = (min(a, b), max(a, b)), (min(c, d), max(c, d))
    swap = {CONSISTENT: CONSISTENT, TOO_WIDE: TOO_WIDE, OVERSTATED: UNDERSTATED, UNDERSTATED: OVERSTATED}
    mirrored = claim_rules.compare_intervals((-claim[1], -claim[0]), (-evidence[1], -evidence[0]))
    assert mirrored == swap[claim_rules.compare_intervals(claim, evidence)]


@given(st.floats(1e-3, 1e6), st.floats(0, 100), st.floats(0, 100))
def test_a_larger_tolerance_never_undoes_consistent(x, tol, extra):
    ev = (x * 1.1, x * 1.1)
    if claim_rules.compare_intervals(claim_rules.claimed_interval(x, x, tol), ev) == CONSISTENT:
        assert claim_rules.compare_intervals(claim_rules.claimed_interval(x, x, tol + extra), ev) == CONSISTENT  # a point: never too wide


# --- evidence lookup, units and dates ---------------------------------------------------------

def test_interval_keys_cover_the_naming_patterns():
    res = {"frontier_lag_months": 5.7, "frontier_lag_months_ci_low": -5.2, "frontier_lag_months_ci_high": 20.3,
           "open_weight_share_china_pct": 65.0, "open_weight_share_china_ci_low_pct": 55.0,
           "open_weight_share_china_ci_high_pct": 75.0, "open_weight_share_us_pct": 23.0,
           "eci_lag_trend_months_per_year": -0.9, "eci_lag_trend_ci_low": -3.9, "eci_lag_trend_ci_high": 2.1}
    assert (e := claim_evidence.evidence_from_results(res, "frontier_lag_months", "algorithms")).low == -5.2 and e.high == 20.3
    e = claim_evidence.evidence_from_results(res, "open_weight_share_china_pct", "algorithms")
    assert (e.low, e.high) == (55.0, 75.0) and e.companion == "US: 23"
    assert e.source == "algorithms chapter"
    e = claim_evidence.evidence_from_results(res, "eci_lag_trend_months_per_year", "algorithms")
    assert (e.low, e.high) == (-3.9, 2.1)
    assert claim_evidence.evidence_from_results(res, "absent", "algorithms") is None


def test_the_ledger_names_results_in_words_never_by_their_keys():
    res = {"eci_lag_months_mean": 6.0, "arena_gap_latest_elo": 36.0, "arena_win_probability_latest_pct": 55.2}
    e = claim_evidence.evidence_from_results(res, "eci_lag_months_mean", "algorithms",
                                     ["arena_gap_latest_elo", "arena_win_probability_latest_pct"], "Capability lag")
    assert e.source == "algorithms chapter: Capability lag"
    assert e.companion == ("LMArena Elo gap, latest version: 36; chance the top US model is preferred, latest "
                           "LMArena version (%): 55.2")
    with pytest.raises(KeyError, match="no words for the result 'other_key'"):
        claim_evidence.evidence_from_results({"a": 1.0, "other_key": 2.0}, "a", "x", ["other_key"])


def test_every_result_the_curated_ledger_shows_beside_a_claim_has_words():
    from gaplib import data
    from gaplib.summary.claim_evidence import RESULT_WORDS, companion_words

    for cell in data.load("claims")["result_key"].dropna():
        key, *also = claim_evidence.result_keys(cell)
        for shown in also:
            assert companion_words(key, shown) == RESULT_WORDS[shown]


def test_percent_claims_are_compared_as_fractions():
    assert claim_rules.percent_scale("percent", "pooled_probability_overtake_5y") == 0.01
    assert claim_rules.percent_scale("percent", "pooled_probability_overtake_5y_pct") == 1.0
    assert claim_rules.percent_scale("x (US/China)", "us_china_h100e_ratio") == 1.0


def test_decimal_year_matches_the_month_start_encoding():
    assert claim_rules.decimal_year("2025-10-01") == 2025.75
    assert claim_rules.decimal_year("2022-01-01") == 2022.0
    assert 2022.75 < claim_rules.decimal_year("2022-10-07") < 2022.77


def test_first_rule_for_a_chip():
    assert claim_evidence.first_rule_for_chip(RULES, "H100")["rule_id"] == "R01"
    assert claim_evidence.first_rule_for_chip(RULES, "H800")["rule_id"] == "R02"
    assert claim_evidence.first_rule_for_chip(RULES, "B300") is None
    assert claim_evidence.chips_named("Nvidia H100 shipments remain blocked", RULES) == ["H100"]
    assert claim_evidence.chips_named("the H20 and H200 chips", RULES) == ["H20"]  # whole names only


def test_ipo_evidence_needs_exactly_one_company():
    assert claim_evidence.ipo_evidence("Zhipu AI raised US$558 million", EVENTS).source.endswith("E01")
    assert claim_evidence.ipo_evidence("Zhipu AI and MiniMax raised", EVENTS) is None
    assert claim_evidence.ipo_evidence("Nobody raised", EVENTS) is None


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
    assert "China: 8.4" in t.loc["C26", "evidence"]
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
    assert sum(v for k, v in counts.items() if k.startswith("claims_") and k != "claims_total") == len(CLAIMS)
    assert {k for k in counts if k.startswith("claims_")} == (
        {f"claims_{s}" for s in claim_rules.VERDICT_SLUGS.values()} | {"claims_total"})
    assert counts["ledger_attributions"] + counts["ledger_assertions"] == len(CLAIMS)
    assert counts["ledger_findings"] == 1  # C22, misdated


def test_html_escapes_and_links():
    html = claims_render.ledger_html(make(RESULTS).reset_index())
    assert html.count("<tr>") == len(CLAIMS) + 1
    assert 'href="chapters/hardware.html"' in html


def test_format_number():
    assert claims_render.format_number(1.173e9) == "1.17 bn"
    assert claims_render.format_number(557_692_000) == "558 m"
    assert claims_render.format_number(11.41) == "11.4"
    assert claims_render.format_number(math.nan) == "n/a"


def test_the_curated_claims_all_reach_the_ledger():
    from gaplib import data

    curated = data.load("claims")
    t = claims.ledger(curated, RESULTS, data.load("export_rules"), data.load("funding_events"),
                      tolerance_pct=25.0, date_tolerance_months=6.0)
    assert list(t["claim_id"]) == list(curated["claim_id"])
    assert set(t["verdict"]) <= set(claim_rules.VERDICTS)
    assert t.set_index("claim_id").loc["C22", "verdict"] == OUTDATED


# --- directions of the gap ------------------------------------------------------------------

def test_direction_verdict_on_both_sides():
    assert claim_rules.direction_verdict("widening", ["widening", "unclear", "not measured"]) == CONSISTENT
    assert claim_rules.direction_verdict("widening", ["widening", "widening"]) == CONSISTENT
    assert claim_rules.direction_verdict("widening", ["widening", "narrowing"]) == MIXED
    assert claim_rules.direction_verdict("widening", ["widening", "stable"]) == MIXED
    assert claim_rules.direction_verdict("widening", ["narrowing", "stable"]) == CONTRADICTED
    assert claim_rules.direction_verdict("narrowing", ["narrowing", "unclear"]) == CONSISTENT
    assert claim_rules.direction_verdict("narrowing", ["widening"]) == CONTRADICTED
    assert claim_rules.direction_verdict("widening", ["unclear", "not measured"]) == TOO_WIDE
    assert claim_rules.direction_verdict("widening", ["result missing", "result missing"]) == RESULT_MISSING
    assert claim_rules.direction_verdict("widening", ["result missing", "widening"]) == CONSISTENT
    with pytest.raises(ValueError, match="widening"):
        claim_rules.direction_verdict("stable", ["stable"])


def _summary(**directions):
    return pd.DataFrame({"slug": list(directions), "dimension": [s.title() for s in directions],
                         "direction": list(directions.values())})


def test_direction_evidence_reads_the_gap_at_a_glance():
    summary = _summary(compute="widening", arena="narrowing", chips="not measured")
    ev = claim_evidence.direction_evidence(summary, ["compute", "arena"])
    assert ev.directions == ("widening", "narrowing") and ev.value == 2.0
    assert "Compute: widening" in ev.source and ev.chapter == "intro"
    assert judge("widening", None, None, ev) == MIXED
    assert judge("narrowing", None, None, claim_evidence.direction_evidence(summary, ["arena", "chips"])) == CONSISTENT
    with pytest.raises(ValueError, match="power"):
        claim_evidence.direction_evidence(summary, ["compute", "power"])


# --- attributions ---------------------------------------------------------------------------

def test_attribution_readings_and_their_checks():
    assert claim_rules.attribution_verdict("confirmed", "said so") == ATTRIBUTION_CONFIRMED
    assert claim_rules.attribution_verdict("misattributed", "said otherwise") == MISATTRIBUTED
    assert claim_rules.attribution_verdict("not found", None) == ATTRIBUTION_NOT_FOUND
    with pytest.raises(ValueError, match="words"):
        claim_rules.attribution_verdict("confirmed", "  ")
    with pytest.raises(ValueError, match="cannot quote"):
        claim_rules.attribution_verdict("not found", "some words")
    with pytest.raises(ValueError, match="one of"):
        claim_rules.attribution_verdict("probably", "x")


def test_an_attributed_number_is_checked_against_the_stated_one():
    below_20 = (-math.inf, 20.0)
    assert claim_rules.attribution_verdict("confirmed", "under 20%", below_20, (0.0, 20.0)) == ATTRIBUTION_CONFIRMED
    assert claim_rules.attribution_verdict("misattributed", "30 to 40%", below_20, (30.0, 40.0)) == MISATTRIBUTED
    with pytest.raises(ValueError, match="contradicts"):
        claim_rules.attribution_verdict("confirmed", "30 to 40%", below_20, (30.0, 40.0))
    with pytest.raises(ValueError, match="contradicts"):
        claim_rules.attribution_verdict("misattributed", "under 20%", below_20, (0.0, 20.0))


FORECASTS = pd.DataFrame({"forecast_id": ["P01", "P02"], "fact_id": ["F022", "F024"],
                          "probability_low": [0.0, None], "probability_high": [0.2, None]})


def test_pooled_stated_odds_restate_the_claim_they_come_from():
    assert claim_evidence.restates_claim("pooled_probability_overtake_5y", "F022", FORECASTS)
    assert not claim_evidence.restates_claim("pooled_probability_overtake_5y", "F024", FORECASTS)  # no probability stated
    assert not claim_evidence.restates_claim("us_china_h100e_ratio", "F022", FORECASTS)
    assert not claim_evidence.restates_claim("pooled_probability_overtake_5y", None, FORECASTS)
    assert claim_evidence.stated_interval("F022", FORECASTS, 100.0) == (0.0, 20.0)
    assert claim_evidence.stated_interval("F024", FORECASTS, 100.0) is None


ATTRIBUTED = _claims_frame([
    ["C01", "odds below 20%", "Lin", "leaders", "pooled_probability_overtake_5y", None, 20, "percent", "at_most"],
    ["C14", "gaps close within months", "Allen", "algorithms", "eci_lag_months_mean;arena_gap_latest_elo", None, 12,
     "months", "at_most"],
    ["C04", "one to two orders", "panel", "hardware", "gap_orders_of_magnitude", 1, 2, "orders of magnitude", "range"],
]).assign(kind="attribution", attribution=["confirmed", "misattributed", "not found"],
          said=["under 20%", "a lead of a year or two", None], fact_id=["F022", "F026", "F023"])


def test_attributions_are_graded_by_the_record_not_by_the_evidence():
    results = {"leaders": {"pooled_probability_overtake_5y": 0.2},
               "algorithms": {"eci_lag_months_mean": 5.97, "arena_gap_latest_elo": 36.0},
               "hardware": {"gap_orders_of_magnitude": 1.06}}
    t = claims.ledger(ATTRIBUTED, results, RULES, EVENTS, tolerance_pct=25, date_tolerance_months=6,
                      forecasts=FORECASTS).set_index("claim_id")
    assert t.loc["C01", "verdict"] == ATTRIBUTION_CONFIRMED
    assert t.loc["C01", "evidence_verdict"] == OWN_NUMBER  # the pooled odds are Lin's own statement
    assert t.loc["C14", "verdict"] == MISATTRIBUTED and t.loc["C14", "evidence_verdict"] == CONSISTENT
    assert "LMArena Elo gap, latest version: 36" in t.loc["C14", "evidence"]
    assert t.loc["C04", "verdict"] == ATTRIBUTION_NOT_FOUND and t.loc["C04", "evidence_verdict"] == CONSISTENT
    counts = claims.count_glues(t.reset_index())
    assert counts["claims_consistent"] == 0 and counts["ledger_attributions"] == 3
    assert list(claims_render.findings(t.reset_index(), claims.FINDINGS)["claim_id"]) == ["C14"]
    html = claims_render.ledger_html(t.reset_index())
    assert "Against this evidence:</i> consistent" in html


def test_an_attribution_contradicted_by_the_stated_number_is_refused():
    wrong = ATTRIBUTED.iloc[[0]].assign(claimed_high=10.0)  # "below 10%", but P01 states up to 20%
    with pytest.raises(ValueError, match="contradicts"):
        claims.ledger(wrong, {"leaders": {"pooled_probability_overtake_5y": 0.2}}, RULES, EVENTS,
                      tolerance_pct=25, date_tolerance_months=6, forecasts=FORECASTS)


# --- measures, proxies and reasons ----------------------------------------------------------

def test_measures_feed_the_ledger_and_proxies_and_reasons_are_shown():
    frame = _claims_frame([
        ["C10", "latest chips", "article", "hardware", None, 0, None, "percentage points", "at_least"],
        ["C24", "older nodes", "article", "hardware", None, 1, None, "years", "at_least"],
        ["C26", "gap widening", "article", "hardware", None, None, None, None, "widening"],
        ["C13", "millions of tokens", "article", "algorithms", None, 1e6, None, "tokens", "at_least"],
    ]).assign(measure=["training_chip_generation", "china_node_lag", "directions:compute,arena", None],
              proxy=[None, "a stand-in", None, None], unchecked=[None, None, None, "no context lengths"])
    measures = {"training_chip_generation": Evidence(11.7, -8.4, 34.6, "gen"),
                "china_node_lag": Evidence(4.0, 4.0, 4.0, "nodes"),
                "directions:compute,arena": claim_evidence.direction_evidence(
                    _summary(compute="widening", arena="narrowing"), ["compute", "arena"])}
    t = claims.ledger(frame, {}, RULES, EVENTS, tolerance_pct=25, date_tolerance_months=6,
                      measures=measures).set_index("claim_id")
    assert t.loc["C10", "verdict"] == TOO_WIDE
    assert t.loc["C24", "verdict"] == CONSISTENT and t.loc["C24", "proxy"] == "a stand-in"
    assert t.loc["C26", "verdict"] == MIXED and t.loc["C26", "link"] == "intro.html"
    assert t.loc["C13", "verdict"] == NOT_CHECKABLE and "no context lengths" in t.loc["C13", "evidence"]
    assert "<i>Proxy:</i> a stand-in" in claims_render.ledger_html(t.reset_index())
    t = claims.ledger(frame, {}, RULES, EVENTS, tolerance_pct=25, date_tolerance_months=6).set_index("claim_id")
    assert t.loc["C10", "verdict"] == RESULT_MISSING and "no measure" in t.loc["C10", "evidence"]


def test_page_measures_refuse_unknown_names_and_missing_inputs():
    frame = pd.DataFrame({"claim_id": ["X1"], "measure": ["chip_vibes"]})
    with pytest.raises(ValueError, match="X1: unknown measure 'chip_vibes'"):
        claims.page_measures(frame)
    with pytest.raises(ValueError, match="needs the hardware"):
        claims.page_measures(frame.assign(measure="china_node_lag"))
    with pytest.raises(ValueError, match="gap at a glance"):
        claims.page_measures(frame.assign(measure="directions:compute"))
    with pytest.raises(ValueError, match="supplement and rule tables"):
        claims.page_measures(frame.assign(measure="top_nvidia_controlled"), hardware=pd.DataFrame())
    rules = RULES.assign(status=["superseded", "in_force", "licensing_change"], name=["a", "b", "c"])
    ev = claims.page_measures(frame.assign(measure="rule_events"), rules=rules, since="2023-01-01")["rule_events"]
    assert ev.value == 2.0 and "R02" in ev.source and "R01" not in ev.source


def test_a_report_narrower_than_the_statement_is_not_confirmed():
    assert claim_rules.attribution_verdict("misattributed", "under 20%", (-math.inf, 10.0), (0.0, 20.0)) == MISATTRIBUTED
    assert claim_rules.attribution_verdict("confirmed", "under 20%", (-math.inf, 20.0), (0.0, 20.0)) == ATTRIBUTION_CONFIRMED
    assert claim_rules.attribution_verdict("misattributed", "under 20%", (-math.inf, 19.99), (0.0, 20.0)) == MISATTRIBUTED


def test_the_curated_claims_are_internally_consistent():
    """Attribution rows carry a reading, undecidable rows a reason, measures are known, read rows a date."""
    from gaplib import data

    curated = data.load("claims")
    attributions = curated["kind"] == "attribution"
    assert curated.loc[attributions, "attribution"].notna().all()
    assert curated.loc[~attributions, "attribution"].isna().all()
    for row in curated[attributions].to_dict("records"):  # each reading passes the rule's own checks
        claim_rules.attribution_verdict(row["attribution"], row["said"] if isinstance(row["said"], str) else None)
    no_evidence = (curated["result_key"].isna() & curated["measure"].isna() & (curated["comparison"] != "date")
                   & (curated["claimed_unit"] != "USD"))
    assert curated.loc[no_evidence, "unchecked"].notna().all(), list(curated.loc[no_evidence, "claim_id"])
    named = curated["measure"].dropna()
    assert all(m in claims.MEASURES or m.startswith("directions:") for m in named)
    read = curated[curated["verified"] == "read"]
    assert read["url"].str.len().gt(0).all() and read["read_on"].notna().all()


def test_translated_headers_of_the_ledger_are_escaped():
    def hostile(text, **values):
        return f"<script>x</script>{text.format(**values) if values else text}"

    html = claims_render.ledger_html(make(RESULTS).reset_index(), tr=hostile)
    assert "<script>" not in html
    assert html.count("<th>&lt;script&gt;x&lt;/script&gt;") == 6
    assert "<th>&lt;script&gt;x&lt;/script&gt;Verdict</th>" in html
    assert 'data-label="&lt;script&gt;x&lt;/script&gt;Verdict"' in html  # the header a phone shows in each cell

"""The range across definitions beside a ledger claim's evidence, on planted curves and results."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from gaplib.present.claims_render import ledger_html, spec_range_words
from gaplib.specs import Estimate, Spec, to_json
from gaplib.summary.claim_specs import add_spec_ranges, claim_spec_range, headline_for
from gaplib.summary.dimensions import Dimension

CURVE = [Estimate(Spec("narrow", {"filter": "a"}, "published method", default=True), 4.0),
         Estimate(Spec("wide", {"filter": "b"}, "every row"), 25.0),
         Estimate(Spec("low", {"filter": "c"}, "another unit"), 2.5),
         Estimate(Spec("absent", {"filter": "d"}, "no data"), math.nan)]
DIMS = (Dimension("compute", "Compute", "compute", "hardware", "x", "inputs", ratio_key="us_china_h100e_ratio",
                  specs="compute_ratio"),
        Dimension("lag", "Lag", "lag", "algorithms", "", "outputs", lag_key="lag_months", specs="lag"),
        Dimension("plain", "Plain", "plain", "funding", "x", "inputs", ratio_key="plain_ratio"))
RESULTS = {"hardware": {"us_china_h100e_ratio": 11.4, "compute_ratio_specs": to_json(CURVE)},
           "algorithms": {"lag_months": 6.0}}


def test_a_headline_key_finds_its_curve_through_its_dimension():
    assert headline_for("us_china_h100e_ratio", DIMS)[:2] == ("hardware", "compute_ratio")
    assert headline_for("lag_months", DIMS)[:2] == ("algorithms", "lag")
    assert headline_for("plain_ratio", DIMS) is None  # no curve declared
    assert headline_for("us_h100e", DIMS) is None  # a level, not the headline


def test_default_and_range_are_read_from_the_glued_curve():
    got = claim_spec_range("us_china_h100e_ratio", RESULTS, DIMS)
    # planted: the default is 4.0 ("narrow"); the computed values are 2.5, 4.0, 25.0 (the NaN one is left out)
    assert got == {"evidence_spec_default": 4.0, "evidence_spec_default_name": "narrow", "evidence_spec_low": 2.5,
                   "evidence_spec_high": 25.0, "evidence_spec_count": 3}


def test_a_result_in_another_unit_gets_the_range_in_its_unit():
    got = claim_spec_range("gap_orders_of_magnitude", RESULTS, DIMS)
    assert got["evidence_spec_low"] == pytest.approx(0.39794, abs=1e-5)  # log10(2.5)
    assert got["evidence_spec_high"] == pytest.approx(1.39794, abs=1e-5)  # log10(25)
    assert got["evidence_spec_default"] == pytest.approx(0.60206, abs=1e-5)  # log10(4)


def test_no_curve_published_or_no_headline_gives_nothing():
    assert claim_spec_range("lag_months", RESULTS, DIMS) is None  # the chapter glued no lag_specs
    assert claim_spec_range("plain_ratio", RESULTS, DIMS) is None
    assert claim_spec_range(None, RESULTS, DIMS) is None
    with pytest.raises(ValueError, match="not a specification curve"):
        claim_spec_range("us_china_h100e_ratio", {"hardware": {"compute_ratio_specs": "[1]"}}, DIMS)


def _ledger(verdict: str = "consistent") -> tuple[pd.DataFrame, pd.DataFrame]:
    claims = pd.DataFrame({"claim_id": ["C04", "C05", "C09"],
                           "result_key": ["gap_orders_of_magnitude", "us_china_h100e_ratio;other_key", None]})
    ledger = pd.DataFrame({"claim_id": ["C04", "C05", "C09"], "claim": ["a", "b", "c"], "attributed_to": ["x"] * 3,
                           "claimed": ["1 to 2"] * 3, "evidence": ["1.06 (hardware chapter)"] * 3,
                           "evidence_verdict": ["consistent", verdict, "consistent"], "verdict": ["consistent"] * 3,
                           "chapter": ["hardware"] * 3, "link": [""] * 3, "proxy": [""] * 3})
    return ledger, claims


def test_the_ledger_gains_the_range_and_its_words():
    ledger, claims = _ledger()
    out = add_spec_ranges(ledger, claims, RESULTS, DIMS).set_index("claim_id")
    assert out.loc["C05", "evidence_spec_count"] == 3 and out.loc["C05", "evidence_spec_high"] == 25.0
    assert out.loc["C04", "evidence_spec_high"] == pytest.approx(math.log10(25.0))
    assert out.loc["C09", "evidence_spec_count"] == 0 and math.isnan(out.loc["C09", "evidence_spec_low"])
    assert spec_range_words(out.loc["C05"]) == "Across 3 definitions: 2.5 to 25; default (narrow): 4."
    assert spec_range_words(out.loc["C09"]) == ""
    html = ledger_html(out.reset_index())
    assert html.count("Across 3 definitions") == 2  # C04 and C05, not C09


def test_a_missing_result_shows_no_range():
    ledger, claims = _ledger(verdict="result missing")
    out = add_spec_ranges(ledger, claims, RESULTS, DIMS).set_index("claim_id")
    assert out.loc["C05", "evidence_spec_count"] == 0

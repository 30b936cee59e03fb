"""The period the claims ledger's evidence covers, and its stale mark (gaplib.summary.claim_periods)."""

import datetime as dt

import pandas as pd

from gaplib.present.claims_render import ledger_html, period_from_row
from gaplib.summary.claim_periods import EVIDENCE_PERIODS, add_periods, evidence_spec, stale_evidence

ENDS = {"epoch_gpu_clusters": "2025-10-15", "epoch_ml_hardware": "2026-03-02"}
BUILD = dt.date(2026, 12, 7)


def _claims():
    return pd.DataFrame([
        {"claim_id": "C05", "result_key": "us_china_h100e_ratio", "measure": None},
        {"claim_id": "C07", "result_key": None, "measure": "top_nvidia_controlled"},
        {"claim_id": "C21", "result_key": "us_capex_latest_year_usd", "measure": None},
        {"claim_id": "C02", "result_key": None, "measure": "directions:compute,arena"},
        {"claim_id": "C14", "result_key": "eci_lag_months_mean;arena_gap_latest_elo", "measure": None},
        {"claim_id": "C09", "result_key": "us_china_h100e_ratio", "measure": None},
    ])


def _ledger():
    base = {"claim": "x", "attributed_to": "y", "claimed": "z", "evidence": "e", "verdict": "consistent",
            "link": "", "proxy": "", "evidence_value": 1.0}
    rows = [("C05", "hardware", "consistent"), ("C07", "geopolitics", "consistent"), ("C21", "funding", "consistent"),
            ("C02", "intro", "consistent"), ("C14", "algorithms", "consistent"), ("C09", "hardware", "result missing")]
    return pd.DataFrame([{**base, "claim_id": c, "chapter": ch, "evidence_verdict": v} for c, ch, v in rows])


def test_specs_follow_the_first_result_key_then_the_measure():
    claims = _claims().set_index("claim_id")
    assert evidence_spec(claims.loc["C05"].to_dict()) == ("source", "epoch_gpu_clusters", "month", "to")
    assert evidence_spec(claims.loc["C07"].to_dict()) == ("source", "epoch_ml_hardware", "month", "as_of")
    assert evidence_spec(claims.loc["C14"].to_dict()) == EVIDENCE_PERIODS["eci_lag_months_mean"]
    assert evidence_spec(claims.loc["C02"].to_dict()) == ()  # directions: the gap at a glance dates its rows


def test_periods_words_and_staleness_against_the_build_date():
    results = {"funding": {"capex_latest_year": 2024}}
    t = add_periods(_ledger(), _claims(), results, ENDS, BUILD).set_index("claim_id")
    assert t.loc["C05", "evidence_period"] == "data to 2025-10"
    assert bool(t.loc["C05", "evidence_stale"])            # October 2025 ends before 7 December 2025
    assert t.loc["C07", "evidence_period"] == "as of 2026-03" and not t.loc["C07", "evidence_stale"]
    assert t.loc["C21", "evidence_period"] == "2024" and bool(t.loc["C21", "evidence_stale"])
    assert t.loc["C02", "evidence_period"] == ""           # no spec
    assert t.loc["C14", "evidence_period"] == ""           # the source's end is unknown here
    assert t.loc["C09", "evidence_period"] == ""           # the evidence is missing: no period
    fresh = add_periods(_ledger(), _claims(), results, ENDS, dt.date(2026, 10, 31)).set_index("claim_id")
    assert not fresh.loc["C05", "evidence_stale"]          # 31 October 2025 is exactly 12 months before


def test_stale_evidence_is_said_in_words_in_the_ledger():
    t = add_periods(_ledger(), _claims(), {"funding": {"capex_latest_year": 2024}}, ENDS, BUILD)
    assert stale_evidence(t) == [
        "C05: stale: data to 2025-10, more than 12 months before this build",
        "C21: stale: 2024, more than 12 months before this build"]
    page = ledger_html(t)
    assert "Data: data to 2025-10 (stale: data to 2025-10, more than 12 months before this build)." in page
    assert "<i>Data: as of 2026-03.</i>" in page
    row = t.set_index("claim_id").loc["C07"].to_dict()
    assert period_from_row(row).label == "2026-03"
    assert period_from_row({"evidence_period_end": ""}) is None

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


def test_curated_tables_parameters_and_unkeyed_evidence_show_a_period():
    claims = pd.DataFrame([
        {"claim_id": "C01", "result_key": "pooled_probability_overtake_5y", "measure": None},
        {"claim_id": "C09", "result_key": "china_generation_added_gw", "measure": None},  # a parameter read from F073
        {"claim_id": "C18", "result_key": None, "measure": None, "comparison": "range", "claimed_unit": "USD"},
        {"claim_id": "C22", "result_key": None, "measure": None, "comparison": "date", "claimed_unit": "decimal year"},
        {"claim_id": "C23", "result_key": None, "measure": "rule_events"}])
    base = {"claim": "x", "attributed_to": "y", "claimed": "z", "evidence": "e", "verdict": "consistent", "link": "",
            "proxy": "", "evidence_value": 1.0, "evidence_verdict": "consistent"}
    ledger = pd.DataFrame([{**base, "claim_id": c, "chapter": ch} for c, ch in
                           (("C01", "leaders"), ("C09", "hardware"), ("C18", "funding"), ("C22", "geopolitics"),
                            ("C23", "geopolitics"))])
    ends = {"forecasts": "2026-01-10", "funding_events": "2026-01-09", "export_rules": "2026-01-15"}
    t = add_periods(ledger, claims, {}, ends, BUILD, {"F073": "2024"}).set_index("claim_id")
    assert t.loc["C01", "evidence_period"] == "data to 2026-01" and not t.loc["C01", "evidence_stale"]
    assert t.loc["C09", "evidence_period"] == "2024" and bool(t.loc["C09", "evidence_stale"])
    assert t.loc["C18", "evidence_period"] == "data to 2026-01"
    assert t.loc["C22", "evidence_period"] == "as of 2026-01-15" == t.loc["C23", "evidence_period"]
    # without the fact's date the parameter has no period
    assert add_periods(ledger, claims, {}, ends, BUILD).set_index("claim_id").loc["C09", "evidence_period"] == ""


def test_stale_evidence_is_set_beside_the_newer_figure_its_dimension_records():
    from gaplib.summary.dimensions import Dimension

    dims = (Dimension("capex", "Capex", "capex", "funding", "USD", "inputs", "us_capex_latest_year_usd",
                      "china_capex_latest_year_usd", newer_facts=("F900",)),)
    newer = {"F900": "US capex 2025: 400 billion USD (a filing)"}
    t = add_periods(_ledger(), _claims(), {"funding": {"capex_latest_year": 2024}}, ENDS, BUILD, newer_facts=newer,
                    dimensions=dims).set_index("claim_id")
    assert t.loc["C21", "evidence_newer"] == "US capex 2025: 400 billion USD (a filing)"
    assert t.loc["C05", "evidence_newer"] == ""  # stale, but its dimension records no newer figure
    page = ledger_html(t.reset_index())
    assert ("stale: 2024, more than 12 months before this build; newer published figure: "
            "US capex 2025: 400 billion USD (a filing)") in page
    fresh = add_periods(_ledger(), _claims(), {"funding": {"capex_latest_year": 2026}}, ENDS, BUILD, newer_facts=newer,
                        dimensions=dims).set_index("claim_id")
    assert fresh.loc["C21", "evidence_newer"] == ""  # not stale: nothing beside it

"""gaplib.replications.export_history: the record of named chips against the book's classification."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from data_fixtures import require
from gaplib import data
from gaplib.geopolitics import export_controls as ec, export_rules
from gaplib.guards import EmptySelectionError
from gaplib.replications import export_history as eh

nan = math.nan
LINES = {"2022-10": export_rules.Thresholds(version="2022-10", tpp_a=4800.0, interconnect_gb_per_s=600.0),
         "2023-10": export_rules.Thresholds(version="2023-10", tpp_a=4800.0, tpp_a_with_density=1600.0, density_a=5.92,
                                  tpp_b=2400.0, density_b_min=1.6, tpp_b_with_density=1600.0, density_b=3.2)}


def _chips(rows):
    """rows: (Epoch hardware name, TPP, performance density, interconnect GB/s)."""
    frame = pd.DataFrame(rows, columns=["chip", "tpp", "performance_density", "interconnect_gb_per_s"])
    return frame.assign(maker="NVIDIA", designer_country="other")


def _record(rows):
    """rows: (chip, rule, controlled)."""
    frame = pd.DataFrame(rows, columns=["chip", "rule", "controlled"])
    return frame.assign(source="s", url="u")


@pytest.fixture
def classified():
    return ec.classify_table(_chips([
        ("NVIDIA A100 SXM4 80 GB", 4992.0, 6.04, 600.0),   # both tests of 2022 met
        ("NVIDIA A800 SXM", 4988.8, 6.04, 400.0),          # under the 2022 interconnect line
        ("NVIDIA HGX H20", 2368.0, nan, 900.0),            # no die area: unknown in 2023
        ("NVIDIA H800 SXM5", 2399.0, 3.2, 400.0),          # 3A090.b in 2023 (TPP >= 1600, PD >= 3.2)
    ]), LINES)


def test_comparison_known_rows(classified):
    record = _record([("A100", "2022-10", "yes"), ("A800", "2022-10", "no"), ("A800", "2023-10", "yes"),
                      ("H20", "2023-10", "no"), ("H800", "2023-10", "yes"), ("H100", "2023-10", "yes")])
    out = eh.compare_with_record(record, classified)
    assert list(out["book_status"]) == ["3A090.a", "not controlled", "3A090.a", "unknown", "3A090.b", "unknown"]
    assert list(out["book_controlled"]) == ["yes", "no", "yes", "unknown", "yes", "unknown"]
    # a chip the book cannot classify is not testable, not a disagreement
    assert list(out["agrees"].astype(object).where(out["agrees"].notna(), None)) == [True, True, True, None, True, None]
    assert out.loc[3, "missing_inputs"] == "die area (performance density)"
    assert out.loc[5, "missing_inputs"] == "chip not in Epoch's ML Hardware table"
    assert math.isnan(out.loc[5, "tpp"])
    assert eh.agreement_pct(out) == 100.0
    assert eh.untestable_cases(out) == 2


def test_a_wrong_classification_disagrees(classified):
    out = eh.compare_with_record(_record([("A800", "2022-10", "yes"), ("A100", "2022-10", "yes")]), classified)
    assert list(out["agrees"]) == [False, True]
    assert eh.agreement_pct(out) == 50.0


def test_missing_interconnect_is_named_under_the_2022_rule():
    classified = ec.classify_table(_chips([("NVIDIA GeForce RTX 4090", 5284.8, 8.69, nan)]), LINES)
    out = eh.compare_with_record(_record([("RTX 4090", "2022-10", "no"), ("RTX 4090", "2023-10", "yes")]), classified)
    assert list(out["book_controlled"]) == ["unknown", "yes"]
    assert list(out["missing_inputs"]) == ["interconnect bandwidth", ""]


def test_bad_record_rows_are_named(classified):
    with pytest.raises(ValueError, match="chip 'B200' has no Epoch hardware name"):
        eh.compare_with_record(_record([("B200", "2023-10", "yes")]), classified)
    with pytest.raises(ValueError, match="rule '2025-01' is not one of"):
        eh.compare_with_record(_record([("A100", "2025-01", "yes")]), classified)
    with pytest.raises(ValueError, match="unknown 3A090 status 'maybe'"):
        eh.book_controlled("maybe")
    with pytest.raises(EmptySelectionError, match="no chip-rule case in the record"):
        eh.agreement_pct(eh.compare_with_record(_record([]), classified))
    with pytest.raises(EmptySelectionError, match="no chip-rule case in the record the book can classify"):
        eh.agreement_pct(eh.compare_with_record(_record([("H20", "2023-10", "no")]), classified))


def test_curated_record_table():
    record = data.load("chip_rule_history")
    assert len(record) == 10
    assert not record.duplicated(["chip", "rule"]).any()
    assert set(record["verified"]) == {"read"}
    assert (record["read_on"] == pd.Timestamp("2026-12-02")).all()
    assert all(len(q.split()) <= 15 for q in record["quote"])
    said = record.set_index(["chip", "rule"])["controlled"]
    assert said[("A800", "2022-10")] == "no" and said[("A800", "2023-10")] == "yes"
    assert said[("H20", "2023-10")] == "no"


def test_real_data_agreement():
    require("epoch_ml_hardware")
    classified = eh.book_classification(data.load("epoch_ml_hardware"), data.load("chips_supplement"),
                                        data.load("export_rules"))
    out = eh.compare_with_record(data.load("chip_rule_history"), classified)
    # the H20's die area is not public: not testable, and every case the book can classify agrees
    assert eh.agreement_pct(out) == 100.0 and eh.untestable_cases(out) == 1
    untested = out[out["agrees"].isna()]
    assert list(zip(untested["chip"], untested["rule"], untested["book_status"], untested["missing_inputs"])) == [
        ("H20", "2023-10", "unknown", "die area (performance density)")]


def test_the_geopolitics_chapter_and_the_replication_classify_the_h20_alike():
    require("epoch_ml_hardware")
    from gaplib.geopolitics import export_rules as er

    hardware, supplement, rules = data.load("epoch_ml_hardware"), data.load("chips_supplement"), data.load("export_rules")
    official = {v: er.thresholds(rules, v) for v in er.RULE_VERSIONS}
    chips = ec.accelerator_table(hardware, supplement)
    chapter = ec.classify_with_what_if(chips, official, official["2023-10"], {"NVIDIA HGX H20": 814.0})
    replication = eh.book_classification(hardware, supplement, rules)
    for rule in er.RULE_VERSIONS:
        pick = lambda t: t[(t["chip"] == "NVIDIA HGX H20") & (t["rule"] == rule)]["status"].tolist()  # noqa: E731
        assert pick(chapter) == pick(replication)
    assert chapter[(chapter["chip"] == "NVIDIA HGX H20") & (chapter["rule"] == "2023-10")]["status"].item() == er.UNKNOWN

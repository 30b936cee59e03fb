"""gaplib.geopolitics.export_rules: TPP, density, 3A090 classification at exact boundaries, the rule timeline."""

import math

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from gaplib import data
from gaplib.geopolitics import export_rules as er
from rule_tables import threshold_table

RULES = threshold_table()


def test_tpp_of_the_h100_sxm():
    assert er.tpp(989.5, 16) == pytest.approx(15832.0)
    assert er.tpp_from_mac_tops(989.5 / 2, 16) == pytest.approx(15832.0)
    assert er.tpp(148.0, 16) == pytest.approx(2368.0)  # H20
    assert er.tpp(1979.0, 8) == pytest.approx(15832.0)  # FP8 gives the same TPP


@pytest.mark.parametrize("ops, bits, message", [
    (-1.0, 16, "throughput must be a finite non-negative number, got -1.0"),
    (100.0, 0, "bit length must be positive, got 0"),
    (math.inf, 8, "throughput must be a finite non-negative number, got inf"),
])
def test_tpp_rejects_bad_inputs(ops, bits, message):
    with pytest.raises(ValueError, match=message):
        er.tpp(ops, bits)


def test_performance_density():
    assert er.performance_density(15832.0, 814.0) == pytest.approx(19.4496, rel=1e-4)
    assert math.isnan(er.performance_density(15832.0, None))
    assert math.isnan(er.performance_density(15832.0, math.nan))
    with pytest.raises(ValueError, match="die area must be positive, got 0.0"):
        er.performance_density(100.0, 0.0)


def test_thresholds_read_from_the_table(threshold_rows):
    t22, t23 = er.thresholds(threshold_rows, "2022-10"), er.thresholds(threshold_rows, "2023-10")
    assert (t22.tpp_a, t22.interconnect_gb_per_s) == (4800.0, 600.0)
    assert math.isnan(t22.density_a)
    assert (t23.tpp_a, t23.tpp_a_with_density, t23.density_a) == (4800.0, 1600.0, 5.92)
    assert (t23.tpp_b, t23.density_b_min, t23.tpp_b_with_density, t23.density_b) == (2400.0, 1.6, 1600.0, 3.2)
    assert math.isnan(t23.interconnect_gb_per_s)
    with pytest.raises(ValueError, match="unknown rule version '2019-01'; known: 2022-10, 2023-10"):
        er.thresholds(threshold_rows, "2019-01")
    with pytest.raises(ValueError, match="export_rules must hold exactly one row 'R03', found 0"):
        er.thresholds(threshold_rows[threshold_rows["rule_id"] != "R03"], "2023-10")


@pytest.mark.parametrize("tpp, pd_, expected", [
    (4800.0, None, "3A090.a"),            # exactly at the TPP line: controlled
    (4799.99, 1.0, "not controlled"),
    (1600.0, 5.92, "3A090.a"),            # both second-route lines exactly met
    (1599.99, 100.0, "not controlled"),   # under every TPP line
    (1600.0, 5.9199, "3A090.b"),          # density 3.2 <= PD < 5.92
    (1600.0, 3.2, "3A090.b"),
    (1600.0, 3.1999, "not controlled"),
    (2400.0, 1.6, "3A090.b"),             # first 3A090.b route at its lines
    (2399.99, 1.6, "not controlled"),
    (2400.0, 1.5999, "not controlled"),
    (2368.0, 2368.0 / 814.0, "not controlled"),  # H20 on the GH100 die
    (15832.0, 19.45, "3A090.a"),          # H100
    (2000.0, None, "unknown"),            # density needed but missing
    (1000.0, None, "not controlled"),     # density not needed
    (math.nan, 3.0, "unknown"),
])
def test_classify_2023_boundaries(threshold_rows, tpp, pd_, expected):
    assert er.classify(tpp, pd_, rule="2023-10", rules=threshold_rows) == expected


@pytest.mark.parametrize("tpp, link, expected", [
    (4800.0, 600.0, "3A090.a"),
    (4800.0, 599.9, "not controlled"),   # A800/H800: interconnect cut under 600 GB/s
    (4799.9, 900.0, "not controlled"),
    (15832.0, 400.0, "not controlled"),  # H800
    (15832.0, None, "unknown"),
    (100.0, None, "not controlled"),
])
def test_classify_2022_boundaries(threshold_rows, tpp, link, expected):
    assert er.classify(tpp, 50.0, link, rule="2022-10", rules=threshold_rows) == expected


def test_custom_thresholds_move_the_line(threshold_rows):
    base = er.thresholds(threshold_rows, "2023-10")
    lower = er.custom_thresholds(base, tpp_a=2000.0)
    assert lower.version == "custom"
    assert er.classify(2368.0, 2.9, rules=base) == "not controlled"
    assert er.classify(2368.0, 2.9, rules=lower) == "3A090.a"
    denser = er.custom_thresholds(base, density_a=10.0)
    assert er.classify(3000.0, 8.0, rules=base) == "3A090.a"
    assert er.classify(3000.0, 8.0, rules=denser) == "3A090.b"
    assert math.isnan(er.custom_thresholds(er.thresholds(threshold_rows, "2022-10"), density_a=3.0).density_a)


@given(st.floats(0, 1e5), st.floats(0, 100), st.floats(0, 1e5))
def test_raising_tpp_never_relaxes_the_2023_rule(tpp, density, extra):
    rank = {"not controlled": 0, "3A090.b": 1, "3A090.a": 2}
    low = er.classify(tpp, density, rules=er.thresholds(RULES, "2023-10"))
    high = er.classify(tpp + extra, density, rules=er.thresholds(RULES, "2023-10"))
    assert rank[high] >= rank[low]


@given(st.floats(0, 1e5), st.floats(0, 100))
def test_status_is_always_one_of_four(tpp, density):
    for version in er.RULE_VERSIONS:
        assert er.classify(tpp, density, 500.0, rule=version, rules=RULES) in er.STATUSES


def test_threshold_lines(threshold_rows):
    lines = er.threshold_lines(er.thresholds(threshold_rows, "2023-10"))
    assert set(lines.loc[lines["axis"] == "tpp", "value"]) == {4800.0, 1600.0, 2400.0}
    assert set(lines.loc[lines["axis"] == "performance_density", "value"]) == {5.92, 3.2, 1.6}
    assert list(er.threshold_lines(er.thresholds(threshold_rows, "2022-10"))["value"]) == [4800.0]


def test_the_curated_rule_table_gives_the_published_lines():
    from gaplib import data

    table = data.load("export_rules")
    t23 = er.thresholds(table, "2023-10")
    assert (t23.tpp_a, t23.tpp_a_with_density, t23.density_a) == (4800.0, 1600.0, 5.92)
    assert er.thresholds(table, "2022-10").interconnect_gb_per_s == 600.0


def test_timeline_counts_events_by_kind():
    from gaplib import data

    timeline = er.rule_timeline(data.load("export_rules"))
    assert list(timeline["date"]) == sorted(timeline["date"])
    assert er.timeline_summary(timeline) == {"events": 12, "first_year": 2022, "last_year": 2026,
                                             "threshold_rules": 3, "letters": 3, "rescinded": 1}
    # a rule's chip controls never apply before the rule was made public; letters and licence
    # decisions may (they apply when the company is told, and become public in later reporting)
    rules = timeline[timeline["event_kind"].isin(["threshold_rule", "rule", "rescission"])]
    assert (rules["effective"] >= rules["date"]).all()


def test_timeline_names_each_event_by_its_whole_short_name():
    from gaplib import data

    rules = data.load("export_rules")
    timeline = er.rule_timeline(rules)
    # the curated short name, never the title cut to a length: each is unique, short and ends in a word
    assert set(timeline["event"]) == set(rules["short_name"])
    assert timeline["event"].is_unique
    assert timeline["event"].str.len().max() <= 48
    assert not timeline["event"].str.endswith(("…", "...")).any()
    assert dict(zip(timeline["rule_id"], timeline["event"]))["R05"] == "AI Diffusion rule"


def test_first_control_is_when_the_controls_applied_not_when_they_were_made_public():
    rules = pd.DataFrame({
        "rule_id": ["R01", "R09", "R02", "R07"],
        "published": pd.to_datetime(["2022-10-07", "2022-08-31", "2023-10-17", "2025-04-15"]),
        "effective": pd.to_datetime(["2022-10-07", "2022-08-26", None, "2025-04-09"]),
        "chips_affected": ["A100;H100", "A100;H100", "A100;A800;H100;H800", "H20;MI308"],
    })
    h100 = er.first_control(rules, "H100")
    assert h100["rule_id"] == "R09" and h100["first_controlled"] == pd.Timestamp("2022-08-26")
    assert er.first_control(rules, "H800")["first_controlled"] == pd.Timestamp("2023-10-17")  # no effective: published
    assert er.first_control(rules, "H20")["first_controlled"] == pd.Timestamp("2025-04-09")
    assert er.first_control(rules, "B300") is None
    assert er.first_control(rules.drop(columns="effective"), "H100")["rule_id"] == "R09"  # published 31 Aug


def test_the_curated_rules_date_the_h100_first_controlled_on_26_august_2022():
    h100 = er.first_control(data.load("export_rules"), "H100")
    assert (h100["rule_id"], h100["first_controlled"]) == ("R09", pd.Timestamp("2022-08-26"))
    assert h100["published"] == pd.Timestamp("2022-08-31")

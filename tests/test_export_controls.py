"""Export-control arithmetic: TPP, density, 3A090 classification at exact boundaries."""

import math

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from gaplib import export_controls as ec


def _rules():
    """The threshold columns of data/export_rules.csv (rows R01-R03)."""
    nan = math.nan
    return pd.DataFrame({
        "rule_id": ["R01", "R02", "R03"],
        "tpp_threshold": [4800.0, 4800.0, 2400.0],
        "performance_density_threshold": [nan, 5.92, 3.2],
        "interconnect_threshold_gb_per_s": [600.0, nan, nan],
        "tpp_threshold_with_density": [nan, 1600.0, 1600.0],
        "tpp_threshold_min_density": [nan, nan, 1.6],
    })


RULES = _rules()


@pytest.fixture
def rules():
    return _rules()


def test_tpp_of_the_h100_sxm():
    assert ec.tpp(989.5, 16) == pytest.approx(15832.0)
    assert ec.tpp_from_mac_tops(989.5 / 2, 16) == pytest.approx(15832.0)
    assert ec.tpp(148.0, 16) == pytest.approx(2368.0)  # H20
    assert ec.tpp(1979.0, 8) == pytest.approx(15832.0)  # FP8 gives the same TPP


@pytest.mark.parametrize("ops, bits", [(-1.0, 16), (100.0, 0), (math.inf, 8)])
def test_tpp_rejects_bad_inputs(ops, bits):
    with pytest.raises(ValueError):
        ec.tpp(ops, bits)


def test_performance_density():
    assert ec.performance_density(15832.0, 814.0) == pytest.approx(19.4496, rel=1e-4)
    assert math.isnan(ec.performance_density(15832.0, None))
    assert math.isnan(ec.performance_density(15832.0, math.nan))
    with pytest.raises(ValueError):
        ec.performance_density(100.0, 0.0)


def test_thresholds_read_from_the_table(rules):
    t22, t23 = ec.thresholds(rules, "2022-10"), ec.thresholds(rules, "2023-10")
    assert (t22.tpp_a, t22.interconnect_gb_per_s) == (4800.0, 600.0)
    assert math.isnan(t22.density_a)
    assert (t23.tpp_a, t23.tpp_a_with_density, t23.density_a) == (4800.0, 1600.0, 5.92)
    assert (t23.tpp_b, t23.density_b_min, t23.tpp_b_with_density, t23.density_b) == (2400.0, 1.6, 1600.0, 3.2)
    assert math.isnan(t23.interconnect_gb_per_s)
    with pytest.raises(ValueError):
        ec.thresholds(rules, "2019-01")
    with pytest.raises(ValueError):
        ec.thresholds(rules[rules["rule_id"] != "R03"], "2023-10")


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
def test_classify_2023_boundaries(rules, tpp, pd_, expected):
    assert ec.classify(tpp, pd_, rule="2023-10", rules=rules) == expected


@pytest.mark.parametrize("tpp, link, expected", [
    (4800.0, 600.0, "3A090.a"),
    (4800.0, 599.9, "not controlled"),   # A800/H800: interconnect cut under 600 GB/s
    (4799.9, 900.0, "not controlled"),
    (15832.0, 400.0, "not controlled"),  # H800
    (15832.0, None, "unknown"),
    (100.0, None, "not controlled"),
])
def test_classify_2022_boundaries(rules, tpp, link, expected):
    assert ec.classify(tpp, 50.0, link, rule="2022-10", rules=rules) == expected


def test_custom_thresholds_move_the_line(rules):
    base = ec.thresholds(rules, "2023-10")
    lower = ec.custom_thresholds(base, tpp_a=2000.0)
    assert lower.version == "custom"
    assert ec.classify(2368.0, 2.9, rules=base) == "not controlled"
    assert ec.classify(2368.0, 2.9, rules=lower) == "3A090.a"
    denser = ec.custom_thresholds(base, density_a=10.0)
    assert ec.classify(3000.0, 8.0, rules=base) == "3A090.a"
    assert ec.classify(3000.0, 8.0, rules=denser) == "3A090.b"
    assert math.isnan(ec.custom_thresholds(ec.thresholds(rules, "2022-10"), density_a=3.0).density_a)


@given(st.floats(0, 1e5), st.floats(0, 100), st.floats(0, 1e5))
def test_raising_tpp_never_relaxes_the_2023_rule(tpp, density, extra):
    rules = RULES
    rank = {"not controlled": 0, "3A090.b": 1, "3A090.a": 2}
    low = ec.classify(tpp, density, rules=ec.thresholds(rules, "2023-10"))
    high = ec.classify(tpp + extra, density, rules=ec.thresholds(rules, "2023-10"))
    assert rank[high] >= rank[low]


@given(st.floats(0, 1e5), st.floats(0, 100))
def test_status_is_always_one_of_four(tpp, density):
    rules = RULES
    for version in ec.RULE_VERSIONS:
        assert ec.classify(tpp, density, 500.0, rule=version, rules=rules) in ec.STATUSES


def _hardware():
    return pd.DataFrame({
        "hardware_name": ["NVIDIA H100 SXM5 80GB", "NVIDIA HGX H20", "Huawei Ascend 910B", "Mystery"],
        "manufacturer": ["NVIDIA", "NVIDIA", "Huawei", None],
        "release_date": pd.to_datetime(["2022-09-20", "2023-11-09", "2022-03-17", None]),
        "tensor_fp16_flops": [989.5e12, 148e12, math.nan, math.nan],
        "fp16_flops": [133.8e12, math.nan, 376e12, math.nan],
        "total_processing_performance_bitops": [15832e12, 2368e12, 6016e12, math.nan],
        "die_size_mm2": [814.0, math.nan, math.nan, math.nan],
        "intranode_bandwidth_bytes_per_s": [9e11, math.nan, 3.92e11, math.nan],
        "memory_bandwidth_bytes_per_s": [3.35e12, 4e12, 1.228e12, math.nan],
        "release_price_usd": [33600.0, 12000.0, 16854.0, math.nan],
    })


def _supplement():
    return pd.DataFrame({
        "chip": ["NVIDIA H20", "Huawei Ascend 910B (Virtuvian B compute die, SMIC N+1)", "NVIDIA H100 SXM5"],
        "quantity": ["interconnect_gb_per_s", "die_area_mm2", "interconnect_gb_per_s"],
        "value": [900.0, 665.61, 900.0],
    })


def test_accelerator_table_merges_the_supplement():
    table = ec.accelerator_table(_hardware(), _supplement()).set_index("chip")
    assert table.loc["NVIDIA H100 SXM5 80GB", "tpp"] == pytest.approx(15832.0)
    assert table.loc["NVIDIA H100 SXM5 80GB", "dense_fp16_tflops"] == pytest.approx(989.5)
    assert table.loc["Huawei Ascend 910B", "dense_fp16_tflops"] == pytest.approx(376.0)
    assert table.loc["Huawei Ascend 910B", "die_area_mm2"] == pytest.approx(665.61)
    assert table.loc["Huawei Ascend 910B", "die_area_source"] == "supplement"
    assert table.loc["Huawei Ascend 910B", "performance_density"] == pytest.approx(6016 / 665.61)
    assert table.loc["Huawei Ascend 910B", "designer_country"] == "China"
    assert table.loc["NVIDIA HGX H20", "interconnect_gb_per_s"] == pytest.approx(900.0)
    assert math.isnan(table.loc["NVIDIA HGX H20", "performance_density"])
    assert table.loc["Mystery", "maker"] == "unknown"


def test_classify_table_and_best(rules):
    chips = ec.accelerator_table(_hardware(), _supplement())
    chips = ec.assume_die_area(chips, "NVIDIA HGX H20", 814.0, source="assumed")
    assert chips.set_index("chip").loc["NVIDIA HGX H20", "performance_density"] == pytest.approx(2368 / 814)
    lines = {v: ec.thresholds(rules, v) for v in ec.RULE_VERSIONS}
    table = ec.classify_table(chips, lines)
    assert len(table) == 2 * len(chips)
    status = table.set_index(["chip", "rule"])["status"]
    assert status[("NVIDIA HGX H20", "2023-10")] == "not controlled"
    assert status[("NVIDIA H100 SXM5 80GB", "2022-10")] == "3A090.a"
    assert status[("Huawei Ascend 910B", "2022-10")] == "not controlled"
    assert status[("Huawei Ascend 910B", "2023-10")] == "3A090.a"
    assert status[("Mystery", "2023-10")] == "unknown"
    best = ec.best_tpp(table, rule="2023-10", designer_country="other", statuses=(ec.NOT_CONTROLLED,))
    assert best["chip"] == "NVIDIA HGX H20"
    assert ec.best_tpp(table, rule="2023-10", designer_country="China")["tpp"] == pytest.approx(6016.0)
    with pytest.raises(ValueError):
        ec.best_tpp(table, rule="2023-10", designer_country="China", statuses=(ec.CONTROLLED_B,))
    wide = ec.status_by_rule(table, ["NVIDIA HGX H20", "NVIDIA H100 SXM5 80GB", "absent"])
    assert list(wide["chip"]) == ["NVIDIA HGX H20", "NVIDIA H100 SXM5 80GB"]
    assert list(wide["2022-10"]) == ["not controlled", "3A090.a"]


def test_threshold_lines(rules):
    lines = ec.threshold_lines(ec.thresholds(rules, "2023-10"))
    assert set(lines.loc[lines["axis"] == "tpp", "value"]) == {4800.0, 1600.0, 2400.0}
    assert set(lines.loc[lines["axis"] == "performance_density", "value"]) == {5.92, 3.2, 1.6}
    assert list(ec.threshold_lines(ec.thresholds(rules, "2022-10"))["value"]) == [4800.0]


def test_the_curated_rule_table_gives_the_published_lines():
    from gaplib import data

    table = data.load("export_rules")
    t23 = ec.thresholds(table, "2023-10")
    assert (t23.tpp_a, t23.tpp_a_with_density, t23.density_a) == (4800.0, 1600.0, 5.92)
    assert ec.thresholds(table, "2022-10").interconnect_gb_per_s == 600.0


def _supplement_with_shipping():
    rows = _supplement()
    extra = pd.DataFrame({"chip": ["Huawei Ascend 910B", "Biren BR100"],
                          "quantity": ["shipped_in_volume", "shipped_in_volume"], "value": [1.0, 0.0]})
    return pd.concat([rows, extra], ignore_index=True)


def _hardware_with_biren():
    biren = pd.DataFrame({"hardware_name": ["Biren BR100"], "manufacturer": ["Biren"],
                          "release_date": pd.to_datetime(["2022-08-22"]), "tensor_fp16_flops": [1024e12],
                          "fp16_flops": [math.nan], "total_processing_performance_bitops": [16384e12],
                          "die_size_mm2": [1074.0], "intranode_bandwidth_bytes_per_s": [math.nan],
                          "memory_bandwidth_bytes_per_s": [2.3e12], "release_price_usd": [math.nan]})
    return pd.concat([_hardware(), biren], ignore_index=True)


def test_shipped_in_volume_comes_from_the_supplement_and_is_unknown_elsewhere():
    table = ec.accelerator_table(_hardware_with_biren(), _supplement_with_shipping()).set_index("chip")
    assert table.loc["Huawei Ascend 910B", "shipped_in_volume"] == True  # noqa: E712 (a nullable boolean)
    assert table.loc["Biren BR100", "shipped_in_volume"] == False  # noqa: E712
    assert pd.isna(table.loc["NVIDIA H100 SXM5 80GB", "shipped_in_volume"])


def test_a_shipped_flag_other_than_0_or_1_is_refused():
    bad = _supplement_with_shipping()
    bad.loc[bad["chip"] == "Biren BR100", "value"] = 0.5
    with pytest.raises(ValueError, match="shipped_in_volume of 'Biren BR100' must be 0 or 1"):
        ec.accelerator_table(_hardware_with_biren(), bad)


def test_best_domestic_chip_is_the_best_shipped_one_unless_asked_for_datasheets(rules):
    chips = ec.accelerator_table(_hardware_with_biren(), _supplement_with_shipping())
    table = ec.classify_table(chips, {"2023-10": ec.thresholds(rules, "2023-10")})
    shipped = ec.best_domestic(table, rule="2023-10")
    assert (shipped["chip"], shipped["tpp"]) == ("Huawei Ascend 910B", pytest.approx(6016.0))
    assert ec.best_domestic(table, rule="2023-10", basis="datasheet")["chip"] == "Biren BR100"
    with pytest.raises(ValueError, match="unknown basis 'paper'"):
        ec.best_domestic(table, rule="2023-10", basis="paper")
    unshipped = table.assign(shipped_in_volume=pd.array([pd.NA] * len(table), dtype="boolean"))
    with pytest.raises(ValueError, match="that shipped in volume"):
        ec.best_domestic(unshipped, rule="2023-10")


def test_the_curated_data_name_the_best_shipped_and_the_best_datasheet_chinese_chip():
    from gaplib import data

    chips = ec.accelerator_table(data.load("epoch_ml_hardware"), data.load("chips_supplement"))
    table = ec.classify_table(chips, {"2023-10": ec.thresholds(data.load("export_rules"), "2023-10")})
    assert ec.best_domestic(table, rule="2023-10")["chip"] == "Huawei Ascend 910C"
    assert ec.best_domestic(table, rule="2023-10", basis="datasheet")["chip"] == "Biren BR100"


def test_timeline_counts_events_by_kind():
    from gaplib import data

    timeline = ec.rule_timeline(data.load("export_rules"))
    assert list(timeline["date"]) == sorted(timeline["date"])
    assert ec.timeline_summary(timeline) == {"events": 12, "first_year": 2022, "last_year": 2026,
                                             "threshold_rules": 3, "letters": 3, "rescinded": 1}
    # a rule's chip controls never apply before the rule was made public; letters and licence
    # decisions may (they apply when the company is told, and become public in later reporting)
    rules = timeline[timeline["event_kind"].isin(["threshold_rule", "rule", "rescission"])]
    assert (rules["effective"] >= rules["date"]).all()

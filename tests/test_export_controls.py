"""gaplib.geopolitics.export_controls: the accelerator table, classification per rule and the best chips."""

import math

import pandas as pd
import pytest

from gaplib.geopolitics import export_controls as ec
from gaplib.geopolitics import export_rules as er


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


def test_classify_table_and_best(threshold_rows):
    chips = ec.accelerator_table(_hardware(), _supplement())
    chips = ec.assume_die_area(chips, "NVIDIA HGX H20", 814.0, source="assumed")
    assert chips.set_index("chip").loc["NVIDIA HGX H20", "performance_density"] == pytest.approx(2368 / 814)
    lines = {v: er.thresholds(threshold_rows, v) for v in er.RULE_VERSIONS}
    table = ec.classify_table(chips, lines)
    assert len(table) == 2 * len(chips)
    status = table.set_index(["chip", "rule"])["status"]
    assert status[("NVIDIA HGX H20", "2023-10")] == "not controlled"
    assert status[("NVIDIA H100 SXM5 80GB", "2022-10")] == "3A090.a"
    assert status[("Huawei Ascend 910B", "2022-10")] == "not controlled"
    assert status[("Huawei Ascend 910B", "2023-10")] == "3A090.a"
    assert status[("Mystery", "2023-10")] == "unknown"
    best = ec.best_tpp(table, rule="2023-10", designer_country="other", statuses=(er.NOT_CONTROLLED,))
    assert best["chip"] == "NVIDIA HGX H20"
    assert ec.best_tpp(table, rule="2023-10", designer_country="China")["tpp"] == pytest.approx(6016.0)
    with pytest.raises(ValueError, match="no chip designed in 'China' with a TPP under rule '2023-10' with status"):
        ec.best_tpp(table, rule="2023-10", designer_country="China", statuses=(er.CONTROLLED_B,))
    wide = ec.status_by_rule(table, ["NVIDIA HGX H20", "NVIDIA H100 SXM5 80GB", "absent"])
    assert list(wide["chip"]) == ["NVIDIA HGX H20", "NVIDIA H100 SXM5 80GB"]
    assert list(wide["2022-10"]) == ["not controlled", "3A090.a"]


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


def test_best_domestic_chip_is_the_best_shipped_one_unless_asked_for_datasheets(threshold_rows):
    chips = ec.accelerator_table(_hardware_with_biren(), _supplement_with_shipping())
    table = ec.classify_table(chips, {"2023-10": er.thresholds(threshold_rows, "2023-10")})
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
    table = ec.classify_table(chips, {"2023-10": er.thresholds(data.load("export_rules"), "2023-10")})
    assert ec.best_domestic(table, rule="2023-10")["chip"] == "Huawei Ascend 910C"
    assert ec.best_domestic(table, rule="2023-10", basis="datasheet")["chip"] == "Biren BR100"


def test_official_rules_leave_the_h20_unknown_and_only_the_what_if_takes_the_assumed_die(threshold_rows):
    chips = ec.accelerator_table(_hardware(), _supplement())
    official = {v: er.thresholds(threshold_rows, v) for v in er.RULE_VERSIONS}
    what_if = official["2023-10"]
    table = ec.classify_with_what_if(chips, official, what_if, {"NVIDIA HGX H20": 814.0})
    assert list(dict.fromkeys(table["rule"])) == [*er.RULE_VERSIONS, "what-if"]
    status = table.set_index(["chip", "rule"])
    # the same lines give two statuses only because the what-if assumes a die area the data lack
    assert status.loc[("NVIDIA HGX H20", "2023-10"), "status"] == er.UNKNOWN
    assert math.isnan(status.loc[("NVIDIA HGX H20", "2023-10"), "performance_density"])
    assert status.loc[("NVIDIA HGX H20", "what-if"), "status"] == er.NOT_CONTROLLED
    assert status.loc[("NVIDIA HGX H20", "what-if"), "performance_density"] == pytest.approx(2368 / 814)
    assert ec.missing_inputs(status.loc[("NVIDIA HGX H20", "2023-10")], "2023-10") == "die area (performance density)"
    assert ec.missing_inputs(status.loc[("NVIDIA H100 SXM5 80GB", "2023-10")], "2023-10") == ""
    assert ec.missing_inputs(None, "2022-10") == "chip not in Epoch's ML Hardware table"
    with pytest.raises(ValueError, match="rule 'what-if' is not one of 2022-10, 2023-10"):
        ec.missing_inputs(status.loc[("NVIDIA HGX H20", "what-if")], "what-if")


def test_density_catch_area_is_the_largest_die_the_lowest_controlling_density_line_catches(threshold_rows):
    lines = {v: er.thresholds(threshold_rows, v) for v in er.RULE_VERSIONS}
    # TPP 2368 is in the 3A090.b band from TPP 1600 (PD >= 3.2): 2368 / 3.2 = 740 mm^2
    assert ec.density_catch_area_mm2(2368.0, lines["2023-10"]) == pytest.approx(740.0)
    # above the 3A090.a TPP line only the 5.92 route of 3A090.a applies to density
    assert ec.density_catch_area_mm2(5000.0, lines["2023-10"]) == pytest.approx(5000.0 / 5.92)
    assert math.isnan(ec.density_catch_area_mm2(1000.0, lines["2023-10"]))  # under every density band
    assert math.isnan(ec.density_catch_area_mm2(2368.0, lines["2022-10"]))  # no density test in 2022
    # just inside the catch area the chip is controlled, just outside it is not
    area = ec.density_catch_area_mm2(2368.0, lines["2023-10"])
    assert er.classify(2368.0, 2368.0 / (area - 1), 900.0, rules=lines["2023-10"]) in (er.CONTROLLED_A, er.CONTROLLED_B)
    assert er.classify(2368.0, 2368.0 / (area + 1), 900.0, rules=lines["2023-10"]) == er.NOT_CONTROLLED

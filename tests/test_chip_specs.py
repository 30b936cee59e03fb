"""The best-chip specification curve on planted chips whose ratios are known by hand, and on the book's data."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from gaplib import data
from gaplib.geopolitics.chip_specs import best_chip_estimates, best_us_chip_in_clusters, chip_measures
from gaplib.geopolitics.export_controls import accelerator_table
from gaplib.specs import glue_items

US = ("NVIDIA H100 SXM5 80GB", "NVIDIA H200 SXM", "NVIDIA B200")


def _chips():
    return pd.DataFrame({"chip": [*US, "China-1"], "tpp": [16000.0, 16000.0, 36000.0, 8000.0],
                         "memory_bandwidth_tb_per_s": [3.0, 4.5, 9.0, 3.0], "memory_gb": [80.0, 160.0, 200.0, math.nan],
                         "release_date": pd.to_datetime(["2022-09-01", "2024-11-01", "2024-12-01", "2024-10-01"])})


def test_each_chip_and_measure_gives_its_hand_computed_ratio():
    by = {e.spec.name: e for e in best_chip_estimates(_chips(), "China-1", "NVIDIA H200 SXM")}
    assert by["H100, TPP"].value == pytest.approx(2.0) and by["B200, TPP"].value == pytest.approx(4.5)
    assert by["H200, memory bandwidth"].value == pytest.approx(1.5) and by["H100, memory bandwidth"].value == 1.0
    assert math.isnan(by["B200, memory capacity"].value)  # China's capacity is unknown: not computed
    items = glue_items("chip", list(by.values()))
    assert items["chip_default_spec"] == "H200, TPP" and items["chip_default"] == pytest.approx(2.0)
    assert (items["chip_spec_low"], items["chip_spec_high"], items["chip_spec_count"]) == (1.0, 4.5, 6)


def test_the_default_is_the_best_us_chip_in_operating_clusters():
    clusters = pd.DataFrame({"status": ["Existing", "Existing", "Planned"],
                             "chip_type": ["NVIDIA H100 SXM5 80GB", "NVIDIA H200 SXM", "NVIDIA B200"]})
    # the planned B200 does not count; the H200 ties the H100 on TPP and is the later release
    assert best_us_chip_in_clusters(clusters, _chips()) == "NVIDIA H200 SXM"
    assert best_us_chip_in_clusters(clusters.iloc[::-1], _chips().iloc[::-1]) == "NVIDIA H200 SXM"
    with pytest.raises(ValueError, match="Existing cluster built on one of"):
        best_us_chip_in_clusters(clusters.assign(status="Planned"), _chips())


def test_bad_chips_are_clear_errors():
    with pytest.raises(ValueError, match="no chip named China-2"):
        best_chip_estimates(_chips(), "China-2", "NVIDIA H200 SXM")
    with pytest.raises(ValueError, match="is not one of"):
        best_chip_estimates(_chips(), "China-1", "NVIDIA A100")


def test_the_books_chips_give_the_datasheet_ratios():
    hardware = data.load("epoch_ml_hardware")
    chips = chip_measures(accelerator_table(hardware, data.load("chips_supplement")), hardware)
    default = best_us_chip_in_clusters(data.load("epoch_gpu_clusters"), chips)
    by = {e.spec.name: e for e in best_chip_estimates(chips, "Huawei Ascend 910C", default)}
    # datasheets: H200 989.5 dense TFLOP/s, 141 GB, 4.8 TB/s; B200 2,250, 180 GB, 7.7 TB/s; 910C 800, 128 GB, 3.2 TB/s
    assert default == "NVIDIA H200 SXM" and by["H200, TPP"].spec.default
    assert by["H200, TPP"].value == pytest.approx(989.5 / 800, rel=1e-3)
    assert by["B200, TPP"].value == pytest.approx(2250 / 800)
    assert by["H200, memory bandwidth"].value == pytest.approx(4.8 / 3.2)
    assert by["H100, memory capacity"].value == pytest.approx(80 / 128)
    assert by["B200, memory capacity"].value == pytest.approx(180 / 128)


def test_chip_measures_adds_memory_in_gb_from_the_first_row_of_each_chip():
    accelerators = pd.DataFrame({"chip": ["A", "B", "C"], "tpp": [1.0, 2.0, 3.0]})
    hardware = pd.DataFrame({"hardware_name": ["A", "B", "B"], "memory_bytes": [80e9, 141e9, 999e9]})
    out = chip_measures(accelerators, hardware)
    assert list(out["memory_gb"].iloc[:2]) == [80.0, 141.0] and math.isnan(out["memory_gb"].iloc[2])
    assert "memory_gb" not in accelerators.columns  # the input frame is left as it was


def test_a_china_chip_with_a_zero_or_missing_measure_gives_no_ratio():
    chips = _chips()
    chips.loc[chips["chip"] == "China-1", "memory_bandwidth_tb_per_s"] = 0.0
    by = {e.spec.name: e for e in best_chip_estimates(chips, "China-1", "NVIDIA H100 SXM5 80GB")}
    assert math.isnan(by["H100, memory bandwidth"].value) and by["H100, TPP"].value == pytest.approx(2.0)
    assert [e.spec.name for e in by.values() if e.spec.default] == ["H100, TPP"]


def test_a_china_chip_below_one_unit_still_gives_a_ratio():
    chips = _chips()
    chips.loc[chips["chip"] == "China-1", "memory_bandwidth_tb_per_s"] = 0.5
    by = {e.spec.name: e for e in best_chip_estimates(chips, "China-1", "NVIDIA H100 SXM5 80GB")}
    assert by["B200, memory bandwidth"].value == pytest.approx(18.0)


def test_one_existing_cluster_chip_is_enough_and_the_highest_tpp_of_three_wins():
    existing = pd.DataFrame({"status": ["Existing"], "chip_type": ["NVIDIA H100 SXM5 80GB"]})
    assert best_us_chip_in_clusters(existing, _chips()) == "NVIDIA H100 SXM5 80GB"
    all_three = pd.DataFrame({"status": ["Existing"] * 3, "chip_type": list(US)})
    assert best_us_chip_in_clusters(all_three, _chips()) == "NVIDIA B200"

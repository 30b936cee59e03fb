"""Quantities the claims ledger computes from the registered data: chip classes, training hardware,
cluster chips, node lags, and the interval of a difference of shares."""

import math

import pandas as pd
import pytest

from gaplib.summary import claim_measures as cm

HARDWARE = pd.DataFrame({
    "hardware_name": ["NVIDIA H100 SXM5 80GB", "NVIDIA H800 SXM5", "NVIDIA A100", "Huawei Ascend 910B", "Plain FP16 chip",
                      "No figure chip"],
    "tensor_fp16_flops": [989.4e12, 989.4e12, 312e12, 376e12, None, None],
    "fp16_flops": [None, None, None, None, 950e12, None],
})


def test_chip_class_threshold_on_both_sides():
    classes = cm.chip_classes(HARDWARE, 0.9)
    assert classes["NVIDIA H100 SXM5 80GB"] and classes["NVIDIA H800 SXM5"]
    assert not classes["NVIDIA A100"] and not classes["Huawei Ascend 910B"]
    assert classes["Plain FP16 chip"]  # 950 >= 0.9 * 989.5 = 890.6, plain FP16 used without a tensor figure
    assert "No figure chip" not in classes.index
    assert not cm.chip_classes(HARDWARE, 0.97)["Plain FP16 chip"]  # 950 < 0.97 * 989.5 = 959.8
    assert cm.chip_classes(HARDWARE, 0.37)["Huawei Ascend 910B"]  # 376 >= 366.1
    assert not cm.chip_classes(HARDWARE, 0.39)["Huawei Ascend 910B"]  # 376 < 385.9
    with pytest.raises(ValueError, match="h100_class_fraction"):
        cm.chip_classes(HARDWARE, 0.0)


MODELS = pd.DataFrame({
    "publication_date": pd.to_datetime(["2024-03-01", "2024-06-01", "2023-12-31", "2024-05-01", "2024-07-01",
                                        "2025-01-01", "2024-08-01"]),
    "countries": [("US",), ("US",), ("US",), ("China",), ("China",), ("China", "US"), ("China",)],
    "training_hardware": ["NVIDIA H100 SXM5 80GB", "NVIDIA A100,NVIDIA H100 SXM5 80GB", "NVIDIA A100",
                          "NVIDIA H800 SXM5", "Huawei Ascend 910B", "NVIDIA A100", "Unlisted accelerator"],
})


def test_training_hardware_by_country():
    t = cm.training_hardware_generation(MODELS, HARDWARE, since="2024-01-01", h100_class_fraction=0.9).set_index("country")
    # US: H100, A100+H100 (best chip counts), the joint A100 model; the 2023 model is before `since`
    assert t.loc["US", ["models", "models_known", "h100_class"]].tolist() == [3, 3, 2]
    assert t.loc["US", "share_pct"] == pytest.approx(200 / 3)
    # China: H800 (H100-class), 910B, the joint A100 model; the unlisted chip is not known
    assert t.loc["China", ["models", "models_known", "h100_class"]].tolist() == [4, 3, 1]
    t = cm.training_hardware_generation(MODELS, HARDWARE, since="2026-01-01", h100_class_fraction=0.9)
    assert t["models_known"].tolist() == [0, 0] and t["share_pct"].isna().all()


def test_wilson_and_newcombe_known_values():
    low, high = cm.wilson_interval(5, 10)
    assert (low, high) == (pytest.approx(0.2366, abs=1e-4), pytest.approx(0.7634, abs=1e-4))
    assert cm.wilson_interval(0, 10)[0] == pytest.approx(0.0, abs=1e-12)
    assert cm.wilson_interval(10, 10)[1] == pytest.approx(1.0)
    # Newcombe (1998), Statistics in Medicine 17:873, example: 56/70 - 48/80 = 0.20, 95% CI 0.0524 to 0.3339
    diff, low, high = cm.share_difference(56, 70, 48, 80)
    assert diff == pytest.approx(20.0)
    assert (low, high) == (pytest.approx(5.24, abs=0.01), pytest.approx(33.39, abs=0.01))
    with pytest.raises(ValueError, match="n > 0"):
        cm.wilson_interval(0, 0)


CLUSTERS = pd.DataFrame({
    "countries": [("US",), ("US",), ("US",), ("China",), ("China",)],
    "chip_type": ["NVIDIA H100 SXM5 80GB", "NVIDIA A100", "Google TPU v9", None, None],
    "h100_equivalents": [900.0, 100.0, 50.0, 300.0, 200.0],
})


def test_cluster_chips_by_country():
    t = cm.cluster_generation(CLUSTERS, HARDWARE, h100_class_fraction=0.9).set_index("country")
    assert t.loc["US", ["clusters", "clusters_named", "h100e_named", "h100e_h100_class"]].tolist() == [3, 2, 1000.0, 900.0]
    assert t.loc["US", "share_pct"] == pytest.approx(90.0)
    assert t.loc["China", "clusters_named"] == 0 and math.isnan(t.loc["China", "share_pct"])
    assert t.loc["China", "h100e"] == 500.0


NODES = pd.DataFrame({
    "hardware_name": ["A", "B", "C", "D", "E", "F"],
    "maker": ["cn", "cn", "us", "us", "us", "cn"],
    "release_date": pd.to_datetime(["2022-01-01", "2025-01-01", "2020-01-01", "2022-06-01", "2025-01-01", None]),
    "process_size_nm": [7.0, 6.0, 7.0, 5.0, 3.0, 3.0],
})


def _cn(h):
    return h["maker"] == "cn"


def _us(h):
    return h["maker"] == "us"


def test_node_lag_on_both_sides():
    lag = cm.node_lag(NODES, _cn, _us)
    # China's newest: 6 nm in 2025; the reference first reached <= 6 nm in 2022 (5 nm): 3 years
    assert (lag.year, lag.node_nm, lag.reference_year, lag.lag_years) == (2025, 6.0, 2022, 3.0)
    assert lag.reference_node_nm == 3.0 and lag.designs == 2  # the undated 3 nm design is left out
    ahead = NODES.assign(process_size_nm=[7.0, 2.0, 7.0, 5.0, 3.0, 3.0])
    lag = cm.node_lag(ahead, _cn, _us)
    assert lag.reference_year is None and lag.lag_years == 0.0  # 2 nm, never reached by the reference
    same_year = NODES.assign(process_size_nm=[7.0, 3.0, 7.0, 5.0, 3.0, 3.0])
    assert cm.node_lag(same_year, _cn, _us).lag_years == 0.0  # reached in the same year: not behind
    with pytest.raises(ValueError, match="both groups"):
        cm.node_lag(NODES, lambda h: h["maker"] == "eu", _us)


def test_designs_by_year_keeps_empty_years():
    counts = cm.designs_by_year(NODES, _cn, 2021)
    assert counts.to_dict() == {2021: 0, 2022: 1, 2023: 0, 2024: 0, 2025: 1}


def test_measures_on_the_registered_data():
    from gaplib import data

    models, hardware = data.load("epoch_large_scale_models"), data.load("epoch_ml_hardware")
    t = cm.training_hardware_generation(models, hardware, since="2024-01-01", h100_class_fraction=0.9)
    assert (t["models_known"] > 0).all() and (t["h100_class"] <= t["models_known"]).all()
    from gaplib.geopolitics.export_controls import CHINESE_DESIGNERS
    lag = cm.node_lag(hardware, lambda h: h["manufacturer"].isin(CHINESE_DESIGNERS),
                      lambda h: ~h["manufacturer"].isin(CHINESE_DESIGNERS))
    assert lag.lag_years >= 1  # Chinese designs trail on process node in Epoch's table


def test_share_controlled_counts_only_chips_at_or_above_the_line():
    classified = pd.DataFrame({
        "chip": ["H100", "H200", "H20", "B200", "MI300X", "H200"],
        "maker": ["NVIDIA", "NVIDIA", "NVIDIA", "NVIDIA", "AMD", "NVIDIA"],
        "tpp": [15832.0, 15832.0, 2368.0, 36000.0, 20000.0, 15832.0],
        "status": ["3A090.a", "3A090.a", "not controlled", "unknown", "3A090.a", "3A090.a"],
    })
    share, caught, total = cm.share_controlled(classified, maker="NVIDIA", min_tpp=15832.0, controlled="3A090.a")
    assert (caught, total) == (2, 3) and share == pytest.approx(200 / 3)  # B200 unknown, H20 below, H200 once
    assert cm.share_controlled(classified, maker="NVIDIA", min_tpp=15832.1, controlled="3A090.a")[1:] == (0, 1)
    with pytest.raises(ValueError, match="no NVIDIA chip"):
        cm.share_controlled(classified, maker="NVIDIA", min_tpp=1e6, controlled="3A090.a")


def test_top_nvidia_chips_are_controlled_in_the_registered_data():
    from gaplib import data
    from gaplib.summary import claims

    frame = pd.DataFrame({"claim_id": ["C07"], "measure": ["top_nvidia_controlled"]})
    ev = claims.page_measures(frame, hardware=data.load("epoch_ml_hardware"), supplement=data.load("chips_supplement"),
                              rules=data.load("export_rules"))["top_nvidia_controlled"]
    assert ev.value == 100.0 and "3A090.a" in ev.source  # every NVIDIA chip at or above the H100's TPP is caught

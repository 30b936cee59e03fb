"""Accelerator comparison and domestic supply in H100-equivalents."""

import math

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from gaplib.hardware import chips


def test_h100_equivalents():
    assert chips.h100_equivalents(989.5) == pytest.approx(1.0)
    assert chips.h100_equivalents(376.0) == pytest.approx(0.37999, rel=1e-4)


def test_domestic_supply_known_value():
    # 400k chips, a quarter 910C (800 TFLOP/s), the rest 910B (376): mean 482 TFLOP/s
    expected = 400_000 * 482.0 / 989.5
    assert chips.domestic_supply_h100e_per_year(400_000, 1.0, 0.25, 376.0, 800.0) == pytest.approx(expected)
    assert chips.domestic_supply_h100e_per_year(400_000, 0.4, 0.25, 376.0, 800.0) == pytest.approx(0.4 * expected)
    assert chips.domestic_supply_h100e_per_year(0, 0.4, 0.25, 376.0, 800.0) == 0.0


@pytest.mark.parametrize("units, yld, share, message", [
    (-1, 0.5, 0.5, "units cannot be negative, got -1"),
    (1, 1.5, 0.5, r"yield and share must be fractions in \[0, 1\]"),
    (1, 0.5, -0.1, r"yield and share must be fractions in \[0, 1\]"),
])
def test_domestic_supply_rejects_bad_inputs(units, yld, share, message):
    with pytest.raises(ValueError, match=message):
        chips.domestic_supply_h100e_per_year(units, yld, share, 376.0, 800.0)


@given(st.floats(0, 1e7), st.floats(0, 1), st.floats(0, 1), st.floats(0, 1))
def test_more_of_the_faster_chip_never_lowers_supply(units, yld, s1, s2):
    low, high = sorted((s1, s2))
    assert (chips.domestic_supply_h100e_per_year(units, yld, high, 376.0, 800.0)
            >= chips.domestic_supply_h100e_per_year(units, yld, low, 376.0, 800.0) - 1e-6)


def test_flagship_comparison():
    table = pd.DataFrame({
        "chip": ["Huawei Ascend 910B", "NVIDIA H100 SXM5 80GB", "Other"],
        "maker": ["Huawei", "NVIDIA", "X"], "designer_country": ["China", "other", "other"],
        "release_date": pd.to_datetime(["2022-03-17", "2022-09-20", "2020-01-01"]),
        "dense_fp16_tflops": [376.0, 989.5, 1.0], "memory_bandwidth_tb_per_s": [1.228, 3.35, 1.0],
        "release_price_usd": [16854.0, 33600.0, math.nan],
    })
    out = chips.flagship_comparison(table)
    assert list(out["chip"]) == ["NVIDIA H100 SXM5 80GB", "Huawei Ascend 910B"]  # FLAGSHIPS order
    assert out.loc[0, "h100_equivalents"] == pytest.approx(1.0)
    assert out.loc[0, "tflops_per_kusd"] == pytest.approx(989.5 / 33.6)
    assert out["shipped_in_volume"].isna().all()  # an input without shipping records gives NA, not False


def test_best_shipped_skips_datasheet_only_chips():
    table = pd.DataFrame({
        "chip": ["Huawei Ascend 910B", "Huawei Ascend 910C", "Biren BR100", "NVIDIA H100 SXM5 80GB"],
        "maker": ["Huawei", "Huawei", "Biren", "NVIDIA"], "designer_country": ["China", "China", "China", "other"],
        "release_date": pd.to_datetime(["2022-03-17", "2024-10-15", "2022-08-22", "2022-09-20"]),
        "dense_fp16_tflops": [376.0, 800.0, 1024.0, 989.5], "memory_bandwidth_tb_per_s": [1.2, 3.2, 2.3, 3.35],
        "release_price_usd": [math.nan] * 4,
        "shipped_in_volume": pd.array([True, True, False, pd.NA], dtype="boolean"),
    })
    flagships = chips.flagship_comparison(table)
    best = chips.best_shipped(flagships)
    assert best["chip"] == "Huawei Ascend 910C"
    assert best["h100_equivalents"] == pytest.approx(800.0 / 989.5)
    with pytest.raises(ValueError, match="that shipped in volume"):
        chips.best_shipped(flagships.assign(shipped_in_volume=pd.array([pd.NA] * 4, dtype="boolean")))

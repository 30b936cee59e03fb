"""Power needed by a fleet and the binding constraint."""

import math

import pytest

from gaplib.hardware import power


def test_power_needed_and_powered_are_inverse():
    assert power.power_needed_gw(200_000, 160.0) == pytest.approx(1.25)
    assert power.h100e_powered(1.25, 160.0) == pytest.approx(200_000)


@pytest.mark.parametrize("rate", [0.0, -1.0, math.nan])
def test_rejects_meaningless_rates(rate):
    with pytest.raises(ValueError, match="H100-equivalents per MW must be positive"):
        power.power_needed_gw(1.0, rate)


def test_binding_constraint_at_the_boundary():
    # 160 H100e/MW: 624,000 H100e need exactly 3.9 GW
    assert power.binding_constraint(623_999, 3.9, 160.0) == "chips"
    assert power.binding_constraint(624_000, 3.9, 160.0) == "power"
    assert power.binding_constraint(10_000_000, 3.9, 160.0) == "power"


def test_system_h100e_per_mw_of_cloudmatrix_384():
    # 300 PFLOP/s dense BF16 at 559 kW against the H100's 989.5 TFLOP/s: 300e15 / 989.5e12 / 0.559 MW
    assert power.system_h100e_per_mw(300e15, 559.0, 989.5e12) == pytest.approx(542.36, abs=0.01)
    assert power.system_h100e_per_mw(989.5e12, 1000.0, 989.5e12) == pytest.approx(1.0)  # one H100 at 1 MW
    # a year of 194,846 H100e at that rate needs about 0.36 GW, against 1.21 GW at 160 H100e/MW
    assert power.power_needed_gw(194_846, power.system_h100e_per_mw(300e15, 559.0, 989.5e12)) == pytest.approx(0.3593, abs=1e-3)


@pytest.mark.parametrize("args", [(0.0, 559.0, 989.5e12), (300e15, -1.0, 989.5e12), (300e15, 559.0, math.nan)])
def test_system_h100e_per_mw_rejects_meaningless_inputs(args):
    with pytest.raises(ValueError, match="must be positive"):
        power.system_h100e_per_mw(*args)


def test_supplement_value_reads_one_row_and_names_a_missing_one():
    import pandas as pd

    rows = pd.DataFrame({"chip": ["Huawei CloudMatrix 384", "Huawei CloudMatrix 384"],
                         "quantity": ["system_power_kw", "system_dense_bf16_pflops"], "value": [559.0, 300.0]})
    assert power.supplement_value(rows, "Huawei CloudMatrix 384", "system_power_kw") == 559.0
    with pytest.raises(ValueError, match="'Huawei CloudMatrix 384' 'system_tdp'.*found 0"):
        power.supplement_value(rows, "Huawei CloudMatrix 384", "system_tdp")

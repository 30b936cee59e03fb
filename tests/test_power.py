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

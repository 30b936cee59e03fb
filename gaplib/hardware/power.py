"""Power for AI compute: how many GW a fleet needs and whether power or chips bind."""

from __future__ import annotations

import math

import pandas as pd


def power_needed_gw(h100e: float, h100e_per_mw: float) -> float:
    """Return the GW of data-centre capacity that ``h100e`` H100-equivalents need at ``h100e_per_mw``."""
    if h100e_per_mw <= 0 or math.isnan(h100e_per_mw):
        raise ValueError(f"H100-equivalents per MW must be positive, got {h100e_per_mw}")
    return h100e / h100e_per_mw / 1000.0


def h100e_powered(capacity_gw: float, h100e_per_mw: float) -> float:
    """Return how many H100-equivalents ``capacity_gw`` of data-centre capacity can power."""
    return capacity_gw * 1000.0 * h100e_per_mw


def binding_constraint(chip_h100e_per_year: float, capacity_added_gw: float, h100e_per_mw: float) -> str:
    """Return "chips" if a year's chip supply needs less power than the capacity added that year, else "power"."""
    return "chips" if power_needed_gw(chip_h100e_per_year, h100e_per_mw) < capacity_added_gw else "power"


def system_h100e_per_mw(system_dense_flop_per_s: float, system_power_kw: float, h100_dense_flop_per_s: float) -> float:
    """Return a whole system's H100-equivalents per MW: its dense 16-bit FLOP/s over the H100's, per MW it draws.

    System level: the power covers everything the system draws (accelerators, CPUs, network), as a
    data centre must supply it. Raises ValueError for a non-positive or missing input.
    """
    for name, value in (("system dense FLOP/s", system_dense_flop_per_s), ("system power (kW)", system_power_kw),
                        ("H100 dense FLOP/s", h100_dense_flop_per_s)):
        if not value > 0:  # also catches NaN
            raise ValueError(f"{name} must be positive, got {value}")
    return system_dense_flop_per_s / h100_dense_flop_per_s / (system_power_kw / 1000.0)


def supplement_value(supplement: pd.DataFrame, chip: str, quantity: str) -> float:
    """Return the ``value`` of one row of the chip supplement (``chip``, ``quantity``) in that row's unit.

    Raises ValueError naming the chip and quantity when the supplement has no such row, or more than one.
    """
    rows = supplement[(supplement["chip"] == chip) & (supplement["quantity"] == quantity)]
    if len(rows) != 1:
        raise ValueError(f"chips_supplement: expected one row for {chip!r} {quantity!r}, found {len(rows)}")
    return float(rows["value"].iloc[0])

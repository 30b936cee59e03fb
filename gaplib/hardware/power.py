"""Power for AI compute: how many GW a fleet needs and whether power or chips bind."""

from __future__ import annotations

import math


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

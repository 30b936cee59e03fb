"""The direction rule of the gap at a glance: the words for a gap's direction of travel and the
three ways a direction is read from a chapter's results.

``widening`` always means movement in the US's favour and ``narrowing`` in China's. The
claims ledger's rules read the same words, so they live here, below both the gap at a glance
(:mod:`gaplib.summary.overview`) and the ledger (:mod:`gaplib.summary.claim_rules`).
"""

from __future__ import annotations

import math

WIDENING, NARROWING, STABLE, UNCLEAR = "widening", "narrowing", "stable", "unclear"
NOT_MEASURED, MISSING = "not measured", "result missing"


def direction_from_ratios(before: float, after: float, stable_change_pct: float,
                          after_range: tuple[float, float] | None = None) -> str:
    """``widening`` if the ratio grew by more than ``stable_change_pct`` percent, ``narrowing`` if it
    fell by more, else ``stable``; ``unclear`` when either ratio is missing or not positive.

    With ``after_range`` (today's range), an earlier ratio inside that range is ``stable`` too:
    the change does not exceed the uncertainty of today's value.
    """
    if not (before > 0 and after > 0):
        return UNCLEAR
    if after_range is not None and after_range[0] <= before <= after_range[1]:
        return STABLE
    change = (after / before - 1.0) * 100.0
    band = stable_change_pct + 1e-9  # the band's edge itself counts as stable despite rounding
    if change > band:
        return WIDENING
    if change < -band:
        return NARROWING
    return STABLE


def direction_from_trend(estimate: float, low: float, high: float) -> str:
    """Direction of a gap's change per year (positive = the gap grows) from its interval:
    ``widening`` when low > 0, ``narrowing`` when high < 0, else ``unclear`` (it straddles zero)."""
    if any(math.isnan(x) for x in (estimate, low, high)):
        return UNCLEAR
    if low > 0:
        return WIDENING
    if high < 0:
        return NARROWING
    return UNCLEAR


def direction_from_growth(us: tuple[float, float], china: tuple[float, float]) -> str:
    """Direction from two growth-rate intervals (low, high): the US interval wholly above
    China's -> ``widening``, wholly below -> ``narrowing``, overlapping -> ``unclear``."""
    if any(math.isnan(x) for x in (*us, *china)):
        return UNCLEAR
    if us[0] > china[1]:
        return WIDENING
    if us[1] < china[0]:
        return NARROWING
    return UNCLEAR

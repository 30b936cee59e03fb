"""The direction rule over a headline's specifications: a direction only when every definition agrees.

Each specification (:class:`gaplib.specs.Estimate`) carries the evidence its direction is read
from; the rule of :mod:`gaplib.summary.directions` reads each one with the same thresholds, and
the headline gets a direction only when every specification that has one gives the same;
otherwise :data:`gaplib.specs.DEPENDS`, with which way each goes.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from gaplib.specs import Estimate, agreement, which_way
from gaplib.summary.directions import direction_from_growth, direction_from_ratios, direction_from_trend


def spec_direction(estimate: Estimate, *, stable_change_pct: float) -> str:
    """Return one specification's direction word, or "" when it carries no evidence of change.

    ``ratio_change`` (before, after): :func:`direction_from_ratios`, with the specification's own
    interval as today's range when it has one; ``trend`` (estimate, low, high) and ``growth``
    (US low, US high, China low, China high) as their rules.
    """
    if not estimate.evidence:
        return ""
    rule, *numbers = estimate.evidence
    if rule == "ratio_change":
        ranged = (estimate.low, estimate.high) if math.isfinite(estimate.low) and math.isfinite(estimate.high) else None
        return direction_from_ratios(numbers[0], numbers[1], stable_change_pct, ranged)
    if rule == "trend":
        return direction_from_trend(*numbers)
    if rule == "growth":
        return direction_from_growth((numbers[0], numbers[1]), (numbers[2], numbers[3]))
    raise ValueError(f"unknown direction rule {rule!r}")


def spec_directions(estimates: Sequence[Estimate], *, stable_change_pct: float) -> dict[str, str]:
    """Return {specification name: its direction word} ("" for those without evidence)."""
    return {e.spec.name: spec_direction(e, stable_change_pct=stable_change_pct) for e in estimates}


def headline_direction(estimates: Sequence[Estimate], *, stable_change_pct: float) -> tuple[str, str]:
    """Return (the direction every specification agrees on or "depends on definition", which way each goes).

    The direction is "" when no specification carries evidence of change."""
    directions = spec_directions(estimates, stable_change_pct=stable_change_pct)
    return agreement(directions), which_way(directions)

"""Words for probabilities the scenario model publishes: never "0.0%", never false precision.

A share of simulated paths below ``resolution`` (the strategy chapter passes its
``bands.RESOLUTION``, 1%) reads "below 1%"; others are whole percents. A set of shares,
one per scenario set, reads as their range.
"""

from __future__ import annotations

from collections.abc import Iterable


def _check(prob: float, resolution: float) -> None:
    if not 0 <= prob <= 1:
        raise ValueError(f"a probability must lie in [0, 1], got {prob}")
    if not 0 < resolution < 1:
        raise ValueError(f"a resolution must lie in (0, 1), got {resolution}")


def share_text(prob: float, resolution: float) -> str:
    """Return ``prob`` as words: "below 1%" under ``resolution``, else a whole percent ("27%")."""
    _check(prob, resolution)
    if prob < resolution:
        return f"below {100 * resolution:g}%"
    return f"{100 * prob:.0f}%"


def range_text(probs: Iterable[float], resolution: float) -> str:
    """Return the range of ``probs`` (one per scenario set) as words.

    "below 1% in every set" when all are below ``resolution``; "27% in every set" when all
    round alike; else "from below 1% to 27%" or "from 3% to 27%".
    """
    values = sorted(float(p) for p in probs)
    if not values:
        raise ValueError("no probabilities to give the range of")
    for p in values:
        _check(p, resolution)
    low, high = share_text(values[0], resolution), share_text(values[-1], resolution)
    if low == high:
        return f"{low} in every set"
    return f"from {low} to {high}"

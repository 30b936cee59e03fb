"""The tolerance rule: does a reproduction agree with a published figure within a stated margin?

Intervals that overlap (:func:`gaplib.replications.verdict.replication_verdict`) ask too much
of a count or a sum published without one: "50 notable models" and a reproduction of 52
would differ, though the two agree as well as two vintages of a growing table can. The
tolerance rule instead calls a reproduction *reproduced* when it lies within the larger of
a relative margin of the published value (:data:`REL_TOL`, 15%) and the half-width of the
published interval, where the figure has one.

>>> tolerance_verdict(50, 57)
'reproduced'
>>> tolerance_verdict(50, 58)
'not reproduced'
>>> tolerance_verdict(10, 14, (6.0, 14.0))
'reproduced'
"""

from __future__ import annotations

from gaplib.replications.verdict import NOT_REPRODUCED, REPRODUCED, Interval, interval_or_none

REL_TOL = 0.15
"""The relative margin of the tolerance rule: 15% of the published value."""


def _number(value: float, what: str) -> float:
    if value is None or isinstance(value, bool) or not isinstance(value, int | float) or value != value:
        raise ValueError(f"{what} must be a number, got {value!r}")
    return float(value)


def tolerance(published: float, published_ci: Interval | None = None, rel_tol: float = REL_TOL) -> float:
    """Return the largest difference from ``published`` that still counts as reproduced, in its unit:
    the larger of ``rel_tol`` times its magnitude and the half-width of ``published_ci`` (when given).

    Raises ValueError for a NaN value, a negative ``rel_tol``, or an interval that is reversed,
    half-missing or does not hold the value.
    """
    value = _number(published, "published")
    rel = _number(rel_tol, "relative tolerance")
    if rel < 0:
        raise ValueError(f"relative tolerance must not be negative, got {rel_tol}")
    interval = interval_or_none(published_ci, value, "published")
    half_width = (interval[1] - interval[0]) / 2.0 if interval is not None else 0.0
    return max(rel * abs(value), half_width)


def tolerance_verdict(published: float, reproduced: float, published_ci: Interval | None = None,
                      rel_tol: float = REL_TOL) -> str:
    """Return "reproduced" when ``reproduced`` lies within :func:`tolerance` of ``published``
    (ends included), else "not reproduced". Raises ValueError for a NaN on either side."""
    margin = tolerance(published, published_ci, rel_tol)
    return REPRODUCED if abs(_number(reproduced, "reproduced") - float(published)) <= margin else NOT_REPRODUCED


def relative_difference_pct(published: float, reproduced: float) -> float:
    """Return how far ``reproduced`` lies from ``published``, in percent of ``published`` (signed);
    ValueError when ``published`` is zero."""
    pub = _number(published, "published")
    if pub == 0:
        raise ValueError("the relative difference from a published value of zero is undefined")
    return 100.0 * (_number(reproduced, "reproduced") - pub) / abs(pub)

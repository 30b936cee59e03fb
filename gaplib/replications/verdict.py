"""Verdicts on replications: does the book's reproduction agree with a published figure?

A reproduction is "reproduced" when it lies within a stated tolerance of the published
figure: the larger of :data:`TOLERANCE_PCT` percent of the published value and the half-width
of the published interval (for a figure published rounded, the rounding interval). That two
intervals merely overlap is not enough: a wide bootstrap interval on the book's side would
cover almost any published number (2.99 against 2.08 years overlapped). The reproduction's own
interval is shown beside the verdict but does not widen the tolerance.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass

REPRODUCED = "reproduced"
NOT_REPRODUCED = "not reproduced"
REASONS = ("vintage", "coverage", "definition")
"""Why a reproduction differs: a newer or older data snapshot (vintage), rows the data
holds or lacks (coverage), or a different definition or method (definition)."""

Interval = tuple[float, float]


def _finite(value: float, what: str) -> float:
    if value is None or isinstance(value, bool) or not isinstance(value, numbers.Real) or math.isnan(value):
        raise ValueError(f"{what} must be a number, got {value!r}")
    return float(value)


def interval_or_none(interval: Interval | None, value: float, what: str) -> Interval | None:
    """Return ``interval`` as a (low, high) pair of floats, or None when it is missing.

    A missing interval is None or (NaN, NaN). Raises ValueError when only one end is
    missing, when low > high, or when ``value`` lies outside its own interval.
    """
    if interval is None:
        return None
    if len(interval) != 2:
        raise ValueError(f"{what} interval must be (low, high), got {interval!r}")
    low, high = interval
    missing = [end is None or (isinstance(end, float) and math.isnan(end)) for end in (low, high)]
    if all(missing):
        return None
    if any(missing):
        raise ValueError(f"{what} interval has one end missing: {interval!r}")
    low, high = _finite(low, f"{what} interval low"), _finite(high, f"{what} interval high")
    if low > high:
        raise ValueError(f"{what} interval is reversed: low {low} > high {high}")
    if not low <= value <= high:
        raise ValueError(f"{what} value {value} lies outside its own interval ({low}, {high})")
    return low, high


def rounding_interval(value: float, step: float) -> Interval:
    """Return the interval a figure published rounded to ``step`` stands for: value -/+ step/2.

    "About 7 months" rounded to whole months is (6.5, 7.5); "15%" to whole percent is
    (14.5, 15.5). Raises ValueError for a step that is not positive.
    """
    value = _finite(value, "rounded value")
    if not _finite(step, "rounding step") > 0:
        raise ValueError(f"rounding step must be positive, got {step}")
    return value - step / 2.0, value + step / 2.0


WITHIN_TOLERANCE = "none needed: within tolerance"
TOLERANCE_PCT = 15.0
"""The smallest tolerance of a replication, percent of the published value."""


def tolerance(published: float, published_ci: Interval | None) -> float:
    """Return how far a reproduction may lie from ``published`` and count as reproduced, in its unit:
    the larger of :data:`TOLERANCE_PCT` percent of it and half the width of its interval."""
    pub = _finite(published, "published")
    low, high = interval_or_none(published_ci, pub, "published") or (pub, pub)
    return max(abs(pub) * TOLERANCE_PCT / 100.0, (high - low) / 2.0)


def replication_verdict(published: float, published_ci: Interval | None,
                        reproduced: float, reproduced_ci: Interval | None = None) -> str:
    """Return "reproduced" when ``reproduced`` lies within :func:`tolerance` of ``published`` (the
    edge included), else "not reproduced".

    ``reproduced_ci`` is checked (a value must lie inside its own interval) but does not widen
    the tolerance. Raises ValueError for a NaN value, a half-missing or reversed interval, or
    a value outside its own interval.
    """
    pub = _finite(published, "published")
    rep = _finite(reproduced, "reproduced")
    interval_or_none(reproduced_ci, rep, "reproduced")
    return REPRODUCED if abs(rep - pub) <= tolerance(pub, published_ci) + 1e-12 else NOT_REPRODUCED


# What each replication measures, in a reader's words (the ids name results, not readers' text).
DESCRIPTIONS = {
    "epoch_china_growth": "Growth of China's frontier training compute (x a year)",
    "epoch_nonchina_growth": "Growth of the rest of the world's frontier training compute (x a year)",
    "epoch_lag_years": "Years China's frontier compute trails the rest of the world",
    "epoch_us_share_pct": "US share of AI-supercomputer performance (%)",
    "epoch_china_share_pct": "China's share of AI-supercomputer performance (%)",
    "epoch_eci_lag_months": "Months Chinese models trail on the Epoch Capabilities Index",
    "bis_history_agreement_pct": "Named chips whose BIS control status the book reproduces (%)",
    "epoch_china_nvidia_h100e": "China's cumulative NVIDIA H100-equivalents since 2022 (Epoch chip sales)",
}


def describe(replication_id: str) -> str:
    """Return what the replication ``replication_id`` measures, in words; KeyError if it has none."""
    if replication_id not in DESCRIPTIONS:
        raise KeyError(f"replication {replication_id!r} has no description: add it to DESCRIPTIONS")
    return DESCRIPTIONS[replication_id]


@dataclass(frozen=True)
class Replication:
    """One published figure and the book's reproduction of it.

    ``id`` names the results (``replication_<id>_...``); values are in the published
    figure's unit. ``as_of_publication`` is the reproduction restricted to the data as
    of the publication's snapshot date (None where the data cannot be restricted).
    ``reason`` is the most likely cause of a difference, one of :data:`REASONS`, or None;
    a replication that is "not reproduced" must give one.
    """

    id: str
    published: float
    published_ci: Interval | None
    citation: str
    reproduced: float
    reproduced_ci: Interval | None
    as_of_publication: float | None = None
    as_of_publication_ci: Interval | None = None
    reason: str | None = None

    def __post_init__(self) -> None:
        if not self.id or not self.id.replace("_", "").isalnum() or self.id != self.id.lower():
            raise ValueError(f"replication id must be lower-case letters, digits and _, got {self.id!r}")
        if not self.citation:
            raise ValueError(f"replication {self.id!r} needs a citation key")
        if self.reason is not None and self.reason not in REASONS:
            raise ValueError(f"replication {self.id!r}: reason must be one of {', '.join(REASONS)}, "
                             f"got {self.reason!r}")
        if self.as_of_publication is None and self.as_of_publication_ci is not None:
            raise ValueError(f"replication {self.id!r}: an as-of-publication interval needs its value")
        if self.verdict == NOT_REPRODUCED and self.reason is None:
            raise ValueError(f"replication {self.id!r} is not reproduced: give the most likely reason "
                             f"({', '.join(REASONS)})")

    @property
    def verdict(self) -> str:
        """Return :func:`replication_verdict` of the published figure and the reproduction."""
        return replication_verdict(self.published, self.published_ci, self.reproduced, self.reproduced_ci)

    @property
    def difference(self) -> float:
        """Return reproduced minus published, in the figure's unit."""
        return float(self.reproduced) - float(self.published)

    @property
    def as_of_publication_verdict(self) -> str | None:
        """Return the verdict of the as-of-publication reproduction, None when there is none."""
        if self.as_of_publication is None:
            return None
        return replication_verdict(self.published, self.published_ci,
                                   self.as_of_publication, self.as_of_publication_ci)

    def results(self) -> dict[str, float | str]:
        """Return the results dict: ``replication_<id>_published``, ``..._reproduced``, ``..._verdict``,
        ``..._difference``, ``_ci_low``/``_ci_high`` for each side that has an interval, and
        ``..._as_of_publication`` (with its interval and verdict) where available."""
        key = f"replication_{self.id}"
        out: dict[str, float | str] = {}
        sides = [("published", self.published, self.published_ci),
                 ("reproduced", self.reproduced, self.reproduced_ci)]
        if self.as_of_publication is not None:
            sides.append(("as_of_publication", self.as_of_publication, self.as_of_publication_ci))
        for name, value, ci in sides:
            out[f"{key}_{name}"] = float(value)
            interval = interval_or_none(ci, float(value), name)
            if interval is not None:
                out[f"{key}_{name}_ci_low"], out[f"{key}_{name}_ci_high"] = interval
        out[f"{key}_difference"] = self.difference
        out[f"{key}_tolerance"] = tolerance(self.published, self.published_ci)
        out[f"{key}_verdict"] = self.verdict
        if self.as_of_publication is not None:
            out[f"{key}_as_of_publication_verdict"] = self.as_of_publication_verdict
        # every record names a reason, so the prose reads the same whichever way the verdict goes
        out[f"{key}_reason"] = self.reason if self.reason is not None else WITHIN_TOLERANCE
        return out

"""Sums of quantities known only as ranges: a seeded Monte Carlo and interval arithmetic.

A component is a median with a 5th and a 95th percentile. The Monte Carlo draws it as a
lognormal whose median is the component's median and whose log-spread is the mean of the
two half-spreads (``ln(p95 / median)`` and ``ln(median / p5)``, each over 1.645): a
lognormal has one spread, and the two sides of Epoch's ranges differ by a few percent.
A component whose range is zero is a constant.

Components that share a ``group`` use one draw (they move together: every owner line of
Epoch's chip-sales model comes from one revenue model, so its percentiles add within the
group); components in different groups are independent. Interval arithmetic (sum of the
lows, sum of the highs) is the outer bound any dependence gives.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

Z95 = 1.6448536269514722  # standard normal quantile of 0.95


@dataclass(frozen=True)
class Component:
    """One ranged quantity: ``median``, ``p5``, ``p95`` (same unit), a ``name`` and a dependence ``group``."""

    name: str
    median: float
    p5: float
    p95: float
    group: str = ""

    def __post_init__(self):
        values = (self.p5, self.median, self.p95)
        if not all(np.isfinite(v) for v in values):
            raise ValueError(f"{self.name}: the median and percentiles must be numbers, got {values}")
        if not 0 <= self.p5 <= self.median <= self.p95:
            raise ValueError(f"{self.name}: need 0 <= p5 <= median <= p95, got {values}")
        if self.median == 0 and self.p95 > 0:
            raise ValueError(f"{self.name}: a median of 0 with a positive 95th percentile has no lognormal")

    @property
    def log_sd(self) -> float:
        """Return the lognormal's sd of ln(value) (0 for a constant)."""
        if self.median == 0 or self.p5 == self.p95:
            return 0.0
        low = np.log(self.median / self.p5) if self.p5 > 0 else np.log(self.p95 / self.median)
        return float((np.log(self.p95 / self.median) + low) / (2 * Z95))


def from_range(name: str, low: float, high: float, group: str = "") -> Component:
    """Return a component whose 5th and 95th percentiles are ``low`` and ``high`` and whose median is their geometric mean.

    For published estimates that span a range without a central value (e.g. 200,000 to
    1.5 million units): each end is taken as a 1-in-20 outcome, the centre as the
    geometric middle. ``low`` must be positive unless both are 0.
    """
    if low == high == 0:
        return Component(name, 0.0, 0.0, 0.0, group)
    if not 0 < low <= high:
        raise ValueError(f"{name}: need 0 < low <= high, got {low}, {high}")
    return Component(name, float(np.sqrt(low * high)), float(low), float(high), group)


def product(name: str, a: Component, b: Component, group: str = "") -> Component:
    """Return the lognormal product of two independent components (units x H100e per unit).

    Medians multiply, log-variances add; the percentiles are the lognormal's 5th and 95th.
    """
    median = a.median * b.median
    sd = float(np.hypot(a.log_sd, b.log_sd))
    return Component(name, median, median * np.exp(-Z95 * sd), median * np.exp(Z95 * sd), group)


def draws(components: Sequence[Component], *, n: int = 200_000, seed: int = 0) -> np.ndarray:
    """Return the Monte Carlo draws of each component, shape (len(components), n), seeded."""
    if n < 100:
        raise ValueError(f"need at least 100 draws, got {n}")
    rng = np.random.default_rng(seed)
    groups: dict[str, np.ndarray] = {}
    out = np.empty((len(components), n))
    for i, comp in enumerate(components):
        if comp.group:
            z = groups.setdefault(comp.group, rng.standard_normal(n))
        else:
            z = rng.standard_normal(n)
        out[i] = comp.median * np.exp(comp.log_sd * z)
    return out


def monte_carlo_sum(components: Sequence[Component], *, n: int = 200_000, seed: int = 0) -> dict[str, float]:
    """Return the 5th percentile, median, 95th percentile and mean of the sum of ``components``.

    Keys ``p5``, ``median``, ``p95``, ``mean``, in the components' unit.
    """
    if not components:
        raise ValueError("no components to sum")
    total = draws(components, n=n, seed=seed).sum(axis=0)
    p5, p50, p95 = np.percentile(total, [5, 50, 95])
    return {"p5": float(p5), "median": float(p50), "p95": float(p95), "mean": float(total.mean())}


def monte_carlo_ratio(numerator: Sequence[Component], denominator: Sequence[Component], *,
                      n: int = 200_000, seed: int = 0) -> dict[str, float]:
    """Return the 5th percentile, median and 95th percentile of sum(numerator) / sum(denominator).

    Both sums are drawn together (shared groups share draws), so a group on both sides
    moves both. Raises ValueError when a drawn denominator is 0.
    """
    comps = [*numerator, *denominator]
    d = draws(comps, n=n, seed=seed)
    num, den = d[:len(numerator)].sum(axis=0), d[len(numerator):].sum(axis=0)
    if np.any(den <= 0):
        raise ValueError("the denominator's sum is zero in some draws; the ratio is undefined")
    p5, p50, p95 = np.percentile(num / den, [5, 50, 95])
    return {"p5": float(p5), "median": float(p50), "p95": float(p95)}


def interval_sum(components: Sequence[Component]) -> dict[str, float]:
    """Return the interval-arithmetic sum: ``low`` (sum of the 5th percentiles), ``median`` (sum of medians), ``high``."""
    return {"low": float(sum(c.p5 for c in components)), "median": float(sum(c.median for c in components)),
            "high": float(sum(c.p95 for c in components))}

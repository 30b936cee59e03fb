"""Specification curves: one headline computed under each of its defensible definitions.

A headline (the installed-compute ratio, the frontier lag, ...) is rarely one number: the
filter, the measure, the window or the counting rule each have several defensible choices.
Each choice set is a :class:`Spec` declared as data (a name, the choices it makes, a one-line
reason it is defensible), and one of them is the default by a stated rule: the method of the
published analysis the book replicates, unless the chapter argues a departure. An
:class:`Estimate` is one specification's value with its interval where one exists and the
evidence its direction of travel is read from (``("ratio_change", before, after)``,
``("trend", estimate, low, high)`` or ``("growth", us_low, us_high, china_low, china_high)``),
read by the direction rule of :mod:`gaplib.summary.directions`.

This module sits beside :mod:`gaplib.guards`: every wing declares and computes its own
specifications, and the summary reads them back, so the machinery imports no wing, no
summary and no presentation. Pure functions; values keep the unit of their headline.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

DEPENDS = "depends on definition"
DIRECTION_RULES = {"ratio_change": 2, "trend": 3, "growth": 4}  # rule -> how many numbers it reads


@dataclass(frozen=True)
class Spec:
    """One defensible definition of a headline: ``choices`` maps a choice (``"filter"``) to its option."""

    name: str
    choices: Mapping[str, str]
    reason: str
    default: bool = False


@dataclass(frozen=True)
class Estimate:
    """A specification's value (the headline's unit) with its interval (NaN when it has none)."""

    spec: Spec
    value: float
    low: float = math.nan
    high: float = math.nan
    evidence: tuple[Any, ...] = field(default_factory=tuple)  # (rule, numbers...) or () for no direction

    def __post_init__(self) -> None:
        if self.evidence:
            rule, *numbers = self.evidence
            if DIRECTION_RULES.get(rule) != len(numbers):
                raise ValueError(f"{self.spec.name}: direction evidence {self.evidence!r} is not one of "
                                 f"{', '.join(f'{k} with {n} numbers' for k, n in DIRECTION_RULES.items())}")


def _finite(x: float) -> bool:
    return isinstance(x, int | float) and not isinstance(x, bool) and math.isfinite(x)


def default_of(estimates: Sequence[Estimate]) -> Estimate:
    """Return the one default estimate. Raises ValueError when there is none, several, or its value is not finite."""
    defaults = [e for e in estimates if e.spec.default]
    if len(defaults) != 1:
        names = ", ".join(e.spec.name for e in defaults) or "none"
        raise ValueError(f"a headline has exactly one default specification, got {len(defaults)} ({names})")
    if not _finite(defaults[0].value):
        raise ValueError(f"the default specification {defaults[0].spec.name!r} has no finite value")
    return defaults[0]


def computed(estimates: Iterable[Estimate]) -> list[Estimate]:
    """Return the estimates with a finite value (a specification whose inputs are absent is left out)."""
    return [e for e in estimates if _finite(e.value)]


def spec_range(estimates: Sequence[Estimate]) -> tuple[float, float, int]:
    """Return (lowest value, highest value, count) over the computed specifications.

    Raises ValueError when none has a value."""
    values = [e.value for e in computed(estimates)]
    if not values:
        raise ValueError("no specification of this headline has a value")
    return min(values), max(values), len(values)


def agreement(directions: Mapping[str, str]) -> str:
    """Return the direction every specification gives, or :data:`DEPENDS` when they differ.

    ``directions`` maps a specification's name to its direction word; specifications without
    a direction (an empty word) are left out, and with none left the result is "".
    """
    words = {word for word in directions.values() if word}
    if not words:
        return ""
    return words.pop() if len(words) == 1 else DEPENDS


def which_way(directions: Mapping[str, str]) -> str:
    """Return which way each specification goes, in words: "widening: A / B; stable: C" (first-seen order)."""
    groups: dict[str, list[str]] = {}
    for name, word in directions.items():
        if word:
            groups.setdefault(word, []).append(name)
    return "; ".join(f"{word}: {' / '.join(names)}" for word, names in groups.items())


def curve_frame(estimates: Sequence[Estimate]) -> pd.DataFrame:
    """Return the specification curve: one row per computed specification, lowest value first.

    Columns ``rank`` (1 = lowest), ``spec``, ``value``, ``low``, ``high``, ``default`` (bool),
    ``reason``, then one column per choice named in any specification (its option, or "" when
    a specification does not make that choice).
    """
    rows = computed(estimates)
    choices: list[str] = []
    for e in rows:
        choices += [c for c in e.spec.choices if c not in choices]
    records = [{"spec": e.spec.name, "value": float(e.value), "low": float(e.low), "high": float(e.high),
                "default": e.spec.default, "reason": e.spec.reason,
                **{c: e.spec.choices.get(c, "") for c in choices}} for e in rows]
    frame = pd.DataFrame(records, columns=["spec", "value", "low", "high", "default", "reason", *choices])
    frame = frame.sort_values(["value", "spec"], ignore_index=True)
    frame.insert(0, "rank", range(1, len(frame) + 1))
    return frame


def choice_matrix(frame: pd.DataFrame) -> pd.DataFrame:
    """Return the long form of a :func:`curve_frame`'s choices: ``rank``, ``spec``, ``choice``, ``option``,
    one row per choice a specification makes (the matrix beneath a specification-curve chart)."""
    fixed = {"rank", "spec", "value", "low", "high", "default", "reason"}
    choices = [c for c in frame.columns if c not in fixed]
    long = frame.melt(id_vars=["rank", "spec"], value_vars=choices, var_name="choice", value_name="option")
    return long[long["option"] != ""].reset_index(drop=True)


def glue_items(headline: str, estimates: Sequence[Estimate]) -> dict[str, Any]:
    """Return the headline's published numbers: ``<headline>_default`` (with ``_default_low``/``_high`` when
    the default has an interval), ``_spec_low``, ``_spec_high``, ``_spec_count``, ``_default_spec`` (its name)."""
    chosen = default_of(estimates)
    low, high, count = spec_range(estimates)
    out: dict[str, Any] = {f"{headline}_default": float(chosen.value), f"{headline}_default_spec": chosen.spec.name,
                           f"{headline}_spec_low": low, f"{headline}_spec_high": high, f"{headline}_spec_count": count}
    if _finite(chosen.low) and _finite(chosen.high):
        out[f"{headline}_default_low"], out[f"{headline}_default_high"] = float(chosen.low), float(chosen.high)
    return out


def _number(x: float) -> float | None:
    return float(x) if _finite(x) else None


def to_json(estimates: Sequence[Estimate]) -> str:
    """Return the computed estimates as JSON text (a results.json value a summarising page reads back)."""
    records = [{"name": e.spec.name, "choices": dict(e.spec.choices), "reason": e.spec.reason,
                "default": e.spec.default, "value": float(e.value), "low": _number(e.low), "high": _number(e.high),
                "evidence": [e.evidence[0], *(_number(x) for x in e.evidence[1:])] if e.evidence else []}
               for e in computed(estimates)]
    return json.dumps(records, separators=(",", ":"), ensure_ascii=False)


def from_json(text: str) -> list[Estimate]:
    """Return the estimates of :func:`to_json` text. Raises ValueError on text that is not such a list."""
    try:
        records = json.loads(text)
        out = []
        for r in records:
            spec = Spec(str(r["name"]), {str(k): str(v) for k, v in r["choices"].items()}, str(r["reason"]),
                        bool(r["default"]))
            nums = [math.nan if x is None else float(x) for x in r["evidence"][1:]]
            out.append(Estimate(spec, float(r["value"]), math.nan if r["low"] is None else float(r["low"]),
                                math.nan if r["high"] is None else float(r["high"]),
                                (r["evidence"][0], *nums) if r["evidence"] else ()))
        return out
    except (TypeError, KeyError, AttributeError, json.JSONDecodeError) as err:
        raise ValueError(f"not a specification curve: {err}") from err

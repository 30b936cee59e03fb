"""Parameter defaults against the sourced facts they declare (``param(fact=...)``).

A parameter whose default is read from a row of ``reference/facts.csv`` declares it on
its schema. :func:`check_default` compares the default with that fact: equal to the
fact's value (relative tolerance ``REL_TOL``), or inside ``[low, high]`` when the fact has a
range, after multiplying the fact by the declared ``fact_scale`` (0.01 for a percent read
as a fraction). The book's own re-reading of the fact (``data/fact_checks.csv``) wins when
it corrects the value. A parameter that declares ``departs`` may differ, but must say why,
and is reported when it does not in fact differ.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

#: Relative tolerance of "equal to the fact's value" (floating-point rounding only).
REL_TOL = 1e-9

#: A number, with an optional k/M suffix; a number glued to letters or digits (chip names such
#: as 910B, ids such as F042) is not a value.
_NUMBER = re.compile(r"(?<![A-Za-z0-9.])\d+(?:,\d{3})*(?:\.\d+)?(?:[eE][-+]?\d+)?(?:\s*[kKM])?(?![A-Za-z0-9.])")
_SUFFIX = {"k": 1e3, "K": 1e3, "M": 1e6}


class FactError(ValueError):
    """A declared fact that is missing, or whose value cannot be read as a number."""


@dataclass(frozen=True)
class FactSource:
    """What a parameter declares about the fact its default comes from (see ``param``)."""

    fact: str
    part: str | None = None
    bound: str = "value"
    scale: float = 1.0
    departs: str | None = None


def declared_sources(schema: type) -> dict[str, FactSource]:
    """Return {parameter: FactSource} for every field of ``schema`` that declares a fact."""
    out = {}
    for name, field in schema.model_fields.items():
        extra = field.json_schema_extra or {}
        if isinstance(extra, Mapping) and extra.get("fact"):
            out[name] = FactSource(extra["fact"], extra.get("fact_part"), extra.get("fact_bound", "value"),
                                   float(extra.get("fact_scale", 1.0)), extra.get("departs"))
    return out


def _to_float(token: str) -> float:
    token = token.strip().replace(",", "")
    scale = _SUFFIX.get(token[-1], 1.0)
    return float(token.rstrip("kKM").strip()) * scale


def fact_number(text: str, part: str | None = None) -> float:
    """Return the number a fact's value text states, in the fact's unit.

    Without ``part``, the first number of ``text`` (``"~40"`` is 40, ``"1e26 operations; ..."``
    is 1e26). With ``part``, the number after the first occurrence of that label, up to the
    next ``;``; terms joined by ``+`` are summed (``"2025 plan: 300k 910B + 100k 910C"`` with
    part ``"2025 plan:"`` is 400,000). ``k`` and ``M`` suffixes multiply by 1e3 and 1e6.
    Raises FactError when the label or a number is missing.
    """
    if part is not None:
        at = text.find(part)
        if at < 0:
            raise FactError(f"the fact's value {text!r} has no part labelled {part!r}")
        segment = text[at + len(part):].split(";")[0]
        terms = segment.split("+")
    else:
        terms = [text]
    total = 0.0
    for term in terms:
        match = _NUMBER.search(term)
        if match is None:
            raise FactError(f"no number in {term.strip()!r} of the fact's value {text!r}")
        total += _to_float(match.group(0))
    return total


def _number_or_none(value: Any) -> float | None:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value == "":
        return None
    return float(value)


def fact_target(fact: Mapping[str, Any], source: FactSource,
                check: Mapping[str, Any] | None = None) -> tuple[float, float | None, float | None]:
    """Return the (value, low, high) a default is compared with, in the parameter's unit.

    ``fact`` is a row of the facts table (``id``, ``value``, ``low``, ``high``); ``check``
    the book's re-reading of it (``corrected_value``, ``corrected_low``, ``corrected_high``),
    whose corrections replace the fact's. A part of a compound value has no range.
    """
    value = fact_number(str(fact["value"]), source.part)
    low = None if source.part else _number_or_none(fact.get("low"))
    high = None if source.part else _number_or_none(fact.get("high"))
    if check is not None:
        corrected = [_number_or_none(check.get(k)) for k in ("corrected_value", "corrected_low", "corrected_high")]
        if any(c is not None for c in corrected):
            value = corrected[0] if corrected[0] is not None else value
            low, high = corrected[1], corrected[2]
    scale = source.scale
    return value * scale, (None if low is None else low * scale), (None if high is None else high * scale)


def check_default(name: str, default: Any, source: FactSource, fact: Mapping[str, Any] | None,
                  check: Mapping[str, Any] | None = None) -> str | None:
    """Return why ``default`` disagrees with its declared fact, or None when it agrees.

    Agreement: ``bound="value"``: inside [low, high] when the fact has a range, else equal
    to its value; ``bound="low"``/``"high"``: equal to that end. A parameter with ``departs``
    agrees only when it says why and the default does differ from the fact.
    """
    if fact is None:
        return f"{name}: declares fact {source.fact}, which is not in the facts table"
    try:
        value, low, high = fact_target(fact, source, check)
    except FactError as exc:
        return f"{name}: fact {source.fact}: {exc}"
    if source.bound in ("low", "high"):
        target = low if source.bound == "low" else high
        if target is None:
            return f"{name}: declares the {source.bound} end of fact {source.fact}, which has no range"
        agrees = math.isclose(float(default), target, rel_tol=REL_TOL)
        stated = f"its {source.bound} end {target:g}"
    elif low is not None and high is not None:
        agrees = low * (1 - REL_TOL) <= float(default) <= high * (1 + REL_TOL)
        stated = f"its range [{low:g}, {high:g}]"
    else:
        agrees = math.isclose(float(default), value, rel_tol=REL_TOL)
        stated = f"its value {value:g}"
    unit = f" (fact x {source.scale:g})" if source.scale != 1.0 else ""
    if source.departs is not None:
        if not source.departs.strip():
            return f"{name}: departs from fact {source.fact} without saying why"
        if agrees:
            return f"{name}: declares a departure from fact {source.fact}, but its default {default!r} agrees with {stated}{unit}"
        return None
    if agrees:
        return None
    return f"{name}: default {default!r} disagrees with fact {source.fact}, {stated}{unit}, and states no departure"


def check_schema(schema: type, facts: Mapping[str, Mapping[str, Any]],
                 checks: Mapping[str, Mapping[str, Any]] | None = None) -> list[str]:
    """Return one sentence per declared parameter of ``schema`` whose default disagrees with its fact.

    ``facts`` and ``checks`` map fact ids to rows (``df.set_index("id").to_dict("index")``
    with the id added back is enough: only ``value``, ``low``, ``high`` and the corrections are read).
    """
    checks = checks or {}
    problems = []
    for name, source in declared_sources(schema).items():
        default = schema.model_fields[name].default
        problem = check_default(name, default, source, facts.get(source.fact), checks.get(source.fact))
        if problem:
            problems.append(problem)
    return problems

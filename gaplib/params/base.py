"""The parameter-schema base class shared by every chapter.

A chapter's parameters are a pydantic model: the single source of truth for names,
types, defaults, valid ranges, units and help text. The runner validates against it
before anything executes, ``gaplib params`` prints it, and each chapter's second cell
validates its own values with it, so direct papermill use gets the same checks.

Rules that tie parameters together are declared on the schema, not coded in it:
``ordered_pairs`` (an interval's low end may not exceed its high end) and
``fixed_sums`` (weights that must add up to a total). One validator checks them
after the single fields; a broken rule is reported naming every parameter in it
and its value.
"""

from __future__ import annotations

import math
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

#: Error type of a broken cross-parameter rule (``gaplib.params._describe`` lists each one).
RULE_ERROR = "parameter_rules"
#: How far a fixed sum may be off (floating-point rounding of values such as 0.55 + 0.15 + ...).
SUM_TOLERANCE = 1e-6


class ChapterParams(BaseModel):
    """Base of every chapter's parameter schema.

    ``extra="forbid"`` rejects unknown names, ``strict=True`` rejects strings where
    numbers are expected (papermill would inject them as given), and
    ``allow_inf_nan=False`` rejects NaN and infinities.

    Subclasses declare their cross-parameter rules:

    * ``ordered_pairs``: ``(low, high, what)`` triples: ``low <= high`` must hold;
      ``what`` says in a few words what the pair is (shown in the error).
    * ``fixed_sums``: ``(names, total, what)``: the parameters must add up to ``total``.
    """

    model_config = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False, frozen=True)

    ordered_pairs: ClassVar[tuple[tuple[str, str, str], ...]] = ()
    fixed_sums: ClassVar[tuple[tuple[tuple[str, ...], float, str], ...]] = ()

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        named = [name for low, high, _ in cls.ordered_pairs for name in (low, high)]
        named += [name for names, _, _ in cls.fixed_sums for name in names]
        unknown = sorted(set(named) - set(cls.model_fields))
        if unknown:
            raise TypeError(f"{cls.__name__} declares rules on unknown parameters {unknown}")

    def rule_violations(self) -> list[str]:
        """Return one sentence per broken cross-parameter rule, naming its parameters and values."""
        broken = []
        for low, high, what in self.ordered_pairs:
            low_value, high_value = getattr(self, low), getattr(self, high)
            if low_value > high_value:
                broken.append(f"{low} ({low_value!r}) must be at most {high} ({high_value!r}): {what}")
        for names, total, what in self.fixed_sums:
            values = {name: getattr(self, name) for name in names}
            got = math.fsum(values.values())
            if abs(got - total) > SUM_TOLERANCE:
                listed = " + ".join(f"{name} ({value!r})" for name, value in values.items())
                broken.append(f"{listed} must sum to {total:g}, got {got:.6g}: {what}")
        return broken

    @model_validator(mode="after")
    def _check_rules(self) -> ChapterParams:
        broken = self.rule_violations()
        if broken:
            raise PydanticCustomError(RULE_ERROR, "{rules}", {"rules": "; ".join(broken), "violations": broken})
        return self


def param(default: Any, *, help: str, unit: str = "", fact: str | None = None, fact_part: str | None = None,
          fact_bound: str = "value", fact_scale: float = 1.0, departs: str | None = None,
          follows: str | None = None, **constraints: Any) -> Any:
    """Declare one chapter parameter.

    Returns a pydantic ``Field`` carrying the default, the one-line ``help`` text, the
    ``unit`` (shown by ``gaplib params``) and range constraints such as ``ge``/``le``.

    A default whose value comes from a sourced fact names it (``gaplib.params.facts``
    checks the default against it):

    * ``fact``: the id of the row of ``reference/facts.csv`` the default is read from.
      A fact cited only as context is not declared.
    * ``fact_part``: for a fact whose value holds several numbers (``"US 5.3; China 3.9"``),
      the label the number follows (``"China"``); terms joined by ``+`` after it are summed.
    * ``fact_bound``: ``"value"`` (the default lies in the fact's range, or equals its value
      when it has none), ``"low"`` or ``"high"`` (the default is that end of the range).
    * ``fact_scale``: the parameter's unit per unit of the fact (0.01 turns a percent into
      a fraction).
    * ``departs``: why the default deliberately differs from the fact; appended to the help.

    A default that follows one of the book's own measurements instead names the chapter
    result in ``follows`` (a glue name, e.g. ``"us_fleet_growth_per_year"``).
    """
    extra: dict[str, Any] = {"unit": unit}
    if follows is not None:
        extra["follows"] = follows
    if fact is not None:
        if fact_bound not in ("value", "low", "high"):
            raise ValueError(f"fact_bound must be 'value', 'low' or 'high', got {fact_bound!r}")
        if not fact_scale > 0:
            raise ValueError(f"fact_scale must be positive, got {fact_scale!r}")
        if departs is not None and not departs.strip():
            raise ValueError(f"a departure from fact {fact} must say why; got an empty text")
        extra.update(fact=fact, fact_part=fact_part, fact_bound=fact_bound, fact_scale=fact_scale, departs=departs)
        if departs:
            help = f"{help}; the default departs from {fact}: {departs}"
    elif fact_part is not None or departs is not None or fact_bound != "value" or fact_scale != 1.0:
        raise ValueError("fact_part, fact_bound, fact_scale and departs need the fact they refer to (fact=...)")
    return Field(default, description=help, json_schema_extra=extra, **constraints)

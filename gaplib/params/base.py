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


def param(default: Any, *, help: str, unit: str = "", **constraints: Any) -> Any:
    """Declare one chapter parameter.

    Returns a pydantic ``Field`` carrying the default, the one-line ``help`` text, the
    ``unit`` (shown by ``gaplib params``) and range constraints such as ``ge``/``le``.
    """
    return Field(default, description=help, json_schema_extra={"unit": unit}, **constraints)

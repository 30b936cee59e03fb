"""The parameter-schema base class shared by every chapter.

A chapter's parameters are a pydantic model: the single source of truth for names,
types, defaults, valid ranges, units and help text. The runner validates against it
before anything executes, ``gaplib params`` prints it, and each chapter's second cell
validates its own values with it, so direct papermill use gets the same checks.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class ChapterParams(BaseModel):
    """Base of every chapter's parameter schema.

    ``extra="forbid"`` rejects unknown names, ``strict=True`` rejects strings where
    numbers are expected (papermill would inject them as given), and
    ``allow_inf_nan=False`` rejects NaN and infinities.
    """

    model_config = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False, frozen=True)


def param(default: Any, *, help: str, unit: str = "", **constraints: Any) -> Any:
    """Declare one chapter parameter.

    Returns a pydantic ``Field`` carrying the default, the one-line ``help`` text, the
    ``unit`` (shown by ``gaplib params``) and range constraints such as ``ge``/``le``.
    """
    return Field(default, description=help, json_schema_extra={"unit": unit}, **constraints)

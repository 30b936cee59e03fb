"""Chapter parameter schemas and their validation.

``CHAPTERS`` maps each chapter (in book order) to its schema. ``validate_params``
is what the runner calls before executing; ``validate_namespace`` is what a chapter's
second cell calls on its own globals.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from typing import Any, Literal, get_args, get_origin

from pydantic import ValidationError

from gaplib.params.algorithms import AlgorithmsParams
from gaplib.params.base import RULE_ERROR, ChapterParams
from gaplib.params.claims import ClaimsParams
from gaplib.params.funding import FundingParams
from gaplib.params.geopolitics import GeopoliticsParams
from gaplib.params.hardware import HardwareParams
from gaplib.params.intro import IntroParams
from gaplib.params.leaders import LeadersParams
from gaplib.params.replications import ReplicationsParams
from gaplib.params.research import ResearchParams
from gaplib.params.sensitivity import SensitivityParams
from gaplib.params.strategy import StrategyParams

CHAPTERS: dict[str, type[ChapterParams]] = {
    "leaders": LeadersParams,
    "hardware": HardwareParams,
    "algorithms": AlgorithmsParams,
    "research": ResearchParams,
    "funding": FundingParams,
    "geopolitics": GeopoliticsParams,
    "strategy": StrategyParams,
}

#: The book's pages besides its chapters, at the site's root.
PAGES: dict[str, type[ChapterParams]] = {
    "intro": IntroParams,
    "claims": ClaimsParams,
    "replications": ReplicationsParams,
    "sensitivity": SensitivityParams,
}
#: The pages that summarise the chapters of the same build (they read their results through
#: gaplib.data.chapter_results), executed after them with those results. The other pages read only
#: data and run beside the chapters; given no results, chapter_results() refuses to run in them.
SUMMARIES = frozenset({"intro", "claims", "sensitivity"})

NOTEBOOKS: dict[str, type[ChapterParams]] = {**CHAPTERS, **PAGES}


def site_folder(name: str) -> str:
    """Return the site folder of a notebook's page: "" for a summary page (at the root), "chapters" for a chapter."""
    return "" if name in PAGES else "chapters"


class ParameterError(ValueError):
    """A chapter name or parameter value that the schemas reject."""


#: How a true or false parameter may be written on the command line or as quoted text in a file.
TRUE_WORDS = ("true", "yes", "on", "1")
FALSE_WORDS = ("false", "no", "off", "0")
BOOL_FORMS = "true or false (also yes/no, on/off, 1/0, in any case)"


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """Return " (did you mean 'x'?)" for the choice closest to a misspelled ``word``, or "" when none is close."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def schema_for(chapter: str) -> type[ChapterParams]:
    """Return the parameter schema of a chapter or page; ParameterError names the valid ones."""
    try:
        return NOTEBOOKS[chapter]
    except KeyError:
        raise ParameterError(
            f"unknown chapter {chapter!r}{did_you_mean(chapter, NOTEBOOKS)}; chapters are: {', '.join(CHAPTERS)}; "
            f"pages are: {', '.join(PAGES)}"
        ) from None


def read_bools(chapter: str, overrides: Mapping[str, Any]) -> dict[str, Any]:
    """Return ``overrides`` with the text of each true/false parameter read as a bool.

    ``yes``, ``True``, ``on`` and ``1`` (any case) are true; ``no``, ``False``, ``off`` and ``0`` false.
    Other text is left as it is, for the schema to reject with the accepted forms; so is every
    parameter that is not a true/false one.
    """
    fields = schema_for(chapter).model_fields
    out = dict(overrides)
    for name, value in overrides.items():
        if name in fields and fields[name].annotation is bool and isinstance(value, str | int) \
                and not isinstance(value, bool):
            word = str(value).strip().lower()
            if word in TRUE_WORDS or word in FALSE_WORDS:
                out[name] = word in TRUE_WORDS
    return out


def allowed_range(schema: type[ChapterParams], name: str) -> str:
    """Return a human description of what ``name`` accepts, e.g. 'float in [1, 20] x/year'."""
    field = schema.model_fields[name]
    if get_origin(field.annotation) is Literal:
        return "one of " + ", ".join(repr(choice) for choice in get_args(field.annotation))
    kind = getattr(field.annotation, "__name__", str(field.annotation))
    bounds = {}
    for meta in field.metadata:
        for key in ("ge", "gt", "le", "lt"):
            if getattr(meta, key, None) is not None:
                bounds[key] = getattr(meta, key)
    low = f"[{bounds['ge']}" if "ge" in bounds else f"({bounds['gt']}" if "gt" in bounds else "(-inf"
    high = f"{bounds['le']}]" if "le" in bounds else f"{bounds['lt']})" if "lt" in bounds else "inf)"
    unit = (field.json_schema_extra or {}).get("unit", "")
    text = f"{kind} in {low}, {high}" if bounds else kind
    return f"{text} {unit}".strip()


def default_source(schema: type[ChapterParams], name: str) -> str:
    """Return where ``name``'s default comes from, as ``gaplib params`` shows it.

    ``"fact F042"`` (``"fact F042, departs"`` when the default deliberately differs; a part
    or an end of the fact is named), ``"follows result X"``, or ``""`` when nothing is declared.
    """
    extra = schema.model_fields[name].json_schema_extra or {}
    if extra.get("fact"):
        text = f"fact {extra['fact']}"
        if extra.get("fact_part"):
            text += f" ({extra['fact_part'].rstrip(':>= ')})"
        if extra.get("fact_bound", "value") != "value":
            text += f" ({extra['fact_bound']} end)"
        if extra.get("fact_scale", 1.0) != 1.0:
            text += f" x {extra['fact_scale']:g}"
        return text + (", departs" if extra.get("departs") else "")
    if extra.get("follows"):
        return f"follows result {extra['follows']}"
    return ""


def _describe(schema: type[ChapterParams], chapter: str, exc: ValidationError) -> str:
    lines = [f"invalid parameters for chapter {chapter!r}:"]
    for err in exc.errors():
        if not err["loc"]:  # a model-level error: a rule between parameters (see ChapterParams)
            if err["type"] == RULE_ERROR:
                lines += [f"  - {rule}" for rule in err["ctx"]["violations"]]
            else:
                lines.append(f"  - {err['msg'].removeprefix('Value error, ')}")
            continue
        name = str(err["loc"][0])
        if err["type"] == "extra_forbidden":
            lines.append(
                f"  - {name}: unknown parameter{did_you_mean(name, schema.model_fields)}; valid parameters are: "
                f"{', '.join(schema.model_fields)}"
            )
            continue
        field = schema.model_fields.get(name)
        if field is not None and field.annotation is bool:
            lines.append(f"  - {name}: got {err.get('input')!r}; allowed: {BOOL_FORMS}")
            continue
        allowed = allowed_range(schema, name) if name in schema.model_fields else ""
        lines.append(
            f"  - {name}: got {err.get('input')!r} ({err['msg']}); allowed: {allowed}"
        )
    return "\n".join(lines)


def validate_params(chapter: str, overrides: Mapping[str, Any] | None = None) -> ChapterParams:
    """Return the validated parameters of ``chapter``: defaults updated by ``overrides``.

    Raises ParameterError naming each bad parameter, its value and what is allowed.
    """
    schema = schema_for(chapter)
    try:
        return schema(**dict(overrides or {}))
    except ValidationError as exc:
        raise ParameterError(_describe(schema, chapter, exc)) from None


def validate_namespace(chapter: str, namespace: Mapping[str, Any]) -> ChapterParams:
    """Return the validated parameters of ``chapter`` read from a notebook's globals.

    Only the schema's own names are read, so notebook variables do not count as unknown.
    """
    schema = schema_for(chapter)
    return validate_params(chapter, {k: namespace[k] for k in schema.model_fields if k in namespace})


def parse_cli_value(text: str) -> Any:
    """Return the Python value of a ``-p NAME VALUE`` string.

    JSON first (numbers, true/false, quoted strings, lists), then float() so that
    ``nan``, ``inf`` and ``1e3`` become floats (and are then judged by the schema),
    else the text itself.
    """
    import json

    try:
        return json.loads(text)
    except ValueError:
        pass
    try:
        return float(text)
    except ValueError:
        return text

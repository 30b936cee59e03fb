"""Reading glued values out of an executed notebook.

``myst_nb.glue`` stores a value as an output whose metadata carries
``scrapbook.name`` and whose data has a ``text/plain`` repr (prefixed with
``application/papermill.record/`` when not displayed). Numbers come back as numbers
through ``ast.literal_eval``; rich objects (charts, tables) are not results.
"""

from __future__ import annotations

import ast
from typing import Any

GLUE_PREFIX = "application/papermill.record/"
TEXT_MARKER = "gaplib_text"  # output metadata flag: the glued value is text, not a literal


def _plain_value(data: dict[str, Any]) -> tuple[bool, Any]:
    keys = {key.removeprefix(GLUE_PREFIX) for key in data}
    if keys != {"text/plain"}:
        return False, None
    text = data.get(GLUE_PREFIX + "text/plain", data.get("text/plain"))
    if isinstance(text, list):
        text = "".join(text)
    try:
        return True, ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return True, text


def glued_values(notebook: dict[str, Any]) -> dict[str, Any]:
    """Return {glue name: value} for every plain (non-rich) value glued in ``notebook``.

    ``notebook`` is the executed notebook as a JSON dict. A name glued twice keeps
    its last value, as myst-nb does.
    """
    values: dict[str, Any] = {}
    for cell in notebook.get("cells", []):
        for output in cell.get("outputs", []):
            name = output.get("metadata", {}).get("scrapbook", {}).get("name")
            if not name or "data" not in output:
                continue
            is_plain, value = _plain_value(output["data"])
            if is_plain and output["metadata"].get(TEXT_MARKER):
                value = "".join(output["data"][GLUE_PREFIX + "text/plain"])
            if is_plain:
                values[name] = value
    return values

"""CSV files the site publishes, safe to open in a spreadsheet.

Upstream files name models, organisations and countries in free text, and a cell such
as ``=cmd|'/C calc'!A0`` would be run as a formula by a spreadsheet that opens the
book's "Data (CSV)" download. Following the OWASP guidance on CSV injection, a text
cell (or column or index name) that begins with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return gets a leading single quote, which spreadsheets show as text. Numbers
stay numbers: numeric columns are written as they are, and a text cell that is a plain
number (``-0.5``, ``+3e2``) is left alone.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pandas as pd

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$")


def neutralise_cell(value: Any) -> Any:
    """Return ``value`` with a leading ``'`` if it is text a spreadsheet would read as a formula, else unchanged."""
    if isinstance(value, str) and len(value) > 1 and value.startswith(TRIGGERS) and not _NUMBER.match(value):
        return "'" + value
    return value


def _neutralise_index(index: pd.Index) -> pd.Index:
    if isinstance(index, pd.MultiIndex):
        return index.set_levels([_neutralise_index(level) for level in index.levels]).set_names(
            [neutralise_cell(name) for name in index.names])
    if pd.api.types.is_numeric_dtype(index.dtype) or pd.api.types.is_datetime64_any_dtype(index.dtype):
        return index.rename(neutralise_cell(index.name))
    return index.map(neutralise_cell).rename(neutralise_cell(index.name))


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Return a copy of ``frame`` whose text cells, column names and index are neutralised (:func:`neutralise_cell`).

    Numeric, boolean and date columns are returned unchanged.
    """
    safe = frame.copy()
    for position, column in enumerate(frame.columns):
        values = frame.iloc[:, position]
        if not (pd.api.types.is_numeric_dtype(values.dtype) or pd.api.types.is_datetime64_any_dtype(values.dtype)):
            safe.isetitem(position, values.astype(object).map(neutralise_cell))
    safe.columns = _neutralise_index(frame.columns)
    safe.index = _neutralise_index(frame.index)
    return safe


def write_csv(frame: pd.DataFrame, path: Path, *, index: bool = False) -> Path:
    """Write ``frame`` as a CSV a spreadsheet opens safely (:func:`neutralise_frame`); return ``path``."""
    neutralise_frame(frame).to_csv(path, index=index)
    return Path(path)

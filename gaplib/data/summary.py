"""One-line facts about a loaded source: where it was read, rows, date range, fingerprint."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .loaders import load, locate
from .paths import fingerprint
from .registry import Source, source


@dataclass(frozen=True)
class SourceSummary:
    """What ``describe`` returns; dates as ISO text (years for OWID tables), '' if no date column."""

    id: str
    path: Path
    rows: int
    date_min: str
    date_max: str
    sha256: str

    @property
    def date_range(self) -> str:
        """Return "min .. max", or "" when the source registers no date column."""
        return f"{self.date_min} .. {self.date_max}" if self.date_min or self.date_max else ""


def _as_text(value: object) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    return str(value)


def date_range(src: Source, frame: pd.DataFrame) -> tuple[str, str]:
    """Return the (min, max) of the source's date column as text; ("", "") without one."""
    if src.date_column:
        col = frame[src.date_column].dropna()
        if len(col):
            return _as_text(col.min()), _as_text(col.max())
    return "", ""


def describe(source_id: str) -> SourceSummary:
    """Return the summary of one source after loading (and so validating) it."""
    src = source(source_id)
    frame = load(source_id)
    path = locate(source_id)
    lo, hi = date_range(src, frame)
    return SourceSummary(src.id, path, len(frame), lo, hi, fingerprint(path))

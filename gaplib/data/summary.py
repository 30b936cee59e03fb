"""One-line facts about a loaded source: where it was read, rows, date range, fingerprint."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


from .loaders import load, locate
from .paths import fingerprint
from .read import date_range
from .registry import source


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


def describe(source_id: str) -> SourceSummary:
    """Return the summary of one source after loading (and so validating) it."""
    src = source(source_id)
    frame = load(source_id)
    path = locate(source_id)
    lo, hi = date_range(src, frame)
    return SourceSummary(src.id, path, len(frame), lo, hi, fingerprint(path))

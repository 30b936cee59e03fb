"""What moved between two sets of chapter results: one result's two values, and a chapter's changes with their causes.

The data the changes page, the variant page and ``gaplib compare`` share (gaplib.engine.editions computes
them, gaplib.engine.page_text words them).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any


def is_number(value: Any) -> bool:
    """Return whether ``value`` is an int or a float (a bool is not a number here)."""
    return isinstance(value, int | float) and not isinstance(value, bool)


def is_data(value: Any) -> bool:
    """Return whether ``value`` is machine-readable text a chapter glued for a page to read back
    (JSON, :func:`gaplib.present.publish.glue_data`), not a word a reader reads."""
    if not isinstance(value, str) or not value.startswith(("[", "{")):
        return False
    try:
        json.loads(value)
    except ValueError:
        return False
    return True


@dataclass(frozen=True)
class Moved:
    """One result whose value differs between the edition and this build (None: absent there)."""

    name: str
    before: Any
    after: Any

    @property
    def change(self) -> float | None:
        """Return after - before for numbers, else None."""
        if is_number(self.before) and is_number(self.after):
            return self.after - self.before
        return None

    @property
    def change_pct(self) -> float | None:
        """Return the change in percent of the edition's value, or None when it is not a non-zero number."""
        change = self.change
        if change is None or self.before == 0:
            return None
        return 100.0 * change / abs(self.before)


@dataclass(frozen=True)
class ChapterChanges:
    """What moved in one chapter and what changed in its inputs."""

    chapter: str
    moved: tuple[Moved, ...]
    parameters: tuple[tuple[str, Any, Any], ...] = ()
    data: tuple[str, ...] = ()
    code: tuple[str, ...] = ()
    causes: tuple[str, ...] = field(default=())

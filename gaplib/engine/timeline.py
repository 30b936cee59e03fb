"""An optional timeline of a build: named spans appended to a file, from every process.

Off unless ``GAPLIB_TIMELINE`` names a file (``bench/timeline.py`` sets it). Each span is
one JSON line ``{"name", "start", "end", "pid", ...}`` with wall-clock times in seconds
since the epoch, so that the build, its pool workers and Jupyter Book's process (whose
Sphinx phases ``bench/timeline_hooks`` records) land on one clock. Lines are written with
a single ``O_APPEND`` write, so processes writing at once do not interleave.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

TIMELINE_ENV = "GAPLIB_TIMELINE"


def enabled() -> bool:
    """True when this process records its spans (``GAPLIB_TIMELINE`` is set)."""
    return bool(os.environ.get(TIMELINE_ENV))


def record(name: str, start: float, end: float, **extra: Any) -> None:
    """Append one span (times in seconds since the epoch) when the timeline is on; else do nothing."""
    path = os.environ.get(TIMELINE_ENV)
    if not path:
        return
    line = json.dumps({"name": name, "start": start, "end": end, "pid": os.getpid(), **extra}, default=str) + "\n"
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, line.encode())
    finally:
        os.close(fd)


@contextmanager
def span(name: str, **extra: Any) -> Iterator[None]:
    """Record the time the ``with`` block takes as span ``name`` (also when it raises)."""
    if not enabled():
        yield
        return
    start = time.time()
    try:
        yield
    finally:
        record(name, start, time.time(), **extra)


def record_cells(chapter: str, notebook: Any) -> None:
    """Record each executed code cell of ``notebook`` as a span, from papermill's cell metadata."""
    if not enabled():
        return
    for index, cell in enumerate(notebook.cells):
        meta = cell.get("metadata", {}).get("papermill", {})
        if cell.get("cell_type") != "code" or not meta.get("start_time") or not meta.get("end_time"):
            continue
        start, end = (dt.datetime.fromisoformat(meta[k].replace("Z", "+00:00")).timestamp()
                      for k in ("start_time", "end_time"))
        first_line = next((line for line in cell.source.splitlines() if line.strip()), "")
        record(f"cell {chapter}[{index}]", start, end, chapter=chapter, source=first_line[:60])

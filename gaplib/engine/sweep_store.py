"""A sweep's folder on disk: whose it is, and whether a stored point may be reused.

A sweep folder is the sweep's own, like a site is the build's: it carries a marker
file, and a folder with other files in it is refused, so that a sweep never overwrites
a user's ``sweep.csv`` or removes a folder that happens to bear a point's id. Each
point's file records the chapter cache's key (notebook, parameters, runner code, data
registries, requirements) and the sha256 of every data file and module the run read;
a resumed sweep reuses a point only while all of them are unchanged.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from gaplib.engine.cache import reads_unchanged
from gaplib.engine.outdir import OutDirError
from gaplib.engine.runner import prepare

POINT_FILE = "point.json"
SWEEP_MARKER = ".gaplib-sweep"
STATUS_OK = "ok"
#: Keys of a point's file that say what its result was computed from (not columns of the table).
FINGERPRINT_KEYS = ("run_key", "reads")


def stored_row(out_dir: Path, point: Any) -> dict[str, Any] | None:
    """Return the stored file of a point that ran well (its row and fingerprints), else None."""
    path = out_dir / point.point_id / POINT_FILE
    if not path.is_file():
        return None
    try:
        row = json.loads(path.read_text())
    except (json.JSONDecodeError, UnicodeDecodeError):
        return None
    return row if isinstance(row, dict) and row.get("status") == STATUS_OK else None


def is_fresh(stored: Mapping[str, Any], chapter: str, point: Any, results_only: bool = False) -> bool:
    """Return True when a stored point was computed from today's notebook, code, parameters and data.

    Its cache key must equal the key this point has now (gaplib.engine.runner.prepare),
    and every data file and module it read must still have the recorded sha256. A file
    from before fingerprints were stored is never fresh.
    """
    reads = stored.get("reads")
    if not isinstance(reads, dict) or not stored.get("run_key"):
        return False
    _, key = prepare(chapter, point.parameters, results_only=results_only)
    return stored["run_key"] == key and reads_unchanged(reads)


def claim_sweep_dir(out_dir: Path) -> Path:
    """Make (or accept) ``out_dir`` as a sweep folder and mark it; return it.

    Accepted: a new or empty folder, or one that carries the sweep marker. A folder with
    files the sweep did not write is refused with OutDirError, before anything runs.
    """
    if out_dir.exists() and not out_dir.is_dir():
        raise OutDirError(f"cannot write the sweep into {out_dir}: it is a file, not a folder")
    if out_dir.is_dir() and not (out_dir / SWEEP_MARKER).is_file():
        entries = sorted(p.name for p in out_dir.iterdir())
        if entries:
            shown = ", ".join(entries[:3]) + (", ..." if len(entries) > 3 else "")
            raise OutDirError(f"refusing to write the sweep into {out_dir}: it holds files the sweep did not write "
                              f"({shown}); choose a new or empty folder")
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / SWEEP_MARKER).write_text("a sweep written by gaplib; the next run of the same sweep updates it\n")
    return out_dir



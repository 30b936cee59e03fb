"""The snapshot of third-party data kept in the repository, and its manifest.

``data/upstream/manifest.csv`` has one row per registered third-party file: where it
comes from (upstream URL, where the copy was taken from: a repository @ commit or an
upstream download), when it was retrieved, its licence, its sha256, its data rows and the
range of its date column. The manifest is the one record of a vintage: the registry
describes the source, the manifest says which copy the repository holds. Its
``retrieved`` is the bound of the file's dates (no date in a copy can be later than the
day it was taken). The loader holds every snapshot file to its manifest fingerprint
(:func:`check_snapshot_file`); ``gaplib data snapshot`` records the current files
(:func:`record_manifest`) and ``gaplib data update`` replaces files and rows together
(gaplib.data.update).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import DataError
from . import paths

MANIFEST_COLUMNS = ("source_id", "file", "upstream_url", "mirrored_from", "retrieved", "licence",
                    "sha256", "rows", "date_min", "date_max")
RECORD_COMMAND = "gaplib data snapshot"
#: ``mirrored_from`` of a file recorded by hand with ``gaplib data snapshot`` (edit the row to say where from).
LOCAL_COPY = "local copy recorded with gaplib data snapshot"

if TYPE_CHECKING:
    import pandas as pd

    from .registry import Source


class SnapshotMismatchError(DataError):
    """A file in the repository's snapshot differs from the fingerprint its manifest records."""


def read_manifest(path: Path | None = None) -> dict[str, dict[str, str]]:
    """Return {file (relative to the snapshot): manifest row} of ``path`` (default: the snapshot's); {} if absent."""
    path = path or paths.MANIFEST_FILE
    if not path.is_file():
        return {}
    with open(path, newline="", encoding="utf-8") as handle:
        return {row["file"]: row for row in csv.DictReader(handle)}


def is_snapshot_file(path: Path) -> bool:
    """Return True when ``path`` lies inside the repository's snapshot folder."""
    return paths.SNAPSHOT_DIR.resolve() in Path(path).resolve().parents


def check_snapshot_file(source_id: str, path: Path, digest: str, manifest: dict[str, dict[str, str]]) -> None:
    """Raise SnapshotMismatchError unless the snapshot file at ``path`` has its manifest's sha256.

    Files outside the snapshot (``GAPLIB_DATA_DIR``) are not checked.
    """
    if not is_snapshot_file(path):
        return
    relative = Path(path).resolve().relative_to(paths.SNAPSHOT_DIR.resolve()).as_posix()
    row = manifest.get(relative)
    if row is None:
        raise SnapshotMismatchError(
            f"{source_id}: {path} is not in the snapshot's manifest ({paths.MANIFEST_FILE.name}); "
            f"record the snapshot with `{RECORD_COMMAND}`")
    if row["sha256"] != digest:
        raise SnapshotMismatchError(
            f"{source_id}: {path} differs from the snapshot recorded in {paths.MANIFEST_FILE.name} "
            f"(expected sha256 {row['sha256'][:12]}..., found {digest[:12]}...); restore it with "
            f"`git checkout -- data/upstream/{relative}`, or, for a deliberate new vintage, record it "
            f"with `{RECORD_COMMAND}`")


def retrieval_date(source_id: str, row: dict[str, str] | None) -> dt.date | None:
    """Return the ``retrieved`` date of a manifest row, or None when there is no row or it is empty.

    Raises SnapshotMismatchError naming the source for a value that is not an ISO date or
    lies in the future (it would bound nothing).
    """
    from .registry import utc_today

    text = (row or {}).get("retrieved", "") or ""
    if not text:
        return None
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise SnapshotMismatchError(f"{source_id}: {paths.MANIFEST_FILE.name} gives retrieved {text!r}, "
                                    "expected a date (YYYY-MM-DD)") from None
    if day > utc_today():
        raise SnapshotMismatchError(f"{source_id}: {paths.MANIFEST_FILE.name} gives retrieved {text}, "
                                    "which is in the future")
    return day


def manifest_row(src: Source, raw: bytes, frame: pd.DataFrame, retrieved: dt.date | str | None,
                 mirrored_from: str | None) -> dict[str, object]:
    """Return the manifest row of one validated file: its bytes ``raw`` and typed ``frame``."""
    from .paths import fingerprint_bytes
    from .read import date_range

    lo, hi = date_range(src, frame)
    day = retrieved.isoformat() if isinstance(retrieved, dt.date) else retrieved
    return {"source_id": src.id, "file": src.file, "upstream_url": src.download or src.url,
            "mirrored_from": mirrored_from, "retrieved": day, "licence": src.licence,
            "sha256": fingerprint_bytes(raw), "rows": len(frame), "date_min": lo, "date_max": hi}


def write_manifest(rows: list[dict[str, object]], path: Path) -> Path:
    """Write ``rows`` as the manifest at ``path`` (replaced in one step); return ``path``."""
    partial = path.with_suffix(".partial")
    partial.write_text(manifest_text(rows), encoding="utf-8")
    os.replace(partial, path)
    return path


def manifest_text(rows: list[dict[str, object]]) -> str:
    """Return the manifest CSV for ``rows`` (dicts with MANIFEST_COLUMNS), sorted by file."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=MANIFEST_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in sorted(rows, key=lambda r: str(r["file"])):
        writer.writerow({k: "" if row.get(k) is None else row[k] for k in MANIFEST_COLUMNS})
    return out.getvalue()


def record_manifest(path: Path | None = None) -> Path:
    """Validate every snapshot file against its schema and write the manifest; return its path.

    Files are read without the manifest check (this is what records it); a file that
    fails its schema stops the recording and the old manifest stays. A file whose bytes
    are those its manifest row records keeps the row's ``retrieved`` and ``mirrored_from``;
    a new or changed file is recorded as retrieved today, from a local copy (:data:`LOCAL_COPY`).
    """
    from .read import read_table
    from .paths import fingerprint_bytes
    from .registry import sources, utc_today

    old = read_manifest()
    rows = []
    for src in sources():
        if src.kind != "third_party":
            continue
        file_path = paths.SNAPSHOT_DIR / src.file
        raw = file_path.read_bytes()
        row = old.get(src.file)
        if row is not None and row["sha256"] == fingerprint_bytes(raw):
            retrieved, mirrored_from = retrieval_date(src.id, row), row["mirrored_from"]
        else:
            retrieved, mirrored_from = (utc_today() if src.dated else None), LOCAL_COPY
        frame = read_table(src, file_path, raw, retrieved=retrieved)
        rows.append(manifest_row(src, raw, frame, retrieved, mirrored_from))
    return write_manifest(rows, path or paths.MANIFEST_FILE)

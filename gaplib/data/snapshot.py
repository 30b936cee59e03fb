"""The snapshot of third-party data kept in the repository, and its manifest.

``data/upstream/manifest.csv`` has one row per registered third-party file: where it
comes from (upstream URL, the repository and commit the copy was mirrored from), when it
was retrieved, its licence, its sha256, its data rows and the range of its date column.
The loader holds every snapshot file to its manifest fingerprint (:func:`check_snapshot_file`);
``gaplib data snapshot`` records the current files as a new snapshot (:func:`record_manifest`).
"""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

from .errors import DataError
from . import paths

MANIFEST_COLUMNS = ("source_id", "file", "upstream_url", "mirrored_from", "retrieved", "licence",
                    "sha256", "rows", "date_min", "date_max")
RECORD_COMMAND = "gaplib data snapshot"


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
    fails its schema stops the recording and the old manifest stays.
    """
    from .loaders import read_table
    from .paths import fingerprint_bytes
    from .registry import sources
    from .summary import date_range

    rows = []
    for src in sources():
        if src.kind != "third_party":
            continue
        file_path = paths.SNAPSHOT_DIR / src.file
        raw = file_path.read_bytes()
        frame = read_table(src, file_path, raw)
        lo, hi = date_range(src, frame)
        rows.append({"source_id": src.id, "file": src.file, "upstream_url": src.download or src.url,
                     "mirrored_from": src.mirrored_from, "retrieved": src.retrieved, "licence": src.licence,
                     "sha256": fingerprint_bytes(raw), "rows": len(frame), "date_min": lo, "date_max": hi})
    path = path or paths.MANIFEST_FILE
    partial = path.with_suffix(".partial")
    partial.write_text(manifest_text(rows), encoding="utf-8")
    os.replace(partial, path)
    return path

"""Where files live: the project, the third-party data snapshot and the download cache.

A third-party file is read from
1. ``$GAPLIB_DATA_DIR/<file>`` when that variable is set: an explicit override (a
   researcher's own vintage, or a test's damaged copy). Such files are validated by their
   schema but not held to the snapshot's manifest;
2. otherwise the snapshot in the repository, ``PROJECT_DIR/data/upstream/<file>``, whose
   every file must match its fingerprint in ``data/upstream/manifest.csv``.
The download cache (``$GAPLIB_CACHE_DIR``, default ``~/.cache/gaplib/data``) is only where
``gaplib data update`` keeps its downloads (the staging folder ``update/``); it is never
read unless named by ``GAPLIB_DATA_DIR``. Curated files always live in ``PROJECT_DIR/data/<file>``.
Environment variables are read at call time so tests and the runner can redirect them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from pathlib import Path

from .errors import MissingDataError

PROJECT_DIR: Path = Path(__file__).resolve().parents[2]
CURATED_DIR: Path = PROJECT_DIR / "data"
SNAPSHOT_DIR: Path = CURATED_DIR / "upstream"
MANIFEST_FILE: Path = SNAPSHOT_DIR / "manifest.csv"

FETCH_HINT = ("the snapshot in data/upstream/ is part of the repository: restore it with git, "
              "or set GAPLIB_DATA_DIR to a folder holding the file")


def cache_dir() -> Path:
    """Return the download cache directory (``$GAPLIB_CACHE_DIR`` or ``~/.cache/gaplib/data``)."""
    env = os.environ.get("GAPLIB_CACHE_DIR")
    return Path(env).expanduser() if env else Path.home() / ".cache" / "gaplib" / "data"


def third_party_dirs() -> list[Path]:
    """Return the directories searched for third-party files: GAPLIB_DATA_DIR if set, else the snapshot."""
    env = os.environ.get("GAPLIB_DATA_DIR")
    return [Path(env).expanduser() if env else SNAPSHOT_DIR]


def candidate_paths(kind: str, file: str) -> list[Path]:
    """Return every path at which a registered file may be found, in lookup order."""
    if kind == "curated":
        return [CURATED_DIR / file]
    return [d / file for d in third_party_dirs()]


def locate_file(source_id: str, kind: str, file: str) -> Path:
    """Return the absolute path of the first existing candidate; raise MissingDataError if none."""
    tried = candidate_paths(kind, file)
    for path in tried:
        if path.is_file():
            return path.resolve()
    listing = "\n".join(f"  - {p}" for p in tried)
    hint = FETCH_HINT if kind != "curated" else "curated tables are part of the repository"
    raise MissingDataError(
        f"{source_id}: file '{file}' not found. Paths tried:\n{listing}\n{hint}."
    )


def fingerprint_bytes(raw: bytes) -> str:
    """Return the sha256 hex digest of some bytes."""
    return hashlib.sha256(raw).hexdigest()


def fingerprint(path: str | os.PathLike[str]) -> str:
    """Return the sha256 hex digest of a file's bytes (64 hex characters)."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


DOWNLOAD_NOTE_SUFFIX = ".downloaded"


def download_note(path: str | os.PathLike[str]) -> Path:
    """Return the path of the note beside a downloaded file that holds its download date."""
    path = Path(path)
    return path.with_name(path.name + DOWNLOAD_NOTE_SUFFIX)


def downloaded_on(path: str | os.PathLike[str]) -> dt.date | None:
    """Return the date in the download note beside ``path`` (ISO text), or None if there is none.

    ``gaplib data update`` writes the note beside each download it keeps: a downloaded
    file is a newer vintage than the snapshot, so its dates are bounded by the day it was
    downloaded (a researcher's own folder under ``GAPLIB_DATA_DIR`` may carry notes too).
    Raises ValueError for a note that does not hold an ISO date.
    """
    note = download_note(path)
    if not note.is_file():
        return None
    text = note.read_text(encoding="utf-8").strip()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{note}: expected a date (YYYY-MM-DD), got {text!r}") from None


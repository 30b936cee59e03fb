"""Loading a registered source: locate, read, check, type, validate, rename.

``read_table`` is the whole pipeline for one file's bytes and is free of side effects;
``load`` adds the lookup, the read log (``$GAPLIB_READ_LOG``) and an in-process cache keyed
by (path, sha256) so that repeated loads in one kernel are cheap.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from ..guards import SOURCE_ATTR
from .errors import DataValidationError, MissingDataError
from .paths import downloaded_on, fingerprint, fingerprint_bytes, locate_file
from .registry import Source, source
from .read import read_table
from .snapshot import SnapshotMismatchError, check_snapshot_file, is_snapshot_file, read_manifest, retrieval_date

_FRAMES: dict[tuple[str, str, Source, dt.date | None, dt.date | None], pd.DataFrame] = {}


def locate(source_id: str) -> Path:
    """Return the absolute path of the file registered as ``source_id`` (lookup order: gaplib.data.paths)."""
    src = source(source_id)
    return locate_file(src.id, src.kind, src.file)


def log_read(path: Path, digest: str | None = None) -> None:
    """Append "<path>\\t<sha256>" to $GAPLIB_READ_LOG when set (read at call time).

    ``digest`` is the file's sha256, computed here when not given.
    """
    log = os.environ.get("GAPLIB_READ_LOG")
    if log:
        digest = digest or fingerprint(path)
        with open(log, "a", encoding="utf-8") as fh:
            fh.write(f"{path}\t{digest}\n")


def _postprocess(source_id: str) -> Callable[[pd.DataFrame], pd.DataFrame] | None:
    if source_id == "lmarena_text_snapshots":
        from .organizations import add_lmarena_columns, organization_countries

        return lambda frame: add_lmarena_columns(frame, organization_countries(load("organizations")))
    return None


#: ``attrs`` key of a loaded third-party frame: the ISO date its copy was taken (download or manifest).
RETRIEVED_ATTR = "retrieved"


def load(source_id: str) -> pd.DataFrame:
    """Return the registered source as a validated, typed DataFrame with snake_case columns.

    Raises MissingDataError if the file is nowhere to be found and DataValidationError if
    it does not match its registry entry. Every call logs the file read to
    $GAPLIB_READ_LOG (when set), also when the frame comes from the in-process cache.
    The frame's ``attrs["source"]`` is the source id (see gaplib.guards).
    """
    src = source(source_id)
    path = locate_file(src.id, src.kind, src.file)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise MissingDataError(f"{src.id}: cannot read {path}: {exc}") from exc
    digest = fingerprint_bytes(raw)
    log_read(path, digest)
    retrieved = downloaded = None
    if src.kind == "third_party":
        manifest = read_manifest()
        check_snapshot_file(src.id, path, digest, manifest)
        retrieved = retrieval_date(src.id, manifest.get(src.file))
        if retrieved is None and src.dated and is_snapshot_file(path):
            # without it a typo such as 2099 would pass
            raise SnapshotMismatchError(f"{src.id}: the manifest row of {src.file} has no retrieval date, "
                                        "which bounds the file's dates; record it in its 'retrieved' column")
        try:
            downloaded = downloaded_on(path)  # a newer copy under GAPLIB_DATA_DIR may say when it was taken
        except ValueError as exc:
            raise DataValidationError(f"{src.id}: {exc}") from None
    key = (str(path), digest, src, retrieved, downloaded)
    frame = _FRAMES.get(key)
    if frame is None:
        frame = read_table(src, path, raw, downloaded, retrieved)
        _FRAMES[key] = frame
    out = frame.copy()  # callers may mutate what they get; the cached frame must not change
    post = _postprocess(src.id)
    out = post(out) if post else out
    # pandas carries attrs into derived frames, so a calculation that finds an empty
    # selection can name the data it came from (gaplib.guards).
    out.attrs[SOURCE_ATTR] = src.id
    bound = downloaded or retrieved
    if bound is not None:  # the day the copy was taken: the data's "today" (e.g. the last full year)
        out.attrs[RETRIEVED_ATTR] = bound.isoformat()
    return out


def clear_cache() -> None:
    """Forget every cached frame (tests use this; ordinary code never needs it)."""
    _FRAMES.clear()

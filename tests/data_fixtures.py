"""Helpers for the data-layer tests: temporary data directories and damaged copies of files."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest

from gaplib import data


def third_party_available(source_id: str) -> bool:
    """Return True when the registered file can be found on this machine."""
    try:
        data.locate(source_id)
    except data.MissingDataError:
        return False
    return True


def require(source_id: str) -> None:
    """Skip the calling test when a third-party file is not on this machine."""
    if not third_party_available(source_id):
        pytest.skip(f"third-party file for {source_id} not available here")


def isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> tuple[Path, Path]:
    """Point GAPLIB_DATA_DIR and GAPLIB_CACHE_DIR at fresh empty folders; return both."""
    data_dir, cache = tmp_path / "data", tmp_path / "cache"
    data_dir.mkdir(exist_ok=True)
    cache.mkdir(exist_ok=True)
    monkeypatch.setenv("GAPLIB_DATA_DIR", str(data_dir))
    monkeypatch.setenv("GAPLIB_CACHE_DIR", str(cache))
    monkeypatch.delenv("GAPLIB_READ_LOG", raising=False)
    return data_dir, cache


def copy_source(source_id: str, dest_dir: Path) -> Path:
    """Copy the real file of ``source_id`` to ``dest_dir/<registered file>``; return the copy."""
    original = data.locate(source_id)  # looked up before the caller redirects the env
    target = dest_dir / data.source(source_id).file
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(original, target)
    return target


def read_rows(path: Path) -> list[list[str]]:
    """Return all CSV records (header first) of a file."""
    with open(path, newline="", encoding="utf-8-sig") as fh:
        return list(csv.reader(fh))


def write_rows(path: Path, rows: list[list[str]]) -> None:
    """Write CSV records back (minimal quoting, as the upstream files use)."""
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


def set_cell(path: Path, row: int, column: str, value: str) -> None:
    """Overwrite the cell of data row ``row`` (1-based) in ``column``."""
    rows = read_rows(path)
    rows[row][rows[0].index(column)] = value
    write_rows(path, rows)

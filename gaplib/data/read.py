"""Reading one data file against its registry entry: CSV records checked row by row, then the
pandera schema; the error names the file, the column and an example row. Also the date range
of a validated frame (what the manifest and ``gaplib data describe`` report).

Pure of the book's caches and manifest: :mod:`gaplib.data.loaders` (which caches and checks
the snapshot) and :mod:`gaplib.data.snapshot` (which records the manifest) both call it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from .errors import DataValidationError
from .registry import Column, Source
from .schemas import BadValue, build_schema, coerce

EXAMPLE_FIELDS = 4  # how many leading fields of a bad row to quote in a message
EXAMPLE_WIDTH = 40  # characters kept of each quoted field

def _example(header: list[str], row: list[str]) -> dict[str, str]:
    """Return the first few fields of a raw row, shortened, for error messages."""
    out = {}
    for name, value in list(zip(header, row))[:EXAMPLE_FIELDS]:
        out[name] = value if len(value) <= EXAMPLE_WIDTH else value[: EXAMPLE_WIDTH - 3] + "..."
    return out


def _label(col: Column) -> str:
    return f"column '{col.name}' ({col.as_})"


def _read_records(raw: bytes, prefix: str) -> tuple[list[str], list[list[str]], list[int]]:
    """Return (header, data rows, first line number of each row) from CSV bytes."""
    if not raw.strip():
        raise DataValidationError(f"{prefix}: file is empty ({len(raw)} bytes, no header)")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DataValidationError(f"{prefix}: not UTF-8 text at byte {exc.start}") from exc
    # csv (not pandas) so that short rows are detected instead of silently padded with NaN,
    # and quoted fields with newlines still count as one row.
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[list[str]] = []
    lines: list[int] = []
    header: list[str] | None = None
    last_line = 0
    try:
        for rec in reader:
            start, last_line = last_line + 1, reader.line_num
            if not rec or rec == [""]:
                continue  # blank line
            if header is None:
                header = rec
                continue
            rows.append(rec)
            lines.append(start)
    except csv.Error as exc:
        # Re-read leniently to see how far the broken record got, so the message can name
        # the column in which the file stops.
        loose = [r for r in csv.reader(io.StringIO(text, newline="")) if r and r != [""]]
        hdr = header or (loose[0] if loose else [])
        partial = loose[-1] if len(loose) > 1 else []
        where = ""
        if hdr and partial:
            col = hdr[min(len(partial), len(hdr)) - 1]
            where = f"; row {len(rows) + 1} breaks off in column '{col}': {_example(hdr, partial)}"
        raise DataValidationError(
            f"{prefix}: unreadable CSV after data row {len(rows)} (line {reader.line_num}): "
            f"{exc}; the file looks truncated or has an unclosed quote{where}"
        ) from exc
    assert header is not None
    return header, rows, lines


def _header_index(header: list[str], prefix: str) -> dict[str, int]:
    """Return stripped header name -> 0-based field position; refuse a name that appears twice.

    Any repeated name is refused, registered or not: which of two same-named fields
    holds the intended values cannot be known, and reading the first one silently changed
    results. (None of the third-party files repeats a name.)
    """
    index: dict[str, int] = {}
    for pos, raw_name in enumerate(header):
        name = raw_name.strip()
        if name in index:
            raise DataValidationError(
                f"{prefix}: column {name!r} appears twice in the header (fields {index[name] + 1} "
                f"and {pos + 1}); rename or drop one so that it is clear which one holds the data"
            )
        index[name] = pos
    return index


def read_table(src: Source, path: Path, raw: bytes | None = None,
               downloaded: dt.date | None = None, retrieved: dt.date | None = None) -> pd.DataFrame:
    """Return the validated, typed frame of one file for one registry entry.

    Columns are the registered ones, renamed to their snake_case names, in registry
    order; rows keep file order with a fresh RangeIndex. No date in the file may be later
    than the day it was downloaded (``downloaded``) or else retrieved (``retrieved``, the
    manifest's date), or else than today (gaplib.data.schemas.date_bound). Raises
    DataValidationError naming the file, the column and an example row.
    """
    prefix = f"{src.id} ({path})"
    if raw is None:
        raw = Path(path).read_bytes()
    header, rows, lines = _read_records(raw, prefix)
    width = len(header)
    for i, (rec, line) in enumerate(zip(rows, lines)):
        if len(rec) != width:
            col = header[min(len(rec), width - 1)]
            raise DataValidationError(
                f"{prefix}: row {i + 1} (line {line}) has {len(rec)} fields but the header has "
                f"{width}; column '{col}' is the first affected (truncated row or stray "
                f"separator): {_example(header, rec)}"
            )
    index = _header_index(header, prefix)
    for col in src.columns:
        if col.name not in index:
            found = ", ".join(repr(h) for h in header[:12]) + (" ..." if width > 12 else "")
            raise DataValidationError(
                f"{prefix}: {_label(col)} is missing from the header; found: {found}"
            )
    n = len(rows)
    lo, hi = src.rows
    if n == 0:
        raise DataValidationError(
            f"{prefix}: file has a header but no data rows (expected {lo}..{hi} rows)"
        )
    if not lo <= n <= hi:
        raise DataValidationError(
            f"{prefix}: {n} data rows, expected between {lo} and {hi}; last row: "
            f"{_example(header, rows[-1])}"
        )
    typed: dict[str, pd.Series] = {}
    for col in src.columns:
        pos = index[col.name]
        text = pd.Series([r[pos] for r in rows], dtype="str")
        try:
            typed[col.as_] = coerce(text, col)
        except BadValue as bad:
            raise DataValidationError(
                f"{prefix}: {_label(col)}: expected {bad.expected}, got {bad.value!r} in row "
                f"{bad.position + 1} (line {lines[bad.position]}): "
                f"{_example(header, rows[bad.position])}"
            ) from None
    frame = pd.DataFrame(typed)
    try:
        build_schema(src, retrieved=retrieved, downloaded=downloaded).validate(frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        raise DataValidationError(_describe_failure(src, prefix, exc, header, rows, lines)) from None
    return frame


def _describe_failure(src, prefix, exc, header, rows, lines) -> str:
    """Return a message for the first pandera failure: column, rule, value and example row."""
    cases = exc.failure_cases
    with_row = cases[cases["index"].notna()]
    case = (with_row if len(with_row) else cases).iloc[0]
    column, value = case["column"], case["failure_case"]
    if isinstance(value, dict) and len(value) == 1:
        # a frame-wide check (the date bound) reports its failing cell as {column: value}
        column, value = next(iter(value.items()))
    by_name = {c.as_: c for c in src.columns}
    col = by_name.get(column)
    where = _label(col) if col is not None else f"column {column!r}"
    value = value.item() if hasattr(value, "item") else value  # numpy scalar -> plain repr
    if isinstance(value, pd.Timestamp) and value == value.normalize():
        value = value.date().isoformat()  # '2099-01-01', not Timestamp('2099-01-01 00:00:00')
    msg = f"{prefix}: {where}: failed rule {case['check']}, got {value!r}"
    if pd.notna(case["index"]):
        i = int(case["index"])
        msg += f" in row {i + 1} (line {lines[i]}): {_example(header, rows[i])}"
    extra = len(with_row) - 1
    if extra > 0:
        msg += f" (and {extra} more failing cells)"
    return msg


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

"""Stacking a per-version leaderboard CSV onto the snapshot's stack of versions.

LMArena publishes one leaderboard at a time; the book keeps every version it has, one
under the other, each row tagged with the version's date, the commit that held it, the
commit date and the file's path in that repository. :func:`append_version` adds one
version to a stack's bytes; cells are kept as text, exactly as the version has them.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

from .errors import DataError

#: The columns a stack adds in front of a version's own columns.
TAG_COLUMNS = ("snapshot_version", "commit", "commit_date", "source_path")


class StackError(DataError):
    """A version cannot be stacked: it is empty, has columns the stack lacks, or is stacked already."""


def _rows(raw: bytes, what: str) -> tuple[list[str], list[list[str]]]:
    text = raw.decode("utf-8-sig")
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise StackError(f"{what} is empty") from None
    return [h.strip() for h in header], [row for row in reader if any(cell.strip() for cell in row)]


def append_version(stack_raw: bytes, version_raw: bytes, *, version: dt.date, commit: str,
                   commit_date: dt.date, source_path: str) -> bytes:
    """Return the bytes of ``stack_raw`` with every row of ``version_raw`` appended, tagged.

    The stack's header is kept; a column of the stack that the version lacks is left empty.
    Raises StackError when the version has no rows, has a column the stack does not, or
    its commit is already in the stack.
    """
    stack_header, stack_rows = _rows(stack_raw, "the stack")
    missing_tags = [c for c in TAG_COLUMNS if c not in stack_header]
    if missing_tags:
        raise StackError(f"the stack lacks its tag columns {', '.join(missing_tags)}")
    header, rows = _rows(version_raw, f"version {version.isoformat()}")
    if not rows:
        raise StackError(f"version {version.isoformat()} has a header but no rows")
    extra = [c for c in header if c not in stack_header]
    if extra:
        raise StackError(f"version {version.isoformat()} has columns the stack lacks: {', '.join(extra)}")
    at = stack_header.index("commit")
    if any(len(r) > at and r[at] == commit for r in stack_rows):
        raise StackError(f"commit {commit} is already in the stack")
    tags = {"snapshot_version": version.isoformat(), "commit": commit,
            "commit_date": commit_date.isoformat(), "source_path": source_path}
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    for row in rows:
        cells = dict(zip(header, row))
        writer.writerow([tags[c] if c in tags else cells.get(c, "") for c in stack_header])
    body = stack_raw if stack_raw.endswith(b"\n") else stack_raw + b"\n"
    return body + out.getvalue().encode("utf-8")

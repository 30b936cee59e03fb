"""What changed between two vintages of one third-party file, and the report that says so.

Pure functions over parsed CSV records: :func:`diff_tables` counts rows added, removed
and changed (rows are matched by the source's ``key`` columns; without a key whole rows
are compared, so a changed row counts as one removed and one added) and the columns added
or dropped; :func:`render_report` writes the change report of ``gaplib data update`` as
markdown. Downloading and swapping files is gaplib.data.update's business.

Keys, column names, dates and error messages in the report come from upstream files and
servers, and the report becomes the body of a pull request: every such text is escaped
(:func:`md_code`, :func:`md_text`), so that a row name cannot add a heading, a fake
"Unchanged" line, a link or a remote image.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

EXAMPLES = 5  # keys quoted per kind of change
QUOTED_CHARS = 120  # longer upstream texts are cut: the report is for reading, not for data
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]+")
#: Characters with a meaning inside a line (every quoted text sits inside one, never at its start).
_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_\[\]<>!|&~])")


def _one_line(text: object) -> str:
    flat = _CONTROL.sub(" ", str(text))
    return flat if len(flat) <= QUOTED_CHARS else flat[:QUOTED_CHARS - 1] + "…"


def md_code(text: object) -> str:
    """Return ``text`` as one Markdown code span shown literally (any backticks inside are fenced off).

    Line breaks and control characters become spaces; texts above :data:`QUOTED_CHARS` are cut.
    """
    flat = _one_line(text)
    if not flat.strip():
        return "(empty)"
    fence = "`" * (max((len(run) for run in re.findall(r"`+", flat)), default=0) + 1)
    padded = f" {flat} " if flat.startswith("`") or flat.endswith("`") else flat
    return f"{fence}{padded}{fence}"


def md_text(text: object) -> str:
    """Return ``text`` as Markdown that shows it literally: punctuation escaped, on one line, cut as in
    :func:`md_code`."""
    return _MARKDOWN_PUNCTUATION.sub(r"\\\1", _one_line(text))


@dataclass(frozen=True)
class TableDiff:
    """Row and column changes between an old and a new version of a table.

    ``changed`` is None when rows are compared whole (no key): a changed row then counts
    as removed and added. ``duplicate_keys`` counts keys that name more than one row in
    either version (such rows are paired in file order). ``*_examples`` quote up to
    :data:`EXAMPLES` keys of added, removed and changed rows, joined with " / ".
    """

    key: tuple[str, ...] | None
    rows_before: int
    rows_after: int
    added: int
    removed: int
    changed: int | None
    columns_added: tuple[str, ...]
    columns_dropped: tuple[str, ...]
    duplicate_keys: int = 0
    added_examples: tuple[str, ...] = ()
    removed_examples: tuple[str, ...] = ()
    changed_examples: tuple[str, ...] = ()


def _names(header: Sequence[str]) -> list[str]:
    return [name.strip() for name in header]


def diff_tables(old_header: Sequence[str], old_rows: Sequence[Sequence[str]], new_header: Sequence[str],
                new_rows: Sequence[Sequence[str]], key: Sequence[str] | None = None) -> TableDiff:
    """Return the :class:`TableDiff` from the old records to the new ones.

    Cells are compared as text, over the columns both versions have (an added column
    alone changes no row). ``key`` names columns (as in the header) present in both
    versions; KeyError names a missing one.
    """
    old_names, new_names = _names(old_header), _names(new_header)
    common = [name for name in old_names if name in set(new_names)]
    old_pos, new_pos = [old_names.index(c) for c in common], [new_names.index(c) for c in common]
    old_cells = [tuple(row[i] for i in old_pos) for row in old_rows]
    new_cells = [tuple(row[i] for i in new_pos) for row in new_rows]
    columns_added = tuple(n for n in new_names if n not in set(old_names))
    columns_dropped = tuple(n for n in old_names if n not in set(new_names))
    base = dict(rows_before=len(old_rows), rows_after=len(new_rows), columns_added=columns_added,
                columns_dropped=columns_dropped)
    if not key:
        before, after = Counter(old_cells), Counter(new_cells)
        return TableDiff(None, added=sum((after - before).values()), removed=sum((before - after).values()),
                         changed=None, **base)
    missing = [k for k in key if k not in common]
    if missing:
        raise KeyError(f"key column(s) {missing} are not in both versions")
    at = [common.index(k) for k in key]
    old_groups: dict[tuple[str, ...], list[tuple[str, ...]]] = defaultdict(list)
    new_groups: dict[tuple[str, ...], list[tuple[str, ...]]] = defaultdict(list)
    for cells in old_cells:
        old_groups[tuple(cells[i] for i in at)].append(cells)
    for cells in new_cells:
        new_groups[tuple(cells[i] for i in at)].append(cells)
    added = removed = changed = duplicates = 0
    examples: dict[str, list[str]] = {"added": [], "removed": [], "changed": []}

    def note(kind: str, k: tuple[str, ...]) -> None:
        if len(examples[kind]) < EXAMPLES:
            examples[kind].append(" / ".join(k))

    for k in list(old_groups) + [k for k in new_groups if k not in old_groups]:
        before, after = old_groups.get(k, []), new_groups.get(k, [])
        duplicates += max(len(before), len(after)) > 1
        moved = sum(a != b for a, b in zip(before, after))
        if moved:
            changed += moved
            note("changed", k)
        if len(after) > len(before):
            added += len(after) - len(before)
            note("added", k)
        elif len(before) > len(after):
            removed += len(before) - len(after)
            note("removed", k)
    return TableDiff(tuple(key), added=added, removed=removed, changed=changed, duplicate_keys=duplicates,
                     added_examples=tuple(examples["added"]), removed_examples=tuple(examples["removed"]),
                     changed_examples=tuple(examples["changed"]), **base)


@dataclass(frozen=True)
class FileReport:
    """One source's part of the change report.

    ``old_sha256`` is None when the snapshot held no copy; ``diff`` is None when the bytes
    did not change. Date ranges are (min, max) as ISO text, ("", "") without a date column.
    """

    source_id: str
    file: str
    old_sha256: str | None
    new_sha256: str
    diff: TableDiff | None
    dates_before: tuple[str, str] = ("", "")
    dates_after: tuple[str, str] = ("", "")

    @property
    def unchanged(self) -> bool:
        """Return True when the download is byte for byte the snapshot's copy."""
        return self.old_sha256 == self.new_sha256


def _short(digest: str | None) -> str:
    return md_code(digest[:12]) if digest else "none"


def _dates(pair: tuple[str, str]) -> str:
    return f"{md_text(pair[0])} .. {md_text(pair[1])}" if any(pair) else "no dates"


def _file_lines(report: FileReport) -> list[str]:
    title = f"### {report.source_id} ({md_code(report.file)})"  # ids are the registry's own
    if report.unchanged:
        return [title, "", f"Unchanged (sha256 {_short(report.new_sha256)}).", ""]
    diff = report.diff
    assert diff is not None
    match = f"matched by {', '.join(diff.key)}" if diff.key else "no key: whole rows compared"  # the registry's
    counts = f"+{diff.added:,} added, −{diff.removed:,} removed"
    if diff.changed is not None:
        counts += f", {diff.changed:,} changed"
    lines = [title, "", f"- Rows: {diff.rows_before:,} → {diff.rows_after:,} ({counts}; {match})"]
    for label, keys in (("added", diff.added_examples), ("removed", diff.removed_examples),
                        ("changed", diff.changed_examples)):
        if keys:
            lines.append(f"  - e.g. {label}: " + "; ".join(md_code(k) for k in keys))
    if diff.duplicate_keys:
        lines.append(f"  - {diff.duplicate_keys} key(s) name more than one row; those rows are paired in file order")
    if diff.columns_added or diff.columns_dropped:
        parts = []
        if diff.columns_added:
            parts.append("added " + ", ".join(md_code(c) for c in diff.columns_added))
        if diff.columns_dropped:
            parts.append("dropped " + ", ".join(md_code(c) for c in diff.columns_dropped))
        lines.append("- Columns: " + "; ".join(parts))
    else:
        lines.append("- Columns: unchanged")
    lines.append(f"- Dates: {_dates(report.dates_before)} → {_dates(report.dates_after)}")
    lines.append(f"- sha256: {_short(report.old_sha256)} → {_short(report.new_sha256)}")
    return lines + [""]


def render_report(reports: Sequence[FileReport], failures: Sequence[tuple[str, str]] = (),
                  skipped: Sequence[tuple[str, str]] = (), *, day: str = "", applied: bool = False,
                  taken: str = "downloaded") -> str:
    """Return the change report as markdown: a summary line, then one section per source.

    ``failures`` and ``skipped`` are (source id, reason) pairs; ``day`` is the download
    date; ``applied`` says whether the snapshot was replaced; ``taken`` says how the new files
    were taken ("downloaded", or "copied" from repositories by ``gaplib data import``).
    """
    changed = [r for r in reports if not r.unchanged]
    lines = [f"## Data update{' of ' + day if day else ''}", ""]
    if failures:
        lines.append(f"**Not applied: {len(failures)} source(s) failed.** The snapshot is unchanged.")
    elif not changed:
        lines.append(f"Every {taken} file ({len(reports)}) is unchanged; the snapshot stays as it is.")
    else:
        done = "replaced in the snapshot" if applied else "not applied (run with `--apply` to replace them)"
        lines.append(f"{len(changed)} of {len(reports)} {taken} file(s) changed: {done}.")
    lines.append("")
    for source_id, reason in failures:
        lines += [f"- **{source_id} failed**: {md_text(reason)}"]
    if failures:
        lines.append("")
    for report in changed + [r for r in reports if r.unchanged]:
        lines += _file_lines(report)
    if skipped:
        lines += ["Not downloaded (no direct download URL; update by hand and record with `gaplib data snapshot`): "
                  + ", ".join(sid for sid, _ in skipped) + ".", ""]
    return "\n".join(lines).rstrip() + "\n"

"""What ``gaplib run`` says at the end: the headline numbers that moved against the published book, and where the
files are.

The published book is the latest recorded edition (``editions/``, gaplib.engine.editions). A *headline* number is
a result the words registry (``data/result_words.yml``) gives words: the numbers the gap at a glance reads and the
ones readers were shown as changed. The long list of files a run writes goes to a manifest file beside them, not
to the terminal. Pure functions, except :func:`write_manifest`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gaplib.engine.changes import ChapterChanges, Moved
from gaplib.engine.editions import chapter_record, compare, format_value, make_edition

MANIFEST_NAME = "MANIFEST.txt"


@dataclass(frozen=True)
class RunComparison:
    """A run's chapter set against the published book: the headline numbers that moved, with their words."""

    edition: str | None
    headlines: tuple[tuple[str, Moved], ...]
    other_moved: int
    causes: tuple[str, ...]


def compare_with_edition(chapter: str, results: Mapping[str, Any], edition: Mapping[str, Any] | None,
                         files: Mapping[str, str], words: Mapping[str, str]) -> RunComparison:
    """Return what moved in ``chapter`` between ``edition`` (the published book, or None) and this run's results.

    ``files`` maps registered data files to source ids; ``words`` maps a result's name to its words (the
    registry's entries for this chapter). Headlines keep the order of the words registry.
    """
    if edition is None or chapter not in edition.get("chapters", {}):
        return RunComparison(None if edition is None else edition["edition"], (), 0, ())
    run = make_edition("this-run", "", {chapter: chapter_record(results, files, "")})
    published = {**edition, "chapters": {chapter: edition["chapters"][chapter]}}
    changes: list[ChapterChanges] = compare(published, run)
    moved = {m.name: m for c in changes for m in c.moved}
    headlines = tuple((text, moved[name]) for name, text in words.items() if name in moved)
    causes = tuple(cause for c in changes for cause in c.causes if not cause.startswith("code changed"))
    return RunComparison(edition["edition"], headlines, len(moved) - len(headlines), causes)


def headline_lines(comparison: RunComparison, chapter: str) -> list[str]:
    """Return the terminal lines that list each moved headline number, from → to, under one heading."""
    if comparison.edition is None:
        return [f"{chapter}: no published edition of this chapter to compare with (editions/ holds none)"]
    against = f"the published book (edition {comparison.edition})"
    if not comparison.headlines:
        lines = [f"No headline number of {chapter} differs from {against}."]
    else:
        lines = [f"Headline numbers that differ from {against}:"]
        lines += [f"  {text}: {format_value(m.before, m.name)} → {format_value(m.after, m.name)}"
                  for text, m in comparison.headlines]
    if comparison.other_moved:
        lines.append(f"  and {comparison.other_moved} other published number(s); "
                     f"`gaplib compare` lists every one")
    if comparison.headlines or comparison.other_moved:
        lines.append("  because: " + "; ".join(comparison.causes[:3])
                     + (f"; and {len(comparison.causes) - 3} more" if len(comparison.causes) > 3 else ""))
    return lines


def manifest_text(chapter: str, folder: Path, files: Sequence[Path]) -> str:
    """Return the manifest of a run's files: one path relative to ``folder`` a line, sorted, under a comment."""
    names = sorted(str(Path(f).relative_to(folder)) if Path(f).is_relative_to(folder) else str(f) for f in files)
    return f"# files written by `gaplib run {chapter}` into {folder}\n" + "".join(f"{n}\n" for n in names)


def write_manifest(chapter: str, folder: Path, files: Sequence[Path]) -> Path:
    """Write :data:`MANIFEST_NAME` into ``folder`` listing ``files``; return its path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / MANIFEST_NAME
    path.write_text(manifest_text(chapter, folder, files), encoding="utf-8")
    return path


def files_lines(folder: Path, files: Sequence[Path], chapter: str, manifest: Path, page: Path | None) -> list[str]:
    """Return the terminal lines that say where a run's files are: the folder, the notebook, the results, the page,
    and the manifest that lists the rest."""
    lines = [f"Files: {folder}"]
    for name in (f"{chapter}.ipynb", f"{chapter}.results.json"):
        if any(Path(f).name == name for f in files):
            lines.append(f"  {folder / name}")
    if page is not None:
        lines.append(f"  {page}")
    lines.append(f"  and {len(files)} file(s) in all, listed in {manifest}")
    return lines

"""Editions of the book and what changed since the last one.

An *edition* is the record of one published build: every chapter's glued results
(numbers and words), the parameters it ran with, the fingerprints of the data files
it read (by registered source id) and of its code (the notebook and the gaplib
modules it imported). Editions are small JSON files committed under ``editions/``.

:func:`compare` lists every result that moved between an edition and a build, by
chapter, and names the cause where the records can tell it: a parameter, a data
file or the code. :func:`render_changes_page` writes that as the book page
"What changed since the last edition". All functions here are pure; reading and
writing edition files is done by :func:`load_editions` and :func:`write_edition`.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from gaplib.engine.cache import PROJECT_DIR
from gaplib.engine.change_cells import PERCENT_WORDS, format_value, parameter_value, percent_cell, result_cell
from gaplib.engine.changes import ChapterChanges, Moved, is_data, is_number
from gaplib.engine.page_text import chapter_heading, moved_summary, nothing_moved
from gaplib.present.dates import for_reader
from gaplib.present.i18n import english, join

EDITIONS_DIR = PROJECT_DIR / "editions"
EDITION_FORMAT = 1
NAME_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
#: results.json keys that describe the run rather than what it found.
META_KEYS = frozenset({"chapter", "parameters", "data", "modules", "versions", "executed_at", "cache_key"})
#: Relative difference below which two numbers are the same result (floating-point noise across machines).
RELATIVE_TOLERANCE = 1e-9


class EditionError(ValueError):
    """An edition name or file that cannot be used."""


def source_ids_by_file(registered: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Return {registered file (relative, posix): source id} from (source id, file) pairs."""
    return {file: source_id for source_id, file in registered}


def data_fingerprints(data: Mapping[str, str], files: Mapping[str, str]) -> dict[str, str]:
    """Return {source id: sha256} for a results.json ``data`` map of absolute path -> sha256.

    A path is matched to the registered file it ends with (``files``, from
    :func:`source_ids_by_file`), so the same file read from another folder keeps its
    identity; a path no source registers is kept under its file name.
    """
    out: dict[str, str] = {}
    for path, digest in data.items():
        posix = Path(path).as_posix()
        match = next((sid for file, sid in files.items() if posix == file or posix.endswith("/" + file)), None)
        out[match or Path(path).name] = digest
    return dict(sorted(out.items()))


def code_fingerprints(modules: Mapping[str, str], project_dir: Path = PROJECT_DIR) -> dict[str, str]:
    """Return {module path relative to the project: sha256} for a results.json ``modules`` map
    (absolute paths, as the runner keeps them, or relative ones, as a site publishes them)."""
    out = {}
    for path, digest in modules.items():
        if not Path(path).is_absolute():
            out[Path(path).as_posix()] = digest
            continue
        try:
            out[Path(path).relative_to(project_dir).as_posix()] = digest
        except ValueError:
            out[Path(path).name] = digest
    return dict(sorted(out.items()))


def chapter_record(results: Mapping[str, Any], files: Mapping[str, str], notebook_sha256: str,
                   project_dir: Path = PROJECT_DIR) -> dict[str, Any]:
    """Return the edition entry of one chapter from its results.json contents."""
    return {
        "results": {k: v for k, v in sorted(results.items()) if k not in META_KEYS},
        "parameters": dict(sorted(results.get("parameters", {}).items())),
        "data": data_fingerprints(results.get("data", {}), files),
        "code": {"notebook": notebook_sha256, **code_fingerprints(results.get("modules", {}), project_dir)},
    }


def make_edition(name: str, recorded: str, chapters: Mapping[str, Mapping[str, Any]],
                 recorded_at: str | None = None) -> dict[str, Any]:
    """Return an edition: ``name``, the ISO date ``recorded`` and {chapter: :func:`chapter_record`}.

    ``recorded_at`` (an ISO time in UTC) orders two editions of the same date.
    """
    check_name(name)
    edition = {"format": EDITION_FORMAT, "edition": name, "recorded": recorded}
    if recorded_at is not None:
        edition["recorded_at"] = recorded_at
    return {**edition, "chapters": dict(chapters)}


def check_date(recorded: str, today: dt.date | None = None) -> str:
    """Return ``recorded`` as an ISO date (YYYY-MM-DD) if it is one and not after ``today``; EditionError otherwise.

    An edition records results that exist: a date in the future would make it "the latest
    edition" until then.
    """
    try:
        date = dt.date.fromisoformat(str(recorded))
    except ValueError:
        raise EditionError(f"not a date (YYYY-MM-DD): {recorded!r}") from None
    today = today or dt.date.today()
    if date > today:
        raise EditionError(f"the edition date {date.isoformat()} is after today ({today.isoformat()}); "
                           "an edition records results that exist now")
    return date.isoformat()


def check_name(name: str) -> str:
    """Return ``name`` if it can name an edition file; EditionError otherwise."""
    if not NAME_PATTERN.match(name):
        raise EditionError(f"edition names are 1-64 letters, digits, '.', '_' or '-' and start with a "
                           f"letter or digit; got {name!r}")
    return name


def latest(editions: Iterable[Mapping[str, Any]]) -> Mapping[str, Any] | None:
    """Return the most recently recorded edition (by date, then time of recording, then name), or None when
    there is none. Editions recorded before the time was stored count as recorded at the start of their day."""
    ordered = sorted(editions, key=lambda e: (e["recorded"], str(e.get("recorded_at") or ""), e["edition"]))
    return ordered[-1] if ordered else None


def _same(before: Any, after: Any) -> bool:
    if is_number(before) and is_number(after):
        return math.isclose(before, after, rel_tol=RELATIVE_TOLERANCE, abs_tol=0.0)
    return before == after


def _differing(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[str]:
    return sorted(k for k in set(before) | set(after) if not _same(before.get(k), after.get(k)))


def _parameter_cause(name: str, old: Any, new: Any, tr: Callable[..., str]) -> str:
    """Return the sentence of one changed parameter; one that an edition lacks is "added" or "removed", never "None"."""
    language = getattr(tr, "language", "en")
    old, new = (None if v is None else parameter_value(v, language) for v in (old, new))
    if old is None:
        return tr("parameter {name} added, set to {new}", name=name, new=new)
    if new is None:
        return tr("parameter {name} removed (it was {old})", name=name, old=old)
    return tr("parameter {name} changed from {old} to {new}", name=name, old=old, new=new)


def _causes(parameters, data, code, tr: Callable[..., str] = english) -> tuple[str, ...]:
    """Return one sentence per changed input (parameter, data file, code file), in ``tr``'s language.

    Names, values and paths are fields of the sentence, never part of its pattern, so the
    patterns asked are the same whatever changed.
    """
    causes = [_parameter_cause(name, old, new, tr) for name, old, new in parameters]
    causes += [tr("data file of source {source} changed (new fingerprint)", source=sid) for sid in data]
    # code style: no link, no bold from __init__
    causes += [tr("code changed: {path}", path=f"`{path}`") for path in code]
    return tuple(causes) or (tr("no recorded input changed (the environment or a package version may have)"),)


def compare(previous: Mapping[str, Any], current: Mapping[str, Any]) -> list[ChapterChanges]:
    """Return, chapter by chapter in the current edition's order, what moved since ``previous``.

    Both are editions (:func:`make_edition`). A chapter appears only when one of its
    results moved (or appeared, or disappeared); its causes list the parameters, data
    files and code that differ between the two records.
    """
    out = []
    before_chapters = previous.get("chapters", {})
    for chapter, now in current.get("chapters", {}).items():
        then = before_chapters.get(chapter, {"results": {}, "parameters": {}, "data": {}, "code": {}})
        moved = tuple(Moved(name, then["results"].get(name), now["results"].get(name))
                      for name in _differing(then["results"], now["results"]))
        if not moved:
            continue
        parameters = tuple((name, then["parameters"].get(name), now["parameters"].get(name))
                           for name in _differing(then["parameters"], now["parameters"]))
        data = tuple(_differing(then["data"], now["data"]))
        code = tuple(_differing(then["code"], now["code"]))
        out.append(ChapterChanges(chapter, moved, parameters, data, code, _causes(parameters, data, code)))
    return out


def changes_tables(changes: list[ChapterChanges], before: str = "edition", after: str = "this build",
                   tr: Callable[..., str] = english) -> list[str]:
    """Return the markdown lines of one section per chapter: why its numbers moved, then a table of them.

    ``before`` and ``after`` (English, translated by ``tr``) head the two value columns.
    Results are shown in words from the words registry (gaplib.data.result_words) in ``tr``'s
    language, or by their internal names where it has none; numbers stay as they are, and a
    result that is a word is translated.
    """
    head = [tr("result"), tr(before), tr(after), tr("change"), tr("change (%)")]
    language = getattr(tr, "language", "en")
    words = {word: tr(word) for word in PERCENT_WORDS}  # all asked, so the catalog holds each before it is needed
    lines: list[str] = []
    for chapter in changes:
        why = join(_causes(chapter.parameters, chapter.data, chapter.code, tr), tr)
        lines += [f"## {chapter_heading(chapter.chapter, tr)}", "", tr("Why: {causes}.", causes=why), "",
                  "| " + " | ".join(head) + " |", "|---|---:|---:|---:|---:|"]
        for moved in chapter.moved:
            if is_data(moved.before) or is_data(moved.after):
                continue  # machine-readable text (a specification curve's JSON): its numbers are rows of their own
            change = "—" if moved.change is None else format_value(moved.change, language=language)
            pct = percent_cell(moved.before, moved.after, words, language)
            # A glued word ("narrowing", "since a break in January 2022") reads in the page's language.
            before, after = (tr(v) if isinstance(v, str) else format_value(v, moved.name, language)
                             for v in (moved.before, moved.after))
            before, after, change = (words["n/a"] if cell == "n/a" else cell for cell in (before, after, change))
            lines.append(f"| {result_cell(chapter.chapter, moved.name, language)} | {before} | {after} | "
                         f"{change} | {pct} |")
        lines.append("")
    return lines


def render_changes_page(previous: Mapping[str, Any] | None, changes: list[ChapterChanges],
                        tr: Callable[..., str] = english) -> str:
    """Return the MyST page "What changed since the last edition", in ``tr``'s language (default English)."""
    lines = [f"# {tr('What changed since the last edition')}", ""]
    if previous is None:
        lines += [tr("No edition has been recorded yet, so there is nothing to compare this build with. "
                     "{command} records one.", command="`gaplib edition record NAME`"), ""]
        return "\n".join(lines)
    lines += [tr("This build is compared with the edition {edition}, recorded on {recorded}: every number the "
                 "chapters publish, read from each chapter's {file}, against the same number in the edition. "
                 "Where a number moved, the chapter's recorded inputs say why: its parameters, the fingerprints "
                 "of the data files it read, and the fingerprints of its notebook and the gaplib modules it "
                 "imported.", edition=f"**{previous['edition']}**", recorded=for_reader(str(previous["recorded"]), tr),
                 file="`results.json`"), ""]
    if not changes:
        against = tr("Every published number is as in edition {edition}.", edition=previous["edition"])
        lines += [nothing_moved(tr, against), ""]
        return "\n".join(lines)
    lines += [moved_summary(changes, tr), ""]
    lines += changes_tables(changes, tr=tr)
    return "\n".join(lines)


def load_editions(folder: Path | None = None, today: dt.date | None = None) -> list[dict[str, Any]]:
    """Return every edition stored in ``folder`` (default ``editions/``); EditionError names a malformed file
    or one dated after ``today`` (:func:`check_date`)."""
    folder = folder or EDITIONS_DIR
    editions = []
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        try:
            edition = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise EditionError(f"{path}: not valid JSON: {exc}") from None
        if not isinstance(edition, dict) or edition.get("format") != EDITION_FORMAT or not {
                "edition", "recorded", "chapters"} <= set(edition):
            raise EditionError(f"{path}: not an edition file of format {EDITION_FORMAT}")
        try:
            check_date(edition["recorded"], today)
        except EditionError as exc:
            raise EditionError(f"{path}: {exc}") from None
        editions.append(edition)
    return editions


def write_edition(edition: Mapping[str, Any], folder: Path | None = None, *, replace: bool = False) -> Path:
    """Write ``edition`` to ``folder/<name>.json`` (default ``editions/``) and return the path.

    EditionError if an edition of that name exists and not ``replace``.
    """
    folder = folder or EDITIONS_DIR
    path = folder / f"{check_name(edition['edition'])}.json"
    if path.exists() and not replace:
        raise EditionError(f"edition {edition['edition']!r} is already recorded in {path}")
    folder.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    partial.write_text(json.dumps(edition, indent=1, sort_keys=False, default=str) + "\n", encoding="utf-8")
    partial.replace(path)
    return path

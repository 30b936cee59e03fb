"""A variant of the book set against the published one, number by number.

The comparison is the editions' (:func:`gaplib.engine.editions.compare`): two sets of chapter
results become two editions, and every glued result that differs is listed, chapter by
chapter, with the inputs that differ as its causes. Used by the page "This variant
against the published book" of a ``gaplib build --params FILE`` build, and by
``gaplib compare RESULTS_A RESULTS_B``. Pure functions, except :func:`read_results`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from gaplib.engine.change_cells import PERCENT_WORDS, percent_cell
from gaplib.engine.changes import ChapterChanges
from gaplib.engine.editions import changes_tables, chapter_record, compare, format_value, make_edition
from gaplib.engine.page_text import moved_summary, nothing_moved
from gaplib.present.i18n import Translator, english

PAGE_TITLE = "This variant against the published book"
TABLE_COLUMNS = ("chapter", "result", "before", "after", "change", "change_pct", "words")
#: the terminal table's columns: the result's words beside its name
_SHOWN = ("chapter", "result", "words", "before", "after", "change", "change_pct")


class ResultsError(ValueError):
    """A path given to ``gaplib compare`` holds no chapter results."""


def results_edition(name: str, results: Mapping[str, Mapping[str, Any]], files: Mapping[str, str] | None = None,
                    notebooks: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Return {chapter: results.json contents} as an edition named ``name``, ready for :func:`compare`.

    ``files`` maps registered data files to source ids (gaplib.engine.editions.source_ids_by_file);
    ``notebooks`` maps each chapter to its notebook's sha256 (unknown: "").
    """
    chapters = {chapter: chapter_record(res, files or {}, (notebooks or {}).get(chapter, ""))
                for chapter, res in results.items()}
    return make_edition(name, "", chapters)


def compare_results(before: Mapping[str, Mapping[str, Any]], after: Mapping[str, Mapping[str, Any]],
                    files: Mapping[str, str] | None = None) -> list[ChapterChanges]:
    """Return what moved from ``before`` to ``after`` (each {chapter: results.json contents})."""
    return compare(results_edition("before", before, files), results_edition("after", after, files))


def differing_parameters(defaults: Mapping[str, Mapping[str, Any]],
                         variant: Mapping[str, Mapping[str, Any]]) -> list[tuple[str, str, Any, Any]]:
    """Return (chapter, name, default, variant value) for every parameter the variant changes."""
    out = []
    for chapter, params in variant.items():
        for name, value in params.items():
            default = defaults.get(chapter, {}).get(name)
            if value != default:
                out.append((chapter, name, default, value))
    return out


def _parameter_table(parameters: list[tuple[str, str, Any, Any]], tr: Translator) -> list[str]:
    """Return the markdown lines of the table of differing parameters (chapters and values as they are)."""
    head = [tr("chapter"), tr("parameter"), tr("published"), tr("this variant")]
    lines = [f"## {tr('Parameters that differ')}", "", "| " + " | ".join(head) + " |", "|---|---|---:|---:|"]
    lines += [f"| {chapter} | `{name}` | `{default!r}` | `{value!r}` |" for chapter, name, default, value in parameters]
    return lines + [""]


def render_variant_page(parameters: list[tuple[str, str, Any, Any]], changes: list[ChapterChanges],
                        tr: Callable[..., str] = english) -> str:
    """Return the MyST page that sets a variant build against the book with its default parameters.

    Its texts are in ``tr``'s language (default English); chapter ids, parameter names and values stay as they are.
    """
    lines = [f"# {tr(PAGE_TITLE)}", "",
             tr("This book was built with parameters of its reader's choosing. This page lists every number "
                "the chapters publish that differs from the book built with its default parameters (the "
                "published book), from what to what, chapter by chapter."), ""]
    if parameters:
        lines += _parameter_table(parameters, tr)
    else:
        lines += [f"**{tr('No parameter differs from the published book.')}**", ""]
    if not changes:
        lines += [nothing_moved(tr, tr("Every published number is as in the published book.")), ""]
        return "\n".join(lines)
    lines += [moved_summary(changes, tr), ""]
    lines += changes_tables(changes, before="published", after="this variant", tr=tr)
    return "\n".join(lines)


def table_rows(changes: Iterable[ChapterChanges]) -> list[dict[str, Any]]:
    """Return one row per moved result: chapter, result, before, after, change, change in percent and the
    result's English words from the words registry (None where it has none)."""
    from gaplib.data.result_words import words_for

    return [{"chapter": c.chapter, "result": m.name, "before": m.before, "after": m.after, "change": m.change,
             "change_pct": m.change_pct, "words": words_for(c.chapter, m.name)} for c in changes for m in c.moved]


def format_table(rows: list[dict[str, Any]]) -> str:
    """Return ``rows`` as an aligned text table for the terminal ("Nothing moved." when empty)."""
    if not rows:
        return "Nothing moved."
    cells = [list(_SHOWN)] + [
        [r["chapter"], r["result"], r.get("words") or "—", format_value(r["before"], r["result"]),
         format_value(r["after"], r["result"]), format_value(r["change"]),
         percent_cell(r["before"], r["after"], dict(zip(PERCENT_WORDS, PERCENT_WORDS)))] for r in rows]
    widths = [max(len(str(row[i])) for row in cells) for i in range(len(_SHOWN))]
    right = {3, 4, 5, 6}
    return "\n".join("  ".join(str(c).rjust(w) if i in right else str(c).ljust(w)
                               for i, (c, w) in enumerate(zip(row, widths))).rstrip() for row in cells)


def read_results(path: Path) -> dict[str, dict[str, Any]]:
    """Return {chapter: results} from a results.json file or a folder of ``*.results.json`` files.

    A built site, a `gaplib run` output folder and a single file all work; ResultsError
    says what was expected when the path holds none.
    """
    files = [path] if path.is_file() else sorted(path.glob("*.results.json")) if path.is_dir() else []
    if not files:
        raise ResultsError(f"{path}: no results found; give a CHAPTER.results.json file or a folder holding "
                           "them (a `gaplib run` output folder or a built site)")
    out = {}
    for file in files:
        try:
            results = json.loads(file.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise ResultsError(f"{file}: not a results.json file ({exc})") from None
        if not isinstance(results, dict) or "chapter" not in results:
            raise ResultsError(f"{file}: not a chapter's results.json (it has no 'chapter' entry)")
        out[str(results["chapter"])] = results
    return out

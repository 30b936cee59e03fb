"""The words registry of results: its format, its coverage, and the pages that show it."""

from __future__ import annotations

import json

import pytest

from gaplib.data.errors import RegistryError
from gaplib.data.paths import PROJECT_DIR
from gaplib.data.result_words import parse_words, result_words, words_for
from gaplib.summary.dimensions import DIMENSIONS
from gaplib.engine.editions import Moved, ChapterChanges, changes_tables, compare
from gaplib.present.i18n import translator

EDITIONS = PROJECT_DIR / "editions"


def _edition(name: str) -> dict:
    return json.loads((EDITIONS / f"{name}.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("text, message", [
    ("results: {x: {en: a, zh_CN: b}}", "not 'chapter.result'"),
    ("results: {a.b: {en: a}}", "exactly en, zh_CN"),
    ("results: {a.b: {en: a, zh_CN: '  '}}", "no words in zh_CN"),
    ("results: [1]", "top-level 'results:' mapping"),
])
def test_malformed_entries_are_refused(text, message):
    with pytest.raises(RegistryError, match=message):
        parse_words(text)


def test_words_are_looked_up_by_chapter_and_language():
    assert words_for("research", "publications_us") == "US AI publications a year"
    assert words_for("research", "publications_us", "zh_CN") == "美国每年人工智能论文数"
    assert words_for("research", "no_such_result") is None
    assert words_for("leaders", "publications_us") is None  # the chapter is part of the key


def _ai_index_results() -> set[str]:
    """The results the Replications page publishes for the AI Index (added after the recorded
    edition): the replication records computed on the repository's data, and the page's own glues."""
    import re

    from gaplib import data
    from gaplib.algorithms import capability
    from gaplib.funding import funding
    from gaplib.replications import ai_index

    table = ai_index.replications(data.load("reference_facts"), data.load("epoch_notable_models"),
                                  capability.arena_gap(data.load("lmarena_text_snapshots")),
                                  funding.private_investment(data.load("owid_ai_private_investment")))
    page = (PROJECT_DIR / "pages" / "replications.ipynb").read_text(encoding="utf-8")
    return {*ai_index.results(table), *re.findall(r'glue\(\\"(aiindex_[a-z0-9_]+)\\"', page)}


def _named_in_notebook(chapter: str, name: str) -> bool:
    """Whether the chapter's (or page's) notebook names the result: a result added since the recorded edition."""
    notebooks = [PROJECT_DIR / "chapters" / f"{chapter}.ipynb", PROJECT_DIR / "pages" / f"{chapter}.ipynb"]
    curve_names = ("_default", "_default_spec", "_default_low", "_default_high", "_spec_low", "_spec_high", "_spec_count")
    curves = [name.removesuffix(suffix) for suffix in curve_names if name.endswith(suffix)]  # glued by glue_curve
    return any(path.is_file() and (f'\\"{name}\\"' in path.read_text(encoding="utf-8")
                                   or any(f'glue_curve(\\"{c}\\"' in path.read_text(encoding="utf-8") for c in curves))
               for path in notebooks)


def test_every_entry_names_a_result_of_the_book():
    chapters = _edition("2026-12-pre-vintage")["chapters"]
    newer = {"replications": _ai_index_results()}
    unknown = [key for key in result_words() if key.split(".", 1)[1] not in
               {*chapters.get(key.split(".", 1)[0], {}).get("results", {}), *newer.get(key.split(".", 1)[0], ())}
               and not _named_in_notebook(*key.split(".", 1))]
    assert not unknown


def test_every_result_the_gap_at_a_glance_reads_has_words():
    needed = {f"{d.chapter}.{key}" for d in DIMENSIONS
              for key in (d.us_key, d.china_key, d.ratio_key, d.lag_key) if key}
    assert needed - set(result_words()) == set()


def test_every_result_the_2026_vintage_moved_has_words():
    """The moves between the edition before the vintage and the data of the vintage (recorded
    numbers of the build that took it in), all shown in words on "What changed"."""
    before = _edition("2026-12-pre-vintage")
    after = json.loads((PROJECT_DIR / "tests" / "vintage_2026_moved.json").read_text(encoding="utf-8"))
    assert after, "the list of results the vintage moved is empty"
    missing = [key for key in after if key not in result_words()]
    assert not missing
    for key in after:
        chapter, name = key.split(".", 1)
        assert name in before["chapters"][chapter]["results"]


def test_changes_tables_show_words_in_the_editions_language():
    changes = [ChapterChanges("algorithms", (Moved("arena_gap_latest_elo", 36, 37), Moved("unnamed_x", 1, 2)),
                              (), ("lmarena_text_snapshots",), (), ())]
    english = "\n".join(changes_tables(changes))
    assert "| LMArena gap, top US against top Chinese model, latest version (Elo) | 36 | 37 |" in english
    assert "| `unnamed_x` | 1 | 2 |" in english
    chinese = "\n".join(changes_tables(changes, tr=translator("zh_CN").fresh()))
    assert "| LMArena 最新版本中美最佳模型之差（Elo 分） | 36 | 37 |" in chinese
    assert compare({"chapters": {}}, {"chapters": {}}) == []

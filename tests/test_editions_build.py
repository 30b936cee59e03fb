"""The two editions of one build: the same numbers, the Chinese text, links between them, catalogs in step."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from gaplib.engine import translations
from gaplib.present.i18n import needs_translation

pytestmark = pytest.mark.slow

GLUED = re.compile(r'<span class="pasted-(?:text|inline)">(.*?)</span>', re.S)
CHINESE = re.compile(r"[\u4e00-\u9fff]")
SWITCH = re.compile(r'class="btn btn-sm gap-language-switch" href="([^"]+)"')


def _pages(site: Path) -> list[Path]:
    return sorted(p.relative_to(site) for p in site.rglob("*.html")
                  if "zh_CN" not in p.relative_to(site).parts and "_static" not in p.parts
                  and p.name not in ("index.html", "genindex.html", "search.html"))


def test_every_glued_number_is_the_same_in_both_editions(built_book):
    _, site = built_book
    compared = 0
    for page in _pages(site):
        english = GLUED.findall((site / page).read_text())
        chinese = GLUED.findall((site / "zh_CN" / page).read_text())
        assert len(english) == len(chinese), f"{page}: {len(english)} glued values in English, {len(chinese)} in Chinese"
        numbers = Counter(v for v in english if not needs_translation(v))
        assert numbers == Counter(v for v in chinese if not needs_translation(v)), f"{page}: glued numbers differ"
        compared += sum(numbers.values())
    assert compared > 300  # the chapters glue hundreds of numbers; a page that lost them all fails above


def test_glued_words_are_translated_in_the_chinese_edition(built_book):
    _, site = built_book
    chinese = GLUED.findall((site / "zh_CN" / "intro.html").read_text())
    words = [v for v in chinese if needs_translation(v)]
    assert words and all(CHINESE.search(v) for v in words), words


def test_each_page_links_the_same_page_of_the_other_edition(built_book):
    _, site = built_book
    for page in _pages(site):
        english, chinese = site / page, site / "zh_CN" / page
        (to_chinese,) = SWITCH.findall(english.read_text())
        (to_english,) = SWITCH.findall(chinese.read_text())
        assert (english.parent / to_chinese).resolve() == chinese.resolve(), page
        assert (chinese.parent / to_english).resolve() == english.resolve(), page


def _latin_letters(page: Path) -> int:
    """Latin letters a reader sees in a page's article (chart specifications and scripts aside)."""
    article = re.sub(r"<script.*?</script>", "", page.read_text().split("<article", 1)[-1], flags=re.S)
    return len(re.findall(r"[A-Za-z]", re.sub(r"<[^>]+>", " ", article)))


def test_chinese_pages_are_in_chinese(built_book):
    _, site = built_book
    for page in _pages(site):
        chinese = site / "zh_CN" / page
        assert '<html lang="zh-CN"' in chinese.read_text(), page
        if page.name == "bibliography.html":  # the references keep their published (English) titles
            continue
        # What stays in Latin letters is names, codes, units and sources; the prose itself is gone.
        share = _latin_letters(chinese) / _latin_letters(site / page)
        assert share < 0.75, f"{page}: {share:.0%} of the English page's Latin letters remain in Chinese"


def _article_text(page: Path) -> str:
    article = re.sub(r"<(script|pre|code)\b.*?</\1>", "", page.read_text().split("<article", 1)[-1], flags=re.S)
    return re.sub(r"<[^>]+>", " ", article)


def test_no_markdown_markup_is_left_as_text_in_either_edition(built_book):
    # Chinese punctuation beside ** can leave the markers unparsed: **数据（CSV）**可下载 shows the asterisks.
    _, site = built_book
    for page in _pages(site):
        for edition in (site / page, site / "zh_CN" / page):
            assert "**" not in _article_text(edition), edition.relative_to(site)


def test_catalogs_are_in_step_with_the_english(built_book, cache_dir, tmp_path):
    """Fails when an English sentence, chart or table text has no current translation (`gaplib translations check`)."""
    pots = tmp_path / "pots"
    translations.extract(pots, "zh_CN", progress=False, cache_dir=cache_dir)
    problems = translations.check_catalogs(pots, "zh_CN")
    assert problems == [], "run `gaplib translations update`, then translate:\n" + "\n".join(map(str, problems[:40]))

"""The two editions of one build: the same numbers, the Chinese text, links between them, catalogs in step."""

from __future__ import annotations

import html
import json
import re
from collections import Counter
from pathlib import Path

import pytest

from gaplib.engine import translations
from gaplib.engine.catalog_style import kept_names
from gaplib.present.english_phrases import english_phrases, reader_text
from gaplib.present.i18n import needs_translation
from gaplib.present.edition_numbers import unmatched_values
from gaplib.present.numerals import shown_value

pytestmark = pytest.mark.slow
GLOSSARY = Path(__file__).resolve().parents[1] / "locales" / "zh_CN" / "GLOSSARY.md"

GLUED = re.compile(r'<span class="pasted-(?:text|inline)">(.*?)</span>', re.S)
CHINESE = re.compile(r"[\u4e00-\u9fff]")
SWITCH = re.compile(r'class="btn btn-sm gap-language-switch" href="([^"]+)"')


def _pages(site: Path) -> list[Path]:
    return sorted(p.relative_to(site) for p in site.rglob("*.html")
                  if "zh_CN" not in p.relative_to(site).parts and "_static" not in p.parts
                  and p.name not in ("index.html", "genindex.html", "search.html"))


#: A glued number and the word after it: the English writes its magnitude in words ("148.3</span> billion").
GLUED_AND_UNIT = re.compile(r'<span class="pasted-(?:text|inline)">(.*?)</span>\s*(?:(?:<[^>]+>)\s*)*(十亿|百万|[A-Za-z]*)', re.S)
_UNIT_POWER = {"thousand": 3, "million": 6, "billion": 9, "trillion": 12, "百万": 6, "十亿": 9}


def glued_values(page_html: str) -> list[tuple[float, float]]:
    """(value, tolerance) of every glued number of a page, in either edition's form, its English unit word
    applied: the tolerance is 0, or half a unit of the last figure of a count shown rounded ("约 1783 万")."""
    values = []
    for text, word in GLUED_AND_UNIT.findall(page_html):
        shown = shown_value(html.unescape(text))
        if shown is not None:
            scale = 10 ** _UNIT_POWER.get(word, 0)
            values.append((float(f"{shown[0] * scale:.9g}"), shown[1] * scale))
    return values


def test_every_glued_number_has_the_same_value_in_both_editions(built_book):
    _, site = built_book
    compared = 0
    for page in _pages(site):
        english, chinese = (site / page).read_text(), (site / "zh_CN" / page).read_text()
        assert len(GLUED.findall(english)) == len(GLUED.findall(chinese)), f"{page}: glued values differ in number"
        values = glued_values(english)
        only_english, only_chinese = unmatched_values(values, glued_values(chinese))
        assert (only_english, only_chinese) == ([], []), \
            f"{page}: glued numbers differ in value: English {only_english}, Chinese {only_chinese}"
        compared += len(values)
    assert compared > 300  # the chapters glue hundreds of numbers; a page that lost them all fails above


def test_chinese_money_reads_on_the_wan_yi_ladder(built_book):
    _, site = built_book
    funding = (site / "zh_CN" / "chapters" / "funding.html").read_text()
    assert re.search(r'<span class="pasted-text">\d+(?:\.\d+)? 亿</span>\s*美元', funding)
    assert not re.search(r"\d\s*(十亿|百万)", reader_text(funding))


def test_searching_the_chinese_edition_finds_chinese_words(built_book):
    _, site = built_book
    index = (site / "zh_CN" / "searchindex.js").read_text(encoding="utf-8")
    data = json.loads(index[index.index("(") + 1:index.rindex(")")])

    def pages(term: str) -> set[str]:
        # A page whose title holds the word is indexed under titleterms, not again under terms.
        found = [i for key in ("terms", "titleterms") for hits in [data[key].get(term, [])]
                 for i in ([hits] if isinstance(hits, int) else hits)]
        return {data["docnames"][i] for i in found}

    assert "chapters/hardware" in pages("算力")
    assert "chapters/geopolitics" in pages("出口管制") | (pages("出口") & pages("管制"))


#: English still on Chinese pages, waiting for a translation. A new English phrase anywhere fails.
PENDING: dict[str, set[str]] = {}


def test_no_chinese_page_holds_an_english_phrase(built_book):
    _, site = built_book
    kept = kept_names(GLOSSARY)
    left = {}
    for page in _pages(site):
        if page.name == "bibliography.html":  # the references keep their published (English) titles
            continue
        text = reader_text((site / "zh_CN" / page).read_text()).replace("’", "'")
        if page.name == "sources.html":  # third-party datasets are listed by their published names and notes
            text = text[:text.index("第三方数据集")] + text[text.index("本书整理的表格"):]
        phrases = set(english_phrases(text, kept))
        if phrases - PENDING.get(page.as_posix(), set()):
            left[str(page)] = sorted(phrases - PENDING.get(page.as_posix(), set()))
    assert not left, left


#: The theme's words in English (or in Taiwan usage) that a Chinese page's chrome held before it was translated.
CHROME_ENGLISH = ("Repository", "Open issue", "Source repositories", "Print to PDF", "列印成 PDF", "Launch on",
                  "Launch interactive content", "Toggle primary sidebar", "Toggle secondary sidebar", "© Copyright",
                  "The China AI Gap 撰稿人", "Binder logo", "Link to this chart", "The chart could not be drawn",
                  "Click to show", "Click to hide", "Download source file", "Fullscreen mode", "Color mode")
_CHROME_WORDS = re.compile(r'(?:title|aria-label|data-bs-title|alt|data-failed|placeholder)="([^"]*)"|>([^<]+)<')


def chrome_words(page_html: str) -> str:
    """The words a reader sees or hears on a page (texts, tooltips, labels), scripts and comments aside."""
    page_html = re.sub(r"<(script|style)\b.*?</\1>|<!--.*?-->", "", page_html, flags=re.S)
    return "\n".join(html.unescape(a or b) for a, b in _CHROME_WORDS.findall(page_html))


def test_chrome_words_are_read_from_texts_and_attributes():
    words = chrome_words('<a title="Open issue">x</a><!-- Repository --><script>Repository</script><p>Print to PDF</p>')
    assert "Open issue" in words and "Print to PDF" in words and "Repository" not in words


def test_the_chinese_pages_chrome_is_in_chinese(built_book):
    _, site = built_book
    left = {}
    for page in _pages(site):
        words = chrome_words((site / "zh_CN" / page).read_text())
        found = [english for english in CHROME_ENGLISH if english in words]
        if found:
            left[str(page)] = found
    assert not left, left
    intro = chrome_words((site / "zh_CN" / "intro.html").read_text())
    assert "打印为 PDF" in intro and "代码仓库" in intro and "作者：《中美人工智能差距》撰稿人" in intro


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


_SPACE_BETWEEN_CHINESE = re.compile(r"[\u4e00-\u9fff] +[\u4e00-\u9fff]")


def _prose(page: Path) -> str:
    """A page's article as a reader sees it, each piece of code standing as "·" (beside code a space stays)."""
    article = re.sub(r"<(script|pre|code)\b.*?</\1>", "·", page.read_text().split("<article", 1)[-1], flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", article))


def test_chinese_prose_has_no_space_between_two_chinese_characters(built_book):
    """Glued Chinese words and code-made sentences join their neighbours without a space ("标记为已查阅",
    not "标记为 已查阅"; "已复现和已复现", not "已复现 和 已复现") on every page: the chapters, the intro
    and the generated pages (replications, claims, sensitivity, sources, changes)."""
    _, site = built_book
    pages = _pages(site)
    found = {str(page): _SPACE_BETWEEN_CHINESE.findall(_prose(site / "zh_CN" / page)) for page in pages}
    assert any(page.name == "replications.html" for page in pages)
    assert len(pages) >= 12 and {page: spaces for page, spaces in found.items() if spaces} == {}


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

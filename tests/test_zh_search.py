"""The Chinese search index splits the book's own words as its readers search for them."""

from __future__ import annotations

from sphinx.search.zh import SearchChinese

from gaplib.engine import zh_search
from gaplib.present.i18n import LOCALES_DIR


def test_the_glossarys_words_are_search_words():
    words = zh_search.glossary_words(LOCALES_DIR / "zh_CN" / "GLOSSARY.md")
    assert {"算力", "出口管制", "知情函", "已部署"} <= set(words)
    zh_search.setup(None)
    split = SearchChinese({}).split("两国算力存量受出口管制规则影响")
    assert "算力" in split and "出口管制" in split

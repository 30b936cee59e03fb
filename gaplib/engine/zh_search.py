"""The Chinese edition's search index knows the book's own words.

Sphinx splits Chinese text for its search index with jieba, whose general dictionary does not
hold this book's terms (算力, 出口管制, H100 当量 ...): it would index "两国算力" or "为算力"
instead of 算力, and a reader's search finds nothing. This extension adds every Chinese
rendering of the glossary (``locales/zh_CN/GLOSSARY.md``) to jieba before the pages are
indexed.
"""

from __future__ import annotations

import re
from pathlib import Path

from gaplib.present.i18n import LOCALES_DIR

_WORD = re.compile(r"[\u4e00-\u9fff]{2,}")


def glossary_words(glossary: Path) -> list[str]:
    """Return the Chinese words (runs of two or more CJK characters) of the glossary's tables, sorted."""
    words = set()
    for line in glossary.read_text(encoding="utf-8").splitlines():
        cells = line.strip().strip("|").split("|")
        if line.lstrip().startswith("|") and len(cells) >= 2:
            words.update(_WORD.findall(cells[1]))
    return sorted(words)


def setup(app):
    import jieba

    for word in glossary_words(LOCALES_DIR / "zh_CN" / "GLOSSARY.md"):
        jieba.add_word(word, freq=100000)  # above the general dictionary's, so the book's term wins
    return {"parallel_read_safe": True, "parallel_write_safe": True}

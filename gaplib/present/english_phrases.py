"""English left in a translated page: what a reader of the Chinese edition reads, and the English phrases in it.

An English phrase is four or more English words in a row. Quotations (kept in their
original by the glossary's rule), citations, links to outside sources (their published
titles), code, chart specifications and the bibliography's entries are not the reader's
text of the translation and are left out.
"""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Iterable

_DROP = re.compile(
    r"<(script|style|pre|code|svg|template)\b.*?</\1>"          # code and chart machinery
    r"|<div class=\"cell_input.*?</div>\s*</div>"                 # a notebook cell's source
    r"|<a class=\"reference external\"[^>]*>.*?</a>"              # outside sources by their titles
    r"|<span class=\"[^\"]*cite[^\"]*\".*?</span>"                  # citations
    r"|<(?:cite|kbd|samp|var)\b.*?</(?:cite|kbd|samp|var)>"
    r"|<div class=\"gap-chart-spec.*?</div>",
    re.S)
_QUOTED = re.compile(r"“[^”]*”(?:（[^）]*）)?|\"[^\"]*\"|‘[^’]*’|「[^」]*」|《[^》]*》(?:（[^）]*）)?")
_WORDS = re.compile(r"(?<![A-Za-z0-9_./-])[A-Za-z][A-Za-z'’-]*(?:[ ,;:]{1,2}[A-Za-z][A-Za-z'’-]*){3,}(?![A-Za-z0-9_./])")


def reader_text(page_html: str) -> str:
    """Return the text a reader reads in a page's article (everything outside ``<article>`` is chrome)."""
    article = page_html.split("<article", 1)[-1].split("</article>", 1)[0]
    article = _DROP.sub(" ", article)
    text = html_lib.unescape(re.sub(r"<[^>]+>", " ", article))
    return re.sub(r"\s+", " ", text)


def english_phrases(text: str, kept: Iterable[str] = ()) -> list[str]:
    """Return the English phrases (four or more English words in a row) of ``text``; quotations and the
    proper names in ``kept`` (those the glossary keeps in English, such as "Our World in Data") left out."""
    text = _QUOTED.sub(" ", text)
    for name in sorted(kept, key=len, reverse=True):
        text = text.replace(name, " ")
    return _WORDS.findall(text)

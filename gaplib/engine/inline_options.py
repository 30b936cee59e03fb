"""Sphinx's ``documentation_options.js`` written into each page instead of fetched.

It is the one script a page cannot defer (the page's inline scripts set fields of the
object it defines while the page is parsed, gaplib.engine.page_assets), so it blocked the
first paint: a request and a round trip for 400 bytes, about 0.3 s on a phone by
Lighthouse's estimate. After the render, each page's ``<script src=".../documentation_options.js">``
becomes an inline script with the same text (the edition's own file: its ``LANGUAGE``
differs), which runs at the same point of the parse. A page whose reference does not
resolve to a file of the site is left as it is.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

OPTIONS_FILE = "documentation_options.js"
_TAG = re.compile(r"""<script\s+src=(["'])([^"']*""" + re.escape(OPTIONS_FILE) + r"""(?:\?[^"']*)?)\1\s*>\s*</script>""")


def inline_page(site: Path, page: Path) -> bool:
    """Put the text of the options script ``page`` (an HTML file of ``site``) loads into the page; return whether
    it changed."""
    html = page.read_text(encoding="utf-8")
    match = _TAG.search(html)
    if match is None:
        return False
    page_dir = posixpath.dirname(page.relative_to(site).as_posix())
    path = posixpath.normpath(posixpath.join(page_dir, match.group(2).split("?")[0]))
    source = site / path
    if path.startswith("../") or not source.is_file():
        return False
    text = source.read_text(encoding="utf-8").strip()
    if "</script" in text.lower():  # would end the inline script early
        return False
    page.write_text(html[:match.start()] + f"<script>{text}</script>" + html[match.end():], encoding="utf-8")
    return True


def inline_options(site: Path) -> int:
    """Inline the options script in every HTML page of ``site``; return how many pages changed."""
    return sum(inline_page(site, page) for page in sorted(site.rglob("*.html")))

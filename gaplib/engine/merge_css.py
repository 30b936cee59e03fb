"""One stylesheet per page instead of ten: the site's screen stylesheets merged after the render.

A page of the theme links ten stylesheets (the theme's, pygments', the extensions', the
book's) and the first imports an eleventh (``basic.css``). All of them block the first
paint; on a phone each costs a request and a round trip, which Lighthouse counted as
0.2-0.3 s apiece. The render leaves them as they are; this step then writes, for each set
of stylesheets a page links, one file with their rules in the same order
(``_static/gap-styles.<digest>.css``, named by its content, so a changed rule is never read
from a stale cache) and links the page to it instead. The cascade is unchanged: the same
rules in the same order, ``@import``s of the site's own files put in place of the
statement, relative ``url()``s rewritten for the merged file's folder.

A page whose stylesheets cannot be merged without changing what they mean (a sheet from
another site, one for a medium among them, a ``<style>`` between them, an ``@import`` with a media
list) is left as it is.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
from pathlib import Path

MERGED_PREFIX = "gap-styles."
_LINK = re.compile(r"<link\b[^>]*>", re.IGNORECASE)
_ATTRIBUTE = re.compile(r"""([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_CHARSET = re.compile(r"""^\s*@charset\s+["'][^"']*["']\s*;""", re.IGNORECASE)
_SOURCE_MAP = re.compile(r"/\*# sourceMappingURL=[^*]*\*/")
_IMPORT = re.compile(r"""^[ \t]*@import\s+(?:url\(\s*)?["']?([^"')\s;]+)["']?\s*\)?\s*([^;]*);""",
                     re.IGNORECASE | re.MULTILINE)
#: A ``url()`` of a stylesheet: group 2 is the reference.
CSS_URL = re.compile(r"""url\(\s*(["']?)([^"')]+)\1\s*\)""", re.IGNORECASE)
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


class Unmergeable(ValueError):
    """A page's stylesheets that one merged file would not reproduce exactly."""


def _attributes(tag: str) -> dict[str, str]:
    return {name.lower(): (double if double is not None else single) for name, double, single in _ATTRIBUTE.findall(tag)}


def is_local(reference: str) -> bool:
    """Whether ``reference`` (an href or a url()) is a relative path on this site."""
    return bool(reference) and not (_SCHEME.match(reference) or reference.startswith(("/", "#")))


def _rebased(reference: str, from_dir: str, to_dir: str) -> str:
    """Return the relative ``reference`` written in a file of ``from_dir`` as a file of ``to_dir`` writes it
    (both folders relative to the site)."""
    split = re.search(r"[?#]", reference)
    path, rest = (reference[:split.start()], reference[split.start():]) if split else (reference, "")
    target = posixpath.normpath(posixpath.join(from_dir, path))
    return posixpath.relpath(target, to_dir or ".") + rest


def _in_site(path: str) -> str:
    if path == ".." or path.startswith("../"):
        raise Unmergeable(f"{path} lies outside the site")
    return path


def sheet_text(site: Path, sheet: str, to_dir: str, seen: tuple[str, ...] = ()) -> str:
    """Return the rules of the stylesheet ``sheet`` (a path relative to ``site``) as a file in ``to_dir`` reads
    them: its ``@import``s of site files in place, its relative ``url()``s rebased, its ``@charset`` and
    source-map comment dropped (the merged file is UTF-8 and has no map). Raises Unmergeable otherwise."""
    _in_site(sheet)
    if sheet in seen:
        raise Unmergeable(f"{sheet} imports itself")
    file = site / sheet
    if not file.is_file():
        raise Unmergeable(f"{sheet} is not a file of the site")
    from_dir = posixpath.dirname(sheet)
    text = _SOURCE_MAP.sub("", _CHARSET.sub("", file.read_text(encoding="utf-8")))

    def imported(match: re.Match) -> str:
        reference, media = match.group(1), match.group(2).strip()
        if media or not is_local(reference):
            raise Unmergeable(f"{sheet} imports {reference} {media}".strip())
        target = posixpath.normpath(posixpath.join(from_dir, reference.split("?")[0]))
        return sheet_text(site, target, to_dir, (*seen, sheet))

    def url(match: re.Match) -> str:
        quote, reference = match.group(1), match.group(2).strip()
        if not is_local(reference):
            return match.group(0)
        return f"url({quote}{_rebased(reference, from_dir, to_dir)}{quote})"

    # An @import's own reference is read from this file's folder; only the rules around it are rebased.
    parts, start = [], 0
    for match in _IMPORT.finditer(text):
        parts += [CSS_URL.sub(url, text[start:match.start()]), imported(match)]
        start = match.end()
    return "".join(parts + [CSS_URL.sub(url, text[start:])])


def _page_sheets(head: str, page_dir: str) -> tuple[list[re.Match], list[str]]:
    """Return the ``<link>`` tags of the screen stylesheets in a page's ``head`` and their paths in the site."""
    links, others = [], []
    for match in _LINK.finditer(head):
        attributes = _attributes(match.group(0))
        if "stylesheet" in attributes.get("rel", "").lower().split():
            (links if _is_screen_sheet(match.group(0)) else others).append(match)
    if not links:
        return [], []
    start, end = links[0].start(), links[-1].end()
    if any(start < other.start() < end for other in others):
        raise Unmergeable("a stylesheet for a medium sits among the screen ones")
    if re.search(r"<(?!link\b)[a-zA-Z!]", _LINK.sub("", head[start:end])):
        raise Unmergeable("something other than links sits among the stylesheets")
    sheets = []
    for match in links:
        href = _attributes(match.group(0)).get("href", "")
        if not is_local(href):
            raise Unmergeable(f"stylesheet from elsewhere: {href}")
        sheets.append(_in_site(posixpath.normpath(posixpath.join(page_dir, re.split(r"[?#]", href)[0]))))
    return links, sheets


def merge_page(site: Path, page: Path, written: dict[str, str]) -> bool:
    """Link ``page`` (an HTML file of ``site``) to one merged stylesheet instead of its screen stylesheets; return
    whether it changed. ``written`` maps the merged files written so far (path in the site) to their text."""
    html = page.read_text(encoding="utf-8")
    end = html.lower().find("</head>")
    if end < 0:
        return False
    page_dir = posixpath.dirname(page.relative_to(site).as_posix())
    try:
        links, sheets = _page_sheets(html[:end], page_dir)
        if len(links) < 2:
            return False
        folder = posixpath.commonpath([posixpath.dirname(sheet) for sheet in sheets])
        text = "\n".join(f"/* {sheet} */\n{sheet_text(site, sheet, folder).strip()}\n" for sheet in sheets)
    except Unmergeable:
        return False
    name = posixpath.join(folder, f"{MERGED_PREFIX}{hashlib.sha256(text.encode()).hexdigest()[:16]}.css")
    if name not in written:
        (site / name).write_text(text, encoding="utf-8")
        written[name] = text
    href = posixpath.relpath(name, page_dir or ".")
    link = f'<link rel="stylesheet" type="text/css" href="{href}" />'
    first, last = links[0], links[-1]
    # The other links there (a preload, an icon) stay; a merged one goes with the white space before it.
    rest = re.sub(r"\s*(<link\b[^>]*>)", lambda m: "" if _is_screen_sheet(m.group(1)) else m.group(0),
                  html[first.end():last.end()])
    head = html[:first.start()] + link + rest
    page.write_text(head + html[last.end():], encoding="utf-8")
    return True


def _is_screen_sheet(tag: str) -> bool:
    """Whether the ``<link>`` ``tag`` is a stylesheet for every medium, neither alternate nor disabled."""
    attributes = _attributes(tag)
    return (attributes.get("rel", "").lower().split() == ["stylesheet"] and "title" not in attributes
            and not re.search(r"\sdisabled\b", tag) and attributes.get("media", "all").strip().lower() == "all")


def merge_stylesheets(site: Path) -> list[Path]:
    """Give every HTML page of ``site`` one merged screen stylesheet (see the module); return, sorted, the merged
    files written. The same site gives the same files and pages."""
    written: dict[str, str] = {}
    for page in sorted(site.rglob("*.html")):
        merge_page(site, page, written)
    return sorted(site / name for name in written)

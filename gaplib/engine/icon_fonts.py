"""Icon fonts cut down to the icons the site draws.

The theme ships Font Awesome's whole icon fonts (about 2,000 icons: 157 KB for the solid
style, 118 KB for the brands, 25 KB for the regular, as WOFF2) to draw some twenty icons in
the header, the sidebars and the admonitions. A browser fetches a web font at the highest
priority as soon as a visible element uses it, so on a phone those 300 KB compete with the
stylesheet and the text before the first paint; Lighthouse counted them into the first and
largest contentful paint (about 1.6 s at 1.6 Mbit/s).

After the render this step finds every icon the site can show and rewrites each Font Awesome
font file the stylesheets name (WOFF2 and TrueType alike, same names) with only those glyphs.
An icon is kept when:

- a page or a script a page loads names its class (``fa-magnifying-glass``, or an alias);
- a stylesheet rule other than the icon classes themselves writes its code point (the
  theme's ``--pst-icon-*`` variables, the admonition titles, the "on this page" chevron).

A script no page loads (the theme's ``fontawesome.js``, which the layout drops) does not
count. The font's names, licence and metrics are kept (SIL OFL 1.1 allows the subset).
"""

from __future__ import annotations

import os
import posixpath
import re
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

from gaplib.engine.merge_css import CSS_URL, is_local

#: The family names of the icon fonts this step cuts.
ICON_FAMILIES = ("Font Awesome",)
_BLOCK = re.compile(r"([^{}]*)\{([^{}]*)\}")
_ICON_SELECTOR = re.compile(r"^\.(fa-[a-z0-9-]+)::?before$")
_STRING = re.compile(r""""([^"]*)"|'([^']*)'""")
_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6})\s?")
_CLASS_NAME = re.compile(r"(?<![\w-])fa-[a-z0-9]+(?:-[a-z0-9]+)*")
_SCRIPT = re.compile(r"""<script\b[^>]*\bsrc\s*=\s*["']([^"'?#]+)""", re.IGNORECASE)
_FONT_SUFFIXES = {".woff2": "woff2", ".woff": "woff", ".ttf": None, ".otf": None}


def _stylesheets(site: Path) -> list[Path]:
    return sorted(path for path in site.rglob("*.css") if path.is_file())


def _string_code_points(body: str) -> list[int]:
    """Return the code points of the characters in the quoted strings of a rule's ``body``, CSS escapes
    (``"\\f107"``) and literal characters alike, in order."""
    points = []
    for double, single in _STRING.findall(body):
        text = _ESCAPE.sub(lambda escape: chr(min(int(escape.group(1), 16), 0x10FFFF)), double or single)
        points += [ord(character) for character in text]
    return points


def _icon_rule_names(selectors: str, body: str) -> list[str]:
    """Return the icon classes of a rule that only draws an icon (``.fa-x:before,.fa-y:before{content:"…"}``),
    else an empty list."""
    names = [_ICON_SELECTOR.match(selector.strip()) for selector in selectors.split(",")]
    if all(names) and re.fullmatch(r"\s*content\s*:[^;]*;?\s*", body) and _string_code_points(body):
        return [name.group(1) for name in names]
    return []


def icon_code_points(css: str) -> tuple[dict[str, int], set[int]]:
    """Return, from a stylesheet's text, the code point of each icon class (``{"fa-bars": 0xF0C9, …}``) and the
    code points written by any other rule (icons a rule draws by itself)."""
    classes: dict[str, int] = {}
    drawn: set[int] = set()
    for selectors, body in _BLOCK.findall(css):
        if names := _icon_rule_names(selectors, body):
            classes.update(dict.fromkeys(names, _string_code_points(body)[0]))
            continue
        # Only what a rule can draw: its content and the custom properties a content reads; plain
        # letters and digits are text, which a font name in a string would otherwise add.
        for declaration in body.split(";"):
            name, _, value = declaration.partition(":")
            if name.strip() == "content" or name.strip().startswith("--"):
                drawn.update(point for point in _string_code_points(value) if point > 0x7F)
    return classes, drawn


def _loaded_scripts(site: Path, pages: list[Path]) -> set[Path]:
    scripts = set()
    for page in pages:
        for source in _SCRIPT.findall(page.read_text(encoding="utf-8")):
            if is_local(source):
                path = (page.parent / source).resolve()
                if path.is_file() and path.is_relative_to(site.resolve()):
                    scripts.add(path)
    return scripts


def used_class_names(site: Path) -> set[str]:
    """Return every ``fa-…`` class name written in a page of ``site`` or in a script one of its pages loads."""
    pages = sorted(site.rglob("*.html"))
    names: set[str] = set()
    for path in [*pages, *sorted(_loaded_scripts(site, pages))]:
        names.update(_CLASS_NAME.findall(path.read_text(encoding="utf-8", errors="replace")))
    return names


def kept_code_points(site: Path, used_names: set[str] | None = None) -> set[int]:
    """Return the code points of every icon ``site`` can show (see the module); ``used_names``:
    :func:`used_class_names` of ``site``, when already known."""
    classes: dict[str, int] = {}
    kept: set[int] = set()
    for sheet in _stylesheets(site):
        sheet_classes, drawn = icon_code_points(sheet.read_text(encoding="utf-8", errors="replace"))
        classes.update(sheet_classes)
        kept |= drawn
    used = used_class_names(site) if used_names is None else used_names
    return kept | {classes[name] for name in used if name in classes}


def icon_font_files(site: Path) -> list[Path]:
    """Return, sorted, the font files of ``site`` that a stylesheet's ``@font-face`` of an icon family names."""
    fonts = set()
    for sheet in _stylesheets(site):
        for match in re.finditer(r"@font-face\s*\{([^{}]*)\}", sheet.read_text(encoding="utf-8", errors="replace")):
            body = match.group(1)
            family = re.search(r"font-family\s*:([^;]*)", body)
            if not family or not any(name in family.group(1) for name in ICON_FAMILIES):
                continue
            for _, found in CSS_URL.findall(body):
                reference = re.split(r"[?#]", found.strip())[0]
                if not is_local(reference):
                    continue
                path = Path(posixpath.normpath((sheet.parent / reference).as_posix()))
                if path.is_file() and path.suffix in _FONT_SUFFIXES:
                    fonts.add(path)
    return sorted(fonts)


def subset_font(path: Path, code_points: set[int]) -> tuple[int, int]:
    """Rewrite the font file ``path`` (WOFF2, WOFF or TrueType, kept in its format) with only the glyphs of
    ``code_points`` it has; return its size before and after, in bytes. The same font and code points give the
    same bytes; the file is written whole or not at all."""
    before = path.stat().st_size
    font = TTFont(path, recalcTimestamp=False)  # the same input gives the same bytes
    options = subset.Options()
    options.flavor = _FONT_SUFFIXES[path.suffix]
    options.name_IDs = ["*"]  # keep the copyright and licence records
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.layout_features = ["*"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(code_points & set(font.getBestCmap())))
    subsetter.subset(font)
    partial = path.with_name(f".{path.name}.partial")
    try:
        subset.save_font(font, str(partial), options)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return before, path.stat().st_size


def without_unused_icon_rules(css: str, used_names: set[str]) -> str:
    """Return the stylesheet ``css`` without the icon-class rules (``.fa-x:before{content:…}``) of which no
    class is in ``used_names``; every other rule stays as it is, in its place."""
    def kept(block: re.Match) -> str:
        selectors, body = block.group(1), block.group(2)
        names = _icon_rule_names(selectors, body)
        if names and not used_names.intersection(names):
            # The white space before a rule belongs to it; a ";" or "}" before it does not.
            return re.match(r"^[;}]?", selectors).group(0)
        return block.group(0)

    return _BLOCK.sub(kept, css)


def trim_icons(site: Path) -> dict[str, tuple[int, int]]:
    """Cut the icon fonts of ``site`` and their class rules to the icons the site can show (see the module);
    return, for each file changed (path in the site), its size in bytes before and after."""
    used = used_class_names(site)
    keep = kept_code_points(site, used)
    sizes = {}
    for sheet in _stylesheets(site):
        text = sheet.read_text(encoding="utf-8", errors="surrogateescape")
        trimmed = without_unused_icon_rules(text, used)
        if trimmed != text:
            sheet.write_text(trimmed, encoding="utf-8", errors="surrogateescape")
            sizes[sheet.relative_to(site).as_posix()] = (len(text.encode("utf-8", "surrogateescape")),
                                                         sheet.stat().st_size)
    for font in icon_font_files(site):
        sizes[font.relative_to(site).as_posix()] = subset_font(font, keep)
    return sizes

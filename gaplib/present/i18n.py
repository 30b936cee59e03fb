"""Translating the texts the code makes: chart and table words, glued words, generated pages.

The narrative is translated by Sphinx from the book's gettext catalogs (one per page);
the texts made by code at execution (a chart's title, a table's headers, a glued word
such as "widening") are looked up here in one more catalog, ``locales/<lang>/LC_MESSAGES/
gaplib.po``, in the same gettext format and with the same tools.

Numbers stay computed: before a lookup, every number in the English text is replaced by
a numbered placeholder (``"China released 23 models by 2024"`` is looked up as ``"China
released {0} models by {1}"``), and the translation gets the same numbers back, in the
places its translator put the placeholders. Texts with named fields (``"Owner: {owner}"``)
are looked up with the fields unfilled.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from gaplib.present import numerals

ENGLISH = "en"
#: Languages of the book's editions besides English, with their names in their own language.
TRANSLATIONS = {"zh_CN": "简体中文"}
LANGUAGES = (ENGLISH, *TRANSLATIONS)
CODE_DOMAIN = "gaplib"
#: Output metadata key of a published output's other editions: {language: {"data": mime bundle,
#: "asked": [patterns]}}; that edition's stage shows "data" instead; catalog extraction reads "asked".
TRANSLATIONS_KEY = "gaplib_translations"
LOCALES_DIR = Path(__file__).resolve().parents[2] / "locales"

# A number standing on its own ("23", "1,036", "4.5", "-3.2", "+18.5"), possibly followed by
# "x" or "%" ("10x", "64%"), but not inside a name or a code ("H100", "3A090", "1e23").
_NUMBER = re.compile(r"(?<![\w.{])[-+−]?\d(?:[\d,]*\d)?(?:\.\d+)?(?=[x%]?(?!\w))")
_PLACEHOLDER = re.compile(r"\{(\w*)(?::[^{}]*)?\}")  # {0}, {name}, and {0:e9} (a number in the edition's form)
_LETTER = re.compile(r"[^\W\d_]")


def template(text: str) -> tuple[str, list[str]]:
    """Return ``text`` with each number replaced by ``{0}``, ``{1}``, ... and the numbers, in order.

    Braces already in the text are doubled, so the template is a ``str.format`` pattern.
    """
    numbers: list[str] = []

    def placeholder(match: re.Match) -> str:
        numbers.append(match.group(0))
        return "\0" + str(len(numbers) - 1) + "\1"

    marked = _NUMBER.sub(placeholder, text)
    escaped = marked.replace("{", "{{").replace("}", "}}")
    return escaped.replace("\0", "{").replace("\1", "}"), numbers


def placeholders(pattern: str) -> list[str]:
    """Return the sorted placeholder names of a ``str.format`` pattern (``{{`` is not one)."""
    return sorted(_PLACEHOLDER.findall(pattern.replace("{{", "").replace("}}", "")))


def english(text: str, **fields: object) -> str:
    """Return ``text`` with its ``fields`` filled: the English edition's translator, for a default argument."""
    return text.format(**fields) if fields else text


def join(items: Iterable[str], tr: Callable[..., str], pattern: str = "{a}; {b}") -> str:
    """Return ``items`` joined two by two with ``pattern`` (such as "{a}, {b}"), "" for none.

    The separator is itself a pattern, so that a translation sets its own ("{a}、{b}").
    """
    items = list(items)
    joined = items[0] if items else ""
    for item in items[1:]:
        joined = tr(pattern, a=joined, b=item)
    return joined


_CJK_OR_FULL_WIDTH = "\u3400-\u4dbf\u4e00-\u9fff，。：；！？（）“”‘’、《》【】—…∶"
_SPACE_IN_CJK = re.compile(f"(?<=[{_CJK_OR_FULL_WIDTH}]) +(?=[{_CJK_OR_FULL_WIDTH}])")


def cjk_joined(text: str) -> str:
    """Return ``text`` without the spaces between two CJK characters or full-width marks.

    A text assembled from patterns ("没有陈述类论断 {verbs}。" filled with Chinese words, or
    sentences joined by "{a} {b}") has spaces where Chinese has none; those beside Latin letters
    and digits stay (the glossary's spacing rule).
    """
    return _SPACE_IN_CJK.sub("", text)


def needs_translation(text: str) -> bool:
    """Return False for texts with no letters (numbers, dates, dashes): they read the same in every language."""
    return bool(_LETTER.search(text))


class TranslationError(ValueError):
    """A catalog entry whose translation cannot be used (its placeholders differ from the English)."""


@dataclass
class Translator:
    """Translates English texts into one language from a {English pattern: translation} catalog.

    Every text asked for is remembered in ``asked`` (its pattern); those without a
    translation (:attr:`missing`) are shown in English, and the catalog check lists them.
    English itself is the identity.
    """

    language: str
    catalog: Mapping[str, str] = field(default_factory=dict)
    asked: dict[str, None] = field(default_factory=dict)

    @property
    def missing(self) -> list[str]:
        """Return the patterns asked that the catalog has no translation of, in the order asked."""
        return [pattern for pattern in self.asked if not self.catalog.get(pattern)]

    def __call__(self, text: str, **fields: object) -> str:
        """Return ``text`` in this language; ``fields`` fill its ``{name}`` placeholders (after translation)."""
        pattern, numbers = (text, []) if fields else template(text)
        wordless = not _PLACEHOLDER.sub("", pattern).strip() if fields else not needs_translation(pattern)
        if self.language == ENGLISH or wordless:
            return text.format(**fields) if fields else text
        self.asked.setdefault(pattern)
        translated = self.catalog.get(pattern)
        if not translated:
            return text.format(**fields) if fields else text
        if placeholders(translated) != placeholders(pattern):
            raise TranslationError(f"the {self.language} translation of {pattern!r} has placeholders "
                                   f"{placeholders(translated)}, the English {placeholders(pattern)}")
        if fields:
            filled = translated.format(**fields)
        else:
            filled = translated.format(*(numerals.Number(n, self.language) for n in numbers))
        # The catalog's style keeps a space on each side of a placeholder next to a CJK character, as
        # the glossary asks for Latin words and digits; a placeholder filled with Chinese words must
        # not keep them ("标记为 已查阅").
        return cjk_joined(filled) if self.language.startswith("zh") else filled

    def fresh(self) -> Translator:
        """Return a translator with the same catalog and nothing asked yet."""
        return Translator(self.language, self.catalog)


def catalog_path(language: str, locales_dir: Path = LOCALES_DIR, domain: str = CODE_DOMAIN) -> Path:
    """Return where the code's catalog of ``language`` lives (``locales/<language>/LC_MESSAGES/gaplib.po``)."""
    return locales_dir / language / "LC_MESSAGES" / f"{domain}.po"


def read_catalog(path: Path) -> dict[str, str]:
    """Return {English pattern: translation} of the usable entries of a .po file (none if it is missing).

    Fuzzy entries (their English changed since they were translated) and empty ones are
    left out, as gettext itself does: the English is shown until a translator confirms them.
    """
    from babel.messages.pofile import read_po

    if not path.is_file():
        return {}
    with open(path, "rb") as handle:
        entries = read_po(handle)
    return {m.id: m.string for m in entries if m.id and isinstance(m.id, str) and m.string and not m.fuzzy}


_TRANSLATORS: dict[tuple[str, Path], tuple[float, Translator]] = {}


def translator(language: str, locales_dir: Path = LOCALES_DIR,
               on_read: Callable[[Path], None] | None = None) -> Translator:
    """Return the translator of ``language``, its catalog read once per process (again when the file changes).

    ``on_read`` is called with the catalog's path, so that the runner can record it among
    the files a chapter read (a changed catalog then re-executes the chapter).
    """
    if language == ENGLISH:
        return Translator(ENGLISH)
    if language not in TRANSLATIONS:
        raise ValueError(f"unknown language {language!r}; the book has {', '.join(LANGUAGES)}")
    path = catalog_path(language, locales_dir)
    stamp = path.stat().st_mtime if path.is_file() else -1.0
    cached = _TRANSLATORS.get((language, path))
    if cached is None or cached[0] != stamp:
        cached = (stamp, Translator(language, read_catalog(path)))
        _TRANSLATORS[(language, path)] = cached
    if on_read is not None and path.is_file():
        on_read(path)
    return cached[1]

"""Dates in each edition's prose: the same day, month or year, written as its readers write it.

The English edition writes a date in prose as the book's tables do, in ISO form ("data to
2026-07", "as of 2025-10-03"); Chinese prose writes "2026 年 7 月", "2025 年 10 月 3 日"
(the glossary's date rule). The Chinese form is read from the Unicode CLDR date patterns that
Babel ships (the skeletons ``y``, ``yMMM``, ``yMMMd``), not typed here, and then spaced by the
glossary's rule (one half-width space between CJK characters and digits). A chart's text
alternative, which is read aloud rather than scanned, names the month in English too ("17 October
2023", :func:`in_words`). Tables and chart ticks keep ISO dates in every edition; only prose calls
this module.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

ENGLISH = "en"
#: ISO labels of a year, a month or a day, and the CLDR skeleton of each.
_LABEL = re.compile(r"(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?")
_SKELETONS = {"year": "y", "month": "yMMM", "day": "yMMMd"}
#: The skeletons that name the month in full, in the locale whose order the book writes: day, month, year.
_IN_WORDS = {"year": "y", "month": "yMMMM", "day": "yMMMMd"}
_ENGLISH_LOCALE = "en_GB"
_DIGIT_NEXT_TO_CJK = re.compile(r"(?<=\d)(?=[\u4e00-\u9fff])|(?<=[\u4e00-\u9fff])(?=\d)")


def in_prose(label: str, language: str) -> str:
    """Return the ISO date ``label`` ("2026", "2026-07" or "2026-07-15") as ``language``'s prose writes it.

    zh_CN: "2026 年", "2026 年 7 月", "2026 年 7 月 15 日". English keeps the label as it is.
    Raises ValueError when ``label`` is not such a date (a month 13, a day 30 February, other text).
    """
    date, precision = _parsed(label)
    if language == ENGLISH:
        return str(label).strip()
    return _formatted(date, precision, language, _SKELETONS)


def in_words(label: str, language: str) -> str:
    """Return the ISO date ``label`` with its month named, as a text read aloud gives it (a chart's description).

    English: "2026", "July 2026", "15 July 2026"; any other language as its prose writes it (:func:`in_prose`).
    Raises ValueError when ``label`` is not an ISO year, month or day.
    """
    if language != ENGLISH:
        return in_prose(label, language)
    date, precision = _parsed(label)
    return _formatted(date, precision, _ENGLISH_LOCALE, _IN_WORDS)


def _parsed(label: str) -> tuple[dt.date, str]:
    """Return the first day an ISO label covers and its precision ("year", "month" or "day")."""
    match = _LABEL.fullmatch(str(label).strip())
    if not match:
        raise ValueError(f"not an ISO year, month or day: {label!r}")
    year, month, day = int(match["year"]), int(match["month"] or 1), int(match["day"] or 1)
    try:
        date = dt.date(year, month, day)
    except ValueError:
        raise ValueError(f"not a calendar date: {label!r}") from None
    return date, "day" if match["day"] else "month" if match["month"] else "year"


def _formatted(date: dt.date, precision: str, locale: str, skeletons: dict[str, str]) -> str:
    from babel.dates import format_skeleton

    text = format_skeleton(skeletons[precision], date, locale=locale)
    return _DIGIT_NEXT_TO_CJK.sub(" ", text) if locale.startswith("zh") else text


def is_month_or_day(text: str) -> bool:
    """Return True for an ISO month or day label ("2026-07", "2026-07-15"), which a glued value gives in each
    edition's prose form; a year alone ("2024") reads the same in every edition."""
    match = _LABEL.fullmatch(text)
    return bool(match and match["month"])


def language_of(tr: Callable[..., str]) -> str:
    """Return the language a translator writes (a :class:`gaplib.present.i18n.Translator`'s), English for a plain function."""
    return getattr(tr, "language", ENGLISH)


def for_reader(label: str, tr: Callable[..., str]) -> str:
    """Return the ISO date ``label`` in the prose form of ``tr``'s language (:func:`in_prose`)."""
    return in_prose(label, language_of(tr))

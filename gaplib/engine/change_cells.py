"""The cells of a changes table: a result's name in words and its values in the edition's number form."""

from __future__ import annotations

import math
import re
from typing import Any

from gaplib.engine.changes import Moved, is_number


#: From this size on (and below 10^-4, where the ledger's format would write e-notation) a cell shows a power of
#: ten, "4.4×10²⁶", as the chart descriptions do (gaplib.present.chart_words): no reader writes 10^15 in billions.
POWER_FROM = 1e15


def _ledger_text(value: float) -> str:
    """Return the English text of a finite number as the ledger writes it (gaplib.present.claims_render.format_number,
    about three significant figures), with a power of ten ("1.5×10⁻⁵", "4.4×10²⁶") where that would show
    e-notation or 10^15 and more, and "0" for zero of either sign."""
    from gaplib.present.claims_render import format_number  # not gaplib.summary.claims, which imports the statistics libraries
    from gaplib.present.numerals import power_of_ten

    if value == 0:
        return "0"
    text = f"{value:.3g}" if abs(value) >= POWER_FROM else format_number(value)
    if "e" in text and 1e-4 <= abs(value) < POWER_FROM:
        text = format_number(float(text))  # 999.95 rounds to "1e+03" at three figures: it is 1,000
    return power_of_ten(text) if "e" in text else text


def format_value(value: Any, name: str = "", language: str = "en") -> str:
    """Return a cell of a changes table: numbers in the ledger's format, words as they are, "—" for none.

    A result named like a year (``..._year``, ``first_year``) is written as a plain integer (2018, not 2,018).
    A number the ledger would write in e-notation, or one from 10^15 on, is a power of ten to three
    significant figures, the same in every edition ("1.5×10⁻⁵", "4.4×10²⁶"). Another ``language`` gets
    the other numbers in its own form (zh_CN: "2.12 m" → "212 万", "1.17 bn" → "11.7 亿", "109,611" →
    "10.9611 万"; gaplib.present.numerals). Not a finite number: "n/a".
    """
    from gaplib.present.numerals import from_english

    if value is None:
        return "—"
    if isinstance(value, bool) or not is_number(value):
        return str(value)
    if not math.isfinite(value):
        return "n/a"
    if name.endswith("year") and float(value).is_integer():
        return str(int(value))
    english = _ledger_text(value)
    if language == "en" or _is_power(english):
        return english
    number, _, word = english.partition(" ")
    return from_english(number, {"m": 6, "bn": 9}.get(word, 0), language)


def percent_value(pct: float, language: str = "en") -> str:
    """Return a change in percent as a signed number without the sign "%" (the column's header holds it).

    About three significant figures below 1,000 and whole percents from there, grouped in English
    ("+5.26", "-24.3", "+556,533"); Chinese writes the same digits ungrouped, as its glossary writes a
    ratio ("+556533"); a power of ten below 10^-4 and from 10^15 on in both ("+1.5×10⁻⁵"). Not finite: "n/a".
    """
    from gaplib.present.numerals import plain

    if not math.isfinite(pct):
        return "n/a"
    size = abs(pct)
    text = f"{size:,.0f}" if 1e6 <= size < POWER_FROM else _ledger_text(size)
    if language != "en" and not _is_power(text):
        text = plain(text, language)
    return ("+" if pct > 0 else "-" if pct < 0 else "") + text


def percent_cell(before: Any, after: Any, words: dict[str, str], language: str = "en") -> str:
    """Return the "change (%)" cell of a result that went from ``before`` to ``after`` (None: absent there).

    A change that no percentage describes reads in ``words`` (:data:`PERCENT_WORDS`, already in the
    page's language): a new result "new", a dropped one "removed", a number from zero "from zero", one
    from or to a value that is not a finite number "n/a"; values that are not both numbers (words) "—".
    """
    if before is None or after is None:
        return words["removed" if after is None else "new"]
    if not (is_number(before) and is_number(after)):
        return "—"
    if not (math.isfinite(before) and math.isfinite(after)):
        return words["n/a"]
    if before == 0:
        return words["from zero"]
    return percent_value(Moved("", before, after).change_pct, language)


#: The words of a "change (%)" cell no percentage describes, in English; a page asks for all of them
#: (tr) so that each is in the catalog before it first appears.
PERCENT_WORDS = ("new", "removed", "from zero", "n/a")


def _is_power(text: str) -> bool:
    """Return whether ``text`` is a power of ten ("1.5×10⁻⁵", "10²⁶"), which every edition writes alike."""
    return text[-1:] in tuple("⁰¹²³⁴⁵⁶⁷⁸⁹")


def parameter_value(value: Any, language: str = "en") -> str:
    """Return a parameter's value as a changes page's sentence writes it in ``language``: exactly the value a
    reader would type, in the edition's number form.

    A round whole number from 10,000 on (at most four significant figures) is an amount: English writes it
    with thousands separators ("550,000,000,000", not "550000000000.0"), zh_CN on the 万/亿 ladder ("5500 亿",
    gaplib.present.numerals). Any other number is written as typed, the same in both editions: a seed
    ("20260331", not "2026.0331 万"), "0.7", "5.0", "1.5e-05". Words and other values keep their ``repr``
    ('upper', True).
    """
    from gaplib.present.numerals import from_english

    if isinstance(value, bool) or not is_number(value) or not math.isfinite(value):
        return repr(value)
    whole = float(value).is_integer()
    if not (whole and abs(value) >= 10_000 and len(str(abs(int(value))).rstrip("0")) <= 4):
        return str(int(value)) if whole and isinstance(value, int) else repr(value)
    english = f"{int(value):,}"
    return english if language == "en" else from_english(english, 0, language)


def result_cell(chapter: str, name: str, language: str = "en") -> str:
    """Return a result's table cell: its words from the words registry in ``language``, else its name as code."""
    from gaplib.data.result_words import words_for

    words = words_for(chapter, name, language)
    return escape_cell(words) if words else f"`{name}`"


def escape_cell(text: str) -> str:
    """Return ``text`` safe inside a markdown table cell (pipes, stars and underscores escaped)."""
    return re.sub(r"([|*_`\\\[\]<>])", r"\\\1", text)

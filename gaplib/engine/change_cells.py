"""The cells of a changes table: a result's name in words and its values in the edition's number form."""

from __future__ import annotations

import math
import re
from typing import Any

from gaplib.engine.changes import is_number


def format_value(value: Any, name: str = "", language: str = "en") -> str:
    """Return a cell of a changes table: numbers in the ledger's format, words as they are, "—" for none.

    A result named like a year (``..._year``, ``first_year``) is written as a plain integer (2018, not 2,018).
    Another ``language`` gets the same number in its own form (zh_CN: "2.12 m" → "212 万", "1.17 bn" →
    "11.7 亿", "109,611" → "10.9611 万"; gaplib.present.numerals).
    """
    from gaplib.present.claims_render import format_number  # not gaplib.summary.claims, which imports the statistics libraries
    from gaplib.present.numerals import from_english

    if value is None:
        return "—"
    if isinstance(value, bool) or not is_number(value):
        return str(value)
    if name.endswith("year") and float(value).is_integer():
        return str(int(value))
    english = format_number(value)
    if language == "en" or english == "n/a":
        return english
    number, _, word = english.partition(" ")
    return from_english(number, {"m": 6, "bn": 9}.get(word, 0), language)


def parameter_value(value: Any, language: str = "en") -> str:
    """Return a parameter's value as a changes page's sentence writes it in ``language``: exactly the value a
    reader would type, in the edition's number form.

    English writes a whole number from 10,000 on with thousands separators ("550,000,000,000", not
    "550000000000.0") and any other number as Python's shortest form ("0.7", "5.0", "1.5e-05"); zh_CN writes
    the same value on the 万/亿 ladder ("5500 亿", gaplib.present.numerals). Words and other values keep
    their ``repr`` ('upper', True).
    """
    from gaplib.present.numerals import from_english

    if isinstance(value, bool) or not is_number(value) or not math.isfinite(value):
        return repr(value)
    english = f"{int(value):,}" if float(value).is_integer() and abs(value) >= 10_000 else repr(value)
    if language == "en" or "e" in english:
        return english
    return from_english(english, 0, language)


def result_cell(chapter: str, name: str, language: str = "en") -> str:
    """Return a result's table cell: its words from the words registry in ``language``, else its name as code."""
    from gaplib.data.result_words import words_for

    words = words_for(chapter, name, language)
    return escape_cell(words) if words else f"`{name}`"


def escape_cell(text: str) -> str:
    """Return ``text`` safe inside a markdown table cell (pipes, stars and underscores escaped)."""
    return re.sub(r"([|*_`\\\[\]<>])", r"\\\1", text)

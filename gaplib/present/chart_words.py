"""The numbers, dates and names a chart's text alternative reads out, each in its edition's prose form.

A description is read, not scanned like a table: a value gets about three significant figures
("1.25 million", "109,611" → "110,000"), a very large one a power of ten ("4.4e+26"), a date its
prose form ("17 October 2023"). The Chinese edition writes the same values on its own ladder
("125 万", "11 万", "4.4×10²⁶") and dates as "2023 年 10 月 17 日"
(:mod:`gaplib.present.numerals`, :func:`gaplib.present.dates.in_words`); never "bn", "e+26" or an ISO date.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from typing import Any

from gaplib.present import dates, numerals
from gaplib.present.rounding import significant

ENGLISH = "en"
#: An ISO year, month, day or date-time as chart data hold them ("2023", "2023-10", "2023-10-17T00:00:00").
_ISO = re.compile(r"(?P<label>\d{4}(?:-\d{2}(?:-\d{2})?)?)(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z?)?")
#: English names a country keeps with its article inside a sentence ("the US rises ...").
_WITH_ARTICLE = {"US": "the US", "UK": "the UK"}
_SENTENCE_END = ".!?。！？"


def number(value: float, language: str = ENGLISH) -> str:
    """Return ``value`` to about three significant figures in ``language``'s prose form.

    English: "0.0346", "12.7", "3,966", "66,300", "1.25 million", "246 billion", "4.4e+26" (from
    10^15 on, where no word is in common use); zh_CN: "0.0346", "12.7", "3966", "6.63 万", "125 万",
    "2460 亿", "4.4×10²⁶". Not a finite number: "n/a".
    """
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return "n/a"
    size = abs(value)
    if size == 0:
        return "0"
    if size >= 1e15 or size < 1e-3:
        return numerals.scientific(f"{value:.1e}", language)
    for power, word in ((9, "billion"), (6, "million")):
        if size >= 10 ** power:
            text = significant(value / 10 ** power)
            return f"{text} {word}" if language == ENGLISH else numerals.from_english(text, power, language)
    # Thousands in full below 10,000 ("3,966"), as the ledger writes them.
    text = f"{value:,.0f}" if 1000 <= size < 1e4 else significant(value)
    return text if language == ENGLISH else numerals.from_english(text, 0, language)


def is_date(value: Any) -> bool:
    """Return True for an ISO date or date-time text ("2023-10-17", "2023-10", "2023-10-17T00:00:00")."""
    match = _ISO.fullmatch(str(value).strip()) if isinstance(value, str) else None
    return bool(match and "-" in match["label"])


def date(value: Any, language: str = ENGLISH) -> str:
    """Return an ISO date, month or year (a year may be a number) as ``language``'s prose writes it:
    "17 October 2023", "October 2023", "2023"; zh_CN "2023 年 10 月 17 日", "2023 年 10 月", "2023 年".
    Raises ValueError for anything else."""
    text = str(int(value)) if isinstance(value, int | float) and float(value).is_integer() else str(value).strip()
    match = _ISO.fullmatch(text)
    if not match:
        raise ValueError(f"not an ISO date: {value!r}")
    return dates.in_words(match["label"], language)


def is_year(value: Any) -> bool:
    """Return True for a whole number that reads as a calendar year (1800 to 2200)."""
    return (isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
            and float(value).is_integer() and 1800 <= value <= 2200)


def value(item: Any, language: str = ENGLISH, *, years: bool = False) -> str:
    """Return a cell of chart data as prose: a date in words, a year (when ``years``) as a year, a number
    to three significant figures, any other text as it is."""
    if isinstance(item, bool):
        return str(item)
    if is_date(item) or (years and is_year(item)):
        return date(item, language)
    if isinstance(item, int | float):
        return number(float(item), language)
    return str(item)


def series_name(name: str, language: str = ENGLISH) -> str:
    """Return a series' name as it stands inside a sentence: "the US" in English, else the name."""
    return _WITH_ARTICLE.get(name, name) if language == ENGLISH else name


def sentence(text: str, language: str = ENGLISH, capitalise: bool = True) -> str:
    """Return ``text`` as a sentence: its first letter capitalised (English, unless not ``capitalise``) and a
    full stop at its end."""
    text = text.strip()
    if not text:
        return text
    if language == ENGLISH and capitalise:
        text = text[0].upper() + text[1:]
    return text if text[-1] in _SENTENCE_END else text + ("." if language == ENGLISH else "。")


def sentences(items: Iterable[str], language: str = ENGLISH) -> str:
    """Return sentences joined as the language joins them: a space in English, nothing in Chinese."""
    return ("" if language.startswith("zh") else " ").join(item for item in items if item)


def title_text(title: Any) -> str:
    """Return a chart title (a text, lines of text, or Vega-Lite's ``{"text": ...}``) as one line: wrapped
    lines are joined with a space, except where Chinese meets Chinese (no space there)."""
    if isinstance(title, dict):
        title = title.get("text")
    if isinstance(title, str):
        return title.strip()
    if not isinstance(title, list):
        return ""
    joined = ""
    for line in (str(part).strip() for part in title):
        wide = joined and (not joined[-1].isascii() or not line[:1].isascii())
        joined = f"{joined}{'' if wide or not joined else ' '}{line}"
    return joined


def language_of(tr: Callable[..., str]) -> str:
    """Return the language ``tr`` writes (English for a plain function)."""
    return dates.language_of(tr)

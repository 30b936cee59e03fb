"""Numbers in each edition's own form: the same value, to the same precision, written as its readers write it.

The English edition writes large quantities with a unit word ("148.3 billion", "1.25 m");
Chinese writes them on the 万/亿/万亿 ladder ("1483 亿", "125 万"). The ladder is read from
the Unicode CLDR data that Babel ships (its compact decimal patterns), not typed here, so a
further edition gets its own. A number is converted from its English text, never from the
unrounded value: the Chinese shows exactly the value the English shows, with the same
precision (148.3 billion → 1483 亿, 0.558 billion → 5.58 亿), and both parse back to one
value (:func:`parse_value`).
"""

from __future__ import annotations

import functools
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

ENGLISH = "en"
_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")
_FROM_SUPERSCRIPT = str.maketrans("⁻⁰¹²³⁴⁵⁶⁷⁸⁹", "-0123456789")
#: A number as either edition writes it: sign, digits (with separators), decimals, then a
#: power of ten (e+26, ×10²⁶) and a ladder word or an English unit word.
_VALUE = re.compile(r"(?<![A-Za-z0-9_.])(?P<sign>[-+−]?)(?:10(?P<bare>[⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+)|(?P<num>\d[\d,]*(?:\.\d+)?)"
                    r"(?:(?:e(?P<exp>[-+]?\d+))|(?:\s?[×x]\s?10(?P<sup>[⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+)))?"
                    r"\s?(?P<word>万亿|亿|万|bn|billion|m|million|k|thousand|trillion)?(?![A-Za-z]))")
_ENGLISH_WORDS = {"k": 3, "thousand": 3, "m": 6, "million": 6, "bn": 9, "billion": 9, "trillion": 12}


@functools.cache
def ladder(language: str) -> tuple[tuple[int, str], ...]:
    """Return the language's magnitude words as (power of ten, word), largest first: zh_CN gives
    ((12, "万亿"), (8, "亿"), (4, "万")); a language without such words (English) gives ()."""
    if language == ENGLISH:
        return ()
    from babel import Locale

    patterns = Locale.parse(language).compact_decimal_formats["short"]["other"]
    steps: dict[int, str] = {}
    for key, pattern in patterns.items():
        text = pattern.pattern
        word = text.replace("0", "").strip()
        if word and not word.isascii():
            # "00亿" under 10^9: the word stands for 10^(9 - (2 - 1)) = 10^8.
            power = len(key) - 1 - (text.count("0") - 1)
            steps.setdefault(power, word)
    return tuple(sorted(steps.items(), reverse=True))


def _decimals(text: str) -> int:
    return len(text.split(".", 1)[1]) if "." in text else 0


def _plain(value: Decimal, places: int) -> str:
    """``value`` with ``places`` decimals (none when negative), no thousands separator."""
    quantum = Decimal(1).scaleb(-max(places, 0))
    return f"{value.quantize(quantum):f}"


def magnitude(value: Decimal, places: int, language: str) -> str:
    """Return ``value`` (exact) kept to ``places`` decimals (negative: tens, hundreds ...) in ``language``'s form.

    zh_CN: from 10,000 on, the largest ladder word not above the value, with as many decimals
    as the precision needs ("1483 亿", "5.58 亿", "125 万", "20 万"); below it plain digits
    without separators ("9876", "12.5"). English: plain digits with separators.
    """
    if language == ENGLISH:
        return f"{value.quantize(Decimal(1).scaleb(-max(places, 0))):,f}"
    sign = "-" if value < 0 else ""
    size = abs(value)
    for power, word in ladder(language):
        if size >= Decimal(10) ** power:
            return f"{sign}{_plain(size.scaleb(-power), places + power)} {word}"
    return sign + _plain(size, places)


def from_english(text: str, power: int, language: str) -> str:
    """Return the English number ``text`` (such as "148.3" or "1,173"), a count of 10**``power``, in ``language``.

    ``from_english("148.3", 9, "zh_CN")`` is "1483 亿"; in English the text is returned as it is.
    Raises ValueError when ``text`` is not a number.
    """
    if language == ENGLISH:
        return text
    clean = text.strip().replace(",", "").replace("−", "-")
    try:
        value = Decimal(clean)
    except InvalidOperation:
        raise ValueError(f"not a number: {text!r}") from None
    shown = magnitude(value.scaleb(power), _decimals(clean) - power, language)
    if "." not in clean and "." in shown:
        # "200" thousand is 20 万, not 20.0 万: an English integer claims no decimals to keep.
        number, _, word = shown.partition(" ")
        shown = f"{number.rstrip('0').rstrip('.')} {word}".strip()
    return shown


#: Significant figures of a count on the ladder: "17,828,151" chips read "约 1783 万".
COUNT_FIGURES = 4
#: The word a rounded count takes before it ("about").
ABOUT = "约"


def _number(text: str) -> Decimal:
    clean = text.strip().replace(",", "").replace("−", "-")
    try:
        return Decimal(clean)
    except InvalidOperation:
        raise ValueError(f"not a number: {text!r}") from None


def plain(text: str, language: str) -> str:
    """Return the English number ``text`` ("15,832") without thousands separators ("15832") in ``language``;
    English keeps its text. For technical measures (TPP, TFLOP/s, ratios), which stay in digits.
    Raises ValueError when ``text`` is not a number."""
    if language == ENGLISH:
        return text
    _number(text)
    return text.strip().replace(",", "").replace("−", "-")


def count(text: str, language: str, figures: int = COUNT_FIGURES) -> str:
    """Return the English count ``text`` ("17,828,151" chips) as ``language`` writes a count of things.

    zh_CN: from 10,000 on, on the 万/亿 ladder to at most ``figures`` significant figures, with
    约 and all of them when that rounds ("17,828,151" → "约 1783 万", "1,250,987" → "约 125.1 万",
    "99,995,000" → "约 1.000 亿"), exact counts as short as they are ("15,000" → "1.5 万"); below 10,000 plain digits ("9,876" → "9876"). English
    keeps its text. Raises ValueError when ``text`` is not a number.
    """
    if language == ENGLISH:
        return text
    value = _number(text)
    steps = ladder(language)
    if not steps or abs(value) < Decimal(10) ** steps[-1][0]:
        return plain(text, language)
    rounded = value.quantize(Decimal(1).scaleb(value.adjusted() - figures + 1), rounding=ROUND_HALF_UP)
    rounded = rounded.quantize(Decimal(1).scaleb(rounded.adjusted() - figures + 1))  # 9999.5 → 1.000e4, not 1.0000e4
    power, word = next((p, w) for p, w in steps if abs(rounded) >= Decimal(10) ** p)
    number = f"{rounded.scaleb(-power):f}"
    if rounded != value:
        # A rounded count shows its figures, zeros included ("约 125.0 万"): 约 and the last figure say how near it is.
        return f"{ABOUT} {number} {word}"
    if "." in number:
        number = number.rstrip("0").rstrip(".")
    return f"{number} {word}"


#: How a translation asks for a number in its own form: ``{0:e9}`` (the English number counts
#: billions), ``{0:e6}``, ``{0:e3}``, ``{0:sci}`` (e-notation), ``{0:count}`` (a count of things,
#: :func:`count`), ``{0:plain}`` (a technical measure in digits, :func:`plain`), ``{1:month}`` and
#: ``{2:day}`` (the month and day of an ISO date the English writes "2025-03-31", without the leading
#: zero: "{0} 年 {1:month} 月 {2:day} 日" reads 2025 年 3 月 31 日); the glue role's ``:.1f@e9``,
#: ``:,.0f@count`` likewise.
SPEC = re.compile(r"e(?P<power>3|4|6|8|9|12)|(?P<sci>sci)|(?P<count>count)|(?P<plain>plain)|(?P<date>month|day)")
_DATE_PART_MAX = {"month": 12, "day": 31}


def local(text: str, spec: str, language: str) -> str:
    """Return the English number ``text`` written per ``spec`` (see :data:`SPEC`) in ``language``.

    Raises ValueError for a spec that is not one of them.
    """
    match = SPEC.fullmatch(spec)
    if not match:
        raise ValueError(f"unknown number form {spec!r}: use e3, e6, e9, e12, sci, count, plain, month or day")
    if match.group("date"):
        return date_part(text, match.group("date"))
    if match.group("sci"):
        return scientific(text, language)
    if match.group("count"):
        return count(text, language)
    if match.group("plain"):
        return plain(text, language)
    return from_english(text, int(match.group("power")), language)


def date_part(text: str, part: str) -> str:
    """Return the month or day ``text`` of an ISO date ("03") as prose writes it in every edition ("3").

    Raises ValueError when ``text`` is not a whole number from 1 to 12 (``part`` "month") or 31 ("day").
    """
    if not re.fullmatch(r"\d{1,2}", text.strip()) or not 1 <= int(text) <= _DATE_PART_MAX[part]:
        raise ValueError(f"not a {part} of a date: {text!r}")
    return str(int(text))


class Number(str):
    """A number taken from an English text, which a translation may write in its own form (``{0:e9}``)."""

    def __new__(cls, text: str, language: str) -> Number:
        number = super().__new__(cls, text)
        number.language = language
        return number

    def __format__(self, spec: str) -> str:
        return local(str(self), spec, self.language) if spec else str(self)


def scientific(text: str, language: str) -> str:
    """Return a number in e-notation ("1.0e+26") as ``language``'s prose writes it: English keeps the text, any
    other edition writes the power of ten (:func:`power_of_ten`: "10²⁶"). Raises ValueError for other text."""
    shown = power_of_ten(text)
    return text if language == ENGLISH else shown


def power_of_ten(text: str) -> str:
    """Return a number in e-notation ("1.5e-05", "-4.4e+26") with a power of ten, the same in every edition:
    "1.5×10⁻⁵", "-4.4×10²⁶", "10²⁶" for a mantissa of one. Raises ValueError for text not in e-notation."""
    match = re.fullmatch(r"([-+]?\d+(?:\.\d+)?)e([-+]?\d+)", text.strip())
    if not match:
        raise ValueError(f"not a number in e-notation: {text!r}")
    mantissa, exponent = match.group(1), str(int(match.group(2))).translate(_SUPERSCRIPT)
    if abs(Decimal(mantissa)) != 1:
        return f"{mantissa}×10{exponent}"
    return f"{'-' if mantissa.startswith('-') else ''}10{exponent}"  # "-1e+26" keeps its sign: "-10²⁶"


def parse_values(text: str) -> list[float]:
    """Return every number in ``text`` as a value, whichever edition wrote it.

    "1483 亿" and "148.3 billion" are both 1.483e11; "1.0e+26" and "10²⁶" are both 1e26.
    """
    values = []
    for match in _VALUE.finditer(text):
        sign = -1 if match.group("sign") in ("-", "−") else 1  # "-10³⁰⁰" too
        if match.group("bare"):
            values.append(sign * 10.0 ** int(match.group("bare").translate(_FROM_SUPERSCRIPT)))
            continue
        value = Decimal(match.group("num").replace(",", ""))
        if match.group("exp"):
            value = value.scaleb(int(match.group("exp")))
        elif match.group("sup"):
            value = value.scaleb(int(match.group("sup").translate(_FROM_SUPERSCRIPT)))
        if (word := match.group("word")) in _ENGLISH_WORDS:
            value = value.scaleb(_ENGLISH_WORDS[word])
        elif word:
            value = value.scaleb(dict((w, p) for p, w in ladder("zh_CN"))[word])
        values.append(sign * float(value))
    return values


_ALONE = re.compile(r"\s*(?:" + ABOUT + r"\s?)?" + _VALUE.pattern + r"\s*")


def parse_value(text: str) -> float | None:
    """Return the value of ``text`` when it is one number alone in either edition's form ("148.3",
    "1483 亿", "1.0e+26", "10²⁶", a rounded count "约 1783 万"), else None."""
    shown = shown_value(text)
    return None if shown is None else shown[0]


def shown_value(text: str) -> tuple[float, float] | None:
    """Return (value, tolerance) of ``text`` when it is one number alone in either edition's form, else None.

    The tolerance is 0 for a number that claims its value, and half a unit of its last figure
    for a count shown rounded with 约 (:func:`count`): "约 1783 万" is (17830000.0, 5000.0),
    "约 10.35 万" is (103500.0, 50.0).
    """
    match = _ALONE.fullmatch(text)
    if not match:
        return None
    (value,) = parse_values(text)
    if not text.strip().startswith(ABOUT):
        return value, 0.0
    word = match.group("word")
    power = _ENGLISH_WORDS.get(word) or dict((w, p) for p, w in ladder("zh_CN")).get(word, 0)
    unit = Decimal(1).scaleb(power - _decimals(match.group("num") or "1"))
    return value, float(unit / 2)


_ENGLISH_UNIT = re.compile(r"\b(thousand|million|billion|trillion)s?\b|_(bn|m|k)$", re.IGNORECASE)
_LADDER_UNIT = re.compile(r"(?<![十百千])(万亿|亿|万)")


def header_shift(english: str, translated: str, language: str) -> int:
    """Return the power of ten by which a column's values grow when its header goes from ``english`` to ``translated``.

    "Capital expenditure (billion USD)" → "资本支出（亿美元）" is 1 (billions counted in 亿: ×10), and so is
    a field name counting billions ("spend_bn" → "支出（亿美元）");
    a translation that keeps the English unit ("（单位：十亿美元）"), a header without a unit word and
    English itself give 0.
    """
    if language == ENGLISH:
        return 0
    unit, step = _ENGLISH_UNIT.search(english), _LADDER_UNIT.search(translated)
    if not unit or not step:
        return 0
    return _ENGLISH_WORDS[(unit.group(1) or unit.group(2)).lower()] - dict((w, p) for p, w in ladder(language))[step.group(1)]


def shifted(text: str, power: int) -> str:
    """Return the English number ``text`` ("148.3", "1,173") times 10**``power``, to the same precision,
    without separators: ``shifted("148.3", 1)`` is "1483", ``shifted("0.56", 1)`` is "5.6".
    Text that is not a number alone is returned as it is."""
    clean = text.strip().replace(",", "").replace("−", "-")
    try:
        value = Decimal(clean)
    except InvalidOperation:
        return text
    shown = _plain(value.scaleb(power), _decimals(clean) - power)
    return shown

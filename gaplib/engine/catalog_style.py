"""The Chinese catalogs' house style, applied by a command so that it can be applied again after any merge.

``gaplib translations style`` rewrites every translation of ``locales/<language>/`` by the
mechanical rules of ``locales/<language>/GLOSSARY.md``: a glued number followed by a
Western magnitude word is written on the 万/亿 ladder (``{glue:text}`x_bn:.1f` 十亿美元`` →
``{glue:text}`x_bn:.1f@e9`美元``, ``{0} 百万`` → ``{0:e6}``), every avoided rendering of a
glossary term becomes its one rendering (the "One rendering per term" table), a glued or typed
whole number with thousands separators becomes a count on the ladder or a measure in digits, one in
e-notation a power of ten (1e23 → 10²³), and the
typography rules (no space before %, × between numbers, 2018—2021 年) are applied. It is
idempotent: a second run changes nothing. :func:`term_drift` is the check the tests run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from gaplib.present.i18n import CODE_DOMAIN, LOCALES_DIR
from gaplib.present.numerals import count, scientific

_CODE = re.compile(r"(\{[\w:.-]+\}`[^`]*`|`[^`]*`|(?<=\])\([^)]*\))")  # roles, inline code, link targets
_WORD_POWER = {"十亿": 9, "百万": 6, "千": 3}
_GLUE_MAGNITUDE = re.compile(r"(\{glue:text\}`[^`@]+)`\s*(十亿|百万)")
_PLACEHOLDER_MAGNITUDE = re.compile(r"\{(\d+)\}\s*(十亿|百万)")
#: A glued whole number the English writes with thousands separators ("17,828,151"); Chinese writes
#: a count of things on the ladder (@count: 约 1783 万) and a technical measure in digits (@plain: 15832).
_GLUE_GROUPED = re.compile(r"(\{glue:text\}`(\w+):,(?:\.0f|d))`")
#: Glue names of technical measures (TPP, TFLOP/s, ratios), which are not counts of things.
_TECHNICAL = re.compile(r"tpp|tflops|ratio")
#: A glued number in e-notation ("5.0e+26"), which Chinese writes as a power of ten (@sci: 5.0×10²⁶).
_GLUE_SCIENTIFIC = re.compile(r"(\{glue:text\}`\w+:\.?\d*e)`")
#: A number typed in e-notation in a translation ("1e23 FLOP").
_TYPED_SCIENTIFIC = re.compile(r"(?<![\w.])\d+(?:\.\d+)?e[-+]?\d+(?![\w.])")
#: A number typed with thousands separators in a translation (a quoted "200,000", "4,800").
_GROUPED = re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?![\d,]|\.\d)")
_TYPOGRAPHY = (
    (re.compile(r"(\d)\s+%"), r"\1%"),                         # 23.5 % → 23.5%
    (re.compile(r"(\d|\})\s?x\s?(\d|\{)"), r"\1×\2"),         # 2 x 3 → 2×3
    (re.compile(r"(?<!\d)((?:19|20)\d\d)\s?[-–]\s?((?:19|20)\d\d)\s?年"), r"\1—\2 年"),
    # "the ratio is 10.7 to one": 前者约为后者的 10.7 倍; any other "X 比 1" as a ratio sign
    (re.compile(r"比值为(\{glue:text\}`[^`]+`)\s?比\s?1(?!\d)"), r"前者约为后者的\1倍"),
    (re.compile(r"(\{glue:text\}`[^`]+`)\s?比\s?1(?!\d)"), r"\1∶1"),
    # "grows 3x a year": 每年增至原来的 3 倍 (年增长 3 倍 can be read as ×4)
    (re.compile(r"每年增长(约)?\s?((?:\{glue:text\}`[^`]+`|\{\w*\}|\d+(?:\.\d+)?)"
                r"(?:\s?至\s?(?:\{glue:text\}`[^`]+`|\{\w*\}|\d+(?:\.\d+)?))?)\s?倍"),
     r"每年\1增至原来的\2倍"),
)
#: An ISO date of a code-made text, three placeholders in a row ("{0}-{1}-{2}" from "2025-03-31").
_PLACEHOLDER_DATE = re.compile(r"(?<![\w{}-])\{(\d+)\}-\{(\d+)\}-\{(\d+)\}(?![\w{-])")
#: A range of two glued numbers joined by a hyphen or dash ("{glue:text}`low`-{glue:text}`high`%").
_GLUE_RANGE = re.compile(r"(\{glue:text\}`(\w+)[^`]*`)\s?[-–]\s?(\{glue:text\}`(\w+)[^`]*`)(\s?%)?")
#: A glue name of a year ("first_year"), not of a rate ("growth_low_per_year").
_YEAR_NAME = re.compile(r"(?<!per_)year$")
_CJK = "\u3400-\u4dbf\u4e00-\u9fff"
_FULL_WIDTH = "，。：；！？（）“”‘’、《》【】—…∶"
_TOKEN = re.compile("\ue000(\\d+)[\ue001\ue002]")
#: A number in its Chinese form ends in its ladder word (1483 亿): no space before the unit after it.
_LADDER_FORM = re.compile(r"@e\d+`$|^\{\w*:e\d+\}$")
_SPACING = (
    (re.compile(f"([{_CJK}])([A-Za-z0-9{{\ue000])"), r"\1 \2"),   # 中文A, 中文1, 中文{glue...}, 中文{0}
    (re.compile(f"([A-Za-z0-9%}}\ue001])([{_CJK}])"), r"\1 \2"),  # A中文, 1中文, 20%的, {0}年
    (re.compile(f" +([{_FULL_WIDTH}])"), r"\1"),                # none next to full-width punctuation
    (re.compile(f"([{_FULL_WIDTH}]) +"), r"\1"),
)


def space(text: str) -> str:
    """Return ``text`` with one half-width space between CJK and Latin letters, digits or roles, none
    next to full-width punctuation; roles, code and link targets count as Latin and are not changed."""
    kept: list[str] = []

    def keep(match: re.Match) -> str:
        kept.append(match.group(0))
        # A link's target is not read; a number in its Chinese form ends in a CJK word: neither takes a space after.
        neutral = match.group(0).startswith("(") or _LADDER_FORM.search(match.group(0))
        return f"\ue000{len(kept) - 1}" + ("\ue002" if neutral else "\ue001")

    marked = _CODE.sub(keep, re.sub(r"\{\w*:e\d+\}", keep, text))
    for pattern, replacement in _SPACING:
        marked = pattern.sub(replacement, marked)
    return _TOKEN.sub(lambda m: kept[int(m.group(1))], marked)


@dataclass(frozen=True)
class Term:
    """A glossary term: its English (a regex, case-insensitive), its one rendering, the renderings to avoid."""

    english: str
    chinese: str
    avoid: tuple[str, ...]

    def applies(self, english_text: str) -> bool:
        return re.search(self.english, english_text, re.I) is not None


def glossary_terms(glossary: Path) -> list[Term]:
    """Return the rows of the glossary's "One rendering per term" table (English regex | 中文 | avoid, split by "、")."""
    terms, inside = [], False
    for line in glossary.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            inside = line.strip() == "## One rendering per term"
            continue
        cells = [c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", line.strip().strip("|"))]
        if inside and len(cells) == 3 and not set(cells[0]) <= set("-: ") and cells[0] != "English (regex)":
            terms.append(Term(cells[0].strip("`"), cells[1], tuple(a for a in cells[2].split("、") if a)))
    return terms


def restyle(english: str, chinese: str, terms: list[Term]) -> str:
    """Return the translation ``chinese`` of ``english`` in the house style (see the module)."""
    text = _GLUE_MAGNITUDE.sub(lambda m: f"{m.group(1)}@e{_WORD_POWER[m.group(2)]}`", chinese)
    text = re.sub(r"(@e\d+`|\{\w*:e\d+\}) +(?=[\u4e00-\u9fff])", r"\1", text)
    text = _PLACEHOLDER_MAGNITUDE.sub(lambda m: f"{{{m.group(1)}:e{_WORD_POWER[m.group(2)]}}}", text)
    text = _GLUE_GROUPED.sub(lambda m: f"{m.group(1)}@{'plain' if _TECHNICAL.search(m.group(2)) else 'count'}`", text)
    text = _GLUE_SCIENTIFIC.sub(r"\1@sci`", text)
    text = _ungroup(text)
    text = _PLACEHOLDER_DATE.sub(_prose_date, text)
    text = re.sub(r"(:day\} 日) +(?=[\u4e00-\u9fff])", r"\1", text)  # 31 日查阅, as 日 joins the verb
    text = _GLUE_RANGE.sub(_range, text)
    for pattern, replacement in _TYPOGRAPHY:
        text = pattern.sub(replacement, text)
    for term in terms:
        if term.applies(english):
            for avoided in term.avoid:
                text = _replace_outside_code(text, avoided, term.chinese)
            # An English name's space stays behind when a Chinese one replaces it: 杰富瑞分析师, not 杰富瑞 分析师.
            text = re.sub(f"(?<=[{_CJK}]) +(?={re.escape(term.chinese)})|(?<={re.escape(term.chinese)}) +(?=[{_CJK}])", "", text)
    return space(text)



def _prose_date(match: re.Match) -> str:
    """Return an ISO date's three placeholders in a row in the prose form (2025 年 3 月 31 日); others as they are."""
    year, month, day = (int(g) for g in match.groups())
    if (month, day) != (year + 1, year + 2):
        return match.group(0)
    return f"{{{year}}} 年 {{{month}:month}} 月 {{{day}:day}} 日"


def _range(match: re.Match) -> str:
    """Return a hyphen range of two glued numbers as the glossary writes it: years 2018—2021, other numbers
    3.2 至 19.9, percentages 55% 至 75%."""
    low, low_name, high, high_name, percent = match.groups()
    if all(_YEAR_NAME.search(name) for name in (low_name, high_name)):
        return f"{low}—{high}"
    percent = "%" if percent else ""
    return f"{low}{percent} 至 {high}{percent}"


def _ungroup(text: str) -> str:
    """Return ``text`` with its typed numbers in the glossary's form, outside roles, code and link
    targets: 4,800 → 4800, 200,000 → 20 万, 805,000 → 80.5 万, 1e23 → 10²³; a grouped number inside English words (a
    quotation's "at or below 200,000") is left as it is."""
    def local(match: re.Match) -> str:
        before = match.string[:match.start()].rstrip(" ")
        if before[-1:].isascii() and before[-1:].isalpha():
            return match.group(0)
        shown = count(match.group(0), "zh_CN")
        return shown.removeprefix("约 ") if before.endswith("约") else shown  # the translation said 约 already

    parts = _CODE.split(text)
    text = "".join(p if i % 2 else _TYPED_SCIENTIFIC.sub(lambda m: scientific(m.group(0), "zh_CN"), _GROUPED.sub(local, p))
                   for i, p in enumerate(parts))
    return re.sub(f"(\\d (?:万亿|亿|万)) +(?=[{_CJK}])", r"\1", text)  # 30 万颗, as the ladder's word joins its noun


def _replace_outside_code(text: str, avoided: str, chinese: str) -> str:
    """Replace ``avoided`` by ``chinese`` except inside roles, code and link targets (an avoided
    form that is itself code, such as `verified = read`, is replaced where it stands)."""
    if avoided.startswith("`"):
        return text.replace(avoided, chinese)
    parts = _CODE.split(text)
    return "".join(p if i % 2 else p.replace(avoided, chinese) for i, p in enumerate(parts))


def term_drift(english: str, chinese: str, terms: list[Term]) -> list[str]:
    """Return the avoided renderings ``chinese`` still uses for glossary terms its ``english`` holds."""
    return [f"{term.english}: {avoided}" for term in terms if term.applies(english)
            for avoided in term.avoid if avoided in chinese]


def catalogs(language: str, locales_dir: Path = LOCALES_DIR) -> list[Path]:
    """Return the language's .po files, the code's catalog last."""
    found = sorted((locales_dir / language / "LC_MESSAGES").rglob("*.po"))
    return sorted(found, key=lambda p: p.stem == CODE_DOMAIN)


def restyle_catalogs(language: str, locales_dir: Path = LOCALES_DIR) -> int:
    """Rewrite the ``language`` catalogs in the house style; return how many translations changed."""
    from babel.messages.pofile import read_po, write_po

    terms = glossary_terms(locales_dir / language / "GLOSSARY.md")
    changed = 0
    for path in catalogs(language, locales_dir):
        with open(path, "rb") as handle:
            catalog = read_po(handle)
        touched = 0
        for message in catalog:
            if message.id and isinstance(message.string, str) and message.string:
                styled = restyle(message.id, message.string, terms)
                if styled != message.string:
                    message.string, touched = styled, touched + 1
        if touched:
            with open(path, "wb") as handle:
                write_po(handle, catalog, width=76, omit_header=False)
            changed += touched
    return changed


def kept_names(glossary: Path) -> list[str]:
    """Return the proper names the glossary keeps in English (rows whose 中文 is the English itself)."""
    names = []
    for line in glossary.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 2 and cells[0] == cells[1] and cells[0] not in ("English", "---"):
            names.append(cells[0])
    return names

"""The house chart style: one palette, one font, titles that state the finding.

US and China have the same two colours on every chart of the book. Functions here
return new altair objects and never change altair's global state.
"""

from __future__ import annotations

import math
import re
import textwrap
import unicodedata
from collections.abc import Iterable

import altair as alt

US_COLOR = "#2A5CAA"
CHINA_COLOR = "#D1332E"
JOINT_COLOR = "#8A5FA8"
OTHER_COLOR = "#9A9A9A"
COUNTRY_COLORS = {"US": US_COLOR, "China": CHINA_COLOR, "US and China (joint)": JOINT_COLOR}
FONT = "Helvetica Neue, Helvetica, Arial, sans-serif"
#: Each edition's font stack: a Chinese chart names CJK fonts first, so that its labels are laid out
#: with the widths of the glyphs drawn (a Latin font's widths cut long Chinese labels).
FONTS = {"zh_CN": "Noto Sans CJK SC, Source Han Sans SC, PingFang SC, Microsoft YaHei, " + FONT}
#: d3's zh-CN time locale: a Chinese chart's time axis reads 10月, 2025年, never "October".
TIME_LOCALES = {"zh_CN": {
    "dateTime": "%x %A %X", "date": "%Y/%-m/%-d", "time": "%H:%M:%S", "periods": ["上午", "下午"],
    "days": ["星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"],
    "shortDays": ["周日", "周一", "周二", "周三", "周四", "周五", "周六"],
    "months": ["一月", "二月", "三月", "四月", "五月", "六月", "七月", "八月", "九月", "十月", "十一月", "十二月"],
    "shortMonths": [f"{m}月" for m in range(1, 13)]}}
WIDTH_PX = 560
HEIGHT_PX = 320
TITLE_PX_PER_CHAR = 8.5  # average advance of the 15 px bold title font
SUBTITLE_PX_PER_CHAR = 6.0  # and of the 11 px subtitle font


def _is_wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


def wrap_lines(text: str, width_px: int, px_per_char: float) -> list[str]:
    """Return ``text`` broken into lines that fit ``width_px`` (Vega does not wrap titles).

    Text is broken at spaces; Chinese, which has none, between any two characters, each
    counting as two (it is about twice as wide as a Latin letter).
    """
    chars = max(20, int(width_px / px_per_char))
    if not any(_is_wide(c) for c in text):
        return textwrap.wrap(text, chars, break_long_words=False) or [text]
    lines, line, used = [], "", 0
    # A Latin word or number inside Chinese ("CSET", "H100") is kept whole on one line.
    for token in re.findall(r"[^\s\u2e80-\uffef]+|\s+|.", text):
        step = sum(2 if _is_wide(c) else 1 for c in token)
        if used + step > chars and line.strip():
            lines.append(line.rstrip())
            line, used = "", 0
            if token.isspace():
                continue
        line, used = line + token, used + step
    return [*lines, line.rstrip()] if line.strip() else lines or [text]


def in_language(spec: dict, language: str) -> dict:
    """Return ``spec`` (changed in place) with the edition's font stack and time locale in its config."""
    config = spec.setdefault("config", {})
    if language in FONTS:
        config["font"] = FONTS[language]
    if language in TIME_LOCALES:
        config["locale"] = {**config.get("locale", {}), "time": TIME_LOCALES[language]}
    return spec


# Vega expressions for axis and legend labels (``labelExpr``): Vega cuts a long label with an
# ellipsis and shows category codes as they are; these show them in full and in words.
CODE_AS_WORDS = "replace(datum.label, regexp('_', 'g'), ' ')"


NARROW_PAGE_PX = 500  # below this container width a chart is on a phone


def label_limit(wide_px: int, narrow_px: int = 140) -> alt.ExprRef:
    """Return an axis ``labelLimit`` of ``wide_px``, or ``narrow_px`` when the page is narrow.

    Long category labels would otherwise leave a phone's chart no room to draw in. Exported
    pictures (no container) keep the wide limit.
    """
    width = "containerSize()[0]"
    return alt.ExprRef(f"{width} > 0 && {width} < {NARROW_PAGE_PX} ? {narrow_px} : {wide_px}")


def two_line_labels(chars: int) -> str:
    """Return a ``labelExpr`` that breaks labels longer than ``chars`` at their last space before it.

    The second line is cut (with an ellipsis) by the axis's ``labelLimit`` only if it is itself too long.
    """
    cut = f"lastindexof(substring(datum.label, 0, {chars}), ' ')"
    return (f"length(datum.label) <= {chars} || {cut} < 1 ? datum.label : "
            f"[substring(datum.label, 0, {cut}), substring(datum.label, {cut} + 1)]")


def log_floor(values: Iterable[float]) -> float:
    """Return the power of ten at or below the smallest positive value: where bars on a log axis start.

    Bars on a log scale need a positive baseline (their default, zero, has no logarithm
    and Vega draws nothing). Raises ValueError when no value is positive.
    """
    positive = [float(v) for v in values if float(v) > 0 and math.isfinite(float(v))]
    if not positive:
        raise ValueError("a log axis needs at least one positive value")
    return 10.0 ** math.floor(math.log10(min(positive)))


def country_color(field: str = "country", title: str = "Country", domain: tuple[str, ...] = ("US", "China")) -> alt.Color:
    """Return a colour encoding of ``field`` using the house US/China colours."""
    colors = [COUNTRY_COLORS.get(name, OTHER_COLOR) for name in domain]
    return alt.Color(f"{field}:N", title=title, scale=alt.Scale(domain=list(domain), range=colors))


def styled(chart: alt.TopLevelMixin, *, title: str, credit: str, subtitle: str | None = None,
           width: int = WIDTH_PX, height: int = HEIGHT_PX) -> alt.TopLevelMixin:
    """Return ``chart`` with the house style, a finding as title and the data credit.

    ``title`` should state what the chart shows ("China's fleet is a tenth of ..."),
    ``credit`` is the source line from ``gaplib.data.credit``.
    """
    lines = [line for part in ([subtitle] if subtitle else []) + [credit]
             for line in wrap_lines(part, width, SUBTITLE_PX_PER_CHAR)]
    sized = chart.properties(width=width, height=height) if not isinstance(
        chart, alt.HConcatChart | alt.VConcatChart | alt.ConcatChart) else chart
    return (
        sized.properties(title=alt.TitleParams(text=wrap_lines(title, width, TITLE_PX_PER_CHAR), subtitle=lines,
                                               anchor="start"))
        .configure(font=FONT)
        .configure_title(fontSize=15, subtitleFontSize=11, subtitleColor="#555555", offset=10)
        .configure_axis(labelFontSize=11, titleFontSize=12, gridColor="#E6E6E6")
        .configure_legend(labelFontSize=11, titleFontSize=11, orient="top")
        .configure_view(strokeWidth=0)
    )

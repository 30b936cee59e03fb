"""The house chart style: one palette, one font, titles that state the finding.

US and China have the same two colours on every chart of the book, far enough apart in
lightness to be told apart without their hue, and a second channel wherever a chart draws
them side by side: a dash for lines and a shape for points (:func:`country_marks`).
Functions here return new altair objects or specs and never change altair's global state.
"""

from __future__ import annotations

import math
import re
import textwrap
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

import altair as alt

# Both at least 3:1 against the page (white) and the charts' box in dark mode (#ced6dd), and
# 22 points of CIE lightness apart (L* 27 and 49), so that they differ in grey too.
US_COLOR = "#1B3F7A"
CHINA_COLOR = "#D4402C"
JOINT_COLOR = "#8A5FA8"
OTHER_COLOR = "#9A9A9A"
COUNTRY_COLORS = {"US": US_COLOR, "China": CHINA_COLOR, "US and China (joint)": JOINT_COLOR}
#: The second channel of each house colour: a line's dash (Vega's [dash, gap] in px; [1, 0] is solid)
#: and a point's shape. Keyed by colour, so a translated or renamed category keeps its marks.
COLOR_DASHES = {US_COLOR: [1, 0], CHINA_COLOR: [7, 3], JOINT_COLOR: [2, 2], OTHER_COLOR: [4, 2, 1, 2]}
COLOR_SHAPES = {US_COLOR: "circle", CHINA_COLOR: "triangle-up", JOINT_COLOR: "diamond", OTHER_COLOR: "square"}
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


def wrapped_labels(wide_chars: int, narrow_chars: int, separator: str | None = None) -> str:
    """Return a ``labelExpr`` that breaks each label into lines at spaces, so that no line is cut.

    Lines hold at most ``wide_chars`` characters, or ``narrow_chars`` when the page is narrow
    (:data:`NARROW_PAGE_PX`; exported pictures are wide); a Chinese character counts as two (it is
    about twice as wide) and a line of Chinese may break between any two characters. A label also
    breaks at ``separator`` (with the spaces around it, if any). A word longer than a line stays
    whole; give the axis a ``labelLimit`` (:func:`label_limit`) of about 7 px per character.
    """
    width = "containerSize()[0]"
    chars = f"({width} > 0 && {width} < {NARROW_PAGE_PX} ? {narrow_chars} : {wide_chars})"
    text = "datum.label"
    if separator and separator.strip():
        pattern = re.escape(separator.strip()).replace("\\", "\\\\").replace("'", "\\'")
        text = rf"replace({text}, regexp('\\s*{pattern}\\s*'), '\n')"
    # A zero-width space after each Chinese character: a place to break, and a second unit of width.
    text = rf"replace({text}, regexp('([\u2e80-\uffef])', 'g'), '$1\u200b')"
    # No break that would leave one Chinese character alone on the next line ("档", "订"): the line before gives one up.
    text = rf"replace({text}, regexp('(.{{1,' + {chars} + '}})([\\s\u200b]+(?![\u2e80-\uffef]\u200b(\n|$))|$)', 'g'), '$1\n')"
    text = rf"replace({text}, regexp('\u200b', 'g'), '')"
    return rf"split(trim({text}), '\n')"


def wrapped_line_count(label: str, chars: int, separator: str | None = None) -> int:
    """Return how many lines :func:`wrapped_labels` breaks ``label`` into at ``chars`` characters a line.

    The same rule as the ``labelExpr``: a Chinese character counts as two, lines break at spaces
    (and between Chinese characters), a word longer than a line stays whole. For sizing rows so
    that wrapped labels do not overlap.
    """
    parts = re.split(rf"\s*{re.escape(separator.strip())}\s*", label) if separator and separator.strip() else [label]
    count = 0
    for part in parts:
        text = re.sub(r"([\u2e80-\uffef])", "\\1\u200b", part)
        count += max(1, len(re.findall(rf"(.{{1,{chars}}})([\s\u200b]+(?![\u2e80-\uffef]\u200b(?:\n|$))|$)", text.strip())))
    return count


def wrapped_rows_px(labels: Iterable[str], chars: int, *, line_px: int = 13, min_row_px: int = 16) -> int:
    """Return the height in px of a band axis with one row per distinct label, each row tall enough
    for the most lines any label wraps into at ``chars`` (:func:`wrapped_line_count`).

    A chart's height cannot follow the page's width, so rows sized for a phone's narrower lines
    keep wrapped labels from overlapping there too. Raises ValueError for no labels.
    """
    distinct = list(dict.fromkeys(labels))
    if not distinct:
        raise ValueError("rows of wrapped labels need at least one label")
    lines = max(wrapped_line_count(label, chars) for label in distinct)
    return max(min_row_px, line_px * lines + 3) * len(distinct)


def log_floor(values: Iterable[float]) -> float:
    """Return the power of ten at or below the smallest positive value: where bars on a log axis start.

    Bars on a log scale need a positive baseline (their default, zero, has no logarithm
    and Vega draws nothing). Raises ValueError when no value is positive.
    """
    positive = [float(v) for v in values if float(v) > 0 and math.isfinite(float(v))]
    if not positive:
        raise ValueError("a log axis needs at least one positive value")
    return 10.0 ** math.floor(math.log10(min(positive)))


def log_bars(field: str, values: Iterable[float], title: str) -> dict[str, Any]:
    """Return the ``x`` and ``x2`` encodings of horizontal bars of ``field`` on a log axis titled ``title``.

    Each bar runs from :func:`log_floor` of ``values`` to its value: a log scale has no zero,
    and a bar left at Vega's default baseline of zero is not drawn at all.
    """
    floor = log_floor(values)
    return {"x": alt.X(f"{field}:Q", title=title, scale=alt.Scale(type="log", domainMin=floor)), "x2": alt.datum(floor)}


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
        # A legend's symbols at full strength: a faint band drawn first would otherwise lend them its opacity.
        .configure_legend(labelFontSize=11, titleFontSize=11, orient="top", symbolOpacity=1)
        .configure_view(strokeWidth=0)
    )


_DASHED_MARKS = ("line", "trail")
_SHAPED_MARKS = ("point", "circle", "square")
_COMPOUND = ("layer", "hconcat", "vconcat", "concat")


def _country_scale(color: object) -> dict | None:
    """Return ``color`` when it is a field drawn with the house colours, China beside another; else None."""
    if not isinstance(color, dict) or not isinstance(color.get("field"), str):
        return None
    colors = (color.get("scale") or {}).get("range")
    if not isinstance(colors, list) or len(colors) < 2 or CHINA_COLOR not in colors:
        return None
    return color if all(c in COLOR_DASHES for c in colors) else None


def _second_channel(color: dict, marks: Mapping[str, object]) -> dict:
    """Return an encoding of ``color``'s field that maps each category to the mark of its colour."""
    channel = {key: color[key] for key in ("field", "type", "title", "legend", "sort") if key in color}
    scale = {"range": [marks[c] for c in color["scale"]["range"]]}
    if "domain" in color["scale"]:
        scale["domain"] = list(color["scale"]["domain"])
    return {**channel, "scale": scale}


def country_marks(spec: dict, inherited: dict | None = None) -> dict:
    """Return ``spec`` (changed in place) with a dash on each country's line and a shape on its points.

    Applies to every view whose colour draws a field in the house country colours with China
    among them: lines get ``strokeDash`` and points ``shape`` on the same field, title and legend
    as the colour, so Vega-Lite merges them into one legend that shows the dash or shape.
    A view that already uses the channel for something else keeps it; ``circle`` and ``square``
    marks become filled points, which can take a shape. Bars and bands keep colour alone.
    """
    encoding = spec.get("encoding") or {}
    color = _country_scale(encoding.get("color", inherited))
    inherited = encoding.get("color", inherited)
    for key in _COMPOUND:
        for child in spec.get(key, []):
            country_marks(child, inherited)
    if isinstance(spec.get("spec"), dict):  # facet and repeat
        country_marks(spec["spec"], inherited)
    if "mark" not in spec or color is None:
        return spec
    mark = spec["mark"] if isinstance(spec["mark"], dict) else {"type": spec["mark"]}
    if mark["type"] in _DASHED_MARKS and "strokeDash" not in encoding:
        spec["encoding"] = {**encoding, "strokeDash": _second_channel(color, COLOR_DASHES)}
    elif mark["type"] in _SHAPED_MARKS and "shape" not in encoding and "shape" not in mark:
        if mark["type"] != "point":
            mark = {"filled": True, **mark, "type": "point"}
        spec["mark"] = mark
        spec["encoding"] = {**encoding, "shape": _second_channel(color, COLOR_SHAPES)}
    return spec

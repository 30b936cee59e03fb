"""A chart's words in another language, made from its Vega-Lite specification as it is built.

The house figure (:func:`gaplib.present.publish.figure`) builds the chart once in English and
once per translation: the finding, subtitle and credit are translated before the house
style lays them out, and this module translates what the chart itself draws as words:
axis, legend and tooltip titles, and the categories it names (a nominal or ordinal
field's values, their scale domains and sort orders, and the string literals the chart's
conditions and filters compare them with). Numbers, dates and quantities are left as they are.
"""

from __future__ import annotations

import copy
import re
from decimal import Decimal
from collections.abc import Callable, Mapping
from typing import Any

from gaplib.present import numerals
from gaplib.present.chart_text import views
from gaplib.present.dates import language_of

Translate = Callable[[str], str]
_CATEGORICAL = ("nominal", "ordinal")
_LITERAL = re.compile(r"""(['"])((?:(?!\1).)*)\1""")
_TITLED = ("axis", "legend", "header")
# Channels that show their categories as words: axes, legends, facet headers and text marks.
_LABELLED = ("x", "y", "color", "fill", "stroke", "shape", "strokeDash", "opacity", "size", "row", "column",
             "facet", "text")
# Channels whose field name Vega-Lite shows as a title when none is given (x2 and y2 take x's and y's).
_DEFAULT_TITLED = ("x", "y", "color", "fill", "stroke", "shape", "size", "opacity", "strokeDash", "tooltip")


def _translate_title(title: Any, tr: Translate) -> Any:
    if isinstance(title, str):
        return tr(title)
    if isinstance(title, list):
        return [tr(line) if isinstance(line, str) else line for line in title]
    return title


def _channel_items(view: Mapping[str, Any]) -> list[tuple[str, dict]]:
    """(channel, definition) for every field or value definition of ``view``, conditions included."""
    items: list[tuple[str, dict]] = []
    for channel, encoding in (view.get("encoding") or {}).items():
        for item in encoding if isinstance(encoding, list) else [encoding]:
            if isinstance(item, dict):
                items.append((channel, item))
                if isinstance(item.get("condition"), dict):
                    items.append(("condition", item["condition"]))
    return items


def categorical_fields(spec: Mapping[str, Any]) -> set[str]:
    """Return the fields any view of ``spec`` shows as category labels (nominal or ordinal on an axis,
    a legend, a facet header or as text); names only in tooltips (a model's, a chip's) stay as they are."""
    return {item["field"] for view, _ in views(spec) for channel, item in _channel_items(view)
            if channel in _LABELLED and isinstance(item.get("field"), str) and item.get("type") in _CATEGORICAL}


def _rescale_axis(channel: str, item: dict, tr: Translate) -> None:
    """Label a quantitative axis in the unit its translated title counts in ("billion USD" → 亿美元: ×10), in place.

    The data stay as they are; only the tick labels are multiplied (a Vega ``labelExpr``), so an
    axis that already sets its own labels, or has none, is left alone.
    """
    title = item.get("title", (item.get("axis") or {}).get("title") if isinstance(item.get("axis"), dict) else None)
    if channel not in ("x", "y") or item.get("type") != "quantitative" or not isinstance(title, str):
        return
    power = numerals.header_shift(title, tr(title), language_of(tr))
    axis = item.get("axis", {})
    if not power or axis is None or (isinstance(axis, dict) and "labelExpr" in axis):
        return
    # A tick the axis leaves unlabelled (a log axis labels only some) stays unlabelled.
    item["axis"] = {**axis, "labelExpr": f"datum.label === '' ? '' : format(datum.value * {Decimal(1).scaleb(power):f}, '~r')"}


_SUPERSCRIPTS = dict(zip("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻"))
#: A log axis counts in powers of ten from here up (below it, a tick is a plain number).
SCIENTIFIC_FROM = 1e5


def _superscript(expression: str) -> str:
    """A Vega expression writing the integer ``expression`` as superscript digits (16 → ¹⁶)."""
    out = f"toString({expression})"
    for digit, raised in _SUPERSCRIPTS.items():
        out = f"replace({out}, regexp('{digit}', 'g'), '{raised}')"
    return out


def ladder_label_expr(language: str) -> str | None:
    """Return a Vega ``labelExpr`` writing ticks on the edition's ladder (110000 → "11万"), or None (English).

    It stands in for the "~s" format (SI prefixes: "110k"), which no Chinese reader writes.
    """
    expression = "format(datum.value, '~r')"
    for power, word in reversed(numerals.ladder(language)):
        expression = (f"abs(datum.value) >= 1e{power} ? format(datum.value / 1e{power}, '~r') + ' {word}' : "
                      f"({expression})")
    return expression if numerals.ladder(language) else None


def scientific_label_expr() -> str:
    """Return a Vega ``labelExpr`` writing a log axis's large ticks as powers of ten (1e+16 → 10¹⁶, 3e+16 → 3×10¹⁶).

    A tick the axis leaves unlabelled (a log axis labels only some) stays unlabelled.
    """
    exponent = "floor(log(abs(datum.value)) / LN10 + 1e-9)"
    mantissa = f"round(datum.value / pow(10, {exponent}) * 100) / 100"
    power = f"'10' + {_superscript(exponent)}"
    return (f"datum.label === '' ? '' : abs(datum.value) < {SCIENTIFIC_FROM:g} ? format(datum.value, '~r') : "
            f"({mantissa} === 1 ? '' : format({mantissa}, '~r') + '×') + {power}")


def _local_tick_format(channel: str, item: dict, language: str) -> None:
    """Write a quantitative axis's ticks in the edition's form, in place: "~s" ticks on the 万/亿 ladder,
    a log axis's large ticks as 10¹⁶; an axis that sets its own labels is left alone, and English too."""
    axis = item.get("axis", {})
    if (channel not in ("x", "y") or item.get("type") != "quantitative" or language == "en" or axis is None
            or not isinstance(axis, dict) or "labelExpr" in axis):
        return
    log = isinstance(item.get("scale"), dict) and item["scale"].get("type") == "log"
    if axis.get("format") == "~s" and ladder_label_expr(language):
        item["axis"] = {**{k: v for k, v in axis.items() if k != "format"}, "labelExpr": ladder_label_expr(language)}
    elif log and "format" not in axis:
        item["axis"] = {**axis, "labelExpr": scientific_label_expr()}


def _rescale_tooltip(view: dict, channel: str, item: dict, tr: Translate) -> None:
    """Show a quantitative tooltip in the unit its translated title counts in ("spend_bn" → 支出（亿美元）: ×10), in place.

    The view gains a calculated field (the value times the power of ten) that the tooltip shows
    instead, with as many fewer decimals as the unit is smaller (".2f" billions → ".1f" 亿), so
    the tooltip reads what the axis reads; the drawn data stay as they are.
    """
    field = item.get("field")
    if channel != "tooltip" or item.get("type") != "quantitative" or not isinstance(field, str):
        return
    title = item.get("title", field)
    power = numerals.header_shift(title, tr(title), language_of(tr)) if isinstance(title, str) else 0
    if power <= 0:
        return
    shown = f"{field}_x1e{power}"
    transforms = view.setdefault("transform", [])
    if not any(t.get("as") == shown for t in transforms if isinstance(t, dict)):
        transforms.append({"calculate": f"datum[{field!r}] * {Decimal(1).scaleb(power):f}", "as": shown})
    item["field"] = shown
    item.setdefault("title", title)
    places = re.fullmatch(r"(,?)\.(\d+)f", item.get("format", ""))
    if places:
        item["format"] = f"{places.group(1)}.{max(int(places.group(2)) - power, 0)}f"


def _unit_views(node: dict) -> list[dict]:
    """The single views of ``node`` themselves (not copies, as ``chart_text.views`` gives), to add transforms to."""
    found = [node] if "mark" in node else []
    for key in ("layer", "concat", "hconcat", "vconcat"):
        for child in node.get(key) or []:
            found += _unit_views(child) if isinstance(child, dict) else []
    return found + (_unit_views(node["spec"]) if isinstance(node.get("spec"), dict) else [])


def _translate_encodings(spec: dict, tr: Translate, categories: set[str]) -> set[str]:
    """Translate titles, domains and sorts in place; return the category values translated on the way."""
    seen: set[str] = set()

    def category(value: Any) -> Any:
        if isinstance(value, str):
            seen.add(value)
            return tr(value)
        return value

    # Vega-Lite shows a field's name where a channel has no title in any view (tooltips: per field);
    # a channel titled in one layer keeps that title, which an explicit title in another layer would join.
    titled = {channel for view, _ in views(spec) for channel, item in _channel_items(view) if "title" in item}
    for view in _unit_views(spec):
        for channel, item in _channel_items(view):
            _rescale_tooltip(view, channel, item, tr)
    for view, _ in views(spec):
        for channel, item in _channel_items(view):
            _rescale_axis(channel, item, tr)
            _local_tick_format(channel, item, language_of(tr))
            if "title" in item:
                item["title"] = _translate_title(item["title"], tr)
            elif (channel in _DEFAULT_TITLED and isinstance(item.get("field"), str)
                  and (channel == "tooltip" or channel not in titled)):
                item["title"] = tr(item["field"])
            for key in _TITLED:
                if isinstance(item.get(key), dict) and "title" in item[key]:
                    item[key]["title"] = _translate_title(item[key]["title"], tr)
            if item.get("field") in categories:
                scale = item.get("scale")
                if isinstance(scale, dict) and isinstance(scale.get("domain"), list):
                    scale["domain"] = [category(v) for v in scale["domain"]]
                if isinstance(item.get("sort"), list):
                    item["sort"] = [category(v) for v in item["sort"]]
            if isinstance(item.get("value"), str) and not item["value"].startswith("#"):
                item["value"] = tr(item["value"])  # a constant text, not a colour
        mark = view.get("mark")
        if isinstance(mark, dict) and isinstance(mark.get("text"), str):
            mark["text"] = tr(mark["text"])
    return seen


def _translate_literals(expression: str, values: Mapping[str, str]) -> str:
    """Return a Vega expression with the string literals that are category values translated."""
    def swap(match: re.Match) -> str:
        quote, text = match.group(1), match.group(2)
        return f"{quote}{values[text]}{quote}" if text in values else match.group(0)

    return _LITERAL.sub(swap, expression)


def _walk_expressions(node: Any, values: Mapping[str, str]) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("test", "filter") and isinstance(value, str):
                node[key] = _translate_literals(value, values)
            else:
                _walk_expressions(value, values)
    elif isinstance(node, list):
        for item in node:
            _walk_expressions(item, values)


def localise(spec: Mapping[str, Any], tr: Translate) -> dict[str, Any]:
    """Return a copy of ``spec`` with the words it draws translated by ``tr`` (see the module's text).

    The top-level title is left alone: the house style sets it from the translated finding.
    """
    out = copy.deepcopy(dict(spec))
    categories = categorical_fields(out)
    seen = _translate_encodings(out, tr, categories)
    for rows in (out.get("datasets") or {}).values():
        for row in rows:
            for name in categories & row.keys():
                if isinstance(row[name], str):
                    seen.add(row[name])
                    row[name] = tr(row[name])
    translated = {value: tr(value) for value in seen}
    _walk_expressions({key: value for key, value in out.items() if key != "datasets"}, translated)
    return out

"""The sentences of a chart's text alternative, one kind of view each: as a person describing the chart writes them.

Each function takes the rows one view draws and its channels (Vega-Lite encodings with their
titles already in the edition's language) and returns one or two sentences: what the axes
hold and over which range, then the series by country ("the US rises from 10.6 in November
2014 to 1.25 million in October 2025; China ..."), the value of each category, a band's
edges, or the lowest and highest cell of a grid. ``tr`` (a
:class:`gaplib.present.i18n.Translator`) gives the patterns in another language; numbers and
dates come in that language's form (:mod:`gaplib.present.chart_words`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

import pandas as pd

from gaplib.present import chart_words as words
from gaplib.present.i18n import english, join

_CODE = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)+")
MAX_LISTED = 8  # categories listed one by one before the text summarises the rest
MAX_CATEGORIES = 12  # categories listed with each coloured series' value (the gap at a glance has 9)
#: What a reader calls a chart by the mark of its main view.
KINDS = {"line": "line chart", "trail": "line chart", "point": "dot chart", "circle": "dot chart",
         "square": "dot chart", "bar": "bar chart", "area": "area chart", "errorbar": "dot chart"}


def _lang(tr: Callable[..., str]) -> str:
    return words.language_of(tr)


def title(item: Mapping[str, Any], tr: Callable[..., str] = english) -> str:
    """The channel's title, else its field's name in ``tr``'s language (underscores read as spaces)."""
    text = item.get("title")
    if isinstance(text, list):
        text = words.title_text(text)
    return str(text or tr(item["field"])).replace("_", " ")


def _years(item: Mapping[str, Any]) -> bool:
    return "year" in str(item.get("field", "")).lower() or item.get("timeUnit") == "year"


def _year(value: Any, item: Mapping[str, Any]) -> Any:
    """A year on a year axis as a number, even when the data hold it as text ("2020")."""
    text = str(value).strip()
    return int(text) if _years(item) and text.isdigit() and words.is_year(int(text)) else value


def _cell(value: Any, item: Mapping[str, Any], tr: Callable[..., str]) -> str:
    value = _year(value, item)
    if isinstance(value, str) and _CODE.fullmatch(value):
        return value.replace("_", " ")  # a code the axis shows in words (gaplib.present.charts.CODE_AS_WORDS)
    return words.value(value, _lang(tr), years=_years(item))


def _where(value: Any, item: Mapping[str, Any], tr: Callable[..., str]) -> str:
    """An x value as the place of a point: "on 3 October 2025" for a day, "in 2025" for a month or year,
    "at 1.5" for a number."""
    text, value = _cell(value, item, tr), _year(value, item)
    if words.is_date(value) and len(str(value).strip()[:10]) == 10:
        return tr("on {when}", when=text)
    dated = words.is_date(value) or (_years(item) and words.is_year(value))
    return tr("in {when}", when=text) if dated else tr("at {x}", x=text)


def axes_sentence(frame: pd.DataFrame, x: Mapping, y: Mapping, kind: str, tr: Callable[..., str] = english) -> str:
    """What the chart plots against what, with the range of each axis in its unit."""
    xs = frame[x["field"]].dropna().sort_values()
    ys = pd.to_numeric(frame[y["field"]], errors="coerce").dropna()
    x_low, x_high = _cell(xs.iloc[0], x, tr), _cell(xs.iloc[-1], x, tr)
    y_low, y_high = words.number(float(ys.min()), _lang(tr)), words.number(float(ys.max()), _lang(tr))
    if x_low == x_high:
        return tr("The {kind} shows {y} for {x_value}, from {y_low} to {y_high}.", kind=tr(kind), y=title(y, tr),
                  x_value=x_low, y_low=y_low, y_high=y_high)
    return tr("The {kind} plots {y} against {x} from {x_low} to {x_high}; the values run from {y_low} to {y_high}.",
              kind=tr(kind), y=title(y, tr), x=title(x, tr), x_low=x_low, x_high=x_high, y_low=y_low, y_high=y_high)


def _groups(frame: pd.DataFrame, color: Mapping | None) -> list[tuple[Any, pd.DataFrame]]:
    if color is None:
        return [(None, frame)]
    order = (color.get("scale") or {}).get("domain") or list(frame[color["field"]].dropna().unique())
    return [(key, frame[frame[color["field"]] == key]) for key in order]


def series_sentence(frame: pd.DataFrame, x: Mapping, y: Mapping, color: Mapping | None,
                    tr: Callable[..., str] = english, name: str | None = None) -> str | None:
    """Each series from its first to its last point ("China rises from 4 in 2010 to 109,611 in 2025").

    A view without colours is one series, named ``name`` (else the y axis's title).
    """
    pieces = []
    for key, rows in _groups(frame, color):
        rows = rows.dropna(subset=[x["field"], y["field"]]).sort_values(x["field"])
        if rows.empty:
            continue
        series = words.series_name(str(key), _lang(tr)) if key is not None else (name or title(y, tr))
        first, last = rows.iloc[0], rows.iloc[-1]
        values = {"series": series, "first": words.number(float(first[y["field"]]), _lang(tr)),
                  "first_x": _where(first[x["field"]], x, tr), "last": words.number(float(last[y["field"]]), _lang(tr)),
                  "last_x": _where(last[x["field"]], x, tr)}
        if len(rows) == 1:
            pieces.append(tr("{series} is {value} {x}", series=series, value=values["last"], x=values["last_x"]))
        elif values["first"] == values["last"]:
            pieces.append(tr("{series} stays at {value} from {first_x} to {last_x}", series=series,
                             value=values["last"], first_x=_cell(first[x["field"]], x, tr),
                             last_x=_cell(last[x["field"]], x, tr)))
        elif float(last[y["field"]]) > float(first[y["field"]]):
            pieces.append(tr("{series} rises from {first} {first_x} to {last} {last_x}", **values))
        else:
            pieces.append(tr("{series} falls from {first} {first_x} to {last} {last_x}", **values))
    if not pieces:
        return None
    text = join(pieces, tr, "{a}; {b}")
    if name is not None and color is not None:  # a second coloured view on the same axes: say which it is
        text = tr("{name}: {values}", name=name, values=text)
    return words.sentence(text, _lang(tr))


def event_sentence(frame: pd.DataFrame, when: Mapping, event: Mapping, color: Mapping | None,
                   tr: Callable[..., str] = english) -> str | None:
    """Events on a time axis (a nominal y against dates): each group's events in date order with their dates."""
    pieces = []
    for key, rows in _groups(frame, color):
        rows = rows.dropna(subset=[when["field"], event["field"]]).sort_values(when["field"])
        listed = [tr("{event} ({when})", event=str(e), when=_cell(w, when, tr))
                  for w, e in zip(rows[when["field"]], rows[event["field"]])]
        if not listed:
            continue
        text = join(listed[:MAX_LISTED], tr, "{a}; {b}")
        if len(listed) > MAX_LISTED:
            text = tr("{values} and {more} more", values=text, more=len(listed) - MAX_LISTED)
        piece = tr("{category}: {values}", category=str(key).replace("_", " "), values=text) if key is not None else text
        pieces.append(words.sentence(piece, _lang(tr)))
    if not pieces:
        return None
    rows = frame.dropna(subset=[when["field"]]).sort_values(when["field"])
    opening = tr("The chart places {n} events on a time line from {first} to {last}.", n=len(rows),
                 first=_cell(rows[when["field"]].iloc[0], when, tr), last=_cell(rows[when["field"]].iloc[-1], when, tr))
    return words.sentences([opening, *pieces], _lang(tr))


def band_sentence(frame: pd.DataFrame, x: Mapping, y: Mapping, y2: Mapping,
                  tr: Callable[..., str] = english) -> str | None:
    """A band is a range at each x, never a series: both edges at its first and last x."""
    rows = frame.dropna(subset=[x["field"], y["field"], y2["field"]]).sort_values(x["field"])
    if rows.empty:
        return None
    spans = [tr("{low} to {high} {x}", low=words.number(float(min(r[y["field"]], r[y2["field"]])), _lang(tr)),
                high=words.number(float(max(r[y["field"]], r[y2["field"]])), _lang(tr)), x=_where(r[x["field"]], x, tr))
             for r in ([rows.iloc[0], rows.iloc[-1]] if len(rows) > 1 else [rows.iloc[-1]])]
    return tr("A shaded band gives the range of {y}: {values}.", y=title(y, tr), values=join(spans, tr, "{a}; {b}"))


def _listed(listed: list[str], limit: int, separator: str, tr: Callable[..., str]) -> str:
    text = join(listed[:limit], tr, separator)
    more = len(listed) - limit
    return tr("{values} and {more} more", values=text, more=more) if more > 0 else text


def category_sentence(frame: pd.DataFrame, category: Mapping, value: Mapping, color: Mapping | None = None,
                      tr: Callable[..., str] = english) -> str:
    """The value of each category; with coloured series, each category once with every series' value."""
    lang = _lang(tr)
    rows = frame.dropna(subset=[category["field"], value["field"]])
    if color is not None and rows[category["field"]].duplicated().any():
        order = (color.get("scale") or {}).get("domain") or list(rows[color["field"]].dropna().unique())
        listed = []
        for name, group in rows.groupby(category["field"], sort=False):
            values = [tr("{series} {value}", series=str(key), value=words.number(float(v), lang))
                      for key in order for v in group.loc[group[color["field"]] == key, value["field"]]]
            listed.append(tr("{category}: {values}", category=str(name), values=join(values, tr, "{a}, {b}")))
        text = _listed(listed, MAX_CATEGORIES, "{a}; {b}", tr)
    else:
        listed = [tr("{category} {value}", category=_cell(c, category, tr), value=words.number(float(v), lang))
                  for c, v in zip(rows[category["field"]], rows[value["field"]])]
        text = _listed(listed, MAX_LISTED, "{a}, {b}", tr)
    return tr("The chart compares {value} across {category}: {values}.", value=title(value, tr),
              category=title(category, tr), values=text)


def range_sentence(frame: pd.DataFrame, category: Mapping, low: Mapping, high: Mapping,
                   tr: Callable[..., str] = english) -> str | None:
    """A range per category (a rule or bar from ``low`` to ``high`` across a nominal axis): each category
    once with both ends, never the lower end read as the category's value."""
    keys = [category["field"], low["field"], high["field"]]
    rows = frame.dropna(subset=keys).drop_duplicates(subset=keys)
    if rows.empty:
        return None
    listed = [tr("{category} {low} to {high}", category=_cell(c, category, tr),
                 low=words.number(float(min(lo, hi)), _lang(tr)), high=words.number(float(max(lo, hi)), _lang(tr)))
              for c, lo, hi in zip(rows[category["field"]], rows[low["field"]], rows[high["field"]])]
    return tr("Ranges of {y}: {values}.", y=title(low, tr), values=_listed(listed, MAX_LISTED, "{a}, {b}", tr))


def grid_sentence(frame: pd.DataFrame, x: Mapping, y: Mapping, value: Mapping,
                  tr: Callable[..., str] = english) -> str:
    """A grid of cells coloured by a value (a heat map): its lowest and highest cell, and where they are."""
    rows = frame.dropna(subset=[x["field"], y["field"], value["field"]])
    low, high = rows.loc[rows[value["field"]].idxmin()], rows.loc[rows[value["field"]].idxmax()]
    lang = _lang(tr)
    return tr("{value} for each {x} and {y} ({cells} cells): lowest {low} at {low_x} and {low_y}, "
              "highest {high} at {high_x} and {high_y}.",
              value=title(value, tr), x=title(x, tr), y=title(y, tr), cells=len(rows),
              low=words.number(float(low[value["field"]]), lang), low_x=_cell(low[x["field"]], x, tr),
              low_y=_cell(low[y["field"]], y, tr), high=words.number(float(high[value["field"]]), lang),
              high_x=_cell(high[x["field"]], x, tr), high_y=_cell(high[y["field"]], y, tr))

"""What a chart draws, read back from its Vega-Lite specification: its data and its words.

Both come from the same spec the page draws, so the "Data" file and the text
alternative change with the chapter's parameters exactly as the chart does.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import pandas as pd

from gaplib.present.claims_render import format_number
from gaplib.present.i18n import english, join

_COMPOUND = ("layer", "hconcat", "vconcat", "concat")
_MARK_NOUNS = {"line": "line", "point": "dot", "circle": "dot", "bar": "bar", "rect": "band", "area": "area",
               "rule": "reference line", "text": "label", "tick": "tick", "square": "dot", "trail": "line"}
MAX_LISTED = 8  # categories listed one by one before the text summarises the rest
MAX_CATEGORIES = 12  # categories listed with each coloured series' value (the gap at a glance has 9)


def views(spec: Mapping[str, Any], data: str | None = None) -> Iterator[tuple[dict, str | None]]:
    """Yield (view, name of its dataset) for every single view of ``spec``, inheriting data from parents."""
    data = (spec.get("data") or {}).get("name", data)
    compound = [key for key in _COMPOUND if key in spec]
    if not compound:
        if "mark" in spec:
            yield dict(spec), data
        if "spec" in spec:  # facet and repeat
            yield from views(spec["spec"], data)
        return
    for key in compound:
        for child in spec[key]:
            yield from views(child, data)


def _mark(view: Mapping[str, Any]) -> str:
    mark = view["mark"]
    return mark["type"] if isinstance(mark, Mapping) else str(mark)


def _channels(view: Mapping[str, Any]) -> Iterator[tuple[str, dict]]:
    for channel, encoding in (view.get("encoding") or {}).items():
        for item in encoding if isinstance(encoding, list) else [encoding]:
            if isinstance(item, Mapping) and "field" in item:
                yield channel, dict(item)


def encoded_fields(view: Mapping[str, Any]) -> list[str]:
    """Return the data fields ``view`` encodes (positions, colours, tooltips ...), in order, once each."""
    fields: list[str] = []
    for _, item in _channels(view):
        if isinstance(item["field"], str) and item["field"] not in fields:
            fields.append(item["field"])
    return fields


def _datasets(spec: Mapping[str, Any]) -> dict[str, pd.DataFrame]:
    return {name: pd.DataFrame(rows) for name, rows in (spec.get("datasets") or {}).items()}


def _part_name(view: Mapping[str, Any]) -> str:
    y = (view.get("encoding") or {}).get("y") or {}
    label = y.get("title") or y.get("field") if isinstance(y, Mapping) else None
    noun = _MARK_NOUNS.get(_mark(view), _mark(view))
    return f"{noun}: {label}" if label else noun


def drawn_data(spec: Mapping[str, Any]) -> pd.DataFrame:
    """Return the rows and columns the chart draws: its datasets cut to the encoded fields.

    A chart drawn from several datasets (a band and a line, say) gets them one under the
    other with a first column ``part`` naming each by its mark and axis title.
    """
    datasets = _datasets(spec)
    used: dict[str, list[str]] = {}
    names: dict[str, str] = {}
    for view, name in views(spec):
        if name not in datasets:
            continue
        columns = used.setdefault(name, [])
        columns += [f for f in encoded_fields(view) if f in datasets[name].columns and f not in columns]
        names.setdefault(name, _part_name(view))
    parts = [datasets[name][[c for c in datasets[name].columns if c in columns]] for name, columns in used.items()
             if columns]
    if not parts:
        raise ValueError("the chart encodes no field of its data")
    if len(parts) == 1:
        return parts[0].reset_index(drop=True)
    labelled = [part.assign(part=names[name])[["part", *part.columns]] for name, part in zip(used, parts)]
    return pd.concat(labelled, ignore_index=True)


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return format_number(float(value))
    text = str(value)
    return text[:10] if len(text) >= 19 and text[4:5] == "-" and text[10:11] == "T" else text  # ISO date-times


def _title(item: Mapping[str, Any], tr: Callable[..., str] = english) -> str:
    """The channel's title, else its field's name (in ``tr``'s language: an untitled axis has no words of its own)."""
    title = item.get("title")
    if isinstance(title, list):
        title = " ".join(title)
    return str(title or tr(item["field"]))


def _series_sentence(frame: pd.DataFrame, x: Mapping, y: Mapping, color: Mapping | None,
                     tr: Callable[..., str] = english) -> str:
    xf, yf = x["field"], y["field"]
    groups = [(None, frame)] if color is None else [
        (key, frame[frame[color["field"]] == key])
        for key in ((color.get("scale") or {}).get("domain") or frame[color["field"]].dropna().unique())]
    pieces = []
    for key, rows in groups:
        rows = rows.dropna(subset=[xf, yf]).sort_values(xf)
        if rows.empty:
            continue
        first, last = rows.iloc[0], rows.iloc[-1]
        span = (tr("{first} at {first_x} to {last} at {last_x}", first=_text(first[yf]), first_x=_text(first[xf]),
                   last=_text(last[yf]), last_x=_text(last[xf]))
                if len(rows) > 1 else tr("{value} at {x}", value=_text(last[yf]), x=_text(last[xf])))
        pieces.append(tr("{series}: {span}", series=_text(key), span=span) if key is not None else span)
    return tr("{y} by {x}: {values}.", y=_title(y, tr), x=_title(x, tr), values=join(pieces, tr, "{a}; {b}"))


def _band_sentence(frame: pd.DataFrame, x: Mapping, y: Mapping, y2: Mapping,
                   tr: Callable[..., str] = english) -> str:
    """A band is a range at each x, never a series: its first and last x with both edges."""
    rows = frame.dropna(subset=[x["field"], y["field"], y2["field"]]).sort_values(x["field"])
    spans = [tr("{low} to {high} at {x}", low=_text(min(r[y["field"]], r[y2["field"]])),
                high=_text(max(r[y["field"]], r[y2["field"]])), x=_text(r[x["field"]]))
             for r in ([rows.iloc[0], rows.iloc[-1]] if len(rows) > 1 else [rows.iloc[-1]])]
    return tr("Band of {y} by {x}: {values}.", y=_title(y, tr), x=_title(x, tr), values=join(spans, tr, "{a}; {b}"))


def _category_sentence(frame: pd.DataFrame, category: Mapping, value: Mapping, color: Mapping | None = None,
                       tr: Callable[..., str] = english) -> str:
    rows = frame.dropna(subset=[category["field"], value["field"]])
    if color is not None and rows[category["field"]].duplicated().any():
        # One entry per category with each series' value ("US 11.4, China 1"), not the category once per series.
        order = (color.get("scale") or {}).get("domain") or list(rows[color["field"]].dropna().unique())
        listed = []
        for name, group in rows.groupby(category["field"], sort=False):
            values = [tr("{series} {value}", series=_text(key), value=_text(v))
                      for key in order for v in group.loc[group[color["field"]] == key, value["field"]]]
            listed.append(tr("{category}: {values}", category=_text(name), values=join(values, tr, "{a}, {b}")))
        separator, limit = "{a}; {b}", MAX_CATEGORIES
    else:
        listed = [tr("{category} {value}", category=_text(c), value=_text(v))
                  for c, v in zip(rows[category["field"]], rows[value["field"]])]
        separator, limit = "{a}, {b}", MAX_LISTED
    more = len(listed) - limit
    text = join(listed[:limit], tr, separator)
    if more > 0:
        text = tr("{values} and {more} more", values=text, more=more)
    return tr("{value} by {category}: {values}.", value=_title(value, tr), category=_title(category, tr), values=text)


def _range_sentence(frame: pd.DataFrame, category: Mapping, low: Mapping, high: Mapping,
                    tr: Callable[..., str] = english) -> str | None:
    """A range per category (a rule or bar from ``low`` to ``high`` across a nominal axis): each category
    once with both ends, never the lower end read as the category's value."""
    keys = [category["field"], low["field"], high["field"]]
    rows = frame.dropna(subset=keys).drop_duplicates(subset=keys)
    if rows.empty:
        return None
    listed = [tr("{category} {low} to {high}", category=_text(c), low=_text(min(lo, hi)), high=_text(max(lo, hi)))
              for c, lo, hi in zip(rows[category["field"]], rows[low["field"]], rows[high["field"]])]
    more = len(listed) - MAX_LISTED
    text = join(listed[:MAX_LISTED], tr, "{a}, {b}")
    if more > 0:
        text = tr("{values} and {more} more", values=text, more=more)
    return tr("Band of {y} by {x}: {values}.", y=_title(low, tr), x=_title(category, tr), values=text)


def _grid_sentence(frame: pd.DataFrame, x: Mapping, y: Mapping, value: Mapping,
                   tr: Callable[..., str] = english) -> str:
    """A grid of cells coloured by a value (a heat map): its lowest and highest cell, and where they are."""
    rows = frame.dropna(subset=[x["field"], y["field"], value["field"]])
    low, high = rows.loc[rows[value["field"]].idxmin()], rows.loc[rows[value["field"]].idxmax()]
    return tr("{value} for each {x} and {y} ({cells} cells): lowest {low} at {low_x} and {low_y}, "
              "highest {high} at {high_x} and {high_y}.",
              value=_title(value, tr), x=_title(x, tr), y=_title(y, tr), cells=len(rows),
              low=_text(low[value["field"]]), low_x=_text(low[x["field"]]), low_y=_text(low[y["field"]]),
              high=_text(high[value["field"]]), high_x=_text(high[x["field"]]), high_y=_text(high[y["field"]]))


def _sentence(view: Mapping[str, Any], frame: pd.DataFrame, tr: Callable[..., str] = english) -> str | None:
    channels = dict(_channels(view))
    x, y = channels.get("x"), channels.get("y")
    if x is None or y is None or x["field"] not in frame or y["field"] not in frame:
        return None
    y2 = channels.get("y2")
    if y2 is not None and y2["field"] in frame and y.get("type") != "nominal":
        # An area is one band over x; rules and bars with y2 are per-category ranges the main series already gives.
        if _mark(view) != "area" or frame.dropna(subset=[y["field"], y2["field"]]).empty:
            return None
        return _band_sentence(frame, x, y, y2, tr)
    x2 = channels.get("x2")
    if x2 is not None and x2["field"] in frame and y.get("type") == "nominal":
        return _range_sentence(frame, y, x, x2, tr)
    color = channels.get("color")
    if color is not None and color["field"] not in frame:
        color = None
    if color is not None and color.get("type") == "quantitative" and "quantitative" not in (x.get("type"), y.get("type")):
        return _grid_sentence(frame, x, y, color, tr)
    if x.get("type") == "nominal" and y.get("type") == "quantitative":
        return _category_sentence(frame, x, y, color, tr)
    if y.get("type") == "nominal" and x.get("type") == "quantitative":
        return _category_sentence(frame, y, x, color, tr)
    return _series_sentence(frame, x, y, color, tr)


def _ranged(view: Mapping[str, Any]) -> bool:
    channels = dict(_channels(view))
    return "y2" in channels or "x2" in channels


def _series_coloured(view: Mapping[str, Any]) -> bool:
    color = dict(_channels(view)).get("color")
    return color is not None and color.get("type") == "nominal"


def _positions(view: Mapping[str, Any]) -> tuple:
    channels = dict(_channels(view))
    return tuple(channels[c]["field"] if c in channels else None for c in ("x", "y", "x2", "y2"))


#: The tick labels of an axis that counts in another unit than its data (gaplib.present.chart_i18n: ×10 for 亿美元).
_RESCALED = re.compile(r"format\(datum\.value \* (?P<factor>[0-9.]+), '~r'\)")


def _in_axis_unit(frame: pd.DataFrame, spec: Mapping[str, Any]) -> pd.DataFrame:
    """Return ``frame`` with the fields on a rescaled axis in the unit its (translated) title names, so that
    the text alternative reads the numbers the axis shows. Layers share their axes: one layer's rescaled
    y axis rescales every layer's y and y2 fields (x likewise)."""
    factors: dict[str, float] = {}
    for view, _ in views(spec):
        for channel in ("x", "y"):
            item = (view.get("encoding") or {}).get(channel)
            axis = item.get("axis") if isinstance(item, Mapping) else None
            match = _RESCALED.fullmatch(axis.get("labelExpr", "")) if isinstance(axis, Mapping) else None
            if match:
                factors[channel] = float(match.group("factor"))
    fields: dict[str, float] = {}
    for view, _ in views(spec):
        for channel, factor in factors.items():
            for name in (channel, channel + "2"):
                item = (view.get("encoding") or {}).get(name)
                if isinstance(item, Mapping) and isinstance(item.get("field"), str):
                    fields[item["field"]] = factor
    scaled = {f: frame[f] * k for f, k in fields.items() if f in frame.columns and pd.api.types.is_numeric_dtype(frame[f])}
    return frame.assign(**scaled) if scaled else frame


def describe(spec: Mapping[str, Any], tr: Callable[..., str] = english) -> str:
    """Return a text alternative of the chart's data: its kinds of mark and, per main view, the numbers.

    The main views are the series (lines, dots, bars) with the most rows of data, then bands;
    each gets one sentence with the first and last point of every series, the value of every
    category (each category once, with every coloured series' value beside it), a band's low and
    high edges at its first and last x, or each category's range from its low to its high end. ``tr`` (a
    :class:`gaplib.present.i18n.Translator`) gives the sentence patterns in another language; the
    spec's own words are expected in that language already (:func:`gaplib.present.chart_i18n.localise`).
    """
    datasets = _datasets(spec)
    described = [(view, _in_axis_unit(datasets[name], spec)) for view, name in views(spec) if name in datasets]
    nouns = list(dict.fromkeys(tr(_MARK_NOUNS.get(_mark(v), _mark(v))) for v, _ in described))
    opening = tr("Chart with {marks} marks.", marks=join(nouns, tr, "{a} and {b}")) if nouns else tr("Chart.")
    sentences: list[str] = []
    seen: set[tuple] = set()
    # Series before bands and ranges: a band's lower edge read as the series would misstate the chart. Of
    # series with as many rows, a coloured one first (it says which series is which); a view that draws the
    # same positions as one already read (a dumbbell's connecting line under its dots) adds nothing.
    for view, frame in sorted(described, key=lambda pair: (_ranged(pair[0]), -len(pair[1]),
                                                           not _series_coloured(pair[0]))):
        if _positions(view) in seen:
            continue
        sentence = _sentence(view, frame, tr)
        if sentence and sentence not in sentences:
            sentences.append(sentence)
            seen.add(_positions(view))
        if len(sentences) == 2:
            break
    return join([opening, *sentences], tr, "{a} {b}")

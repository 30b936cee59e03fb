"""What a chart draws, read back from its Vega-Lite specification: its data and its words.

Both come from the same spec the page draws, so the "Data" file and the text
alternative change with the chapter's parameters exactly as the chart does.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import pandas as pd

from gaplib.present import chart_sentences as sentences
from gaplib.present import chart_words
from gaplib.present.i18n import english

_COMPOUND = ("layer", "hconcat", "vconcat", "concat")
_MARK_NOUNS = {"line": "line", "point": "dot", "circle": "dot", "bar": "bar", "rect": "band", "area": "area",
               "rule": "reference line", "text": "label", "tick": "tick", "square": "dot", "trail": "line"}


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


def _text(value: Any, tr: Callable[..., str] = english) -> str:
    """A cell of chart data as ``tr``'s language writes it in prose (:func:`gaplib.present.chart_words.value`)."""
    return chart_words.value(value, chart_words.language_of(tr))


def _title(item: Mapping[str, Any], tr: Callable[..., str] = english) -> str:
    """The channel's title, else its field's name (in ``tr``'s language: an untitled axis has no words of its own)."""
    return sentences.title(item, tr)


def _sentence(view: Mapping[str, Any], frame: pd.DataFrame, tr: Callable[..., str] = english,
              name: str | None = None) -> list[str]:
    """The sentences of one view: its axes and their ranges, then its numbers (none for a view it cannot read)."""
    channels = dict(_channels(view))
    x, y = channels.get("x"), channels.get("y")
    if x is None or y is None or x["field"] not in frame or y["field"] not in frame:
        return []
    y2 = channels.get("y2")
    if y2 is not None and y2["field"] in frame and y.get("type") != "nominal":
        # An area is one band over x; rules and bars with y2 are per-category ranges the main series already gives.
        if _mark(view) != "area" or frame.dropna(subset=[y["field"], y2["field"]]).empty:
            return []
        return [s for s in [sentences.band_sentence(frame, x, y, y2, tr)] if s]
    x2 = channels.get("x2")
    if x2 is not None and x2["field"] in frame and y.get("type") == "nominal":
        return [s for s in [sentences.range_sentence(frame, y, x, x2, tr)] if s]
    color = channels.get("color")
    if color is not None and color["field"] not in frame:
        color = None
    if color is not None and color.get("type") == "quantitative" and "quantitative" not in (x.get("type"), y.get("type")):
        return [sentences.grid_sentence(frame, x, y, color, tr)]
    if x.get("type") == "nominal" and y.get("type") == "quantitative":
        return [sentences.category_sentence(frame, x, y, color, tr)]
    if y.get("type") == "nominal" and x.get("type") == "quantitative":
        return [sentences.category_sentence(frame, y, x, color, tr)]
    if y.get("type") == "nominal":
        return [s for s in [sentences.event_sentence(frame, x, y, color, tr)] if s]
    if pd.to_numeric(frame[y["field"]], errors="coerce").dropna().empty:
        return []
    series = sentences.series_sentence(frame, x, y, color, tr, name)
    if series is None:
        return []
    if name is not None:  # a second view on the same axes: its own numbers only
        return [series]
    kind = sentences.KINDS.get(_mark(view), "chart")
    return [sentences.axes_sentence(frame, x, y, kind, tr), series]


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


def _shared_titles(spec: Mapping[str, Any]) -> dict[str, Any]:
    """Return ``spec`` with each untitled x or y of a layer given the title its layer's axis shows: layers
    share their axes, so a fitted line drawn from a field "fit_flop" is on the axis "Training compute"."""
    out = dict(spec)
    if "layer" in out:
        layers = [_shared_titles(child) for child in out["layer"]]
        for channel in ("x", "y"):
            titles = [((c.get("encoding") or {}).get(channel) or {}).get("title") for c in layers
                      if isinstance((c.get("encoding") or {}).get(channel), Mapping)]
            shown = next((t for t in titles if t), None)
            for child in layers:
                item = (child.get("encoding") or {}).get(channel)
                if shown and isinstance(item, Mapping) and "field" in item and not item.get("title"):
                    child["encoding"] = {**child["encoding"], channel: {**item, "title": shown}}
        out["layer"] = layers
    for key in ("hconcat", "vconcat", "concat"):
        if key in out:
            out[key] = [_shared_titles(child) for child in out[key]]
    if isinstance(out.get("spec"), Mapping):
        out["spec"] = _shared_titles(out["spec"])
    return out


def describe(spec: Mapping[str, Any], tr: Callable[..., str] = english) -> str:
    """Return a text alternative of the chart in sentences: its title's finding, what it plots against
    what over which range, then the numbers of its main views.

    The main views are the series (lines, dots, bars) with the most rows of data, then bands; each
    says every series from its first to its last point by country ("the US rises from ... to ...;
    China ..."), the value of every category (each category once, with every coloured series'
    value beside it), a band's low and high edges at its first and last x, each category's range,
    or a grid's lowest and highest cell (:mod:`gaplib.present.chart_sentences`). ``tr`` (a
    :class:`gaplib.present.i18n.Translator`) gives the sentence patterns in another language, and
    numbers and dates are written in its form (:mod:`gaplib.present.chart_words`); the spec's own
    words are expected in that language already (:func:`gaplib.present.chart_i18n.localise`).
    """
    language = chart_words.language_of(tr)
    datasets = _datasets(spec)
    described = [(view, _in_axis_unit(datasets[name], spec)) for view, name in views(_shared_titles(spec))
                 if name in datasets]
    found: list[str] = []
    seen: set[tuple] = set()
    axes: set[tuple] = set()
    # Series before bands and ranges: a band's lower edge read as the series would misstate the chart. Of
    # series with as many rows, a coloured one first (it says which series is which); a view that draws the
    # same positions as one already read (a dumbbell's connecting line under its dots) adds nothing.
    views_read = 0
    for view, frame in sorted(described, key=lambda pair: (_ranged(pair[0]), -len(pair[1]),
                                                           not _series_coloured(pair[0]))):
        if _positions(view) in seen:
            continue
        channels = dict(_channels(view))
        shared = tuple(_title(channels[c], tr) for c in ("x", "y") if c in channels)
        # A second view on axes already described (a fitted line over dots) is named by its own field.
        name = tr(channels["y"]["field"]).replace("_", " ") if shared in axes and "y" in channels else None
        said = [s for s in _sentence(view, frame, tr, name) if s not in found]
        if said:
            found += said
            seen.add(_positions(view))
            axes.add(shared)
            views_read += 1
        if views_read == 2:
            break
    heading = chart_words.title_text(spec.get("title"))
    opening = [chart_words.sentence(heading, language, capitalise=False)] if heading else []
    return chart_words.sentences(opening + found, language) or tr("Chart.")

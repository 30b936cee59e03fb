"""The text alternative of a specification curve: the range of its estimates and the default's, in words.

A reader sees dots from lowest to highest, one per definition, with the default filled; the grid
beneath is the choices. The generic description (:func:`gaplib.present.chart_text.describe`) would
read the grid's cells as a series, so a curve gets its own sentences.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from gaplib.present.chart_text import _channels, _datasets, _in_axis_unit, _text, _title, describe, views
from gaplib.present.i18n import english, join
from gaplib.present.spec_chart import KIND, KIND_KEY


def describe_curve(spec: Mapping[str, Any], tr: Callable[..., str] = english) -> str | None:
    """Return the text alternative of a specification curve (:mod:`gaplib.present.spec_chart`) as a reader
    sees it: how many definitions, the lowest and highest estimate with their definitions, and what the
    default definition gives; None when ``spec`` is not a specification curve."""
    if (spec.get("usermeta") or {}).get(KIND_KEY) != KIND:
        return None
    datasets = _datasets(spec)
    for view, name in views(spec):
        color = dict(_channels(view)).get("color")
        y = dict(_channels(view)).get("y")
        if name not in datasets or color is None or y is None:
            continue
        frame = _in_axis_unit(datasets[name], spec).dropna(subset=[y["field"]])
        if frame.empty or "spec" not in frame:
            continue
        default_word = ((color.get("scale") or {}).get("domain") or [None])[0]
        low, high = frame.loc[frame[y["field"]].idxmin()], frame.loc[frame[y["field"]].idxmax()]
        if len(frame) == 1:
            text = tr("{value}: one definition, {spec}, gives {estimate}.", value=_title(y, tr),
                      spec=_text(low["spec"], tr), estimate=_text(low[y["field"]], tr))
        else:
            text = tr("{value}: across {n} definitions the estimate runs from {low} ({low_spec}) to {high} "
                      "({high_spec}).", value=_title(y, tr), n=len(frame), low=_text(low[y["field"]], tr),
                      low_spec=_text(low["spec"], tr), high=_text(high[y["field"]], tr), high_spec=_text(high["spec"], tr))
        default = frame[frame[color["field"]] == default_word]
        if len(frame) > 1 and len(default) == 1:
            row = default.iloc[0]
            text = join([text, tr("The default definition ({spec}) gives {estimate}.", spec=_text(row["spec"], tr),
                                  estimate=_text(row[y["field"]], tr))], tr, "{a} {b}")
        return join([tr("Specification curve: each dot is one definition, lowest estimate first; the grid "
                        "beneath marks each definition's choices."), text], tr, "{a} {b}")
    return None


def text_alternative(spec: Mapping[str, Any], tr: Callable[..., str] = english) -> str:
    """Return the description of any chart: a specification curve's own (:func:`describe_curve`), else
    :func:`gaplib.present.chart_text.describe`'s."""
    return describe_curve(spec, tr) or describe(spec, tr)

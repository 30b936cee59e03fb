"""The specification-curve chart: a headline's estimates sorted, with intervals, the choices beneath.

As in Simonsohn, Simmons and Nelson's specification curve analysis: the upper panel draws
each specification's estimate (lowest first) with its interval where it has one, the default
filled; the lower panel is the matrix of choices, one row per option, a mark where a
specification makes that choice. Input is :func:`gaplib.specs.curve_frame`.
"""

from __future__ import annotations

import math

import altair as alt
import pandas as pd

from gaplib.present import charts

FIXED = ("rank", "spec", "value", "low", "high", "default", "reason")
DEFAULT_WORDS = {True: "default", False: "other definition"}
KIND_KEY, KIND = "gaplib_chart", "specification_curve"  # in the spec's usermeta (gaplib.present.chart_text)
# The choice rows' labels wrap to lines of at most this many characters (a Chinese one counts
# twice), fewer on a phone, so that none is cut; each row is as tall as the most lines a label
# needs on a phone (the chart's height cannot follow the page's width).
ROW_CHARS, ROW_CHARS_NARROW = 40, 24


def _matrix(frame: pd.DataFrame) -> pd.DataFrame:
    choices = [c for c in frame.columns if c not in FIXED]
    long = frame.melt(id_vars=["rank", "spec"], value_vars=choices, var_name="choice", value_name="option")
    long = long[long["option"] != ""]
    long["row"] = long["choice"] + ": " + long["option"]
    return long[["rank", "spec", "row"]].reset_index(drop=True)


def spec_curve_chart(frame: pd.DataFrame, *, value_title: str, log_scale: bool = False,
                     reference: float | None = None, width: int = charts.WIDTH_PX) -> alt.VConcatChart:
    """Return the two-panel chart of a specification curve.

    ``value_title`` names the estimate and its unit; ``log_scale`` draws it on a log axis (for
    ratios); ``reference`` draws a dashed line (1 for parity of a ratio, 0 for no gap).
    Raises ValueError for an empty curve.
    """
    if frame.empty:
        raise ValueError("a specification curve needs at least one computed specification")
    points = frame[["rank", "spec", "value", "low", "high", "default"]].copy()
    points["definition"] = points["default"].map(DEFAULT_WORDS)
    points = points.drop(columns="default")
    order = list(frame.sort_values("rank")["spec"])
    ranks = alt.X("spec:N", title=None, sort=order, axis=alt.Axis(labels=False, ticks=False))
    if log_scale:
        finite = [v for v in [*points["value"], *points["low"], *points["high"]] if math.isfinite(v) and v > 0]
        scale = alt.Scale(type="log", domainMin=charts.log_floor(finite))
    else:
        scale = alt.Scale(zero=False)
    y = alt.Y("value:Q", title=value_title, scale=scale)
    dots = alt.Chart(points).mark_point(size=70, filled=True).encode(
        x=ranks, y=y, color=alt.Color("definition:N", title="Specification", scale=alt.Scale(
            domain=list(DEFAULT_WORDS.values()), range=[charts.US_COLOR, charts.OTHER_COLOR])),
        tooltip=[alt.Tooltip("spec:N", title="Specification"), alt.Tooltip("value:Q", title="Estimate", format=".3g")])
    layers = [dots]
    bars = points.dropna(subset=["low", "high"])
    if not bars.empty:
        layers.insert(0, alt.Chart(bars).mark_rule(color=charts.OTHER_COLOR).encode(
            x=ranks, y=alt.Y("low:Q", title=value_title, scale=scale), y2="high:Q"))
    if reference is not None:
        layers.insert(0, alt.Chart(pd.DataFrame({"reference": [reference]})).mark_rule(
            strokeDash=[4, 3], color="#555555").encode(y=alt.Y("reference:Q", title=value_title, scale=scale)))
    matrix = _matrix(frame)
    rows = list(dict.fromkeys(matrix.sort_values("row")["row"]))
    grid = alt.Chart(matrix).mark_square(size=60, color="#333333").encode(
        x=alt.X("spec:N", title="Specifications, lowest estimate first", sort=order,
                axis=alt.Axis(labels=False, ticks=False)),
        y=alt.Y("row:N", title=None, sort=rows, axis=alt.Axis(
            labelExpr=charts.wrapped_labels(ROW_CHARS, ROW_CHARS_NARROW), labelLimit=charts.label_limit(280, 170))),
        tooltip=[alt.Tooltip("spec:N", title="Specification")])
    top = alt.layer(*layers).properties(width=width, height=200)
    grid = grid.properties(width=width, height=charts.wrapped_rows_px(rows, ROW_CHARS_NARROW))
    # The marker lets the text alternative say what a reader sees (the range and the default), not the grid's cells.
    return alt.vconcat(top, grid, usermeta={KIND_KEY: KIND}).resolve_scale(x="shared")

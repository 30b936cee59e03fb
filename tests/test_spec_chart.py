"""The specification-curve chart draws the sorted estimates, their intervals and the matrix of choices."""

from __future__ import annotations

import math

import altair as alt
import pandas as pd
import pytest
import vl_convert

from gaplib.present import charts
from gaplib.present.chart_text import drawn_data
from gaplib.present.spec_chart import spec_curve_chart
from gaplib.present.spec_curve_text import text_alternative
from gaplib.specs import Estimate, Spec, curve_frame

ESTIMATES = [Estimate(Spec("Epoch's method", {"filter": "published", "measure": "16-bit"}, "published", True), 3.9),
             Estimate(Spec("standard, H100e", {"filter": "standard", "measure": "H100e"}, "book"), 11.4, 9.0, 12.0),
             Estimate(Spec("all rows", {"filter": "all"}, "coverage"), 6.0)]


def test_the_chart_draws_each_estimate_sorted_with_the_choices_beneath():
    chart = spec_curve_chart(curve_frame(ESTIMATES), value_title="US/China (x)", log_scale=True, reference=1.0)
    spec = charts.styled(chart, title="t", credit="c").to_dict()
    drawn = drawn_data(spec)
    values = drawn.dropna(subset=["value"]).sort_values("value")
    assert list(values["spec"]) == ["Epoch's method", "all rows", "standard, H100e"]
    assert set(drawn["row"].dropna()) == {"filter: published", "filter: standard", "filter: all",
                                          "measure: 16-bit", "measure: H100e"}
    assert sorted(drawn["low"].dropna()) == [9.0]  # the one interval
    # the text alternative says what a reader sees: how many definitions, the range with its ends, the default
    assert text_alternative(spec) == (
        "Specification curve: each dot is one definition, lowest estimate first; the grid beneath marks each "
        "definition's choices. US/China (x): across 3 definitions the estimate runs from 3.9 (Epoch's method) to "
        "11.4 (standard, H100e). The default definition (Epoch's method) gives 3.9.")
    assert "<svg" in vl_convert.vegalite_to_svg(spec)


def test_a_curve_of_one_definition_names_it_and_a_plain_chart_keeps_its_description():
    one = spec_curve_chart(curve_frame(ESTIMATES[1:2]), value_title="US/China (x)")
    assert text_alternative(charts.styled(one, title="t", credit="c").to_dict()).endswith(
        "US/China (x): one definition, standard, H100e, gives 11.4.")
    plain = charts.styled(alt.Chart(pd.DataFrame({"x": ["a", "b"], "y": [1.0, 2.0]})).mark_bar().encode(
        x="x:N", y="y:Q"), title="t", credit="c").to_dict()
    assert text_alternative(plain) == "t. The chart compares y across x: a 1, b 2."


def test_an_empty_curve_is_refused():
    with pytest.raises(ValueError, match="at least one"):
        spec_curve_chart(curve_frame([]), value_title="x")

"""The house chart style: titles and subtitles wrap to the chart's width instead of being cut."""

import re

import altair as alt
import pandas as pd
import pytest
import vl_convert
from hypothesis import given, strategies as st

from gaplib.present import charts

LONG = "China's frontier training compute has grown more slowly than the rest of the world's since its break"


def test_a_long_title_is_wrapped_into_lines_that_fit():
    lines = charts.wrap_lines(LONG, charts.WIDTH_PX, charts.TITLE_PX_PER_CHAR)
    assert len(lines) == 2 and " ".join(lines) == LONG
    assert all(len(line) * charts.TITLE_PX_PER_CHAR <= charts.WIDTH_PX for line in lines)


def test_a_short_title_stays_on_one_line():
    assert charts.wrap_lines("The US leads", charts.WIDTH_PX, charts.TITLE_PX_PER_CHAR) == ["The US leads"]


@given(st.lists(st.text(alphabet="abcdefghij", min_size=1, max_size=12), min_size=1, max_size=40))
def test_wrapping_keeps_every_word_in_order(words):
    text = " ".join(words)
    assert " ".join(charts.wrap_lines(text, 300, 8.0)).split() == text.split()


def test_styled_chart_carries_the_wrapped_title_and_credit():
    chart = alt.Chart(pd.DataFrame({"x": [1]})).mark_point().encode(x="x:Q")
    spec = charts.styled(chart, title=LONG, subtitle="a short subtitle", credit="Data: Epoch AI, CC BY 4.0").to_dict()
    assert spec["title"]["text"] == charts.wrap_lines(LONG, charts.WIDTH_PX, charts.TITLE_PX_PER_CHAR)
    assert spec["title"]["subtitle"] == ["a short subtitle", "Data: Epoch AI, CC BY 4.0"]


def test_log_floor_is_the_power_of_ten_below_the_smallest_positive_value():
    assert charts.log_floor([17.5, 3660.7, 0.0]) == 10.0
    assert charts.log_floor([0.69, 145]) == 0.1
    assert charts.log_floor([100]) == 100.0


@given(st.lists(st.floats(min_value=1e-6, max_value=1e12), min_size=1, max_size=20))
def test_log_floor_is_at_most_every_value_and_within_a_factor_ten(values):
    floor = charts.log_floor(values)
    assert floor <= min(values) * (1 + 1e-12) and min(values) < floor * 10 * (1 + 1e-12)


def test_log_floor_needs_a_positive_value():
    with pytest.raises(ValueError, match="positive"):
        charts.log_floor([0.0, -1.0])


def _label_expr(expr: str, label: str):
    """Evaluate a labelExpr on one label with Vega itself (through vl-convert's Vega runtime)."""
    spec = {"data": {"values": [{"x": label}]}, "mark": "point",
            "encoding": {"y": {"field": "x", "type": "nominal", "axis": {"labelExpr": expr, "labelLimit": 2000}}}}
    label_text = re.findall(r"<text[^>]*>(.*?)</text>", vl_convert.vegalite_to_svg(spec), flags=re.S)[0]
    return re.findall(r"<tspan[^>]*>([^<]*)</tspan>", label_text) or [label_text]


def test_two_line_labels_break_a_long_label_at_a_space_and_keep_a_short_one():
    long = "Implementation of Additional Export Controls: Certain Advanced Computing Items"
    assert _label_expr(charts.two_line_labels(40), long) == ["Implementation of Additional Export",
                                                             "Controls: Certain Advanced Computing Items"]
    assert _label_expr(charts.two_line_labels(40), "Same rule as R02") == ["Same rule as R02"]


def test_codes_read_as_words_in_labels():
    assert _label_expr(charts.CODE_AS_WORDS, "is_informed_letter") == ["is informed letter"]


def test_label_limit_is_narrow_only_on_a_narrow_page():
    expr = charts.label_limit(330).to_dict()["expr"]
    assert expr == "containerSize()[0] > 0 && containerSize()[0] < 500 ? 140 : 330"
    spec = {"data": {"values": [{"x": "Licence requirement on NVIDIA A100 and H100 exports to China and Russia"}]},
            "mark": "point", "encoding": {"y": {"field": "x", "type": "nominal", "axis": {"labelLimit": {"expr": expr}}}}}
    labels = re.findall(r"<text[^>]*>([^<]*)</text>", vl_convert.vegalite_to_svg(spec))
    assert "Licence requirement on NVIDIA A100 and H100 exports to China and R…" in labels  # an export: wide

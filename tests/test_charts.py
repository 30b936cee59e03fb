"""The house chart style: titles and subtitles wrap to the chart's width instead of being cut."""

import math
import re

import altair as alt
import pandas as pd
import pytest
import vl_convert
from hypothesis import given, settings, strategies as st

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


def test_codes_read_as_words_in_labels():
    assert _label_expr(charts.CODE_AS_WORDS, "is_informed_letter") == ["is informed letter"]


def test_label_limit_is_narrow_only_on_a_narrow_page():
    expr = charts.label_limit(330).to_dict()["expr"]
    assert expr == "containerSize()[0] > 0 && containerSize()[0] < 500 ? 140 : 330"
    spec = {"data": {"values": [{"x": "Licence requirement on NVIDIA A100 and H100 exports to China and Russia"}]},
            "mark": "point", "encoding": {"y": {"field": "x", "type": "nominal", "axis": {"labelLimit": {"expr": expr}}}}}
    labels = re.findall(r"<text[^>]*>([^<]*)</text>", vl_convert.vegalite_to_svg(spec))
    assert "Licence requirement on NVIDIA A100 and H100 exports to China and R…" in labels  # an export: wide


def test_wrapped_labels_break_at_spaces_and_the_separator_and_never_cut_a_line():
    expr = charts.wrapped_labels(26, 26, " — ")
    assert _label_expr(expr, "Best chip: H100 vs China's best domestic chip — not measured") == [
        "Best chip: H100 vs China's", "best domestic chip", "not measured"]
    assert _label_expr(expr, "Installed AI compute — US lead growing") == ["Installed AI compute", "US lead growing"]
    assert _label_expr(expr, "short") == ["short"]
    # A Chinese character counts twice and a line of Chinese breaks between characters; the
    # separator needs no spaces around it.
    assert _label_expr(expr, "最佳芯片：H100 对比中国最好的国产芯片—未测量") == ["最佳芯片：H100 对比中国最好", "的国产芯片", "未测量"]
    # An exported picture (no container) is wide.
    assert _label_expr(charts.wrapped_labels(40, 10, " — "), "Large-scale models released, cumulative — US lead shrinking") == [
        "Large-scale models released, cumulative", "US lead shrinking"]


@given(st.lists(st.text(alphabet="abcdefghij", min_size=1, max_size=12), min_size=1, max_size=8),
       st.integers(min_value=12, max_value=40))
def test_wrapped_labels_keep_every_word_in_order_in_lines_that_fit(words, chars):
    lines = _label_expr(charts.wrapped_labels(chars, chars), " ".join(words))
    assert " ".join(lines).split() == words
    assert all(len(line) <= chars for line in lines)


@pytest.mark.parametrize("label, chars, separator", [
    ("filter: Existing, every row but anonymised multi-site Chinese systems", 26, None),
    ("Implementation of Additional Export Controls: Certain Advanced Computing and Semiconductor", 30, None),
    ("Best chip: H100 vs China's best domestic chip — not measured", 26, " — "),
    ("筛选：已运行，除匿名多站点中国系统外的全部条目", 26, None),
    ("a-very-long-single-word-longer-than-a-line and more", 12, None),
])
def test_wrapped_line_count_is_the_number_of_lines_vega_draws(label, chars, separator):
    lines = _label_expr(charts.wrapped_labels(chars, chars, separator), label)
    assert charts.wrapped_line_count(label, chars, separator) == len(lines)


@given(st.lists(st.text(alphabet="abcdefghij", min_size=1, max_size=14), min_size=1, max_size=8),
       st.integers(min_value=8, max_value=40))
@settings(max_examples=25, deadline=None)
def test_wrapped_line_count_agrees_with_vega_on_any_words(words, chars):
    label = " ".join(words)
    assert charts.wrapped_line_count(label, chars) == len(_label_expr(charts.wrapped_labels(chars, chars), label))


def _relative_luminance(hex_color: str) -> float:
    """WCAG 2.1 relative luminance of an sRGB colour."""
    channels = [int(hex_color[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    low, high = sorted([_relative_luminance(a), _relative_luminance(b)])
    return (high + 0.05) / (low + 0.05)


def _lightness(hex_color: str) -> float:
    """CIE L* (0 black, 100 white) of an sRGB colour."""
    y = _relative_luminance(hex_color)
    return 116 * y ** (1 / 3) - 16 if y > 216 / 24389 else y * 24389 / 27


def test_the_colour_measures_give_known_values():
    assert _contrast("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert _contrast("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)
    assert _lightness("#FFFFFF") == pytest.approx(100.0) and _lightness("#777777") == pytest.approx(50.0, abs=0.2)


# What a chart is drawn on: the page in light mode, and in dark mode the output area, which the
# theme keeps light (pydata-sphinx-theme's cell-output background, its $base-light-text).
CHART_BACKGROUNDS = {"light page": "#FFFFFF", "dark mode output area": "#CED6DD"}


@pytest.mark.parametrize("background", CHART_BACKGROUNDS.values(), ids=CHART_BACKGROUNDS.keys())
@pytest.mark.parametrize("color", [charts.US_COLOR, charts.CHINA_COLOR], ids=["US", "China"])
def test_the_country_colours_stand_out_against_the_chart_background(color, background):
    assert _contrast(color, background) >= 3.0


def test_the_country_colours_differ_in_lightness_not_only_in_hue():
    # The colours before were 7.4 points of L* apart (#2A5CAA, #D1332E): nearly one grey.
    assert abs(_lightness(charts.US_COLOR) - _lightness(charts.CHINA_COLOR)) >= 15


FRAME_2 = pd.DataFrame({"x": [1, 2, 1, 2], "y": [1.0, 2.0, 2.0, 3.0], "country": ["US", "US", "China", "China"]})


def _marked(chart: alt.TopLevelMixin) -> dict:
    return charts.country_marks(charts.styled(chart, title="t", credit="c", width=300, height=100).to_dict())


def test_country_lines_get_a_dash_and_country_points_a_shape_on_the_colour_field():
    line = alt.Chart(FRAME_2).mark_line().encode(x="x:Q", y="y:Q", color=charts.country_color())
    dots = alt.Chart(FRAME_2).mark_circle(size=60).encode(x="x:Q", y="y:Q", color=charts.country_color())
    bars = alt.Chart(FRAME_2).mark_bar().encode(x="x:O", y="y:Q", color=charts.country_color())
    spec = _marked(line + dots + bars)
    line_view, dot_view, bar_view = spec["layer"]
    dash = line_view["encoding"]["strokeDash"]
    assert (dash["field"], dash["title"], dash["scale"]) == ("country", "Country", {
        "domain": ["US", "China"], "range": [charts.COLOR_DASHES[charts.US_COLOR], charts.COLOR_DASHES[charts.CHINA_COLOR]]})
    assert dash["scale"]["range"][0] != dash["scale"]["range"][1]
    assert dot_view["mark"]["type"] == "point" and dot_view["mark"]["filled"] and dot_view["mark"]["size"] == 60
    assert dot_view["encoding"]["shape"]["scale"]["range"] == ["circle", "triangle-up"]
    assert "shape" not in bar_view["encoding"] and "strokeDash" not in bar_view["encoding"]


def test_country_marks_follow_the_colours_keep_other_channels_and_leave_other_palettes():
    # Assigned by colour: China first in the domain still gets China's dash.
    reversed_domain = alt.Chart(FRAME_2).mark_line().encode(x="x:Q", y="y:Q", color=charts.country_color(
        domain=("China", "other")))
    assert _marked(reversed_domain)["encoding"]["strokeDash"]["scale"]["range"] == [
        charts.COLOR_DASHES[charts.CHINA_COLOR], charts.COLOR_DASHES[charts.OTHER_COLOR]]
    own_dash = alt.Chart(FRAME_2).mark_line().encode(x="x:Q", y="y:Q", color=charts.country_color(),
                                                     strokeDash=alt.StrokeDash("country:N", legend=None))
    assert _marked(own_dash)["encoding"]["strokeDash"] == {"field": "country", "type": "nominal", "legend": None}
    not_countries = alt.Chart(FRAME_2).mark_line().encode(x="x:Q", y="y:Q", color=alt.Color(
        "country:N", scale=alt.Scale(range=[charts.US_COLOR, charts.OTHER_COLOR])))
    assert "strokeDash" not in _marked(not_countries)["encoding"]
    # A colour given to a whole layer reaches each of its views.
    inherited = alt.layer(alt.Chart(FRAME_2).mark_line(), alt.Chart(FRAME_2).mark_point()).encode(
        x="x:Q", y="y:Q", color=charts.country_color())
    lines, points = _marked(inherited)["layer"]
    assert "strokeDash" in lines["encoding"] and "shape" in points["encoding"]


def _legend_symbols(svg: str) -> list[str]:
    return re.findall(r'<g class="mark-symbol role-legend-symbol"[^>]*>(.*?)</g>', svg, flags=re.S)


def test_the_drawn_legend_shows_each_country_s_dash_and_shape():
    line = alt.Chart(FRAME_2).mark_line().encode(x="x:Q", y="y:Q", color=charts.country_color())
    symbols = _legend_symbols(vl_convert.vegalite_to_svg(_marked(line)))
    assert len(symbols) == 2 and 'stroke-dasharray="1,0"' in symbols[0] and 'stroke-dasharray="7,3"' in symbols[1]
    dots = alt.Chart(FRAME_2).mark_point(filled=True).encode(x="x:Q", y="y:Q", color=charts.country_color())
    shapes = [re.search(r' d="([^"]+)"', symbol).group(1) for symbol in _legend_symbols(
        vl_convert.vegalite_to_svg(_marked(dots)))]
    assert len(shapes) == 2 and shapes[0] != shapes[1]
    # Seen at full strength even where a faint band of the same countries is drawn first.
    band = alt.Chart(FRAME_2).mark_area(opacity=0.18).encode(x="x:Q", y="y:Q", color=charts.country_color())
    symbols = _legend_symbols(vl_convert.vegalite_to_svg(_marked(band + dots)))
    assert [re.search(r' opacity="([^"]+)"', symbol).group(1) for symbol in symbols] == ["1", "1"]


def test_wrapped_rows_are_tall_enough_for_the_longest_label_on_a_phone():
    labels = ["short", "filter: Existing, every row but anonymised multi-site Chinese systems", "short"]
    # Two distinct labels; the long one wraps into 3 lines of 26 characters: rows of 13 * 3 + 3 px.
    assert charts.wrapped_rows_px(labels, 26) == 2 * 42
    assert charts.wrapped_rows_px(["a", "b", "c"], 26) == 3 * 16
    with pytest.raises(ValueError, match="at least one label"):
        charts.wrapped_rows_px([], 26)


@pytest.mark.parametrize("label", ["一二三四五六七八九十档", "已运行的全部集群数据存档", "按规则审查出口许可证则"])
def test_a_wrapped_chinese_label_never_leaves_one_character_alone_on_a_line(label):
    lines = _label_expr(charts.wrapped_labels(10, 10), label)
    assert "".join(lines) == label
    assert all(len(line) >= 2 for line in lines), lines
    assert all(len(line) <= 5 for line in lines)  # a Chinese character counts twice: 10 units hold 5
    assert charts.wrapped_line_count(label, 10) == len(lines)


def test_log_bars_are_drawn_from_the_floor_to_each_value():
    values = [0.36, 47.0, 300.0]
    table = pd.DataFrame({"use": ["a", "b", "c"], "gw": values})
    chart = alt.Chart(table).mark_bar().encode(**charts.log_bars("gw", values, "GW (log scale)"), y=alt.Y("use:N"))
    svg = vl_convert.vegalite_to_svg(chart.properties(width=300).to_dict())
    widths = [float(w) for w in re.findall(r'aria-roledescription="bar"[^>]*d="M0,[\d.]+h([\d.]+)', svg)]
    # On a log axis from 0.1 (the floor) to 300, a bar's length is log(value / 0.1) / log(300 / 0.1) of the width.
    expected = [300 * math.log10(v / 0.1) / math.log10(300 / 0.1) for v in values]
    assert widths == pytest.approx(expected, rel=1e-6)
    assert charts.log_bars("gw", values, "GW")["x"].to_dict()["scale"] == {"type": "log", "domainMin": 0.1}

"""A chart's data file and text alternative, read back from its Vega-Lite spec."""

import re

import altair as alt
import pandas as pd
import pytest

from gaplib.present import chart_text, charts

SERIES = pd.DataFrame({"country": ["US", "China"] * 3, "year": [2020, 2020, 2021, 2021, 2022, 2022],
                       "h100e": [100.0, 50.0, 400.0, 80.0, 1_250_000.0, 109_611.0], "unused": list("abcdef")})


def fleet_chart():
    line = alt.Chart(SERIES).mark_line().encode(x=alt.X("year:O", title="Year"), y=alt.Y("h100e:Q", title="H100e"),
                                                color=charts.country_color())
    band = alt.Chart(pd.DataFrame({"low": [4.0], "high": [5.0]})).mark_rect().encode(y="low:Q", y2="high:Q")
    return charts.styled(band + line + line.mark_point(), title="t", credit="Data: x").to_dict()


def test_views_and_fields_are_found_through_layers():
    spec = fleet_chart()
    marks = [v["mark"]["type"] if isinstance(v["mark"], dict) else v["mark"] for v, _ in chart_text.views(spec)]
    assert marks == ["rect", "line", "point"]
    line = list(chart_text.views(spec))[1][0]
    assert chart_text.encoded_fields(line) == ["country", "year", "h100e"]


def test_drawn_data_keeps_only_encoded_columns_and_names_each_part():
    drawn = chart_text.drawn_data(fleet_chart())
    assert list(drawn.columns) == ["part", "low", "high", "country", "year", "h100e"]
    assert drawn["part"].tolist() == ["band: low"] + ["line: H100e"] * 6
    assert drawn["h100e"].dropna().tolist() == SERIES["h100e"].tolist()


def test_a_single_dataset_is_written_as_it_is_drawn():
    spec = alt.Chart(SERIES).mark_bar().encode(x="country:N", y="h100e:Q").to_dict()
    drawn = chart_text.drawn_data(spec)
    assert list(drawn.columns) == ["country", "h100e"] and len(drawn) == 6


def test_a_chart_without_encoded_data_is_refused():
    with pytest.raises(ValueError, match="encodes no field"):
        chart_text.drawn_data(alt.Chart(SERIES).mark_rule().encode(x=alt.datum(1)).to_dict())


def test_description_states_each_series_from_its_first_to_its_last_point():
    text = chart_text.describe(fleet_chart())
    assert text.startswith("t. The line chart plots H100e against Year from 2020 to 2022; the values run from 50 "
                           "to 1.25 million.")
    assert ("The US rises from 100 in 2020 to 1.25 million in 2022; China rises from 50 in 2020 to 110,000 "
            "in 2022.") in text
    assert "marks" not in text


def test_description_lists_categories_and_says_how_many_more():
    frame = pd.DataFrame({"chip": [f"chip {i}" for i in range(10)], "tflops": [float(i) for i in range(10)]})
    spec = alt.Chart(frame).mark_bar().encode(y=alt.Y("chip:N", title="Chip"), x=alt.X("tflops:Q", title="TFLOP/s"))
    text = chart_text.describe(spec.to_dict())
    assert "The chart compares TFLOP/s across Chip: chip 0 0, chip 1 1," in text and "and 2 more." in text


def test_description_follows_the_data():
    changed = SERIES.assign(h100e=SERIES["h100e"] * 2)
    spec = alt.Chart(changed).mark_line().encode(x="year:O", y="h100e:Q", color=charts.country_color()).to_dict()
    assert "2.5 million in 2022" in chart_text.describe(spec)


def dumbbell_chart():
    frame = pd.DataFrame({"dimension": ["compute", "compute", "papers", "papers"], "country": ["China", "US"] * 2,
                          "relative": [1.0, 11.4, 1.0, 0.48], "low": [6.0, 6.0, None, None],
                          "high": [11.4, 11.4, None, None]})
    base = alt.Chart(frame).encode(y=alt.Y("dimension:N", title=None))
    x = alt.X("relative:Q", title="US / China")
    lines = base.mark_line().encode(x=x, detail="dimension:N")
    ranges = base.mark_rule().encode(x="low:Q", x2="high:Q")
    dots = base.mark_point().encode(x=x, color=charts.country_color())
    return charts.styled(lines + ranges + dots, title="t", credit="Data: x").to_dict()


def test_a_dumbbell_names_each_category_once_with_each_series_value():
    text = chart_text.describe(dumbbell_chart())
    assert "The chart compares US / China across dimension: compute: US 11.4, China 1; papers: US 0.48, China 1." in text
    assert text.count("compute") == 2  # once with its values, once with its range


def test_a_range_is_read_as_a_range_not_as_its_lower_end():
    text = chart_text.describe(dumbbell_chart())
    assert "Ranges of US / China: compute 6 to 11.4." in text
    assert "papers 6" not in text



def test_a_band_is_read_as_a_range_and_never_as_the_series():
    rows = [{"year": "2015", "low": 3.83, "mid": 12.4, "high": 20.0}, {"year": "2025", "low": 5.21, "mid": 23.3, "high": 40.0}]
    spec = {"datasets": {"d": rows}, "data": {"name": "d"}, "layer": [
        {"mark": "area", "encoding": {"x": {"field": "year", "type": "ordinal"},
                                      "y": {"field": "low", "type": "quantitative", "title": "Ratio"},
                                      "y2": {"field": "high"}}},
        {"mark": "line", "encoding": {"x": {"field": "year", "type": "ordinal"},
                                      "y": {"field": "mid", "type": "quantitative", "title": "Ratio"}}}]}
    text = chart_text.describe(spec)
    assert "Ratio rises from 12.4 in 2015 to 23.3 in 2025." in text
    assert "A shaded band gives the range of Ratio: 3.83 to 20 in 2015; 5.21 to 40 in 2025." in text
    assert text.index("12.4 in 2015") < text.index("3.83 to 20")


def test_a_dumbbell_of_nine_categories_names_all_nine():
    frame = pd.DataFrame({"dimension": [f"d{i}" for i in range(9) for _ in range(2)], "country": ["China", "US"] * 9,
                          "relative": [v for i in range(9) for v in (1.0, i + 2.0)]})
    spec = alt.Chart(frame).mark_point().encode(y="dimension:N", x="relative:Q", color=charts.country_color())
    text = chart_text.describe(spec.to_dict())
    assert "d8: US 10, China 1." in text and "more" not in text


def _grid_spec():
    grid = pd.DataFrame({"us": [2.0, 2.0, 3.0, 3.0], "cn": [1.5, 2.5, 1.5, 2.5], "ratio": [12.0, 3.5, 145.0, 10.2]})
    base = alt.Chart(grid).encode(x=alt.X("us:O", title="US growth"), y=alt.Y("cn:O", title="China growth"))
    cells = base.mark_rect().encode(color=alt.Color("ratio:Q", title="Ratio"))
    return (cells + base.mark_text().encode(text="ratio:Q")).to_dict()


def test_a_heat_map_is_read_as_cells_not_as_one_series_per_value():
    # Read as series coloured by value, the grid said "145: 1.5 at 3" (one series per distinct ratio).
    text = chart_text.describe(_grid_spec())
    assert ("Ratio for each US growth and China growth (4 cells): lowest 3.5 at 2 and 2.5, "
            "highest 145 at 3 and 1.5.") in text
    assert "145:" not in text


def test_a_heat_map_reads_in_the_translation_s_order():
    from gaplib.present.i18n import Translator

    pattern = ("{value} for each {x} and {y} ({cells} cells): lowest {low} at {low_x} and {low_y}, "
               "highest {high} at {high_x} and {high_y}.")
    tr = Translator("zh_CN", {pattern: "{x} 与 {y} 各组合下的 {value}（共 {cells} 格）：最低 {low}（{low_x}，{low_y}），"
                                       "最高 {high}（{high_x}，{high_y}）。"})
    text = chart_text.describe(_grid_spec(), tr)
    assert "US growth 与 China growth 各组合下的 Ratio（共 4 格）：最低 3.5（2，2.5），最高 145（3，1.5）。" in text


ZH = {"line chart": "折线图", "in {when}": "{when}", "on {when}": "{when}", "{a}; {b}": "{a}；{b}",
      "The {kind} plots {y} against {x} from {x_low} to {x_high}; the values run from {y_low} to {y_high}.":
          "该{kind}的横轴为 {x}（{x_low} 至 {x_high}），纵轴为 {y}（{y_low} 至 {y_high}）。",
      "{series} rises from {first} {first_x} to {last} {last_x}": "{series} 从 {first_x} 的 {first} 升至 {last_x} 的 {last}"}


def _dated_chart(values, title="美国领先"):
    rows = [{"country": c, "date": d, "v": v} for (c, d), v in values.items()]
    line = alt.Chart(pd.DataFrame(rows)).mark_line().encode(
        x=alt.X("date:T", title="日期"), y=alt.Y("v:Q", title="训练算力（FLOP）"), color=charts.country_color())
    return charts.styled(line, title=title, credit="c").to_dict()


def test_a_chinese_description_writes_chinese_dates_numbers_and_sentences():
    from gaplib.present.i18n import Translator

    spec = _dated_chart({("US", "2018-08-28"): 4.8e20, ("US", "2023-10-17"): 3.9e25,
                         ("China", "2019-12-05"): 109_611.0, ("China", "2023-10-17"): 1.25e6})
    spec["datasets"] = {k: [{**r, "country": {"US": "美国", "China": "中国"}[r["country"]]} for r in rows]
                        for k, rows in spec["datasets"].items()}
    for item in [spec["encoding"]["color"]]:
        item["scale"]["domain"] = ["美国", "中国"]
    text = chart_text.describe(spec, Translator("zh_CN", ZH))
    assert text.startswith("美国领先。该折线图的横轴为日期（2018 年 8 月 28 日至 2023 年 10 月 17 日）")
    assert "美国从 2018 年 8 月 28 日的 4.8×10²⁰ 升至 2023 年 10 月 17 日的 3.9×10²⁵；" in text
    assert "中国从 2019 年 12 月 5 日的 11 万升至 2023 年 10 月 17 日的 125 万。" in text
    assert not re.search(r"\d{4}-\d{2}", text)  # no ISO date
    assert "bn" not in text and "e+" not in text and "," not in text.replace("，", "")
    assert "。 " not in text and "图表包含" not in text


def test_an_english_description_writes_dates_and_large_numbers_in_words():
    spec = _dated_chart({("US", "2018-08-28"): 4.8e20, ("US", "2023-10-17"): 3.9e25,
                         ("China", "2019-12-05"): 109_611.0, ("China", "2023-10-17"): 1.25e6}, title="US ahead")
    text = chart_text.describe(spec)
    assert "from 28 August 2018 to 17 October 2023" in text
    assert "The US rises from 4.8e+20 on 28 August 2018 to 3.9e+25 on 17 October 2023" in text
    assert "China rises from 110,000 on 5 December 2019 to 1.25 million on 17 October 2023." in text
    assert " bn" not in text


@pytest.mark.parametrize(("value", "english", "chinese"), [
    (0.0346, "0.0346", "0.0346"), (12.66, "12.7", "12.7"), (3966.0, "3,966", "3966"), (66_276.0, "66,300", "6.63 万"),
    (1_250_000.0, "1.25 million", "125 万"), (2.46e11, "246 billion", "2460 亿"), (4.4e26, "4.4e+26", "4.4×10²⁶"),
    (1e26, "1.0e+26", "10²⁶"), (999.7, "1,000", "1000")])
def test_description_numbers_in_each_edition(value, english, chinese):
    from gaplib.present import chart_words, numerals

    assert chart_words.number(value) == english and chart_words.number(value, "zh_CN") == chinese
    assert numerals.parse_values(english)[0] == pytest.approx(numerals.parse_values(chinese)[0])


@pytest.mark.parametrize(("label", "english", "chinese"), [
    ("2023-10-17", "17 October 2023", "2023 年 10 月 17 日"), ("2023-10", "October 2023", "2023 年 10 月"),
    (2023, "2023", "2023 年"), ("2023-10-17T00:00:00", "17 October 2023", "2023 年 10 月 17 日")])
def test_description_dates_in_each_edition(label, english, chinese):
    from gaplib.present import chart_words

    assert chart_words.date(label) == english and chart_words.date(label, "zh_CN") == chinese


def test_a_wrapped_chinese_title_is_joined_without_spaces():
    from gaplib.present import chart_words

    assert chart_words.title_text({"text": ["美国算力领先", "中国十一倍"]}) == "美国算力领先中国十一倍"
    assert chart_words.title_text(["The US leads", "China"]) == "The US leads China"

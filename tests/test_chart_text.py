"""A chart's data file and text alternative, read back from its Vega-Lite spec."""

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
    assert text.startswith("Chart with band and line and dot marks.")
    assert "H100e by Year: US: 100 at 2020 to 1.25 m at 2022; China: 50 at 2020 to 109,611 at 2022." in text


def test_description_lists_categories_and_says_how_many_more():
    frame = pd.DataFrame({"chip": [f"chip {i}" for i in range(10)], "tflops": [float(i) for i in range(10)]})
    spec = alt.Chart(frame).mark_bar().encode(y=alt.Y("chip:N", title="Chip"), x=alt.X("tflops:Q", title="TFLOP/s"))
    text = chart_text.describe(spec.to_dict())
    assert "TFLOP/s by Chip: chip 0 0, chip 1 1," in text and "and 2 more." in text


def test_description_follows_the_data():
    changed = SERIES.assign(h100e=SERIES["h100e"] * 2)
    spec = alt.Chart(changed).mark_line().encode(x="year:O", y="h100e:Q", color=charts.country_color()).to_dict()
    assert "2.5 m at 2022" in chart_text.describe(spec)


def test_a_band_is_read_as_a_range_and_never_as_the_series():
    rows = [{"year": "2015", "low": 3.83, "mid": 12.4, "high": 20.0}, {"year": "2025", "low": 5.21, "mid": 23.3, "high": 40.0}]
    spec = {"datasets": {"d": rows}, "data": {"name": "d"}, "layer": [
        {"mark": "area", "encoding": {"x": {"field": "year", "type": "ordinal"},
                                      "y": {"field": "low", "type": "quantitative", "title": "Ratio"},
                                      "y2": {"field": "high"}}},
        {"mark": "line", "encoding": {"x": {"field": "year", "type": "ordinal"},
                                      "y": {"field": "mid", "type": "quantitative", "title": "Ratio"}}}]}
    text = chart_text.describe(spec)
    assert "Ratio by year: 12.4 at 2015 to 23.3 at 2025." in text
    assert "Band of Ratio by year: 3.83 to 20 at 2015; 5.21 to 40 at 2025." in text
    assert text.index("12.4 at 2015") < text.index("3.83 to 20")

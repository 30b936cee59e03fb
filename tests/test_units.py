"""Tables and chart axes rescaled to the unit their translated header counts in (numerals.header_shift)."""

import re

import pandas as pd
import pytest

from gaplib.present import numerals
from gaplib.present.chart_i18n import localise
from gaplib.present.i18n import Translator
from gaplib.present.tables import table_html


@pytest.mark.parametrize(("english", "chinese", "power"), [
    ("Capital expenditure (billion USD)", "资本支出（亿美元）", 1),
    ("Spend (million USD)", "支出（亿美元）", -2),
    ("Chips (million)", "芯片（万颗）", 2),
    ("Compute (trillion FLOP)", "算力（万亿 FLOP）", 0),
    ("H100-equivalents bought (thousands, log)", "购得的 H100 当量（单位：万个，对数坐标）", -1),  # a plural unit word
    ("Chips (millions)", "芯片（万颗）", 2),
    ("Capital expenditure (billion USD)", "资本支出（单位：十亿美元）", 0),  # kept in the English unit: no rescale
    ("Capital expenditure", "资本支出（亿美元）", 0),  # no English unit word to rescale from
    ("spend_bn", "支出（亿美元）", 1), ("chips_m", "芯片（万颗）", 2), ("spend_bn", "支出", 0),  # a field name's unit
])
def test_header_shift_is_the_power_between_the_two_units(english, chinese, power):
    assert numerals.header_shift(english, chinese, "zh_CN") == power
    assert numerals.header_shift(english, chinese, "en") == 0


@pytest.mark.parametrize(("text", "power", "out"), [
    ("148.3", 1, "1483"), ("148.35", 1, "1483.5"), ("0.56", 1, "5.6"), ("1,173", 1, "11730"),
    ("558", -2, "5.58"), ("-2.5", 1, "-25"), ("—", 1, "—"),
])
def test_shifted_keeps_the_english_precision(text, power, out):
    assert numerals.shifted(text, power) == out
    assert numerals.parse_value(out) == pytest.approx(numerals.parse_value(text.replace(",", "")) * 10 ** power) \
        if out != "—" else True


def _cells(page: str) -> list[str]:
    return re.findall(r"<td[^>]*>([^<]*)</td>", page)


def test_a_chinese_table_counts_in_its_header_unit_and_the_english_is_unchanged():
    frame = pd.DataFrame({"firm": ["A", "B"], "capex_bn": [148.35, 0.56], "share": [12.5, 3.25]})
    places = {"capex_bn": 2, "share": 2}
    labels = {"firm": "Firm", "capex_bn": "Capital expenditure (billion USD)", "share": "Share (%)"}
    tr = Translator("zh_CN", {"Capital expenditure (billion USD)": "资本支出（亿美元）", "Firm": "企业", "Share (%)": "份额（%）"})
    assert _cells(table_html(frame, name="t", labels=labels, decimals=places)) == ["A", "148.35", "12.50", "B", "0.56", "3.25"]
    assert _cells(table_html(frame, name="t", labels=labels, decimals=places, tr=tr)) == ["A", "1483.5", "12.50", "B", "5.6", "3.25"]
    kept = Translator("zh_CN", {"Capital expenditure (billion USD)": "资本支出（单位：十亿美元）"})
    assert _cells(table_html(frame, name="t", labels=labels, decimals=places, tr=kept))[1] == "148.35"


def test_a_chinese_axis_labels_its_ticks_in_the_header_unit():
    spec = {"mark": "bar", "encoding": {
        "x": {"field": "firm", "type": "nominal", "title": "Firm"},
        "y": {"field": "v", "type": "quantitative", "title": "Capital expenditure (billion USD)"},
        "tooltip": [{"field": "v", "type": "quantitative", "title": "Share (%)"}]},
        "datasets": {"d": [{"firm": "A", "v": 148.35}]}}
    tr = Translator("zh_CN", {"Capital expenditure (billion USD)": "资本支出（亿美元）"})
    out = localise(spec, tr)
    assert out["encoding"]["y"]["axis"] == {"labelExpr": "datum.label === '' ? '' : format(datum.value * 10, '~r')"}
    assert out["encoding"]["y"]["title"] == "资本支出（亿美元）"
    assert out["datasets"] == spec["datasets"]  # the data stay; only the tick labels change
    assert "axis" not in out["encoding"]["x"]
    assert "axis" not in localise(spec, Translator("en"))["encoding"]["y"]
    no_axis = {**spec, "encoding": {"y": {**spec["encoding"]["y"], "axis": None}}}
    assert localise(no_axis, tr)["encoding"]["y"]["axis"] is None


def test_the_text_alternative_reads_the_numbers_the_rescaled_axis_shows():
    from gaplib.present.chart_text import describe

    spec = {"layer": [
        {"mark": "bar", "data": {"name": "d"}, "encoding": {
            "x": {"field": "firm", "type": "nominal", "title": "Firm"},
            "y": {"field": "v", "type": "quantitative", "title": "Capital expenditure (billion USD)"}}},
        {"mark": "rule", "data": {"name": "d"}, "encoding": {
            "x": {"field": "firm", "type": "nominal"}, "y": {"field": "low", "type": "quantitative"},
            "y2": {"field": "high"}}}],
        "datasets": {"d": [{"firm": "A", "v": 148.3, "low": 100.0, "high": 200.0},
                           {"firm": "B", "v": 0.56, "low": 0.5, "high": 0.6}]}}
    tr = Translator("zh_CN", {"Capital expenditure (billion USD)": "资本支出（亿美元）"})
    english_text, chinese_text = describe(localise(spec, Translator("en"))), describe(localise(spec, tr))
    assert "A 148, B 0.56" in english_text
    assert "A 1,483, B 5.6" in chinese_text


def test_a_chinese_tooltip_reads_the_value_in_its_titles_unit_and_the_data_stay():
    spec = {"mark": "bar", "encoding": {
        "x": {"field": "year", "type": "ordinal", "title": "Year"},
        "y": {"field": "spend_bn", "type": "quantitative", "title": "Compute spend (billion USD per year)"},
        "tooltip": [{"field": "lab", "type": "nominal"}, {"field": "spend_bn", "type": "quantitative", "format": ".2f"}]},
        "datasets": {"d": [{"year": 2024, "lab": "A", "spend_bn": 5.8}]}}
    tr = Translator("zh_CN", {"spend_bn": "支出（亿美元）", "Compute spend (billion USD per year)": "算力支出（亿美元/年）"})
    out = localise(spec, tr)
    assert out["encoding"]["tooltip"][1] == {"field": "spend_bn_x1e1", "type": "quantitative", "format": ".1f",
                                             "title": "支出（亿美元）"}
    assert out["transform"] == [{"calculate": "datum['spend_bn'] * 10", "as": "spend_bn_x1e1"}]
    assert out["datasets"] == spec["datasets"]
    for kept in (Translator("en"), Translator("zh_CN", {"spend_bn": "支出（单位：十亿美元）"})):
        unchanged = localise(spec, kept)
        assert unchanged["encoding"]["tooltip"][1]["field"] == "spend_bn" and "transform" not in unchanged

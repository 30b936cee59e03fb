"""The cells of a changes table: values and percentages in each edition's number form, and the changes no
percentage describes in words."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gaplib.engine.change_cells import PERCENT_WORDS, format_value, percent_cell, percent_value
from gaplib.present.numerals import parse_value

WORDS = dict(zip(PERCENT_WORDS, PERCENT_WORDS))


def test_a_very_small_or_very_large_value_is_a_power_of_ten_the_same_in_both_editions():
    # (value, English, Chinese): 1.5e-05 was "1.5e-05" and "0.00002", which lost a figure.
    cells = {1.5e-05: ("1.5×10⁻⁵", "1.5×10⁻⁵"), -1.5e-05: ("-1.5×10⁻⁵", "-1.5×10⁻⁵"),
             1e-05: ("10⁻⁵", "10⁻⁵"), 4.4e26: ("4.4×10²⁶", "4.4×10²⁶"), -1.23456e15: ("-1.23×10¹⁵", "-1.23×10¹⁵"),
             0.000123: ("0.000123", "0.000123"), 2_120_000: ("2.12 m", "212 万"), 1.17e9: ("1.17 bn", "11.7 亿"),
             -24.3: ("-24.3", "-24.3")}
    for value, (english, chinese) in cells.items():
        assert (format_value(value), format_value(value, language="zh_CN")) == (english, chinese)
    assert parse_value("1.5×10⁻⁵") == 1.5e-05


def test_zero_missing_and_not_finite_values():
    assert [format_value(v) for v in (0, 0.0, -0.0)] == ["0", "0", "0"]
    assert format_value(None, language="zh_CN") == "—"
    assert [format_value(v, language=lang) for v in (math.nan, math.inf, -math.inf) for lang in ("en", "zh_CN")] == \
        ["n/a"] * 6


def test_a_value_that_rounds_up_to_the_next_power_keeps_the_ledger_form():
    # Three figures of 999.95 are 1.00e+03: the ledger writes it 1,000, not "10³".
    assert (format_value(999.95), format_value(999.95, language="zh_CN")) == ("1,000", "1000")


def test_a_percentage_is_signed_to_three_figures_and_grouped_in_english_only():
    # (change in percent, English, Chinese); the build's +556533.3 came from 1.5e-05 → 0.0835.
    cells = {100 * (0.0835 - 1.5e-05) / 1.5e-05: ("+556,567", "+556567"), 100 * 0.6 / 11.4: ("+5.26", "+5.26"),
             -24.31: ("-24.3", "-24.3"), -100.0: ("-100", "-100"), 0.004: ("+0.004", "+0.004"),
             1234.4: ("+1,234", "+1234"), 12_345_678.9: ("+12,345,679", "+12345679"),
             1.5e-05: ("+1.5×10⁻⁵", "+1.5×10⁻⁵"), -3e16: ("-3×10¹⁶", "-3×10¹⁶"), 999.95: ("+1,000", "+1000")}
    for pct, (english, chinese) in cells.items():
        assert (percent_value(pct), percent_value(pct, "zh_CN")) == (english, chinese)
    assert percent_value(math.nan) == percent_value(math.inf, "zh_CN") == "n/a"


def test_a_change_no_percentage_describes_reads_in_words():
    assert percent_cell(None, 3, WORDS) == "new"
    assert percent_cell(0.0015, None, WORDS) == "removed"
    assert percent_cell("widening", None, WORDS) == "removed"
    assert percent_cell(0, 0.00131, WORDS) == "from zero"
    assert percent_cell(-0.0, -2, WORDS) == "from zero"
    assert percent_cell(math.nan, 1.0, WORDS) == percent_cell(1.0, math.inf, WORDS) == "n/a"
    assert percent_cell("widening", "narrowing", WORDS) == "—"
    assert percent_cell(1.5e-05, 0.0835, WORDS) == "+556,567"
    assert percent_cell(-2.0, -1.0, WORDS, "zh_CN") == "+50"  # a percentage of the size of the edition's value
    chinese = {"new": "新增", "removed": "已移除", "from zero": "从零起", "n/a": "无数值"}
    assert percent_cell(None, 3, chinese, "zh_CN") == "新增"


@given(st.floats(min_value=-1e300, max_value=1e300).filter(lambda x: x != 0))  # rounding near the largest float overflows
def test_both_editions_show_one_percentage_near_the_true_one(pct):
    english, chinese = percent_value(pct), percent_value(pct, "zh_CN")
    assert "e" not in english and "," not in chinese
    assert parse_value(english) == parse_value(chinese)
    assert parse_value(english) == pytest.approx(pct, rel=5e-3)


@given(st.floats(allow_nan=False, allow_infinity=False).filter(lambda x: x != 0 and abs(x) < 1e6))
def test_both_editions_show_one_value_near_the_true_one(value):
    english, chinese = format_value(value), format_value(value, language="zh_CN")
    assert "e" not in english
    shown = parse_value(chinese)
    assert shown == pytest.approx(value, rel=5e-3)
    if "," not in english:
        assert parse_value(english) == shown

"""Numbers in each edition's form: the 万/亿 ladder from CLDR, the same value and precision as the English."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, strategies as st

from gaplib.present import numerals
from gaplib.present.edition_numbers import unmatched_values
from gaplib.present.i18n import Translator


def test_the_chinese_ladder_comes_from_cldr():
    assert numerals.ladder("zh_CN") == ((12, "万亿"), (8, "亿"), (4, "万"))
    assert numerals.ladder("en") == ()


@pytest.mark.parametrize("english, power, chinese", [
    ("148.35", 9, "1483.5 亿"), ("148.3", 9, "1483 亿"), ("13.9", 9, "139 亿"), ("1,173", 6, "11.73 亿"),
    ("558", 6, "5.58 亿"), ("267", 6, "2.67 亿"), ("1.25", 6, "125 万"), ("200", 3, "20 万"),
    ("2.788", 6, "278.8 万"), ("3.7", 6, "370 万"), ("11", 9, "110 亿"), ("4.5", 12, "4.5 万亿"),
    ("9.5", 3, "9500"), ("0.5", 9, "5 亿"), ("-3.2", 9, "-32 亿"),
])
def test_the_reviews_examples_read_as_a_chinese_publication_writes_them(english, power, chinese):
    assert numerals.from_english(english, power, "zh_CN") == chinese


def test_english_keeps_its_text():
    assert numerals.from_english("148.3", 9, "en") == "148.3"
    assert numerals.scientific("1.0e+26", "en") == "1.0e+26"


def test_powers_of_ten_are_superscripts():
    assert numerals.scientific("1.0e+26", "zh_CN") == "10²⁶"
    assert numerals.scientific("2.5e+24", "zh_CN") == "2.5×10²⁴"
    assert numerals.scientific("3e-05", "zh_CN") == "3×10⁻⁵"


def test_a_power_of_ten_reads_the_same_in_every_edition_and_keeps_its_sign():
    assert numerals.power_of_ten("1.5e-05") == "1.5×10⁻⁵"
    assert numerals.power_of_ten("-4.4e+26") == "-4.4×10²⁶"
    assert numerals.power_of_ten("-1e+26") == "-10²⁶"
    assert numerals.power_of_ten("1.0e+15") == "10¹⁵"
    assert numerals.parse_value("-1.5×10⁻⁵") == -1.5e-05
    assert numerals.parse_value("-10³⁰⁰") == -1e300 and numerals.parse_value("+10²") == 100.0  # a bare power keeps its sign
    with pytest.raises(ValueError, match="not a number in e-notation"):
        numerals.power_of_ten("0.000015")


def test_bad_input_is_a_one_line_error():
    with pytest.raises(ValueError, match="not a number"):
        numerals.from_english("n/a", 9, "zh_CN")
    with pytest.raises(ValueError, match="unknown number form"):
        numerals.local("1.5", "e99x", "zh_CN")


def test_a_translation_writes_a_code_made_number_in_its_own_form():
    tr = Translator("zh_CN", {"{0} m H100-equivalents": "{0:e6}个 H100 当量", "{0} bn USD": "{0:e9}美元"})
    assert tr("1.25 m H100-equivalents") == "125 万个 H100 当量"
    assert tr("148.35 bn USD") == "1483.5 亿美元"


def test_both_editions_parse_back_to_the_same_values():
    english = "US private investment of 148.3 billion, 1.25 m H100e, 200k chips and a run of 1.0e+26 FLOP"
    chinese = "美国私人投资 1483 亿美元，125 万个 H100 当量，20 万颗芯片，10²⁶ FLOP 的训练"
    assert numerals.parse_values(english) == numerals.parse_values(chinese) == [1.483e11, 1.25e6, 2e5, 1e26]


@given(st.decimals(min_value=Decimal("0.001"), max_value=Decimal("99999"), places=3, allow_nan=False),
       st.sampled_from([3, 6, 9]))
def test_any_number_keeps_its_value_and_precision(value, power):
    english = f"{value:f}"
    chinese = numerals.from_english(english, power, "zh_CN")
    (parsed,) = numerals.parse_values(chinese)
    assert parsed == pytest.approx(float(value) * 10 ** power, rel=1e-12)
    # as many significant digits as the English shows, never fewer
    digits = lambda text: len(text.split(" ")[0].replace("-", "").replace(".", "").lstrip("0"))
    assert digits(chinese) >= len(english.replace(".", "").lstrip("0").rstrip("0")) or "." not in english


@pytest.mark.parametrize("english, chinese", [
    ("17,828,151", "约 1783 万"), ("1,250,987", "约 125.1 万"), ("103,493", "约 10.35 万"),
    ("15,000", "1.5 万"), ("10,000", "1 万"), ("250,000,000", "2.5 亿"), ("99,995,000", "约 1.000 亿"), ("1,250,012", "约 125.0 万"),
    ("9,876", "9876"), ("2,000", "2000"), ("-12,345", "约 -1.235 万"), ("1,234,567,890,123", "约 1.235 万亿"),
])
def test_a_count_reads_on_the_ladder_to_four_figures_with_about_when_rounded(english, chinese):
    assert numerals.count(english, "zh_CN") == chinese
    assert numerals.local(english, "count", "zh_CN") == chinese
    assert numerals.count(english, "en") == english


def test_a_technical_measure_stays_in_digits_without_grouping():
    assert numerals.local("15,832", "plain", "zh_CN") == "15832"
    assert numerals.local("4,800", "plain", "zh_CN") == "4800"
    assert numerals.local("15,832", "plain", "en") == "15,832"
    with pytest.raises(ValueError, match="not a number"):
        numerals.plain("n/a", "zh_CN")
    with pytest.raises(ValueError, match="not a number"):
        numerals.count("1e", "zh_CN")


def test_a_rounded_count_parses_back_with_half_a_unit_of_its_last_figure():
    assert numerals.shown_value("约 1783 万") == (17830000.0, 5000.0)
    assert numerals.shown_value("约 10.35 万") == (103500.0, 50.0)
    assert numerals.shown_value("1783 万") == (17830000.0, 0.0)
    assert numerals.shown_value("15,832") == (15832.0, 0.0)
    assert numerals.parse_value("约 125.1 万") == 1251000.0
    assert numerals.shown_value("约") is None


def test_editions_pair_a_rounded_count_only_within_its_tolerance():
    english = [(17828151.0, 0.0), (15832.0, 0.0)]
    assert unmatched_values(english, [(17830000.0, 5000.0), (15832.0, 0.0)]) == ([], [])
    assert unmatched_values(english, [(17840000.0, 5000.0), (15832.0, 0.0)]) == ([17828151.0], [17840000.0])
    # a figure shown exactly gets no tolerance: 15833 is not 15,832, however close
    assert unmatched_values(english, [(17830000.0, 5000.0), (15833.0, 0.0)]) == ([15832.0], [15833.0])
    # two rounded counts cannot both pair with one English value
    assert unmatched_values([(17828151.0, 0.0)], [(17830000.0, 5000.0)] * 2) == ([], [17830000.0])


@given(st.integers(min_value=-10**13, max_value=10**13))
def test_any_count_parses_back_within_the_tolerance_it_shows(value):
    english = f"{value:,d}"
    value_shown, tolerance = numerals.shown_value(numerals.count(english, "zh_CN"))
    assert abs(value_shown - value) <= tolerance
    # four significant figures: the tolerance is half a unit of the fourth
    assert tolerance == 0 or tolerance == 10 ** (len(str(abs(round(value_shown)))) - numerals.COUNT_FIGURES) / 2
    assert (tolerance == 0) == (value_shown == value)


def test_an_iso_dates_month_and_day_read_without_the_leading_zero():
    from gaplib.present.numerals import Number, local

    parts = [Number(n, "zh_CN") for n in ("2025", "03", "31")]
    assert "{0} 年 {1:month} 月 {2:day} 日".format(*parts) == "2025 年 3 月 31 日"
    assert local("10", "month", "zh_CN") == "10" and local("09", "day", "en") == "9"
    for text, part in (("13", "month"), ("00", "day"), ("32", "day"), ("3.5", "month"), ("2025", "day")):
        with pytest.raises(ValueError, match=f"not a {part} of a date"):
            local(text, part, "zh_CN")

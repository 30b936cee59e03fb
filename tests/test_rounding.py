"""The significant-figure rounding the ledger and the chart descriptions share (gaplib.present.rounding)."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gaplib.present import chart_words
from gaplib.present.claims_render import format_number
from gaplib.present.rounding import significant


@pytest.mark.parametrize(("value", "text"), [
    (0.034567, "0.0346"), (12.74, "12.7"), (12.0, "12"), (66_349, "66,300"), (109_611, "110,000"),
    (999.7, "1,000"), (-999.7, "-1,000"), (0.0, "0"), (1.2345e-5, "1.23e-05"), (0.00012345, "0.000123"),
])
def test_three_significant_figures_in_english_digits(value, text):
    assert significant(value) == text


@given(st.floats(min_value=1e-3, max_value=1e12, allow_nan=False))
def test_the_text_is_the_value_to_three_figures(value):
    text = significant(value)
    assert "e" not in text
    unit = 10.0 ** (math.floor(math.log10(value)) - 2)  # the third figure's place
    assert abs(float(text.replace(",", "")) - value) <= unit / 2 * (1 + 1e-9)
    assert len(text.replace(",", "").replace(".", "").strip("0")) <= 3


def test_the_ledger_and_the_descriptions_round_alike_below_a_thousand_and_in_millions():
    # Python's "{:.3g}" wrote 999.7 as "1e+03"; both now write the rounded value in digits.
    assert format_number(999.7) == "1,000" == chart_words.number(999.7)
    assert format_number(999_600_000) == "1,000 m" and chart_words.number(999_600_000) == "1,000 million"
    assert format_number(1_254_000) == "1.25 m" and chart_words.number(1_254_000) == "1.25 million"
    assert format_number(0.2) == "0.2" == chart_words.number(0.2)

"""The house table: labels, number formats, intervals, links and empty cells as a reader sees them."""

import math
import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, strategies as st

from gaplib.present import tables


def cells(html: str) -> list[str]:
    return re.findall(r"<td[^>]*>(.*?)</td>", html, flags=re.S)


def headers(html: str) -> list[str]:
    return [h.strip() for h in re.findall(r"<th(?:\s[^>]*)?>(.*?)</th>", html, flags=re.S)]


FRAME = pd.DataFrame({
    "chip": ["H100", "Ascend 910C"], "tflops": [989.4, np.nan], "low": [900.0, 1.0], "high": [1000.0, 2.0],
    "shipped": pd.array([pd.NA, True], dtype="boolean"), "url": ["https://www.reuters.com/technology/x", None],
    "units": [1_234_567, 2], "released": pd.to_datetime(["2022-09-20", "2024-10-15"]),
})


def test_numbers_dates_booleans_links_and_empty_cells_are_formatted_for_readers():
    html = tables.table_html(FRAME, name="chips", labels={
        "chip": "Chip", "peak": "Dense 16-bit (TFLOP/s) [range]", "shipped": "Shipped", "url": "Source",
        "units": "Units", "released": "Released"}, intervals={"peak": ("tflops", "low", "high")})
    assert headers(html) == ["Chip", "Dense 16-bit (TFLOP/s) [range]", "Shipped", "Source", "Units", "Released"]
    assert cells(html) == ["H100", "989 [900–1,000]", "—", '<a href="https://www.reuters.com/technology/x">reuters.com</a>',
                           "1,234,567", "2022-09-20",
                           "Ascend 910C", "—", "yes", "—", "2", "2024-10-15"]
    assert "NaN" not in html and "nan" not in html.lower().replace("nan ", "")


def test_no_index_column_and_a_meaningful_index_becomes_a_labelled_column():
    frame = pd.DataFrame({"ratio": [11.41, 16.02]}, index=pd.Index(["standard", "all rows"], name="counting"))
    html = tables.table_html(frame, name="t", labels={"counting": "Counting", "ratio": "US/China (x)"})
    assert headers(html) == ["Counting", "US/China (x)"]
    assert cells(html) == ["standard", "11.4", "all rows", "16.0"]
    default = tables.table_html(pd.DataFrame({"a_b": [1]}), name="t2")
    assert headers(default) == ["A b"]  # no index header, no snake_case
    assert not any(tables.is_snake_case(h) for h in headers(default))


def test_category_codes_read_as_words_but_other_text_is_kept():
    html = tables.table_html(pd.DataFrame({"status": ["in_force", "3A090.a", "Same rule as R02"]}), name="t")
    assert cells(html) == ["in force", "3A090.a", "Same rule as R02"]


def test_text_is_escaped_and_the_box_has_its_anchor_and_data_link():
    html = tables.table_html(pd.DataFrame({"x": ["<b>&"]}), name="hardware-x", labels={"x": "P(ratio < 2)"},
                             caption="Caption", data_href="../hardware.x.csv")
    assert "&lt;b&gt;&amp;" in html and "P(ratio &lt; 2)" in html
    assert html.startswith('<div class="gap-table" id="hardware-x">')
    assert '<a href="../hardware.x.csv" download>Data (CSV)</a>' in html


def test_an_unknown_column_is_refused_with_the_columns_there_are():
    with pytest.raises(KeyError, match=r"no columns \['nope'\].*'chip'"):
        tables.table_html(FRAME, name="t", labels={"nope": "Nope"})


@pytest.mark.parametrize(("values", "decimals"), [([150.0, 2000.0], 0), ([11.4, 23.0], 1), ([0.38, 1.2], 2),
                                                  ([math.nan], 2)])
def test_decimals_follow_the_size_of_the_column(values, decimals):
    assert tables.auto_decimals(pd.Series(values)) == decimals


def test_interval_and_number_formats():
    assert tables.format_interval(4.3, 3.2, 5.7, 1) == "4.3 [3.2–5.7]"
    assert tables.format_interval(4.3, math.nan, 5.7, 1) == "4.3"
    assert tables.format_interval(math.nan, 1, 2, 1) == "—"
    assert tables.format_number(12345.678, 1) == "12,345.7"
    assert tables.format_number(None, 1) == "—"
    assert tables.site_name("https://www.federalregister.gov/d/2022-21658") == "federalregister.gov"


@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12), st.integers(0, 3))
def test_formatted_numbers_read_back_to_the_value(value, decimals):
    text = tables.format_number(value, decimals)
    assert math.isclose(float(text.replace(",", "")), round(value, decimals), abs_tol=10 ** -decimals)


@pytest.mark.parametrize(("label", "snake"), [("us_ci_low", True), ("slope_difference_pvalue", True),
                                              ("US ratio", False), ("ratio", False), ("P(x < 2)", False)])
def test_snake_case_detection(label, snake):
    assert tables.is_snake_case(label) is snake


def test_a_rows_value_is_rescaled_to_the_ladder_step_its_translated_unit_names():
    from gaplib.present.i18n import Translator

    tr = Translator("zh_CN", {"million H800 GPU-hours": "万 H800 GPU 小时", "TFLOP/s per chip": "每颗芯片 TFLOP/s",
                              "Value": "数值", "Unit": "单位"})
    facts = pd.DataFrame({"value": [2.788, 989.0], "unit": ["million H800 GPU-hours", "TFLOP/s per chip"]})
    kwargs = {"name": "facts", "labels": {"value": "Value", "unit": "Unit"}, "decimals": {"value": 3}}
    cells = re.findall(r"<td[^>]*>([^<]*)<", tables.table_html(facts, tr=tr, **kwargs))
    assert cells == ["278.8", "万 H800 GPU 小时", "989.000", "每颗芯片 TFLOP/s"]
    assert re.findall(r"<td[^>]*>([^<]*)<", tables.table_html(facts, **kwargs))[:2] == ["2.788", "million H800 GPU-hours"]
    as_text = facts.astype({"value": str}).assign(value=["2.788", "989"])  # a table of facts holds its values as text
    assert re.findall(r"<td[^>]*>([^<]*)<", tables.table_html(as_text, tr=tr, **kwargs))[0] == "278.8"
    kept = Translator("zh_CN", {"million H800 GPU-hours": "百万 H800 GPU 小时"})  # a unit kept in its English step
    assert re.findall(r"<td[^>]*>([^<]*)<", tables.table_html(facts, tr=kept, **kwargs))[0] == "2.788"


def test_a_year_column_reads_as_a_year_and_other_counts_keep_their_separators():
    frame = pd.DataFrame({"year": [2030, 2035], "first_year": [2019, 2024], "clusters": [2030, 12345]})
    cells = re.findall(r"<td[^>]*>([^<]*)</td>", tables.table_html(frame, name="t"))
    assert cells == ["2030", "2019", "2,030", "2035", "2024", "12,345"]

"""Golden values of the gap at a glance on small tables and results worked out here by hand: the
ranges, the answer's sentences on both sides of the parity ratio, the glue counts, the chart's rows
and title. Direction words are spelled out, not read from the module."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from gaplib.summary import overview
from gaplib.summary.dimensions import Dimension

NAN = math.nan


def _dim(**fields) -> Dimension:
    return Dimension("x", "X", "x", "hardware", "H100-equivalents", "inputs", **fields)


def _table(rows: list[tuple[str, float, str]]) -> pd.DataFrame:
    """(phrase, ratio, direction) rows."""
    return pd.DataFrame([{"slug": p.replace(" ", "_"), "dimension": p.title(), "phrase": p, "group": "inputs",
                          "ratio": r, "direction": d} for p, r, d in rows])


# --- _num and fill -------------------------------------------------------------------------------------

@pytest.mark.parametrize("value, expected", [
    (3, 3.0), (2.5, 2.5), (True, NAN), ("4", NAN), (math.inf, NAN), (-math.inf, NAN), (NAN, NAN), (None, NAN),
])
def test_num_reads_finite_numbers_only(value, expected):
    got = overview._num({"k": value}, "k")
    assert (math.isnan(got) and math.isnan(expected)) or got == expected


def test_num_without_a_key_is_nan():
    assert math.isnan(overview._num({"k": 1.0}, None))
    assert math.isnan(overview._num({"k": 1.0}, "other"))


def test_fill_formats_numbers_years_and_words():
    r = {"ratio": 12.345, "start_year": 2022.0, "mid_year": 2022.5, "who": "Epoch", "empty": "", "n": 1500.0}
    assert overview.fill("{ratio}x since {start_year}", r) == "12.3x since 2022"
    assert overview.fill("half {mid_year}", r) == "half 2,022"  # a fractional year is a number, with a comma
    assert overview.fill("by {who}, {n} rows", r) == "by Epoch, 1,500 rows"
    assert overview.fill("{empty} here", r) == ""
    assert overview.fill("{missing} here", r) == ""
    assert overview.fill("no keys", r) == "no keys"


# --- ranges --------------------------------------------------------------------------------------------

def test_ratio_range_spans_the_ratio_and_its_bounds():
    r = {"low": 3.0, "high": 8.0, "us_lo": 10.0, "us_hi": 20.0, "cn_lo": 2.0, "cn_hi": 5.0}
    assert overview.ratio_range(_dim(ratio_range=("low", "high")), r, 5.0) == (3.0, 8.0)
    assert overview.ratio_range(_dim(ratio_range=("low", "high")), r, 2.0) == (2.0, 8.0)   # ratio below its bounds
    assert overview.ratio_range(_dim(ratio_range=("low", "high")), r, 9.0) == (3.0, 9.0)   # above
    # the quotient of intervals: 10/5 = 2 to 20/2 = 10
    quotient = _dim(ratio_range=("quotient", "us_lo", "us_hi", "cn_lo", "cn_hi"))
    assert overview.ratio_range(quotient, r, 4.0) == (2.0, 10.0)
    assert overview.ratio_range(quotient, r, 12.0) == (2.0, 12.0)


@pytest.mark.parametrize("dim_range, r, ratio", [
    ((), {"low": 1.0, "high": 2.0}, 1.5),                                   # no range declared
    (("low", "high"), {"low": 1.0, "high": 2.0}, NAN),                      # no ratio
    (("low", "high"), {"low": 1.0}, 1.5),                                   # a bound missing
    (("quotient", "a", "b", "c", "d"), {"a": 1.0, "b": 2.0, "c": 0.0, "d": 1.0}, 1.5),   # China low 0
    (("quotient", "a", "b", "c", "d"), {"a": 1.0, "b": 2.0, "c": 1.0, "d": 0.0}, 1.5),   # China high 0
    (("quotient", "a", "b", "c", "d"), {"a": 1.0, "b": 2.0, "c": -1.0, "d": 1.0}, 1.5),
    (("quotient", "a", "b", "c", "d"), {"a": 1.0, "c": 1.0, "d": 2.0}, 1.5),             # US high missing
])
def test_ratio_range_without_a_range_is_nan(dim_range, r, ratio):
    low, high = overview.ratio_range(_dim(ratio_range=dim_range), r, ratio)
    assert math.isnan(low) and math.isnan(high)


def test_gap_range_by_hand():
    r = {"lo": 4.0, "hi": 19.0, "margin": 7.5}
    assert overview.gap_range(_dim(gap_range=("lo", "hi")), r, 10.0) == (4.0, 19.0)
    assert overview.gap_range(_dim(gap_range=("+-", "margin")), r, 40.0) == (32.5, 47.5)
    assert all(math.isnan(v) for v in overview.gap_range(_dim(gap_range=("lo", "hi")), r, NAN))
    assert all(math.isnan(v) for v in overview.gap_range(_dim(), r, 10.0))


# --- reading -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("direction, ratio, words", [
    ("widening", 2.0, "US lead growing"),
    ("widening", 1.0, "US lead growing"),        # parity is not a China lead
    ("widening", 0.5, "China's lead shrinking"),
    ("narrowing", 2.0, "US lead shrinking"),
    ("narrowing", 1.0, "US lead shrinking"),
    ("narrowing", 0.5, "China's lead growing"),
    ("widening", NAN, "US lead growing"),
    ("stable", 0.5, "stable"),
])
def test_reading(direction, ratio, words):
    assert overview.reading(direction, ratio) == words


# --- gap_answer ----------------------------------------------------------------------------------------

def test_answer_yes_with_leads_on_both_sides_of_parity():
    table = _table([("compute", 10.0, "widening"), ("chips", 2.0, "stable"), ("papers", 0.25, "unclear"),
                    ("patents", 0.5, "result missing"), ("models", 1.5, "not measured")])
    answer = overview.gap_answer(table, parity_ratio=2.0)
    assert answer == (
        "Yes, where the book can measure a trend: the US position is improving in compute. "
        "The United States leads by 10 times in compute. "
        "In chips, patents and models the two are within 2 times of each other. "   # 2.0, 0.5 and 1.5: at or inside
        "China leads by 4 times in papers. "
        "The gap is about stable in chips. "
        "For papers the data cannot yet tell the direction. "
        "Results are missing from this build for patents.")


def test_answer_no_with_several_leads_each_way():
    table = _table([("a", 3.0, "narrowing"), ("b", 6.0, "narrowing"), ("c", 0.2, "depends on definition"),
                    ("d", 0.1, "not measured"), ("e", NAN, "narrowing")])
    answer = overview.gap_answer(table, parity_ratio=2.0)
    assert answer == (
        "No, where the book can measure a trend: China is gaining in a, b and e. "
        "The United States leads by 3 to 6 times in a and b. "
        "China leads by 5 to 10 times in c and d. "
        "For c the direction depends on the definition.")


def test_answer_depends_and_cannot_tell():
    table = _table([("a", 1.2, "widening"), ("b", 0.9, "narrowing")])
    assert overview.gap_answer(table, parity_ratio=1.5) == (
        "It depends on the measure: the US position is improving in a, while China is gaining in b. "
        "In a and b the two are within 1.5 times of each other.")
    table = _table([("a", 2.01, "stable")])
    assert overview.gap_answer(table, parity_ratio=2.0) == (
        "The book cannot tell yet: no dimension shows a trend clearly enough. "
        "The United States leads by 2.01 times in a. The gap is about stable in a.")
    table = _table([("a", 0.49, "unclear")])
    assert overview.gap_answer(table, parity_ratio=2.0) == (
        "The book cannot tell yet: no dimension shows a trend clearly enough. "
        "China leads by 2.04 times in a. For a the data cannot yet tell the direction.")


# --- glue ----------------------------------------------------------------------------------------------

def test_glue_items_by_hand():
    table = _table([("a", 3.0, "widening"), ("b", 0.5, "narrowing"), ("c", 1.0, "widening"), ("d", NAN, "stable")])
    table["us"] = [6.0, 1.0, math.inf, NAN]
    table["china"] = [2.0, 2.0, 1.0, NAN]
    for col in ("ratio_low", "ratio_high", "gap"):
        table[col] = NAN
    table.loc[0, ["ratio_low", "ratio_high"]] = [2.0, 4.0]
    table["data_period"] = ["data to 2024", "", "", ""]
    table["stale"] = [True, False, True, False]
    out = overview.glue_items(table)
    assert out["a_us"] == 6.0 and out["a_china"] == 2.0 and out["a_ratio"] == 3.0
    assert out["a_ratio_low"] == 2.0 and out["a_ratio_high"] == 4.0
    assert "c_us" not in out and "d_ratio" not in out and "a_gap" not in out   # finite numbers only
    assert out["a_direction"] == "widening" and out["d_direction"] == "stable"
    assert out["a_data_period"] == "data to 2024" and "b_data_period" not in out
    assert out["dimensions_widening"] == 2 and out["dimensions_narrowing"] == 1 and out["dimensions_stable"] == 1
    assert out["dimensions_unclear"] == 0 and out["dimensions_result_missing"] == 0
    assert out["dimensions_with_ratio"] == 3
    assert out["dimensions_us_leads"] == 1      # a ratio of exactly 1 is no lead
    assert out["dimensions_china_leads"] == 1
    assert out["dimensions_stale"] == 2


def test_glue_items_without_periods_has_no_stale_count():
    table = _table([("a", 3.0, "widening")]).assign(us=NAN, china=NAN, ratio_low=NAN, ratio_high=NAN, gap=5.0)
    out = overview.glue_items(table)
    assert out["a_gap"] == 5.0 and "dimensions_stale" not in out


# --- chart ---------------------------------------------------------------------------------------------

def test_chart_frame_rows():
    table = _table([("a", 4.0, "widening"), ("b", NAN, "stable"), ("c", 0.0, "stable"), ("d", 0.5, "narrowing")])
    table["reading"] = ["US lead growing", "stable", "stable", "China's lead growing"]
    table["ratio_low"], table["ratio_high"] = [3.0, NAN, NAN, 0.25], [5.0, NAN, NAN, 0.75]
    frame = overview.chart_frame(table)
    assert list(frame["dimension"]) == ["A — US lead growing"] * 2 + ["D — China's lead growing"] * 2
    assert list(frame["country"]) == ["China", "US", "China", "US"]
    assert list(frame["relative"]) == [1.0, 4.0, 1.0, 0.5]
    assert list(frame["low"]) == [3.0, 3.0, 0.25, 0.25] and list(frame["high"]) == [5.0, 5.0, 0.75, 0.75]


@pytest.mark.parametrize("directions, travel", [
    (["widening", "narrowing", "stable"], "mixed"),
    (["widening", "stable", "stable"], "towards the US"),
    (["narrowing", "unclear", "stable"], "towards China"),
    (["stable", "unclear", "stable"], "not yet clear"),
])
def test_chart_title(directions, travel):
    table = _table([("a", 2.5, directions[0]), ("b", 0.4, directions[1]), ("c", 2.0, directions[2]),
                    ("d", NAN, "stable")])
    # 2.5 > 2: a US lead; 0.4 < 0.5: a China lead; 2.0 is not over 2
    assert overview.chart_title(table, parity_ratio=2.0) == (
        f"US ahead by over 2x on 1 of 3 ratios, China on 1; direction: {travel}")
    assert overview.chart_title(table, parity_ratio=1.5).startswith("US ahead by over 1.5x on 2 of 3 ratios, China on 1")


# --- summary_table on declared dimensions ------------------------------------------------------------

def _table_of(monkeypatch, dims, results, **kw):
    monkeypatch.setattr(overview, "DIMENSIONS", tuple(dims))
    return overview.summary_table(results, stable_change_pct=10.0, **kw).set_index("slug")


def test_a_ratio_from_levels_only_where_china_has_some(monkeypatch):
    dims = [Dimension("lv", "Levels", "levels", "hardware", "chips", "inputs", "us", "cn"),
            Dimension("zero", "Zero", "zero", "funding", "chips", "inputs", "us", "cn"),
            Dimension("tiny", "Tiny", "tiny", "leaders", "chips", "inputs", "us", "cn"),
            Dimension("gr", "Growth", "growth", "research", "x a year", "inputs", "us", "cn")]
    results = {"hardware": {"us": 30.0, "cn": 10.0}, "funding": {"us": 30.0, "cn": 0.0},
               "leaders": {"us": 1.0, "cn": 0.5}, "research": {"us": 4.0, "cn": 2.0}}
    table = _table_of(monkeypatch, dims, results)
    assert table.loc["lv", "ratio"] == 3.0 and table.loc["tiny", "ratio"] == 2.0
    assert math.isnan(table.loc["zero", "ratio"])       # no ratio over zero
    assert math.isnan(table.loc["gr", "ratio"])         # growth rates are not divided
    assert table.loc["lv", "interval_note"] == "no interval"
    assert table.loc["tiny", "reading"] == "not measured"


def test_interval_notes(monkeypatch):
    dims = [Dimension("rr", "R", "r", "hardware", "x", "inputs", ratio_key="ratio", ratio_range=("lo", "hi")),
            Dimension("gg", "G", "g", "funding", "months", "inputs", lag_key="lag", gap_range=("+-", "m")),
            Dimension("nn", "N", "n", "leaders", "x", "inputs", ratio_key="ratio", no_interval="one source only"),
            Dimension("gw", "W", "w", "research", "x a year", "inputs", "us", "cn", direction=("growth", "us", "cn"))]
    results = {"hardware": {"ratio": 2.0, "lo": 1.0, "hi": 3.0}, "funding": {"lag": 10.0, "m": 2.0},
               "leaders": {"ratio": 2.0},
               "research": {"us": 3.0, "cn": 2.0, "us_ci_low": 2.5, "us_ci_high": 3.5, "cn_ci_low": 1.5,
                            "cn_ci_high": 2.4}}
    table = _table_of(monkeypatch, dims, results)
    assert table.loc["rr", "interval_note"] == "" and table.loc["gg", "interval_note"] == ""
    assert (table.loc["gg", "gap_low"], table.loc["gg", "gap_high"]) == (8.0, 12.0)
    assert table.loc["nn", "interval_note"] == "one source only"
    assert table.loc["gw", "interval_note"] == ""          # growth rates carry their own intervals
    assert table.loc["gw", "direction"] == "widening"       # 2.5 above 2.4


def test_a_missing_chapter_has_no_specification_count(monkeypatch):
    dims = [Dimension("rr", "R", "r", "hardware", "x", "inputs", ratio_key="ratio", specs="r_ratio")]
    table = _table_of(monkeypatch, dims, {})
    assert table.loc["rr", "spec_count"] == 0 and table.loc["rr", "direction"] == "result missing"
    assert "r_ratio_spec_count" not in overview.glue_items(table.reset_index())


def test_any_ratio_above_one_is_a_us_lead_and_any_positive_china_bound_divides():
    table = _table([("a", 1.5, "stable"), ("b", 0.8, "stable")]).assign(
        us=NAN, china=NAN, ratio_low=NAN, ratio_high=NAN, gap=NAN)
    out = overview.glue_items(table)
    assert out["dimensions_us_leads"] == 1 and out["dimensions_china_leads"] == 1
    quotient = _dim(ratio_range=("quotient", "a", "b", "c", "d"))
    # 1/0.8 = 1.25 to 2/0.5 = 4
    assert overview.ratio_range(quotient, {"a": 1.0, "b": 2.0, "c": 0.5, "d": 0.8}, 2.0) == (1.25, 4.0)

"""The gap at a glance: direction rules and the wording of the answer, on hand-built results."""

import math

import pytest

from gaplib import overview
from gaplib.overview import MISSING, NARROWING, NOT_MEASURED, STABLE, UNCLEAR, WIDENING


def test_direction_from_ratios_with_the_stable_band():
    assert overview.direction_from_ratios(1.9, 11.4, 10) == WIDENING
    assert overview.direction_from_ratios(11.4, 1.9, 10) == NARROWING
    assert overview.direction_from_ratios(10.0, 11.0, 10) == STABLE  # exactly +10 %
    assert overview.direction_from_ratios(10.0, 11.01, 10) == WIDENING
    assert overview.direction_from_ratios(10.0, 9.0, 10) == STABLE
    assert overview.direction_from_ratios(math.nan, 9.0, 10) == UNCLEAR


def test_direction_from_trend_needs_an_interval_that_excludes_zero():
    assert overview.direction_from_trend(4.1, -6.7, 16.1) == UNCLEAR
    assert overview.direction_from_trend(4.1, 0.1, 8.0) == WIDENING
    assert overview.direction_from_trend(-4.1, -8.0, -0.1) == NARROWING
    assert overview.direction_from_trend(0.0, 0.0, 1.0) == UNCLEAR  # touching zero is not excluding it


def test_direction_from_growth_intervals():
    assert overview.direction_from_growth((3.2, 5.7), (5.9, 12.0)) == NARROWING
    assert overview.direction_from_growth((5.9, 12.0), (3.2, 5.7)) == WIDENING
    assert overview.direction_from_growth((3.2, 6.0), (5.9, 12.0)) == UNCLEAR


def test_direction_from_gap_change():
    assert overview.direction_from_gap_change(47, 36, 10.3) == NARROWING
    assert overview.direction_from_gap_change(20, 36, 10.3) == WIDENING
    assert overview.direction_from_gap_change(40, 36, 10.3) == UNCLEAR


def results(*, ratio_2022=1.9, ratio=11.4, us_growth=(4.3, 3.2, 5.7), china_growth=(8.4, 5.9, 12.0),
            eci_trend=(-0.9, -3.9, 2.1), arena=(47, 36, 10.3), invest_trend=(4.1, -6.7, 16.1),
            capex=(9.9, 9.6)):
    return {
        "hardware": {"us_h100e": 1.25e6, "china_h100e": 1.25e6 / ratio, "us_china_h100e_ratio": ratio,
                     "ratio_2022": ratio_2022, "us_h100e_per_mw": 646.0, "china_h100e_per_mw": 160.0},
        "algorithms": {"us_frontier_growth_per_year": us_growth[0], "us_frontier_growth_per_year_ci_low": us_growth[1],
                       "us_frontier_growth_per_year_ci_high": us_growth[2],
                       "china_frontier_growth_per_year": china_growth[0],
                       "china_frontier_growth_per_year_ci_low": china_growth[1],
                       "china_frontier_growth_per_year_ci_high": china_growth[2], "frontier_lag_months": 5.7,
                       "eci_lag_months_mean": 6.0, "eci_lag_trend_months_per_year": eci_trend[0],
                       "eci_lag_trend_ci_low": eci_trend[1], "eci_lag_trend_ci_high": eci_trend[2],
                       "arena_gap_first_elo": arena[0], "arena_gap_latest_elo": arena[1],
                       "arena_gap_latest_ci_elo": arena[2]},
        "funding": {"us_private_investment_2024_usd": 1.48e11, "china_private_investment_2024_usd": 1.39e10,
                    "private_investment_ratio_2024": 10.7, "ratio_trend_change_pct_per_year": invest_trend[0],
                    "ratio_trend_low_pct_per_year": invest_trend[1], "ratio_trend_high_pct_per_year": invest_trend[2],
                    "us_capex_latest_year_usd": 2.46e11, "china_capex_latest_year_usd": 2.46e11 / capex[0],
                    "capex_ratio_latest_year": capex[0], "capex_plan_ratio": capex[1]},
        "geopolitics": {"h100_tpp": 15832.0, "best_domestic_tpp": 12800.0, "best_domestic_chip": "Huawei Ascend 910C",
                        "best_domestic_label": "shipped in volume", "best_datasheet_chip": "Biren BR100",
                        "best_datasheet_tpp": 16384.0},
    }


def table(res, stable=10.0):
    return overview.summary_table(res, stable_change_pct=stable).set_index("slug")


def test_summary_table_reads_every_dimension():
    t = table(results())
    assert list(t.index) == [d.slug for d in overview.DIMENSIONS]
    assert t.loc["compute", "direction"] == WIDENING
    assert t.loc["frontier", "direction"] == NARROWING
    assert t.loc["capability", "direction"] == UNCLEAR
    assert t.loc["arena", "direction"] == NARROWING
    assert t.loc["investment", "direction"] == UNCLEAR
    assert t.loc["capex", "direction"] == STABLE
    assert t.loc["chips", "direction"] == NOT_MEASURED
    assert t.loc["chips", "ratio"] == pytest.approx(15832 / 12800)
    assert t.loc["power", "ratio"] == pytest.approx(646 / 160)
    assert math.isnan(t.loc["frontier", "ratio"])  # growth rates are not set against each other as a ratio


def test_answer_mixed():
    text = overview.gap_answer(table(results()).reset_index(), parity_ratio=2.0)
    assert text.startswith("It depends on the measure")
    assert "widening in installed AI compute" in text and "narrowing in frontier training compute" in text
    assert "within 2 times" in text  # chips near parity
    assert "cannot yet tell" in text


def test_answer_widening():
    res = results(us_growth=(8.4, 5.9, 12.0), china_growth=(4.3, 3.2, 5.7), arena=(20, 36, 10.3))
    text = overview.gap_answer(table(res).reset_index(), parity_ratio=2.0)
    assert text.startswith("Yes")
    assert "narrowing" not in text


def test_answer_narrowing():
    res = results(ratio_2022=30.0, invest_trend=(-10.0, -15.0, -5.0))
    text = overview.gap_answer(table(res).reset_index(), parity_ratio=2.0)
    assert text.startswith("No")
    assert "private investment" in text.split(".")[0]


def test_answer_undecided_and_parity_threshold_moves_the_wording():
    res = results(ratio_2022=11.0, us_growth=(4.3, 3.0, 9.0), arena=(40, 36, 10.3), capex=(9.9, 9.9))
    t = table(res).reset_index()
    assert overview.gap_answer(t, parity_ratio=2.0).startswith("The book cannot tell yet")
    assert "compute per megawatt" in overview.gap_answer(t, parity_ratio=5.0).split("within")[0]


def test_missing_chapter_keeps_its_rows():
    res = results()
    del res["funding"]
    t = table(res)
    assert len(t) == len(overview.DIMENSIONS)
    assert t.loc["investment", "direction"] == MISSING and t.loc["capex", "direction"] == MISSING
    text = overview.gap_answer(t.reset_index(), parity_ratio=2.0)
    assert "missing from this build for private investment and big-firm capital expenditure" in text
    glued = overview.glue_items(t.reset_index())
    assert "investment_ratio" not in glued and glued["investment_direction"] == MISSING
    assert glued["dimensions_result_missing"] == 2


def test_chart_frame_and_html():
    t = table(results()).reset_index()
    frame = overview.chart_frame(t)
    assert set(frame["country"]) == {"US", "China"}
    assert (frame.loc[frame["country"] == "China", "relative"] == 1.0).all()
    html = overview.summary_html(t)
    assert html.count("<tr>") == len(overview.DIMENSIONS) + 1
    assert 'href="chapters/funding.html"' in html
    assert "mixed" in overview.chart_title(t, parity_ratio=2.0)


def test_the_chip_row_says_it_compares_like_with_like_and_names_the_datasheet_best():
    basis = table(results()).loc["chips", "basis"]
    assert basis == ("one date only; like for like: dense 16-bit TPP (no sparsity) of the H100 and of "
                     "Huawei Ascend 910C (shipped in volume); the best datasheet figure of any Chinese design: "
                     "Biren BR100, TPP 16,384 (datasheet only)")
    partial = results()
    del partial["geopolitics"]["best_datasheet_chip"]  # an older build without the datasheet best
    assert table(partial).loc["chips", "basis"] == "one date only"

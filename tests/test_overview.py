"""The gap at a glance: direction rules, ranges and the wording of the answer, on hand-built results."""

import math

import pandas as pd
import pytest

from gaplib.algorithms.benchmark_specs import benchmark_estimates
from gaplib.present import overview_html
from gaplib.specs import to_json
from gaplib.summary import dimensions, overview
from gaplib.summary.dimensions import DIFFUSION, GROUPS, INPUTS, OUTPUTS
from gaplib.summary.directions import MISSING, NARROWING, NOT_MEASURED, UNCLEAR, WIDENING


@pytest.mark.parametrize("direction, ratio, words", [
    (WIDENING, 11.4, "US lead growing"), (NARROWING, 11.4, "US lead shrinking"),
    (WIDENING, 0.5, "China's lead shrinking"), (NARROWING, 0.5, "China's lead growing"),
    (UNCLEAR, 0.5, UNCLEAR), (NARROWING, math.nan, "US lead shrinking"),
])
def test_reading_says_whose_lead_moves(direction, ratio, words):
    assert overview.reading(direction, ratio) == words


def benchmark_specs(leads=((17.5, 0.3), (31.6, 3.7), (24.3, 1.6), (13.5, 8.1))):
    frame = pd.DataFrame([{"benchmark": b, "before_pp": x, "after_pp": y, "year_before": 2023, "year_after": 2024}
                          for b, (x, y) in zip(("MMLU", "HumanEval", "MATH", "MMMU"), leads)])
    return to_json(benchmark_estimates(frame))


def results(*, ratio_2022=1.9, ratio=11.4, us_growth=(4.3, 3.2, 5.7), china_growth=(8.4, 5.9, 12.0),
            eci_trend=(-0.9, -3.9, 2.1), arena_trend=(-5.7, -24.0, 12.7), invest_trend=(4.1, -6.7, 16.1),
            publications=(50039.0, 103493.0, 1.03)):
    return {
        "hardware": {"us_h100e": 1.25e6, "china_h100e": 1.25e6 / ratio, "us_china_h100e_ratio": ratio,
                     "us_china_h100e_ratio_low": 6.0, "us_china_h100e_ratio_high": max(ratio, 6.0),
                     "undercount_factor_since_2022": 7.68,
                     "ratio_2022": ratio_2022, "us_h100e_per_mw": 646.0, "china_h100e_per_mw": 160.0},
        "algorithms": {"us_frontier_growth_per_year": us_growth[0], "us_frontier_growth_per_year_ci_low": us_growth[1],
                       "us_frontier_growth_per_year_ci_high": us_growth[2],
                       "china_frontier_growth_per_year": china_growth[0],
                       "china_frontier_growth_per_year_ci_low": china_growth[1],
                       "china_frontier_growth_per_year_ci_high": china_growth[2], "frontier_lag_months": 5.7,
                       "frontier_lag_months_ci_low": 2.0, "frontier_lag_months_ci_high": 9.0,
                       "eci_lag_months_mean": 6.0, "eci_lag_months_min": 1.0, "eci_lag_months_max": 14.0,
                       "eci_lag_trend_months_per_year": eci_trend[0],
                       "eci_lag_trend_ci_low": eci_trend[1], "eci_lag_trend_ci_high": eci_trend[2],
                       "arena_gap_latest_elo": 36.0, "arena_gap_latest_ci_elo": 10.3,
                       "arena_gap_trend_elo_per_year": arena_trend[0], "arena_gap_trend_ci_low": arena_trend[1],
                       "arena_gap_trend_ci_high": arena_trend[2],
                       "large_scale_models_cumulative_us": 214.0, "large_scale_models_cumulative_china": 193.0,
                       "large_scale_models_ratio": 214 / 193, "large_scale_models_owid_ratio": 214 / 190,
                       "large_scale_models_ratio_first": 2.5, "large_scale_models_first_year": 2021,
                       "notable_models_latest_us": 60.0, "notable_models_latest_china": 35.0,
                       "notable_models_ratio": 60 / 35, "notable_models_ratio_first": 5.67,
                       "model_counts_first_year": 2022, "model_counts_year": 2025,
                       "open_weight_share_us_pct": 30.0, "open_weight_share_china_pct": 60.0,
                       "open_weight_share_us_ci_low_pct": 20.0, "open_weight_share_us_ci_high_pct": 40.0,
                       "open_weight_share_china_ci_low_pct": 50.0, "open_weight_share_china_ci_high_pct": 70.0,
                       "open_weights_from_year": 2024,
                       "benchmark_gap_specs": benchmark_specs(), "benchmark_gap_default": 0.3, "benchmark_gap_year": 2024,
                       "benchmark_gap_facts": "F015-F018", "benchmark_gap_grade": "read only through a relay"},
        "funding": {"us_private_investment_2024_usd": 1.48e11, "china_private_investment_2024_usd": 1.39e10,
                    "private_investment_ratio_2024": 10.7, "cset_ratio_2024": 10.7, "ai_index_ratio": 11.7,
                    "ratio_trend_change_pct_per_year": invest_trend[0],
                    "ratio_trend_low_pct_per_year": invest_trend[1], "ratio_trend_high_pct_per_year": invest_trend[2],
                    "us_capex_latest_year_usd": 2.46e11, "china_capex_latest_year_usd": 2.46e10,
                    "capex_ratio_latest_year": 9.9, "capex_plan_ratio": 9.6, "capex_latest_year": 2024},
        "geopolitics": {"h100_tpp": 15832.0, "best_domestic_tpp": 12800.0, "best_domestic_chip": "Huawei Ascend 910C",
                        "best_chip_default_us_chip": "H200",
                        "best_domestic_label": "shipped in volume", "best_datasheet_chip": "Biren BR100",
                        "best_datasheet_tpp": 16384.0},
        "research": {"publications_us": publications[0], "publications_china": publications[1],
                     "publications_us_china_ratio": publications[0] / publications[1],
                     "publications_us_china_ratio_first": publications[2], "publications_first_year": 2016,
                     "patents_us": 14601.0, "patents_china": 66276.0, "patents_us_china_ratio": 14601 / 66276,
                     "patents_us_china_ratio_first": 0.78, "patents_first_year": 2016},
    }


def table(res, stable=10.0):
    return overview.summary_table(res, stable_change_pct=stable).set_index("slug")


def test_rows_are_grouped_inputs_outputs_diffusion():
    t = table(results())
    assert sorted(t.index) == sorted(d.slug for d in dimensions.DIMENSIONS)
    order = [GROUPS.index(g) for g in t["group"]]
    assert order == sorted(order)
    assert t.loc["compute", "group"] == INPUTS and t.loc["patents", "group"] == OUTPUTS
    assert t.loc["open_weights", "group"] == DIFFUSION


def test_summary_table_reads_every_dimension():
    t = table(results())
    assert t.loc["compute", "direction"] == WIDENING
    assert t.loc["frontier", "direction"] == NARROWING
    assert t.loc["capability", "direction"] == UNCLEAR
    assert t.loc["arena", "direction"] == UNCLEAR
    assert t.loc["investment", "direction"] == UNCLEAR
    assert t.loc["capex", "direction"] == NOT_MEASURED
    assert "2024 is the one year" in t.loc["capex", "basis"]
    assert t.loc["chips", "direction"] == NOT_MEASURED
    assert t.loc["chips", "ratio"] == pytest.approx(15832 / 12800)
    assert t.loc["power", "ratio"] == pytest.approx(646 / 160)
    assert math.isnan(t.loc["frontier", "ratio"])  # growth rates are not set against each other as a ratio
    assert t.loc["publications", "direction"] == NARROWING
    assert t.loc["publications", "reading"] == "China's lead growing"
    assert t.loc["models", "direction"] == NARROWING and t.loc["models", "reading"] == "US lead shrinking"


def test_every_row_has_an_interval_or_says_why_not():
    t = table(results())
    for slug, row in t.iterrows():
        has = math.isfinite(row["ratio_low"]) or math.isfinite(row["gap_low"]) or slug == "frontier"
        assert has or row["interval_note"], slug
    assert (t.loc["compute", "ratio_low"], t.loc["compute", "ratio_high"]) == (6.0, 11.4)
    assert (t.loc["investment", "ratio_low"], t.loc["investment", "ratio_high"]) == (10.7, 11.7)
    assert t.loc["open_weights", "ratio_low"] == pytest.approx(20 / 70)
    assert t.loc["open_weights", "ratio_high"] == pytest.approx(40 / 50)
    assert (t.loc["arena", "gap_low"], t.loc["arena", "gap_high"]) == pytest.approx((25.7, 46.3))
    assert t.loc["publications", "interval_note"].startswith("full counts")


def test_the_basis_speaks_in_words_not_result_names():
    t = table(results())
    assert t.loc["compute", "basis"].startswith("US/China ratio 1.9 at the end of 2022, 11.4 now")
    assert t.loc["publications", "basis"] == "US/China ratio 1.03 in 2016, 0.484 now"
    assert "_" not in " ".join(t["basis"])


def test_answer_mixed_names_where_each_country_leads():
    text = overview.gap_answer(table(results()).reset_index(), parity_ratio=2.0)
    assert text.startswith("It depends on the measure")
    assert "improving in installed AI compute" in text and "China is gaining in frontier training compute" in text
    assert "within 2 times" in text  # chips near parity
    assert "China leads by 2.07 to 4.54 times in AI publications and AI patent filings" in text
    assert "cannot yet tell" in text


def test_answer_widening():
    res = results(us_growth=(8.4, 5.9, 12.0), china_growth=(4.3, 3.2, 5.7), publications=(50.0, 100.0, 0.4))
    res["algorithms"]["notable_models_ratio_first"] = 1.0
    res["research"]["patents_us_china_ratio_first"] = 0.1
    res["algorithms"]["benchmark_gap_specs"] = benchmark_specs(((1.0, 5.0),) * 4)
    text = overview.gap_answer(table(res).reset_index(), parity_ratio=2.0)
    assert text.startswith("Yes")
    assert "gaining" not in text


def test_answer_narrowing():
    res = results(ratio_2022=30.0, invest_trend=(-10.0, -15.0, -5.0))
    text = overview.gap_answer(table(res).reset_index(), parity_ratio=2.0)
    assert text.startswith("No")
    assert "private investment" in text.split(".")[0]


def test_answer_undecided():
    res = results(ratio_2022=11.0, us_growth=(4.3, 3.0, 9.0), publications=(50.0, 100.0, 0.5))
    res["algorithms"]["notable_models_ratio_first"] = 60 / 35
    res["research"]["patents_us_china_ratio_first"] = 14601 / 66276
    res["algorithms"]["benchmark_gap_specs"] = benchmark_specs(((5.0, 5.2),) * 4)  # within the stable band
    assert overview.gap_answer(table(res).reset_index(), parity_ratio=2.0).startswith("The book cannot tell yet")


def test_missing_chapter_keeps_its_rows():
    res = results()
    del res["funding"]
    t = table(res)
    assert len(t) == len(dimensions.DIMENSIONS)
    assert t.loc["investment", "direction"] == MISSING and t.loc["capex", "direction"] == MISSING
    text = overview.gap_answer(t.reset_index(), parity_ratio=2.0)
    assert "missing from this build for private investment and big-firm capital expenditure" in text
    glued = overview.glue_items(t.reset_index())
    assert "investment_ratio" not in glued and glued["investment_direction"] == MISSING
    assert glued["dimensions_result_missing"] == 2


def test_glue_counts_who_leads():
    glued = overview.glue_items(table(results()).reset_index())
    assert glued["dimensions_china_leads"] == 3  # publications, patents, open weights
    assert glued["dimensions_with_ratio"] == 9
    assert glued["compute_ratio_low"] == 6.0


def test_chart_frame_and_html():
    t = table(results()).reset_index()
    frame = overview.chart_frame(t)
    assert set(frame["country"]) == {"US", "China"}
    assert (frame.loc[frame["country"] == "China", "relative"] == 1.0).all()
    assert "Installed AI compute — US lead growing" in set(frame["dimension"])
    html = overview_html.summary_html(t)
    assert html.count('<tr class="group">') == 3
    assert html.count("<tr>") == len(dimensions.DIMENSIONS) + 1
    assert html.count('<tr class="basis">') == len(dimensions.DIMENSIONS)
    assert 'href="chapters/funding.html"' in html
    assert "0.484x (China leads, 2.07x)" in html
    assert "11.4x [6–11.4]" in html
    title = overview.chart_title(t, parity_ratio=2.0)
    assert title == "US ahead by over 2x on 4 of 9 ratios, China on 2; direction: mixed"


def test_the_benchmark_row_is_quoted_with_its_grade_and_a_direction_only_when_all_four_agree():
    row = table(results()).loc["benchmarks"]
    assert row["gap"] == pytest.approx(0.3) and row["gap_unit"] == "percentage points"
    assert (row["spec_low"], row["spec_high"], row["spec_count"]) == pytest.approx((0.3, 8.1, 4))
    assert row["direction"] == NARROWING and row["reading"] == "US lead shrinking"
    assert math.isnan(row["ratio"]) and row["interval_note"] == "quoted figures without an interval"
    assert row["basis"] == ("0.3 to 8.1 across 4 definitions (default: MMLU, end-2024); every definition that "
                            "measures change (4) gives narrowing; quoted from the AI Index 2025, not computed from "
                            "model scores; facts F015-F018, read only through a relay")
    planted = results()
    planted["algorithms"]["benchmark_gap_specs"] = benchmark_specs(((17.5, 0.3), (31.6, 3.7), (24.3, 1.6), (13.5, 20.0)))
    disagree = table(planted).loc["benchmarks"]
    assert disagree["direction"] == "depends on definition"
    assert "widening: MMMU, end-2024" in disagree["basis"]
    html = overview_html.summary_html(table(results()).reset_index())
    assert "quoted from the AI Index 2025, not computed from model scores" in html


def test_the_chip_row_says_it_compares_like_with_like_and_names_the_datasheet_best():
    basis = table(results()).loc["chips", "basis"]
    assert basis == ("one date only; default: dense 16-bit TPP (no sparsity) of the best US chip in operating clusters "
                     "(H200) over Huawei Ascend 910C (shipped in volume); the best datasheet figure of any Chinese design: "
                     "Biren BR100, TPP 16,384 (datasheet only)")
    partial = results()
    del partial["geopolitics"]["best_datasheet_chip"]  # an older build without the datasheet best
    assert table(partial).loc["chips", "basis"] == "one date only"


def test_every_row_gives_its_data_period_and_stale_rows_say_so():
    import datetime as dt

    res = results()
    res["funding"]["comparison_year"] = 2024
    res["algorithms"]["model_counts_year"] = 2025
    res["research"] |= {"publications_latest_year": 2023, "patents_latest_year": 2020}
    ends = {"epoch_gpu_clusters": "2025-10-15", "epoch_ml_hardware": "2026-03-11",
            "epoch_notable_models": "2026-07-15", "epoch_capabilities_index": "2026-04-23",
            "lmarena_text_snapshots": "2025-10-03"}
    t = overview.summary_table(res, stable_change_pct=10.0, build_date=dt.date(2026, 12, 7),
                               source_ends=ends).set_index("slug")
    assert (t["data_period"] != "").all()
    assert t.loc["compute", "data_period"] == "data to 2025-10" and t.loc["compute", "stale"]
    assert t.loc["investment", "data_period"] == "2024" and t.loc["investment", "stale"]
    assert t.loc["arena", "data_period"] == "as of 2025-10-03" and t.loc["arena", "stale"]
    assert t.loc["capability", "data_period"] == "data to 2026-04" and not t.loc["capability", "stale"]
    assert t.loc["models", "data_period"] == "2025" and not t.loc["models", "stale"]  # one year's releases
    assert t.loc["patents", "stale_note"] == "stale: 2020, more than 12 months before this build"
    assert sorted(t.index[t["stale"]]) == ["arena", "benchmarks", "capex", "compute", "investment", "patents",
                                          "power", "publications"]
    # a year later every row is stale; without a build date the table has no period columns
    later = overview.summary_table(res, stable_change_pct=10.0, build_date=dt.date(2027, 12, 7), source_ends=ends)
    assert later["stale"].all()
    assert "data_period" not in table(res).columns
    glued = overview.glue_items(t.reset_index())
    assert glued["dimensions_stale"] == 8 and glued["compute_data_period"] == "data to 2025-10"
    html = overview_html.summary_html(t.reset_index())
    assert "Data: data to 2025-10 (stale: data to 2025-10, more than 12 months before this build)." in html
    assert "Data: data to 2026-04. " in html


def test_a_row_whose_source_has_no_date_has_no_period():
    import datetime as dt

    t = overview.summary_table(results(), stable_change_pct=10.0, build_date=dt.date(2026, 12, 7),
                               source_ends={}).set_index("slug")
    assert t.loc["compute", "data_period"] == "" and not t.loc["compute", "stale"]
    assert t.loc["capex", "data_period"] == "2024"  # a year the chapter publishes needs no source date


def test_a_stale_row_shows_the_newer_published_figure_the_book_records():
    import datetime as dt

    res = results()
    res["funding"]["comparison_year"] = 2024
    facts = {"F081": "US private AI investment 2025 (AI Index 2026): 285.9 billion USD (HAI)", "F999": "unused"}
    t = overview.summary_table(res, stable_change_pct=10.0, build_date=dt.date(2026, 12, 7), source_ends={},
                               facts=facts).set_index("slug")
    assert t.loc["investment", "newer"] == facts["F081"]  # F082 is not among the facts given
    assert t.loc["investment", "stale_note"].endswith("; newer published figure: " + facts["F081"])
    fresh = overview.summary_table(res, stable_change_pct=10.0, build_date=dt.date(2025, 6, 1), source_ends={},
                                   facts=facts).set_index("slug")
    assert fresh.loc["investment", "newer"] == "" and not fresh.loc["investment", "stale"]


def test_a_stale_row_names_the_ids_of_its_newer_published_figures():
    import datetime as dt

    res = results()
    res["funding"]["comparison_year"] = 2024  # data of 2024: stale at a build in December 2026
    facts = {"F082": "China private AI investment 2025: 12.4 billion USD", "F081": "US ... 285.9 billion USD",
             "F999": "unused"}
    t = overview.summary_table(res, stable_change_pct=10.0, build_date=dt.date(2026, 12, 7), source_ends={},
                               facts=facts).set_index("slug")
    assert t.loc["investment", "stale"]
    # the dimension's own order (F081 then F082), ids joined by a comma; the words joined by "; "
    assert t.loc["investment", "newer_facts"] == "F081,F082"
    assert t.loc["investment", "newer"] == "US ... 285.9 billion USD; China private AI investment 2025: 12.4 billion USD"
    fresh = overview.summary_table(res, stable_change_pct=10.0, build_date=dt.date(2025, 6, 1), source_ends={},
                                   facts=facts).set_index("slug")
    assert fresh.loc["investment", "newer_facts"] == ""


def test_fact_summaries_grade_what_was_not_read_at_the_primary_record():
    from gaplib.data.periods import fact_summaries

    facts = fact_summaries()
    assert facts["F081"] == ("US private AI investment 2025 (AI Index 2026): 285.9 billion USD (Stanford HAI AI "
                             "Index 2026, as reported by MeriTalk)")  # read at a trade outlet's report, named
    assert facts["F082"].endswith("(Stanford HAI AI Index 2026, as quoted by summaries of the report (Neodata Group "
                                  "and others), not read at the primary record)")
    assert "not read at the primary record" not in facts["F049"]  # read at HAI's economy page


def _hostile(text, **values):
    """A translator whose every text carries markup (a catalog that slipped past the check)."""
    return f'<img src=x onerror="alert(1)">{text.format(**values) if values else text}&'


def test_translated_headers_and_group_names_are_escaped():
    html = overview_html.summary_html(table(results()).reset_index(), tr=_hostile)
    assert "<img" not in html and "onerror=&quot;alert(1)&quot;" in html
    # Every header and every group name is escaped, not only the cells.
    assert html.count('<th>&lt;img src=x onerror=&quot;alert(1)&quot;&gt;') == 8
    assert html.count('<th colspan="8">&lt;img src=x') == 3
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;Inputs&amp;</th>" in html

"""Empty selections and zero denominators raise EmptySelectionError naming the data and the selection."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from data_fixtures import require
from gaplib import data, guards
from gaplib.algorithms import capability, frontier_fit, open_weights, trends
from gaplib.funding import compute_spend, funding
from gaplib.geopolitics import export_controls as ec, export_rules
from gaplib.guards import EmptySelectionError
from gaplib.hardware import compute, fleet_timeline
from gaplib.strategy import scenarios


def test_error_is_a_value_error():
    assert issubclass(EmptySelectionError, ValueError) and not issubclass(EmptySelectionError, ZeroDivisionError)


def test_divide():
    assert guards.divide(3, 4.0, source="s", denominator_is="d", result="r") == 0.75
    with pytest.raises(EmptySelectionError, match=r"^src: the thing is zero; the quotient has a zero denominator$"):
        guards.divide(1.0, 0.0, source="src", denominator_is="the thing", result="the quotient")
    with pytest.raises(EmptySelectionError, match=r"^src: the thing is missing \(NaN\); "):
        guards.divide(1.0, math.nan, source="src", denominator_is="the thing", result="the quotient")


def test_require_rows():
    frame = pd.DataFrame({"a": [1, 2]})
    assert guards.require_rows(frame, 2, source="s", selection="x", result="r") is frame
    with pytest.raises(EmptySelectionError, match=r"^src: only 2 points \(at least 3 needed\); the fit cannot be computed$"):
        guards.require_rows(frame, 3, source="src", selection="points", result="the fit")
    with pytest.raises(EmptySelectionError, match=r"^src: no points; the fit cannot be computed$"):
        guards.require_rows(frame.iloc[:0], 1, source="src", selection="points", result="the fit")


def test_frames_name_their_source_and_selection():
    frame = pd.DataFrame({"a": [1, 2, 3]})
    assert guards.source_of(frame, "fallback") == "fallback"
    guards.tagged(frame, source="src", selection="rows with a")
    subset = frame[frame["a"] > 1]
    assert guards.source_of(subset, "fallback") == "src"  # pandas carries attrs into derived frames
    assert guards.selection_of(subset, "fallback") == "rows with a (2 rows)"
    assert guards.selection_of(subset, "fallback", count=False) == "rows with a"


def test_loaded_frames_carry_their_source_id():
    require("epoch_gpu_clusters")
    clusters = data.load("epoch_gpu_clusters")
    assert clusters.attrs["source"] == "epoch_gpu_clusters"
    assert data.load("epoch_gpu_clusters").attrs["source"] == "epoch_gpu_clusters"  # also from the cache


# --- compute ----------------------------------------------------------------------------------

@pytest.fixture
def clusters():
    return guards.tagged(pd.DataFrame({
        "countries": [("US",), ("US",), ("China",), ("France",)],
        "h100_equivalents": [100.0, 300.0, 50.0, 40.0],
        "power_mw": [1.0, None, None, 2.0],
        "status": ["Existing", "Existing", "Existing", "Planned"],
        "include_in_standard_analysis": [True, True, True, False],
        "first_operational_date": pd.to_datetime(["2020-01-01", "2022-01-01", "2021-01-01", "2026-01-01"]),
    }), source="epoch_gpu_clusters")


def test_us_china_ratio_without_chinese_compute(clusters):
    fleet = compute.fleet_by_country(compute.select_clusters(clusters[clusters["countries"] != ("China",)]))
    with pytest.raises(EmptySelectionError, match="no H100-equivalents for China") as err:
        compute.us_china_ratio(fleet)
    assert str(err.value) == ("epoch_gpu_clusters: no H100-equivalents for China among clusters with status "
                              "Existing in Epoch's standard analysis; the US/China ratio has a zero denominator")


def test_us_china_ratio_without_us_compute(clusters):
    fleet = compute.fleet_by_country(clusters[clusters["countries"] != ("US",)])
    with pytest.raises(EmptySelectionError, match="no H100-equivalents for US among the clusters given; "
                                                  "the US/China ratio is zero"):
        compute.us_china_ratio(fleet)


def test_us_china_ratio_on_early_real_clusters():
    """Before 2014 Epoch lists Chinese but no US clusters: the ratio is refused, naming the data."""
    require("epoch_gpu_clusters")
    selected = compute.select_clusters(data.load("epoch_gpu_clusters"))
    early = selected[selected["first_operational_date"] < "2014-01-01"]
    with pytest.raises(EmptySelectionError, match=r"^epoch_gpu_clusters: no H100-equivalents for US among "
                                                  r"clusters with status Existing in Epoch's standard analysis"):
        compute.us_china_ratio(compute.fleet_by_country(early))


def test_fleet_shares_of_nothing(clusters):
    with pytest.raises(EmptySelectionError, match=r"^epoch_gpu_clusters: no H100-equivalents among clusters with "
                                                  r"status Existing or Planned \(0 rows\); each country's share"):
        compute.fleet_by_country(compute.select_clusters(clusters.iloc[:0], include_planned=True,
                                                         standard_analysis_only=False))


def test_share_of_additions_in_a_year_without_us_additions(clusters):
    """The hardware chapter's ZeroDivisionError: the year to the latest date had no US cluster."""
    start, end = pd.Timestamp("2025-01-01"), pd.Timestamp("2026-01-01")
    assert compute.added_h100e(clusters, "US", start, end) == 0.0
    with pytest.raises(EmptySelectionError, match="the H100-equivalents of US clusters first operational") as err:
        compute.share_of_added_pct(1000.0, clusters, "US", start, end)
    assert str(err.value) == ("epoch_gpu_clusters: the H100-equivalents of US clusters first operational from "
                              "2025-01-01 (excluded) to 2026-01-01 among the clusters given (4 rows) is zero; "
                              "the share of US additions has a zero denominator")
    assert compute.share_of_added_pct(100.0, clusters, "US", pd.Timestamp("2021-06-01"), end) == pytest.approx(100 / 3)


def test_h100e_per_mw_without_power_data(clusters):
    with pytest.raises(EmptySelectionError, match="power capacity of China's clusters reporting both "
                                                  r"H100-equivalents and power among the clusters given \(4 rows\)"):
        compute.h100e_per_mw(clusters, "China")
    assert compute.h100e_per_mw(clusters, "US") == 100.0


def test_ratio_in_a_year_the_timeline_lacks(clusters):
    ratios = fleet_timeline.ratio_timeline(compute.select_clusters(clusters))
    assert fleet_timeline.ratio_in_year(ratios, 2022) == pytest.approx(400.0 / 50.0)
    with pytest.raises(EmptySelectionError, match=r"^epoch_gpu_clusters: no period in 2020 in which the denominator "
                                                  r"country had dated H100-equivalents, among clusters with status "
                                                  r"Existing in Epoch's standard analysis; the ratio in 2020 cannot"):
        fleet_timeline.ratio_in_year(ratios, 2020)  # China's first cluster is dated 2021


def test_largest_cluster_of_a_country_without_clusters(clusters):
    with pytest.raises(EmptySelectionError, match="^epoch_gpu_clusters: no India cluster with H100-equivalents "
                                                  r"among the clusters given \(4 rows\); there is no largest India"):
        compute.largest_cluster(clusters, "India")


def test_pooling_ceiling_without_clusters(clusters):
    with pytest.raises(EmptySelectionError, match="^epoch_gpu_clusters: the largest India cluster's "
                                                  "H100-equivalents .* is zero; India's pooling ceiling"):
        scenarios.pooling_ceiling(clusters, "India")


# --- trends -----------------------------------------------------------------------------------

def _models(rows):
    frame = pd.DataFrame(rows, columns=["model", "countries", "publication_date", "training_compute_flop"])
    frame["publication_date"] = pd.to_datetime(frame["publication_date"])
    return guards.tagged(frame, source="epoch_notable_models")


def test_frontier_fit_on_too_few_chinese_models():
    models = _models([(f"us{i}", ("US",), f"202{i}-01-01", 10.0 ** (22 + i)) for i in range(4)]
                     + [("cn0", ("China",), "2023-01-01", 1e23), ("cn1", ("China",), "2024-01-01", 1e24)])
    frontier = trends.models_by_country(models, start_year=2020)
    with pytest.raises(EmptySelectionError, match="4 US and 2 Chinese frontier models") as err:
        frontier_fit.fit_frontier(frontier)
    assert str(err.value) == ("epoch_notable_models: 4 US and 2 Chinese frontier models (selected from models with "
                              "a publication date and training compute published from 2020); the frontier trend "
                              "fit needs at least 3 per country")


def test_combined_tables_name_both_sources():
    notable = _models([("a", ("US",), "2024-01-01", 1e24)])
    large = guards.tagged(_models([("b", ("China",), "2024-01-01", 1e24)]), source="epoch_large_scale_models")
    combined = trends.combine_model_tables(notable, large)
    assert guards.source_of(combined, "") == "epoch_notable_models + epoch_large_scale_models"
    with pytest.raises(EmptySelectionError, match=r"^epoch_notable_models \+ epoch_large_scale_models: 1 US and 1 "):
        frontier_fit.fit_frontier(trends.models_by_country(combined))


def test_lag_summary_when_every_lag_is_censored():
    lags = guards.tagged(pd.DataFrame({"release_date": pd.to_datetime(["2024-01-01", "2025-01-01"]),
                                       "lag_months": [3.0, math.nan], "censored": [True, False],
                                       "us_never": [False, True]}), source="epoch_capabilities_index")
    with pytest.raises(EmptySelectionError, match=r"^epoch_capabilities_index: no Chinese model whose score a US "
                                                  r"model reached later .* \(of 2 Chinese models, 1 censored, 1 never "
                                                  r"reached\); the ECI lag summary cannot be computed$"):
        capability.summarise_lags(lags)


def test_open_weight_share_of_a_country_without_models():
    models = _models([("a", ("US",), "2024-01-01", None), ("c", ("China",), "2021-01-01", None)])
    models = models.assign(open_weights=pd.array([True, True], dtype="boolean"))
    with pytest.raises(EmptySelectionError, match="^epoch_notable_models: no China models with a known open-weights "
                                                  "flag published from 2023; the open-weight share of China"):
        open_weights.open_weight_shares(models, start_year=2023, by_year=False)
    by_year = open_weights.open_weight_shares(models, start_year=2023)  # years without models simply have no row
    assert list(by_year["country"]) == ["US"]


# --- funding, export controls -------------------------------------------------------------------

def _investment(china_usd):
    years = [2020, 2021, 2022, 2023]
    frame = pd.DataFrame({"year": years * 2, "country": ["US"] * 4 + ["China"] * 4,
                          "investment_usd": [10.0, 20.0, 30.0, 40.0] + china_usd, "projected": False})
    return guards.tagged(frame, source="owid_ai_private_investment")


def test_investment_ratio_with_zero_chinese_investment():
    with pytest.raises(EmptySelectionError, match="^owid_ai_private_investment: China's private AI investment is 0 "
                                                  "in 2021; the US/China investment ratio has a zero denominator$"):
        funding.investment_ratio(_investment([1.0, 0.0, 3.0, 4.0]))


def test_ratio_trend_on_two_measured_years():
    ratios = funding.investment_ratio(_investment([1.0, 2.0, 3.0, 4.0]))
    ratios.loc[ratios["year"] >= 2022, "projected"] = True
    with pytest.raises(EmptySelectionError, match=r"^owid_ai_private_investment: only 2 measured \(not projected\) "
                                                  r"years .* \(at least 3 needed\); the trend of the US/China"):
        funding.fit_ratio_trend(ratios)


def _capex(rows):
    frame = pd.DataFrame(rows, columns=["country", "year", "basis", "capex_low_usd", "capex_high_usd", "event_ids"])
    frame["capex_mid_usd"] = (frame["capex_low_usd"] + frame["capex_high_usd"]) / 2
    return guards.tagged(frame, source="funding_events")


def test_latest_common_capex_without_a_common_year():
    capex = _capex([("US", 2024, "actual", 1.0, 2.0, "E1"), ("China", 2023, "actual", 1.0, 2.0, "E2")])
    with pytest.raises(EmptySelectionError, match="^funding_events: no year with actual capex for both the US and "
                                                  "China; the latest US/China actual capex ratio cannot be computed$"):
        funding.latest_common_capex(capex)


def test_latest_common_capex_with_zero_chinese_capex():
    capex = _capex([("US", 2024, "actual", 1.0, 2.0, "E1"), ("China", 2024, "actual", 0.0, 1.0, "E2")])
    with pytest.raises(EmptySelectionError, match=r"^funding_events: China's actual capex in 2024 \(capex_low_usd, "
                                                  r"events E2\) is zero; the US/China actual capex ratio for 2024"):
        funding.latest_common_capex(capex)


def test_largest_training_run_without_any_compute():
    models = _models([("a", ("US",), "2024-01-01", None)]).assign(organization="x")
    with pytest.raises(EmptySelectionError, match="^epoch_notable_models: no model with a training compute among "
                                                  "1 rows; the largest training run cannot be computed$"):
        compute_spend.largest_training_run(models)


def test_chip_with_zero_price_is_refused():
    hardware = guards.tagged(pd.DataFrame({"hardware_name": ["NVIDIA H100 SXM5 80GB"], "release_price_usd": [0.0],
                                           "tensor_fp16_flops": [9.9e14], "fp16_flops": [np.nan]}),
                             source="epoch_ml_hardware")
    with pytest.raises(ValueError, match="^epoch_ml_hardware: NVIDIA H100 SXM5 80GB: price or 16-bit throughput "
                                         "missing or not positive"):
        compute_spend.chip_spec(hardware, "H100")


def test_best_chip_when_none_qualifies():
    classified = guards.tagged(pd.DataFrame({"chip": ["A", "B"], "rule": ["2023-10"] * 2,
                                             "designer_country": ["China", "other"], "tpp": [100.0, np.nan],
                                             "status": [export_rules.NOT_CONTROLLED] * 2}),
                               source="epoch_ml_hardware + chips_supplement")
    assert ec.best_tpp(classified, rule="2023-10", designer_country="China")["chip"] == "A"
    with pytest.raises(EmptySelectionError, match="no chip designed in 'other'") as err:
        ec.best_tpp(classified, rule="2023-10", designer_country="other", statuses=(export_rules.NOT_CONTROLLED,))
    assert str(err.value) == ("epoch_ml_hardware + chips_supplement: no chip designed in 'other' with a TPP under "
                              "rule '2023-10' with status 'not controlled'; the highest-TPP chip cannot be computed")

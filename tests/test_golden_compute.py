"""Golden values of the compute-fleet arithmetic on small clusters worked out here by hand
(shares, ratios, lags, additions in a window, FLOP per year and run lengths)."""

from __future__ import annotations

import math
import re

import pandas as pd
import pytest

from gaplib.guards import EmptySelectionError
from gaplib.hardware import compute

JULIAN_YEAR_S = 365.25 * 86_400  # 31,557,600 s


def _clusters() -> pd.DataFrame:
    return pd.DataFrame({
        "name": ["a", "b", "c", "d", "e", "f"],
        "countries": [("US",), ("US",), ("China",), ("US", "China"), (), ("China",)],
        "h100_equivalents": [100.0, 50.0, 20.0, 10.0, 20.0, float("nan")],
        "power_mw": [200.0, float("nan"), 10.0, 0.0, 40.0, 5.0],
        "status": ["Existing", "Existing", "Existing", "Planned", "Existing", "Decommissioned"],
        "include_in_standard_analysis": [True, False, True, True, None, True],
        "first_operational_date": pd.to_datetime(
            ["2023-01-01", "2023-06-30", "2023-07-01", "2024-01-01", "2022-01-01", "2023-03-01"]),
    })


# --- selection ----------------------------------------------------------------------------------

@pytest.mark.parametrize("planned, standard, names", [
    (False, True, ["a", "c"]),                 # existing and in the standard analysis (None counts as out)
    (False, False, ["a", "b", "c", "e"]),      # every existing cluster
    (True, True, ["a", "c", "d"]),             # planned ones join
    (True, False, ["a", "b", "c", "d", "e"]),
])
def test_select_clusters(planned, standard, names):
    chosen = compute.select_clusters(_clusters(), include_planned=planned, standard_analysis_only=standard)
    assert list(chosen["name"]) == names


def test_select_clusters_names_its_selection():
    assert "Existing or Planned" in compute.select_clusters(_clusters(), include_planned=True).attrs["selection"]
    assert "standard analysis" in compute.select_clusters(_clusters()).attrs["selection"]
    assert "standard analysis" not in compute.select_clusters(
        _clusters(), standard_analysis_only=False).attrs["selection"]


# --- fleets, shares, ratios -------------------------------------------------------------------------

def test_fleet_by_country_shares_by_hand():
    fleet = compute.fleet_by_country(_clusters())
    # US: 100 + 50 + 10 (joint) = 160; China: 20 + 10 (joint) = 30 (NaN ignored); total of rows 200
    assert list(fleet["country"]) == ["US", "China"]
    assert list(fleet["h100_equivalents"]) == [160.0, 30.0]
    assert list(fleet["share_pct"]) == pytest.approx([80.0, 15.0])


def test_fleet_by_country_sums_another_measure_and_refuses_a_zero_total():
    frame = _clusters().assign(ops=[1.0, 0.0, 3.0, 0.0, 0.0, 0.0])
    fleet = compute.fleet_by_country(frame, "ops")
    assert dict(zip(fleet["country"], fleet["share_pct"])) == pytest.approx({"China": 75.0, "US": 25.0})
    with pytest.raises(EmptySelectionError, match="no ops among"):
        compute.fleet_by_country(frame.assign(ops=0.0), "ops")
    with pytest.raises(EmptySelectionError, match="no H100-equivalents among"):
        compute.fleet_by_country(frame.assign(h100_equivalents=0.0))


def test_country_value_and_the_ratio():
    fleet = compute.fleet_by_country(_clusters())
    assert compute.country_value(fleet, "US") == 160.0
    assert compute.country_value(fleet, "Japan") == 0.0
    assert compute.us_china_ratio(fleet) == pytest.approx(160.0 / 30.0)


@pytest.mark.parametrize("us, china, match", [
    (10.0, 0.0, "no H100-equivalents for China"),
    (0.0, 10.0, "no H100-equivalents for US"),
    (10.0, -1.0, "no H100-equivalents for China"),
])
def test_us_china_ratio_refuses_an_empty_side(us, china, match):
    fleet = pd.DataFrame({"country": ["US", "China"], "h100_equivalents": [us, china]})
    with pytest.raises(EmptySelectionError, match=match):
        compute.us_china_ratio(fleet)


def test_a_tiny_positive_side_still_gives_a_ratio():
    fleet = pd.DataFrame({"country": ["US", "China"], "h100_equivalents": [1e-3, 4.0]})
    assert compute.us_china_ratio(fleet) == pytest.approx(2.5e-4)


# --- orders of magnitude and lags ----------------------------------------------------------------

@pytest.mark.parametrize("ratio, expected", [(100.0, 2.0), (1.0, 0.0), (0.1, -1.0), (1e-9, -9.0)])
def test_orders_of_magnitude(ratio, expected):
    assert compute.orders_of_magnitude(ratio) == pytest.approx(expected)


@pytest.mark.parametrize("ratio", [0.0, -1.0])
def test_orders_of_magnitude_refuses_a_non_positive_ratio(ratio):
    with pytest.raises(ValueError, match="a ratio must be positive"):
        compute.orders_of_magnitude(ratio)


@pytest.mark.parametrize("ratio, growth, months", [
    (4.0, 2.0, 24.0),       # two doublings at 2x/year
    (8.0, 2.0, 36.0),
    (10.0, 10.0, 12.0),
    (1.0, 3.0, 0.0),
    (0.5, 2.0, -12.0),      # a lead, not a lag
    (9.0, 1.0 + 2.0, 24.0),
])
def test_ratio_to_lag_months(ratio, growth, months):
    assert compute.ratio_to_lag_months(ratio, growth) == pytest.approx(months)


@pytest.mark.parametrize("ratio, growth, match", [
    (0.0, 2.0, "a ratio must be positive"),
    (-2.0, 2.0, "a ratio must be positive"),
    (4.0, 1.0, "growth must exceed 1x/year"),
    (4.0, 0.5, "growth must exceed 1x/year"),
])
def test_ratio_to_lag_months_refuses(ratio, growth, match):
    with pytest.raises(ValueError, match=match):
        compute.ratio_to_lag_months(ratio, growth)


def test_lag_curve_rows():
    curve = compute.lag_curve({"x4": 4.0, "x16": 16.0}, [2.0, 4.0])
    assert list(curve.columns) == ["label", "ratio", "growth_per_year", "lag_months"]
    assert list(curve["label"]) == ["x4", "x4", "x16", "x16"]
    assert list(curve["growth_per_year"]) == [2.0, 4.0, 2.0, 4.0]
    assert list(curve["lag_months"]) == pytest.approx([24.0, 12.0, 48.0, 24.0])


# --- additions in a window -----------------------------------------------------------------------

def test_added_h100e_counts_the_half_open_window():
    clusters = _clusters()
    start, end = pd.Timestamp("2023-01-01"), pd.Timestamp("2023-07-01")
    # US: a starts on the excluded start day; b on 2023-06-30 is in
    assert compute.added_h100e(clusters, "US", start, end) == 50.0
    # China: c on the included end day; f has no H100-equivalents
    assert compute.added_h100e(clusters, "China", start, end) == 20.0
    assert compute.added_h100e(clusters, "US", pd.Timestamp("2022-12-31"), end) == 150.0
    assert compute.added_h100e(clusters, "China", start, pd.Timestamp("2023-06-30")) == 0.0
    assert compute.added_h100e(clusters, "China", start, pd.Timestamp("2024-01-01")) == 30.0  # d is joint


def test_share_of_added_pct():
    clusters = _clusters()
    start, end = pd.Timestamp("2022-12-31"), pd.Timestamp("2023-07-01")
    assert compute.share_of_added_pct(30.0, clusters, "US", start, end) == pytest.approx(20.0)  # 30 of 150
    with pytest.raises(EmptySelectionError, match="Japan clusters first operational"):
        compute.share_of_added_pct(1.0, clusters, "Japan", start, end)


# --- power ---------------------------------------------------------------------------------------

def test_h100e_per_mw_by_hand():
    clusters = _clusters()
    # rows with both and power > 0: a (100/200), c (20/10), e (20/40); d has 0 MW, b no power, f no H100e
    assert compute.h100e_per_mw(clusters) == pytest.approx(140.0 / 250.0)
    assert compute.h100e_per_mw(clusters, "US") == pytest.approx(0.5)
    assert compute.h100e_per_mw(clusters, "China") == pytest.approx(2.0)
    with pytest.raises(EmptySelectionError, match="Japan's clusters reporting both"):
        compute.h100e_per_mw(clusters, "Japan")


def test_clusters_reporting_power():
    clusters = _clusters()
    assert compute.clusters_reporting_power(clusters, "US") == 2     # a and the joint d (0 MW is reported)
    assert compute.clusters_reporting_power(clusters, "China") == 2  # c and d
    assert compute.clusters_reporting_power(clusters, "Japan") == 0


def test_largest_cluster():
    clusters = _clusters()
    assert compute.largest_cluster(clusters, "US")["name"] == "a"
    assert compute.largest_cluster(clusters, "China")["name"] == "c"
    with pytest.raises(EmptySelectionError, match="no Japan cluster with H100-equivalents"):
        compute.largest_cluster(clusters, "Japan")


# --- FLOP per year and runs -----------------------------------------------------------------------

def test_training_flop_per_year_by_hand():
    assert compute.training_flop_per_year(2.0, 0.5, h100_flop_per_s=1e15) == pytest.approx(JULIAN_YEAR_S * 1e15)
    assert compute.training_flop_per_year(0.0, 1.0) == 0.0
    # one H100 at its dense 16-bit rate (989.5 TFLOP/s), busy all year
    assert compute.training_flop_per_year(1.0, 1.0) == pytest.approx(3.12262452e22, rel=1e-9)  # 989.5e12 x 31,557,600


@pytest.mark.parametrize("h100e, utilisation, match", [
    (1.0, 0.0, "utilisation must be in"),
    (1.0, 1.0001, "utilisation must be in"),
    (1.0, -0.5, "utilisation must be in"),
    (-1.0, 0.5, "a fleet cannot be negative"),
])
def test_training_flop_per_year_refuses(h100e, utilisation, match):
    with pytest.raises(ValueError, match=match):
        compute.training_flop_per_year(h100e, utilisation)


def test_runs_per_year_and_run_days_by_hand():
    # 1 FLOP/s for a Julian year is 31,557,600 FLOP: a run of 3,155,760 FLOP fits 10 times
    assert compute.runs_per_year(1.0, 3_155_760.0, 1.0, h100_flop_per_s=1.0) == pytest.approx(10.0)
    assert compute.run_days(1.0, 3_155_760.0, 1.0, h100_flop_per_s=1.0) == pytest.approx(36.525)
    assert compute.run_days(2.0, 3_155_760.0, 0.5, h100_flop_per_s=1.0) == pytest.approx(36.525)
    assert compute.run_days(0.0, 1.0, 1.0) == math.inf
    with pytest.raises(ValueError, match="a run needs positive FLOP"):
        compute.runs_per_year(1.0, 0.0, 1.0)
    with pytest.raises(ValueError, match="a run needs positive FLOP"):
        compute.runs_per_year(1.0, -5.0, 1.0)


# --- defaults, small totals and thresholds near zero ---------------------------------------------

def test_select_clusters_defaults_to_existing_clusters_in_the_standard_analysis():
    chosen = compute.select_clusters(_clusters())
    assert list(chosen["name"]) == ["a", "c"]  # d is Planned, b and e are outside the standard analysis
    assert chosen.attrs["selection"] == "clusters with status Existing in Epoch's standard analysis"


def test_fleet_rows_are_numbered_from_the_largest():
    fleet = compute.fleet_by_country(_clusters())
    assert list(fleet.index) == [0, 1]
    assert fleet.loc[0, "country"] == "US"  # China sorts first by name; the largest is row 0


def test_a_fleet_of_less_than_one_unit_still_has_shares():
    frame = pd.DataFrame({"countries": [("US",), ("China",)], "h100_equivalents": [0.3, 0.2]})
    fleet = compute.fleet_by_country(frame)
    assert list(fleet["share_pct"]) == pytest.approx([60.0, 40.0])  # 0.3 and 0.2 of a total of 0.5


def test_the_ratio_error_names_the_selection_without_a_row_count():
    # a fleet has one row per country, so a count of its rows would not count clusters
    fleet = compute.fleet_by_country(compute.select_clusters(_clusters()).iloc[:1])  # cluster a only: no China
    expected = ("no H100-equivalents for China among clusters with status Existing in Epoch's standard analysis; "
                "the US/China ratio has a zero denominator")
    with pytest.raises(EmptySelectionError, match=re.escape(expected) + "$"):
        compute.us_china_ratio(fleet)


def test_h100e_per_mw_keeps_a_cluster_below_one_mw():
    clusters = pd.DataFrame({"countries": [("US",), ("US",)], "h100_equivalents": [1.0, 6.0],
                             "power_mw": [0.5, 1.5]})
    assert compute.h100e_per_mw(clusters) == pytest.approx(3.5)  # (1 + 6) / (0.5 + 1.5); 4.0 without the first


def test_a_run_of_less_than_one_flop_is_still_a_run():
    # 1 FLOP/s for a Julian year at full use: 31,557,600 runs of 1 FLOP, 63,115,200 of half a FLOP
    assert compute.runs_per_year(1.0, 0.5, 1.0, h100_flop_per_s=1.0) == pytest.approx(2 * JULIAN_YEAR_S)

"""Compute-fleet arithmetic: known values, edge cases, properties."""

import math

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from gaplib.hardware.compute import (
    country_value, fleet_by_country, orders_of_magnitude, ratio_to_lag_months, select_clusters,
)
from gaplib.guards import EmptySelectionError
from gaplib.hardware.fleet_timeline import cumulative_fleet, ratio_timeline


@pytest.fixture
def clusters():
    return pd.DataFrame({
        "countries": [("US",), ("US",), ("China",), ("US", "China"), ("France",), ("US",)],
        "h100_equivalents": [100.0, 300.0, 50.0, 10.0, 40.0, 1000.0],
        "status": ["Existing", "Existing", "Existing", "Existing", "Existing", "Planned"],
        "include_in_standard_analysis": [True, True, True, True, False, True],
        "first_operational_date": pd.to_datetime(["2020-01-01", "2022-01-01", "2021-01-01", "2023-01-01", "2022-06-01", None]),
    })


def test_select_clusters(clusters):
    assert len(select_clusters(clusters)) == 4
    assert len(select_clusters(clusters, standard_analysis_only=False)) == 5
    assert len(select_clusters(clusters, include_planned=True)) == 5


def test_fleet_counts_joint_clusters_for_both(clusters):
    fleet = fleet_by_country(select_clusters(clusters))
    assert list(fleet["country"]) == ["US", "China"]
    assert country_value(fleet, "US") == 410.0
    assert country_value(fleet, "China") == 60.0
    assert country_value(fleet, "India") == 0.0
    assert country_value(fleet, "US", "share_pct") == pytest.approx(100 * 410 / 460)


def test_orders_and_lag_known_values():
    assert orders_of_magnitude(100.0) == pytest.approx(2.0)
    assert ratio_to_lag_months(10.0, 10.0) == pytest.approx(12.0)
    assert ratio_to_lag_months(1.0, 4.5) == 0.0
    assert ratio_to_lag_months(10.0, 4.5) == pytest.approx(12 * math.log(10) / math.log(4.5))


@pytest.mark.parametrize("ratio, growth, message", [
    (0.0, 4.0, "a ratio must be positive, got 0.0"), (-1.0, 4.0, "a ratio must be positive, got -1.0"),
    (10.0, 1.0, "growth must exceed 1x/year to close a gap, got 1.0"),
    (10.0, 0.5, "growth must exceed 1x/year to close a gap, got 0.5"),
])
def test_lag_rejects_meaningless_inputs(ratio, growth, message):
    with pytest.raises(ValueError, match=message):
        ratio_to_lag_months(ratio, growth)


@given(st.floats(1.01, 1e6), st.floats(1.1, 20), st.floats(1.1, 20))
def test_faster_growth_means_shorter_lag(ratio, g1, g2):
    slow, fast = sorted((g1, g2))
    assert ratio_to_lag_months(ratio, fast) <= ratio_to_lag_months(ratio, slow) + 1e-9


def test_cumulative_fleet(clusters):
    timeline = cumulative_fleet(select_clusters(clusters))
    us = timeline[timeline["country"] == "US"]
    assert list(us["h100_equivalents"]) == [100.0, 400.0, 410.0]
    assert set(timeline["country"]) == {"US", "China"}


from gaplib.hardware.compute import (  # noqa: E402
    H100_DENSE_FP16_FLOP_PER_S, SECONDS_PER_YEAR, added_h100e, h100e_per_mw, lag_curve, largest_cluster,
    run_days, runs_per_year, training_flop_per_year,
)


def test_ratio_timeline(clusters):
    timeline = ratio_timeline(select_clusters(clusters)).set_index("date")
    # China's first cluster is 2021; the joint 2023 cluster counts for both.
    assert timeline.loc["2021-12-31", "ratio"] == pytest.approx(100 / 50)
    assert timeline.loc["2022-12-31", "ratio"] == pytest.approx(400 / 50)
    assert timeline.loc["2023-12-31", "ratio"] == pytest.approx(410 / 60)
    assert pd.Timestamp("2020-12-31") not in timeline.index  # no Chinese compute yet


def test_added_h100e(clusters):
    chosen = select_clusters(clusters)
    assert added_h100e(chosen, "US", pd.Timestamp("2021-06-01"), pd.Timestamp("2023-01-01")) == 310.0
    assert added_h100e(chosen, "China", pd.Timestamp("2023-01-01"), pd.Timestamp("2024-01-01")) == 0.0


def test_h100e_per_mw():
    frame = pd.DataFrame({"countries": [("US",), ("China",), ("US", "China"), ("US",)],
                          "h100_equivalents": [1000.0, 100.0, 500.0, 50.0],
                          "power_mw": [2.0, 1.0, 1.0, None]})
    assert h100e_per_mw(frame, "US") == pytest.approx(1500 / 3)
    assert h100e_per_mw(frame, "China") == pytest.approx(600 / 2)
    assert h100e_per_mw(frame) == pytest.approx(1600 / 4)
    with pytest.raises(EmptySelectionError, match="power capacity of India's clusters"):
        h100e_per_mw(frame, "India")


def test_runs_per_year_known_value():
    # 1e6 H100e at 100% for a year: 989.5e12 * 3.15576e7 * 1e6 FLOP
    assert training_flop_per_year(1e6, 1.0) == pytest.approx(H100_DENSE_FP16_FLOP_PER_S * SECONDS_PER_YEAR * 1e6)
    assert runs_per_year(1e6, 1e26, 0.35) == pytest.approx(0.35 * 989.5e12 * SECONDS_PER_YEAR * 1e6 / 1e26)
    assert runs_per_year(0.0, 1e26, 0.35) == 0.0
    assert run_days(1e5, 1e26, 0.5) == pytest.approx(365.25 / runs_per_year(1e5, 1e26, 0.5))
    assert run_days(0.0, 1e26, 0.5) == math.inf


@pytest.mark.parametrize("h100e, flop, util, message", [
    (1.0, 0.0, 0.5, "a run needs positive FLOP, got 0.0"), (1.0, 1e26, 0.0, r"utilisation must be in \(0, 1\], got 0.0"),
    (1.0, 1e26, 1.5, r"utilisation must be in \(0, 1\], got 1.5"), (-1.0, 1e26, 0.5, "a fleet cannot be negative, got -1.0"),
])
def test_runs_reject_meaningless_inputs(h100e, flop, util, message):
    with pytest.raises(ValueError, match=message):
        runs_per_year(h100e, flop, util)


@given(st.floats(1, 1e8), st.floats(0.01, 1), st.floats(1.01, 10))
def test_runs_scale_linearly_with_the_fleet(h100e, util, factor):
    assert runs_per_year(h100e * factor, 1e26, util) == pytest.approx(factor * runs_per_year(h100e, 1e26, util))


def test_largest_cluster_and_lag_curve(clusters):
    assert largest_cluster(select_clusters(clusters), "China")["h100_equivalents"] == 50.0
    with pytest.raises(ValueError, match="no India cluster with H100-equivalents"):
        largest_cluster(clusters, "India")
    curve = lag_curve({"a": 10.0, "b": 100.0}, [10.0, 100.0])
    assert len(curve) == 4
    assert curve.set_index(["label", "growth_per_year"]).loc[("b", 10.0), "lag_months"] == pytest.approx(24.0)


def test_us_china_ratio(clusters):
    from gaplib.hardware.compute import us_china_ratio

    assert us_china_ratio(fleet_by_country(select_clusters(clusters))) == pytest.approx(410.0 / 60.0)
    only_us = clusters[clusters["countries"] == ("US",)]
    with pytest.raises(EmptySelectionError, match="no H100-equivalents for China .* zero denominator"):
        us_china_ratio(fleet_by_country(only_us))

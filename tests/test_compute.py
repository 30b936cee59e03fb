"""Compute-fleet arithmetic: known values, edge cases, properties."""

import math

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from gaplib.compute import (
    country_value, cumulative_fleet, fleet_by_country, orders_of_magnitude, ratio_to_lag_months,
    select_clusters,
)


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


@pytest.mark.parametrize("ratio, growth", [(0.0, 4.0), (-1.0, 4.0), (10.0, 1.0), (10.0, 0.5)])
def test_lag_rejects_meaningless_inputs(ratio, growth):
    with pytest.raises(ValueError):
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

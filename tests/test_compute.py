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
from gaplib.guards import EmptySelectionError


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


from gaplib.guards import EmptySelectionError
from gaplib.compute import (  # noqa: E402
    H100_DENSE_FP16_FLOP_PER_S, SECONDS_PER_YEAR, added_h100e, h100e_per_mw, lag_curve, largest_cluster,
    ratio_timeline, run_days, runs_per_year, training_flop_per_year,
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


@pytest.mark.parametrize("h100e, flop, util", [(1.0, 0.0, 0.5), (1.0, 1e26, 0.0), (1.0, 1e26, 1.5), (-1.0, 1e26, 0.5)])
def test_runs_reject_meaningless_inputs(h100e, flop, util):
    with pytest.raises(ValueError):
        runs_per_year(h100e, flop, util)


@given(st.floats(1, 1e8), st.floats(0.01, 1), st.floats(1.01, 10))
def test_runs_scale_linearly_with_the_fleet(h100e, util, factor):
    assert runs_per_year(h100e * factor, 1e26, util) == pytest.approx(factor * runs_per_year(h100e, 1e26, util))


def test_largest_cluster_and_lag_curve(clusters):
    assert largest_cluster(select_clusters(clusters), "China")["h100_equivalents"] == 50.0
    with pytest.raises(ValueError):
        largest_cluster(clusters, "India")
    curve = lag_curve({"a": 10.0, "b": 100.0}, [10.0, 100.0])
    assert len(curve) == 4
    assert curve.set_index(["label", "growth_per_year"]).loc[("b", 10.0), "lag_months"] == pytest.approx(24.0)


def test_us_china_ratio(clusters):
    from gaplib.compute import us_china_ratio

    assert us_china_ratio(fleet_by_country(select_clusters(clusters))) == pytest.approx(410.0 / 60.0)
    only_us = clusters[clusters["countries"] == ("US",)]
    with pytest.raises(EmptySelectionError, match="no H100-equivalents for China .* zero denominator"):
        us_china_ratio(fleet_by_country(only_us))


# ---------------------------------------------------------------- fleet growth

from gaplib import compute  # noqa: E402


def _fleet(country, year_end_totals, date_shift_days=0):
    """Clusters whose year-end cumulative H100e are ``year_end_totals`` ({year: total})."""
    rows, before = [], 0.0
    for year, total in sorted(year_end_totals.items()):
        rows.append({"countries": (country,), "h100_equivalents": total - before,
                     "first_operational_date": pd.Timestamp(year=year, month=6, day=30)
                     + pd.Timedelta(days=date_shift_days)})
        before = total
    return pd.DataFrame(rows)


def test_fleet_growth_recovers_a_known_growth():
    noise = [1.0, 1.08, 0.93, 1.05, 0.96, 1.02]
    totals = {2019 + k: 100.0 * 3.0 ** k * noise[k] for k in range(6)}
    clusters = pd.concat([_fleet("US", totals),
                          pd.DataFrame([{"countries": ("US",), "h100_equivalents": 1.0,
                                         "first_operational_date": pd.Timestamp("2025-07-22")}])],
                         ignore_index=True)
    fit = compute.fleet_growth(clusters, "US", years=5)
    assert (fit.first_year, fit.last_year) == (2020, 2024)  # 2025 is not a full year yet
    assert fit.growth_per_year == pytest.approx(3.0, rel=0.05)
    assert fit.low < 3.0 < fit.high and fit.high / fit.low < 1.5
    assert list(fit.fleet.index) == [2020, 2021, 2022, 2023, 2024]
    # exact exponential growth: the fit is exact and its interval collapses onto it
    exact = compute.fleet_growth(_fleet("China", {2018 + k: 10.0 * 2.0 ** k for k in range(5)}), "China",
                                 years=4, last_year=2022)
    assert exact.growth_per_year == pytest.approx(2.0) and exact.low == pytest.approx(2.0)
    # a wider level gives a wider interval
    wide = compute.fleet_growth(clusters, "US", years=5, level=0.99)
    assert wide.low < fit.low and wide.high > fit.high


def test_last_full_year():
    dates = lambda *d: pd.DataFrame({"first_operational_date": pd.to_datetime(list(d))})  # noqa: E731
    assert compute.last_full_year(dates("2023-01-05", "2025-07-22")) == 2024
    assert compute.last_full_year(dates("2025-12-31")) == 2025
    with pytest.raises(EmptySelectionError):
        compute.last_full_year(pd.DataFrame({"first_operational_date": pd.to_datetime([None])}))


def test_fleet_growth_refuses_too_few_years_and_empty_year_ends():
    clusters = _fleet("US", {2021: 10.0, 2022: 30.0, 2023: 90.0, 2024: 270.0})
    with pytest.raises(ValueError, match="at least 3 years"):
        compute.fleet_growth(clusters, "US", years=2, last_year=2024)
    with pytest.raises(EmptySelectionError, match="no US H100-equivalents by the end of 2020"):
        compute.fleet_growth(clusters, "US", years=5, last_year=2024)
    with pytest.raises(EmptySelectionError, match="no China H100-equivalents"):
        compute.fleet_growth(clusters, "China", years=3, last_year=2024)
    with pytest.raises(ValueError, match="level"):
        compute.fleet_growth(clusters, "US", years=3, last_year=2024, level=1.0)


def test_a_cluster_without_h100e_leaves_no_gap_in_the_running_total():
    clusters = pd.DataFrame({
        "countries": [("US",), ("China",), ("China",), ("US",)],
        "h100_equivalents": [100.0, 50.0, math.nan, 300.0],
        "first_operational_date": pd.to_datetime(["2020-03-01", "2020-05-01", "2020-11-01", "2021-02-01"]),
    })
    timeline = compute.ratio_timeline(clusters).set_index("date")
    assert timeline.loc["2020-12-31", "ratio"] == pytest.approx(2.0)  # the NaN row once dropped this year
    assert timeline.loc["2021-12-31", "ratio"] == pytest.approx(8.0)
    assert compute.year_end_fleet(clusters, "China", [2019, 2020, 2021]).tolist() == [0.0, 50.0, 50.0]

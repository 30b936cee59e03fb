"""gaplib.hardware.fleet_timeline: year-end fleets, their fitted growth and the ratio over time."""

import math

import pandas as pd
import pytest

from gaplib.guards import EmptySelectionError
from gaplib.hardware import fleet_timeline as ft


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
    fit = ft.fleet_growth(clusters, "US", years=5)
    assert (fit.first_year, fit.last_year) == (2020, 2024)  # 2025 is not a full year yet
    assert fit.growth_per_year == pytest.approx(3.0, rel=0.05)
    assert fit.low < 3.0 < fit.high and fit.high / fit.low < 1.5
    assert list(fit.fleet.index) == [2020, 2021, 2022, 2023, 2024]
    # exact exponential growth: the fit is exact and its interval collapses onto it
    exact = ft.fleet_growth(_fleet("China", {2018 + k: 10.0 * 2.0 ** k for k in range(5)}), "China",
                                 years=4, last_year=2022)
    assert exact.growth_per_year == pytest.approx(2.0) and exact.low == pytest.approx(2.0)
    # a wider level gives a wider interval
    wide = ft.fleet_growth(clusters, "US", years=5, level=0.99)
    assert wide.low < fit.low and wide.high > fit.high


def test_last_full_year():
    dates = lambda *d: pd.DataFrame({"first_operational_date": pd.to_datetime(list(d))})  # noqa: E731
    assert ft.last_full_year(dates("2023-01-05", "2025-07-22")) == 2024
    assert ft.last_full_year(dates("2025-12-31")) == 2025
    with pytest.raises(EmptySelectionError, match="no dated cluster among the clusters given"):
        ft.last_full_year(pd.DataFrame({"first_operational_date": pd.to_datetime([None])}))


def test_fleet_growth_refuses_too_few_years_and_empty_year_ends():
    clusters = _fleet("US", {2021: 10.0, 2022: 30.0, 2023: 90.0, 2024: 270.0})
    with pytest.raises(ValueError, match="at least 3 years"):
        ft.fleet_growth(clusters, "US", years=2, last_year=2024)
    with pytest.raises(EmptySelectionError, match="no US H100-equivalents by the end of 2020"):
        ft.fleet_growth(clusters, "US", years=5, last_year=2024)
    with pytest.raises(EmptySelectionError, match="no China H100-equivalents"):
        ft.fleet_growth(clusters, "China", years=3, last_year=2024)
    with pytest.raises(ValueError, match="level"):
        ft.fleet_growth(clusters, "US", years=3, last_year=2024, level=1.0)


def test_a_cluster_without_h100e_leaves_no_gap_in_the_running_total():
    clusters = pd.DataFrame({
        "countries": [("US",), ("China",), ("China",), ("US",)],
        "h100_equivalents": [100.0, 50.0, math.nan, 300.0],
        "first_operational_date": pd.to_datetime(["2020-03-01", "2020-05-01", "2020-11-01", "2021-02-01"]),
    })
    timeline = ft.ratio_timeline(clusters).set_index("date")
    assert timeline.loc["2020-12-31", "ratio"] == pytest.approx(2.0)  # the NaN row once dropped this year
    assert timeline.loc["2021-12-31", "ratio"] == pytest.approx(8.0)
    assert ft.year_end_fleet(clusters, "China", [2019, 2020, 2021]).tolist() == [0.0, 50.0, 50.0]


def test_undated_clusters_count_from_the_data_end_so_the_timeline_ends_at_the_fleet():
    from gaplib.hardware import compute

    clusters = pd.DataFrame([
        {"countries": ("US",), "h100_equivalents": 1000.0, "first_operational_date": pd.Timestamp("2024-03-01")},
        {"countries": ("US",), "h100_equivalents": 200.0, "first_operational_date": pd.NaT},
        {"countries": ("China",), "h100_equivalents": 90.0, "first_operational_date": pd.Timestamp("2024-05-01")},
        {"countries": ("China",), "h100_equivalents": 10.0, "first_operational_date": pd.NaT},
        {"countries": ("China",), "h100_equivalents": math.nan, "first_operational_date": pd.NaT},
    ])
    fleet = compute.fleet_by_country(clusters)
    text_ratio = compute.us_china_ratio(fleet)  # 1200 / 100 = 12
    assert text_ratio == pytest.approx(12.0)
    # without a date for the undated rows, the chart ends below the text's fleet: 1000 / 90
    assert ft.ratio_timeline(clusters)["ratio"].iloc[-1] == pytest.approx(1000.0 / 90.0)
    end = pd.Timestamp("2025-10-15")
    ratios = ft.ratio_timeline(clusters, undated_at=end)
    assert ratios["ratio"].iloc[-1] == pytest.approx(text_ratio, rel=1e-12)
    assert ratios["date"].iloc[-1] == pd.Timestamp("2025-12-31")
    timeline = ft.cumulative_fleet(clusters, undated_at=end)
    last = timeline.groupby("country")["h100_equivalents"].last()
    assert last["China"] == pytest.approx(100.0) and last["US"] == pytest.approx(1200.0)
    assert timeline.loc[timeline["country"] == "China", "date"].max() == end
    assert ft.undated_h100e(clusters, "China") == pytest.approx(10.0)
    assert ft.undated_h100e(clusters, "US") == pytest.approx(200.0)
    assert ft.undated_h100e(clusters.iloc[[0, 2]], "US") == 0.0

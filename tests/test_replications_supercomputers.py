"""gaplib.replications.supercomputers: Epoch's share of 16-bit performance by country, known values."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from data_fixtures import require
from gaplib import data
from gaplib.guards import EmptySelectionError
from gaplib.hardware.compute import fleet_by_country
from gaplib.replications import supercomputers as sc


def _clusters(rows):
    """rows: (countries tuple, first operational date or None, ops_16bit or None, status, in standard analysis)."""
    frame = pd.DataFrame(rows, columns=["countries", "first_operational_date", "ops_16bit", "status",
                                        "include_in_standard_analysis"])
    frame["first_operational_date"] = pd.to_datetime(frame["first_operational_date"])
    frame["ops_16bit"] = frame["ops_16bit"].astype(float)
    frame["include_in_standard_analysis"] = frame["include_in_standard_analysis"].astype("boolean")
    return frame


@pytest.fixture
def clusters():
    return _clusters([
        (("US",), "2020-06-01", 60.0, "Existing", True),
        (("China",), "2021-01-01", 20.0, "Existing", True),
        (("France",), "2024-01-01", 20.0, "Existing", False),   # outside the book's selection
        (("US",), "2025-09-01", 100.0, "Existing", True),       # after the insight's date
        ((), "2022-01-01", 25.0, "Existing", True),             # no country: Epoch drops it
        (("US",), "2018-06-01", 500.0, "Existing", True),       # before 2019: outside the window
        (("China",), None, 900.0, "Existing", True),            # no date
        (("US",), "2023-01-01", None, "Existing", True),        # no 16-bit figure
    ])


def test_published_filter_keeps_dated_known_country_rows_in_the_window(clusters):
    kept = sc.operational_clusters(clusters, "2025-06-05")
    assert sorted(kept["ops_16bit"]) == [20.0, 20.0, 60.0]
    unknown = sc.operational_clusters(clusters, "2025-06-05", country_known=False)
    assert list(unknown["ops_16bit"]) == [25.0]
    assert "2019-01-01 to 2025-06-05" in kept.attrs["selection"]


def test_shares_as_of_a_date(clusters):
    shares = sc.performance_shares(clusters, "2025-06-05")
    assert list(shares["country"]) == ["US", "China", "France"]
    assert list(shares["share_pct"]) == pytest.approx([60.0, 20.0, 20.0])
    later = sc.performance_shares(clusters, "2025-12-31")
    assert list(later["share_pct"]) == pytest.approx([80.0, 10.0, 10.0])
    # the cluster first operational on the day itself counts
    assert sc.performance_shares(clusters, "2025-09-01")["share_pct"].iloc[0] == pytest.approx(80.0)
    assert sc.performance_shares(clusters, "2025-08-31")["share_pct"].iloc[0] == pytest.approx(60.0)


def test_bounds_count_clusters_without_a_country_both_ways(clusters):
    us = sc.share_with_bounds_pct(clusters, "US", "2025-06-05")
    assert us["share_pct"] == pytest.approx(60.0)
    assert us["low_pct"] == pytest.approx(100 * 60 / 125)
    assert us["high_pct"] == pytest.approx(100 * 85 / 125)
    assert (us["n_clusters"], us["n_unknown_country"], us["unknown_ops_16bit"]) == (3, 1, 25.0)
    india = sc.share_with_bounds_pct(clusters, "India", "2025-06-05")
    assert (india["share_pct"], india["low_pct"]) == (0.0, 0.0)
    assert india["high_pct"] == pytest.approx(20.0)


def test_book_selection_is_a_definition_variant(clusters):
    shares = sc.performance_shares(clusters, "2025-06-05", selection="book")
    assert list(shares["country"]) == ["US", "China"]
    assert list(shares["share_pct"]) == pytest.approx([75.0, 25.0])
    with pytest.raises(ValueError, match="selection is one of published, book"):
        sc.performance_shares(clusters, "2025-06-05", selection="other")


def test_no_cluster_by_the_date_is_named(clusters):
    with pytest.raises(EmptySelectionError, match=r"^epoch_gpu_clusters: no ops_16bit among clusters with a "
                                                  r"country, first operational 2019-01-01 to 2019-12-31"):
        sc.performance_shares(clusters, "2019-12-31")
    with pytest.raises(EmptySelectionError, match=r"\(date 'early', 2019-12-31\)"):
        sc.share_table(clusters, {"early": "2019-12-31"})


def test_share_table_rows(clusters):
    table = sc.share_table(clusters, {"insight": "2025-06-05", "today": "2025-12-31"})
    assert len(table) == 2 * 2 * 2
    row = table[(table["label"] == "today") & (table["selection"] == "published") & (table["country"] == "China")]
    assert row["share_pct"].iloc[0] == pytest.approx(10.0)
    assert row["n_clusters"].iloc[0] == 4


def test_fleet_by_country_sums_the_column_asked_for(clusters):
    fleet = fleet_by_country(clusters.dropna(subset=["ops_16bit"]), column="ops_16bit")
    assert list(fleet.columns) == ["country", "ops_16bit", "share_pct"]
    # rows without a country stay in the denominator of fleet_by_country
    assert fleet.loc[fleet["country"] == "China", "share_pct"].iloc[0] == pytest.approx(100 * 920 / 1625)


@settings(max_examples=50, deadline=None)  # each example builds frames: slow on a loaded machine
@given(st.lists(st.tuples(st.sampled_from(["US", "China", "Japan", ""]), st.floats(1.0, 1e6)), min_size=1, max_size=20))
def test_bounds_enclose_the_share(rows):
    frame = _clusters([((c,) if c else (), "2024-01-01", v, "Existing", True) for c, v in rows])
    if not any(c for c, _ in rows):
        return
    for country in ("US", "China"):
        b = sc.share_with_bounds_pct(frame, country, "2025-01-01")
        assert b["low_pct"] <= b["share_pct"] + 1e-9 and b["share_pct"] <= b["high_pct"] + 1e-9
        assert 0.0 <= b["low_pct"] and b["high_pct"] <= 100.0 + 1e-9


def test_real_data_shares():
    require("epoch_gpu_clusters")
    clusters = data.load("epoch_gpu_clusters")
    table = sc.share_table(clusters, {"insight": "2025-06-05", "snapshot": "2025-12-14"}).set_index(
        ["label", "selection", "country"]).sort_index()
    insight = table.loc[("insight", "published")]
    # Epoch's filter on this snapshot keeps 419 clusters by the insight's date (Epoch counted 417)
    assert insight.loc["US", "n_clusters"] == 419 and insight.loc["US", "n_unknown_country"] == 65
    assert insight.loc["US", "share_pct"] == pytest.approx(69.22708, abs=1e-4)
    assert insight.loc["China", "share_pct"] == pytest.approx(21.76275, abs=1e-4)
    assert (insight.loc["US", "low_pct"], insight.loc["US", "high_pct"]) == pytest.approx((65.56873, 70.85329), abs=1e-4)
    assert (insight.loc["China", "low_pct"], insight.loc["China", "high_pct"]) == pytest.approx(
        (20.61269, 25.89725), abs=1e-4)
    book = table.loc[("insight", "book")]
    assert book.loc["US", "share_pct"] == pytest.approx(75.61659, abs=1e-4)
    assert book.loc["China", "share_pct"] == pytest.approx(12.98398, abs=1e-4)
    snapshot = table.loc[("snapshot", "published")]
    assert snapshot.loc["US", "share_pct"] == pytest.approx(72.11510, abs=1e-4)
    assert snapshot.loc["China", "share_pct"] == pytest.approx(18.21646, abs=1e-4)

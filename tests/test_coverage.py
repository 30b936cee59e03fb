"""Counting variants and documentation coverage of the installed-compute ratio."""

import pandas as pd
import pytest

from gaplib import data
from gaplib.guards import EmptySelectionError
from gaplib.hardware import coverage


def _clusters(rows):
    frame = pd.DataFrame(rows, columns=["countries", "status", "include_in_standard_analysis", "h100_equivalents",
                                        "first_operational_date"])
    frame["first_operational_date"] = pd.to_datetime(frame["first_operational_date"])
    return frame


TOY = _clusters([
    (("US",), "Existing", True, 100.0, "2021-06-01"),
    (("China",), "Existing", True, 50.0, "2021-07-01"),   # ratio 2 at the end of 2021
    (("US",), "Existing", True, 300.0, "2023-01-01"),
    (("China",), "Existing", True, 10.0, "2023-02-01"),   # China adds 10 after 2021
    (("US",), "Existing", False, 400.0, "2023-03-01"),    # outside the standard analysis
    (("US",), "Planned", False, 1000.0, "2027-01-01"),
])


def test_ratio_by_counting_known_values():
    v = coverage.ratio_by_counting(TOY).set_index("variant")["ratio"]
    assert v["operating, Epoch's standard analysis"] == pytest.approx(400 / 60)
    assert v["operating, all rows"] == pytest.approx(800 / 60)
    assert v["with planned, all rows"] == pytest.approx(1800 / 60)


def test_the_range_leaves_planned_clusters_out():
    assert coverage.ratio_range(coverage.ratio_by_counting(TOY)) == pytest.approx((400 / 60, 800 / 60))


def test_undercount_factor_known_value():
    # U = 400, C0 = 50, R0 = 2: 400 / (50 + 10k) = 2  ->  k = 15
    standard = TOY[TOY["include_in_standard_analysis"]]
    assert coverage.undercount_factor_to_hold_ratio(standard, 2021) == pytest.approx(15.0)


def test_undercount_factor_is_one_when_the_ratio_held():
    held = _clusters([(("US",), "Existing", True, 100.0, "2021-06-01"), (("China",), "Existing", True, 50.0, "2021-07-01"),
                      (("US",), "Existing", True, 100.0, "2023-01-01"), (("China",), "Existing", True, 50.0, "2023-02-01")])
    assert coverage.undercount_factor_to_hold_ratio(held, 2021) == pytest.approx(1.0)


def test_no_chinese_additions_is_a_named_error():
    none_added = _clusters([(("US",), "Existing", True, 100.0, "2021-06-01"), (("China",), "Existing", True, 50.0, "2021-07-01"),
                            (("US",), "Existing", True, 100.0, "2023-01-01")])
    with pytest.raises(EmptySelectionError, match="China's documented clusters added after 2021"):
        coverage.undercount_factor_to_hold_ratio(none_added, 2021)


def test_clusters_per_year_counts_joint_clusters_for_both():
    joint = _clusters([(("US", "China"), "Existing", True, 8.0, "2020-01-01")])
    per_year = coverage.clusters_per_year(joint)
    assert sorted(per_year["country"]) == ["China", "US"] and set(per_year["clusters"]) == {1}


def test_real_data_range_and_factor():
    raw = data.load("epoch_gpu_clusters")
    low, high = coverage.ratio_range(coverage.ratio_by_counting(raw))
    assert (round(low, 2), round(high, 2)) == (6.02, 11.41)
    standard = raw[(raw["status"] == "Existing") & raw["include_in_standard_analysis"]]
    assert coverage.undercount_factor_to_hold_ratio(standard, 2022) == pytest.approx(7.678, abs=1e-3)

"""One number in one place: a quantity two pages publish differently is found, on planted results."""

from __future__ import annotations

from gaplib.summary.consistency import SAME_QUANTITY, inconsistencies


def test_equal_values_pass_and_a_planted_difference_is_named():
    results = {"algorithms": {"eci_lag_default": 7.82}, "intro": {"capability_gap": 7.82},
               "replications": {"replication_epoch_eci_lag_months_reproduced": 7.82}}
    assert inconsistencies(results) == []
    results["intro"]["capability_gap"] = 5.97
    assert inconsistencies(results) == ["ECI lag (default, Epoch's method), months: algorithms.eci_lag_default=7.82, "
                                        "intro.capability_gap=5.97, replications.replication_epoch_eci_lag_months_reproduced=7.82"]


def test_absent_pages_and_results_are_not_compared():
    assert inconsistencies({"intro": {"capability_gap": 1.0}}) == []
    assert inconsistencies({"intro": {"capability_gap": 1.0}, "algorithms": {"eci_lag_default": "n/a"}}) == []


def test_every_quantity_is_published_by_at_least_two_pages():
    assert all(len({page for page, _ in places}) >= 2 for places in SAME_QUANTITY.values())


def test_one_china_frontier_fit_with_two_intervals_is_found():
    """The China fit was shown as [1.23-3.47] in the algorithms chapter and [1.24-3.40] on the Replications page."""
    results = {"algorithms": {"china_frontier_growth_per_year_ci_low": 1.2297, "china_frontier_growth_per_year_ci_high": 3.466},
               "replications": {"replication_epoch_china_growth_reproduced_ci_low": 1.2297,
                                "replication_epoch_china_growth_reproduced_ci_high": 3.466}}
    assert inconsistencies(results) == []
    results["replications"]["replication_epoch_china_growth_reproduced_ci_low"] = 1.24
    assert inconsistencies(results) == ["China's frontier growth, interval low: algorithms.china_frontier_growth_per_year_ci_low"
                                        "=1.2297, replications.replication_epoch_china_growth_reproduced_ci_low=1.24"]

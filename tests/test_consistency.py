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


def test_every_quantity_is_published_in_at_least_two_places():
    # two pages, or one page's text and its chart
    assert all(len(set(places)) >= 2 for places in SAME_QUANTITY.values())


def test_texts_are_compared_exactly():
    same = {"first controlled": (("geopolitics", "h100_first_controlled"), ("claims", "h100_first_controlled"))}
    assert inconsistencies({"geopolitics": {"h100_first_controlled": "2022-08-26"},
                            "claims": {"h100_first_controlled": "2022-08-26"}}, same) == []
    assert inconsistencies({"geopolitics": {"h100_first_controlled": "2022-08-26"},
                            "claims": {"h100_first_controlled": "2022-08-31"}}, same) == [
        "first controlled: geopolitics.h100_first_controlled=2022-08-26, claims.h100_first_controlled=2022-08-31"]
    assert inconsistencies({"geopolitics": {"h100_first_controlled": "2022-10-07"},
                            "claims": {"h100_first_controlled": "2022-10-07 "}}, same) != []


def test_the_map_covers_the_fleet_charts_the_h20_and_the_first_control_date():
    places = {place for entries in SAME_QUANTITY.values() for place in entries}
    assert {("hardware", "fleet_ratio_chart_end"), ("hardware", "fleet_chart_end_china_h100e"),
            ("geopolitics", "h20_status_2023_10"), ("replications", "h20_status_2023_10"),
            ("geopolitics", "h100_first_controlled"), ("claims", "h100_first_controlled")} <= places
    # the fleet chart ending at 106,431 while the text says 109,611 is caught
    wrong = inconsistencies({"hardware": {"china_h100e": 109611.0, "fleet_chart_end_china_h100e": 106431.0}})
    assert wrong == ["China's installed H100e, standard analysis (text and fleet chart): hardware.china_h100e=109611, "
                     "hardware.fleet_chart_end_china_h100e=106431"]


def test_one_china_frontier_fit_with_two_intervals_is_found():
    """The China fit was shown as [1.23-3.47] in the algorithms chapter and [1.24-3.40] on the Replications page."""
    results = {"algorithms": {"china_frontier_growth_per_year_ci_low": 1.2297, "china_frontier_growth_per_year_ci_high": 3.466},
               "replications": {"replication_epoch_china_growth_reproduced_ci_low": 1.2297,
                                "replication_epoch_china_growth_reproduced_ci_high": 3.466}}
    assert inconsistencies(results) == []
    results["replications"]["replication_epoch_china_growth_reproduced_ci_low"] = 1.24
    assert inconsistencies(results) == ["China's frontier growth, interval low: algorithms.china_frontier_growth_per_year_ci_low"
                                        "=1.2297, replications.replication_epoch_china_growth_reproduced_ci_low=1.24"]

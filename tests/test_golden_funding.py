"""gaplib.funding.funding: capex de-duplication, the latest common year and the investment series, pinned on
small tables whose answers are worked out by hand here."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from gaplib.funding import funding as F


def _event(eid, entity, country, kind, year, date, low, high=None, verified="read"):
    return dict(event_id=eid, entity=entity, country=country, kind=kind, year=year, date=pd.Timestamp(date),
                amount_usd_low=low, amount_usd_high=high if high is not None else low, verified=verified)


def test_of_two_unnamed_groups_the_later_dated_one_is_kept_whatever_the_row_order():
    later_first = pd.DataFrame([
        _event("E1", "US cloud (combined)", "US", "capex_actual", 2024, "2025-03-01", 200.0, 220.0),
        _event("E2", "US Big Tech (combined)", "US", "capex_actual", 2024, "2025-01-01", 150.0),
        _event("E3", "A", "US", "capex_actual", 2024, "2025-04-01", 999.0),
    ])
    for events in (later_first, later_first.iloc[::-1]):
        row = F.capex_by_year(events).iloc[0]
        assert (row["capex_low_usd"], row["capex_high_usd"], row["capex_mid_usd"]) == (200.0, 220.0, 210.0)
        assert row["entities"] == "US cloud (combined)" and row["event_ids"] == "E1"


def test_a_group_and_its_members_count_once_and_unrelated_companies_add_up():
    events = pd.DataFrame([
        _event("E1", "A + B", "China", "capex_actual", 2023, "2024-03-01", 10.0, 14.0),
        _event("E2", "B", "China", "capex_actual", 2023, "2024-02-01", 6.0),
        _event("E3", "C", "China", "capex_actual", 2023, "2024-02-01", 1.0, 3.0),
    ])
    row = F.capex_by_year(events).iloc[0]
    assert (row["capex_low_usd"], row["capex_high_usd"], row["capex_mid_usd"]) == (11.0, 17.0, 14.0)
    assert row["entities"] == "A + B; C" and row["event_ids"] == "E1; E3"
    assert (row["country"], row["year"], row["basis"]) == ("China", 2023, "actual")


def test_a_multi_year_total_is_spread_over_its_years_low_and_high():
    events = pd.DataFrame([_event("E18", "Alibaba", "China", "capex_plan", 2026, "2025-02-24", 30.0, 60.0)])
    row = F.capex_by_year(events).iloc[0]
    assert (row["capex_low_usd"], row["capex_high_usd"], row["capex_mid_usd"]) == (10.0, 20.0, 15.0)
    assert row["basis"] == "plan"


@pytest.fixture
def capex():
    return F.capex_by_year(pd.DataFrame([
        _event("U1", "A", "US", "capex_actual", 2022, "2023-01-01", 50.0, 70.0),
        _event("C1", "X", "China", "capex_actual", 2022, "2023-01-01", 5.0, 10.0),
        _event("U2", "A", "US", "capex_actual", 2023, "2024-01-01", 80.0, 120.0),
        _event("C2", "X", "China", "capex_actual", 2023, "2024-01-01", 8.0, 12.0),
        _event("U3", "A", "US", "capex_actual", 2024, "2025-01-01", 300.0),  # no Chinese figure for 2024
        _event("U4", "A", "US", "capex_plan", 2021, "2021-01-01", 40.0),
        _event("C4", "X", "China", "capex_plan", 2021, "2021-01-01", 4.0, 8.0),
    ]))


def test_the_latest_year_both_countries_report_gives_the_ratio_and_its_widest_range(capex):
    latest = F.latest_common_capex(capex)
    assert (latest["year"], latest["us_usd"], latest["china_usd"]) == (2023, 100.0, 10.0)
    assert latest["ratio"] == pytest.approx(10.0)
    assert latest["ratio_low"] == pytest.approx(80.0 / 12.0) and latest["ratio_high"] == pytest.approx(120.0 / 8.0)


def test_the_latest_common_year_is_taken_within_the_basis_asked_for(capex):
    plan = F.latest_common_capex(capex, basis="plan")
    assert (plan["year"], plan["us_usd"], plan["china_usd"]) == (2021, 40.0, 6.0)
    assert (plan["ratio_low"], plan["ratio_high"]) == pytest.approx((40.0 / 8.0, 40.0 / 4.0))


def test_private_investment_keeps_measured_values_and_projections_only_where_nothing_was_measured():
    owid = pd.DataFrame({"entity": ["United States", "China", "United States", "China", "World", "Europe"],
                         "year": [2024, 2024, 2025, 2025, 2024, 2024],
                         "investment_usd": [100.0, 10.0, np.nan, np.nan, 500.0, 50.0],
                         "investment_projected_usd": [1.0, 1.0, 120.0, 15.0, 1.0, 1.0]})
    inv = F.private_investment(owid)
    assert list(zip(inv["country"], inv["year"], inv["investment_usd"], inv["projected"], strict=True)) == [
        ("China", 2024, 10.0, False), ("China", 2025, 15.0, True), ("US", 2024, 100.0, False), ("US", 2025, 120.0, True)]
    ratios = F.investment_ratio(inv)
    assert ratios["ratio"].tolist() == pytest.approx([10.0, 8.0]) and ratios["projected"].tolist() == [False, True]


def test_a_zero_chinese_investment_is_refused_with_its_year():
    inv = pd.DataFrame({"year": [2023, 2023, 2024, 2024], "country": ["US", "China"] * 2,
                        "investment_usd": [5.0, 0.0, 6.0, 2.0], "projected": False})
    with pytest.raises(ValueError, match="China's private AI investment is 0 in 2023"):
        F.investment_ratio(inv)


def test_three_measured_years_are_enough_for_the_trend_and_its_one_degree_of_freedom_interval():
    ratios = pd.DataFrame({"year": [2020, 2021, 2022], "ratio": [2.0, 3.0, 5.0], "projected": False})
    trend = F.fit_ratio_trend(ratios)
    x, y = np.array([0.0, 1.0, 2.0]), np.log([2.0, 3.0, 5.0])
    slope = (y[2] - y[0]) / 2  # least squares on three equally spaced points
    resid = y - (y.mean() + slope * (x - 1))
    se = math.sqrt(resid @ resid / 1 / 2)  # s^2 / sum (x - mean)^2, one degree of freedom
    t = stats.t.ppf(0.975, 1)
    assert trend.n_years == 3
    assert trend.change_per_year == pytest.approx(math.sqrt(2.5), rel=1e-12)
    assert (trend.change_low, trend.change_high) == pytest.approx((math.exp(slope - t * se), math.exp(slope + t * se)),
                                                                  rel=1e-9)


def test_fact_values_are_read_in_billions_and_a_missing_fact_is_named():
    facts = pd.DataFrame({"id": ["F049", "F050"], "value": ["109.1", "9.3"], "verified": ["read", "read"]})
    assert F.fact_value_usd(facts, "F050") == pytest.approx(9.3e9)
    assert F.fact_value_usd(facts, "F049", scale=1.0) == pytest.approx(109.1)
    with pytest.raises(KeyError, match="fact F999 not in the facts table"):
        F.fact_value_usd(facts, "F999")


def test_compare_sources_gives_nan_when_the_series_lacks_the_year():
    inv = pd.DataFrame({"year": [2024], "country": ["US"], "investment_usd": [120e9], "projected": [False]})
    facts = pd.DataFrame({"id": ["F049", "F050"], "value": ["100", "10"], "verified": ["read", "unverified"]})
    out = F.compare_sources(inv, facts).set_index("country")
    assert out.loc["US", "difference_pct"] == pytest.approx(20.0)
    assert math.isnan(out.loc["China", "cset_usd"]) and math.isnan(out.loc["China", "difference_pct"])
    assert out.loc["China", "ai_index_usd"] == pytest.approx(10e9) and out.loc["China", "verified"] == "unverified"


def test_tables_come_back_with_a_fresh_index_and_only_their_columns():
    owid = pd.DataFrame({"entity": ["China", "United States", "World", "China"], "year": [2024, 2024, 2024, 2023],
                         "investment_usd": [10.0, 100.0, 500.0, 8.0], "investment_projected_usd": np.nan})
    assert list(F.private_investment(owid).index) == [0, 1, 2]
    events = pd.DataFrame([
        _event("E2", "B", "US", "capex_actual", 2024, "2025-01-01", 5.0),
        _event("E1", "A", "China", "capex_actual", 2025, "2026-01-01", 1.0),
        _event("E3", "Lab", "China", "ipo", 2025, "2025-06-01", 2.0) | {"fx_source": "F9"},
        _event("E4", "Lab2", "US", "ipo", 2025, "2025-07-01", 3.0) | {"fx_source": "F8"},
    ])
    capex = F.capex_by_year(events)
    assert list(capex.index) == [0, 1] and list(capex["country"]) == ["US", "China"]  # sorted by year, renumbered
    ipos = F.ipo_proceeds(events)
    assert list(ipos.columns) == ["event_id", "entity", "date", "amount_usd_low", "amount_usd_high", "fx_source",
                                  "verified"]
    assert list(ipos.index) == [0, 1] and list(ipos["event_id"]) == ["E3", "E4"]


def test_a_ratio_trend_is_frozen():
    import dataclasses

    trend = F.fit_ratio_trend(pd.DataFrame({"year": [2020, 2021, 2022], "ratio": [2.0, 3.0, 5.0], "projected": False}))
    with pytest.raises(dataclasses.FrozenInstanceError, match="cannot assign to field 'change_per_year'"):
        trend.change_per_year = 1.0

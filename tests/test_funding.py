"""gaplib.funding.funding: investment series, their ratio trend, capex de-duplication."""

import numpy as np
import pandas as pd
import pytest

from gaplib.funding import funding as F


@pytest.fixture
def owid():
    rows = []
    for entity in ("United States", "China", "World", "North America"):
        for year in (2022, 2023, 2024):
            rows.append((entity, year, 100.0 * (2 if entity == "United States" else 1) * (year - 2020), np.nan))
        rows.append((entity, 2025, np.nan, 999.0))
    return pd.DataFrame(rows, columns=["entity", "year", "investment_usd", "investment_projected_usd"])


def test_private_investment_selects_countries_and_marks_projections(owid):
    inv = F.private_investment(owid)
    assert set(inv["country"]) == {"US", "China"}
    assert len(inv) == 8
    assert inv.loc[inv["year"] == 2025, "projected"].all()
    assert not inv.loc[inv["year"] < 2025, "projected"].any()
    assert inv.loc[(inv["country"] == "US") & (inv["year"] == 2024), "investment_usd"].item() == 800.0
    ratios = F.investment_ratio(inv)
    assert ratios.loc[ratios["year"] == 2024, "ratio"].item() == pytest.approx(2.0)
    assert ratios.loc[ratios["year"] == 2025, "ratio"].item() == pytest.approx(1.0)


def test_ratio_trend_recovers_exact_growth():
    years = np.arange(2015, 2025)
    ratios = pd.DataFrame({"year": years, "ratio": 3.0 * 1.1 ** (years - 2015), "projected": False})
    ratios.loc[len(ratios)] = [2025, 1000.0, True]  # a wild projection must not enter the fit
    trend = F.fit_ratio_trend(ratios)
    assert trend.change_per_year == pytest.approx(1.1)
    assert trend.n_years == 10
    assert trend.fitted["ratio_fit"].iloc[0] == pytest.approx(3.0)
    with pytest.raises(ValueError, match="only 2 measured \\(not projected\\) years"):
        F.fit_ratio_trend(ratios.head(2))


def test_compare_sources_only_for_ai_index_year():
    inv = pd.DataFrame({"year": [2024, 2024], "country": ["US", "China"], "investment_usd": [150e9, 12e9],
                        "projected": [False, False]})
    facts = pd.DataFrame({"id": ["F049", "F050"], "value": ["100", "10"], "verified": ["read", "read"]})
    out = F.compare_sources(inv, facts)
    assert out["difference_pct"].tolist() == pytest.approx([50.0, 20.0])
    assert out["verified"].tolist() == ["read", "read"]
    assert F.compare_sources(inv, facts, year=2023).empty


def _event(eid, entity, country, kind, year, date, low, high=None):
    return dict(event_id=eid, entity=entity, country=country, kind=kind, year=year,
                date=pd.Timestamp(date), amount_usd_low=low, amount_usd_high=high or low)


@pytest.fixture
def events():
    return pd.DataFrame([
        _event("E1", "A + B", "US", "capex_actual", 2024, "2025-02-01", 100.0),
        _event("E2", "A", "US", "capex_actual", 2024, "2025-01-01", 60.0),
        _event("E3", "X", "China", "capex_actual", 2024, "2025-01-01", 5.0),
        _event("E4", "Y + Z", "China", "capex_actual", 2024, "2025-01-01", 4.0, 6.0),
        _event("E5", "A", "US", "capex_plan", 2025, "2025-02-01", 70.0),
        _event("E6", "A", "US", "capex_plan", 2025, "2025-07-01", 80.0),
        _event("E7", "US group (combined)", "US", "capex_plan", 2025, "2025-10-01", 300.0),
        _event("E18", "Y", "China", "capex_plan", 2025, "2025-02-01", 30.0),
        _event("E9", "Lab", "China", "ipo", 2026, "2026-01-01", 1.0),
    ])


def test_capex_by_year_counts_each_company_once(events):
    capex = F.capex_by_year(events).set_index(["country", "year", "basis"])
    assert capex.loc[("US", 2024, "actual"), "capex_mid_usd"] == 100.0  # A inside A + B
    assert capex.loc[("China", 2024, "actual"), "capex_low_usd"] == 9.0
    assert capex.loc[("China", 2024, "actual"), "capex_high_usd"] == 11.0
    assert capex.loc[("US", 2025, "plan"), "capex_mid_usd"] == 300.0  # the unnamed group wins
    assert capex.loc[("China", 2025, "plan"), "capex_mid_usd"] == 10.0  # E18 spread over 3 years
    latest = F.latest_common_capex(F.capex_by_year(events))
    assert latest["year"] == 2024
    assert latest["ratio"] == pytest.approx(10.0)
    assert latest["ratio_low"] == pytest.approx(100 / 11) and latest["ratio_high"] == pytest.approx(100 / 9)


def test_latest_capex_plan_of_an_entity_wins(events):
    capex = F.capex_by_year(events[events["event_id"] != "E7"]).set_index(["country", "year", "basis"])
    assert capex.loc[("US", 2025, "plan"), "capex_mid_usd"] == 80.0


def test_latest_common_capex_needs_both_countries(events):
    with pytest.raises(ValueError, match="no year with actual capex for both the US and China"):
        F.latest_common_capex(F.capex_by_year(events[events["country"] == "US"]))


def test_capex_rows_read_counts_only_capex_rows():
    events = pd.DataFrame({"kind": ["capex_actual", "capex_plan", "capex_plan", "ipo"],
                           "verified": ["read", "unverified", "read", "read"]})
    assert F.capex_rows_read(events) == (2, 3)

"""The capex specification curve on planted events whose ratios are known by hand, and on the book's data."""

from __future__ import annotations

import dataclasses
import math

import pandas as pd
import pytest

from gaplib import data
from gaplib.funding.capex_specs import (CHOICES, CapexChoice, capex_estimates, default_rule, mark_compared,
                                       single_firm_capex)
from gaplib.funding.funding import capex_by_year
from gaplib.funding.titles import capex_title
from gaplib.specs import glue_items
from gaplib.summary.spec_directions import headline_direction


def _event(eid, entity, country, kind, year, low):
    return dict(event_id=eid, entity=entity, country=country, kind=kind, year=year, date=pd.Timestamp(f"{year}-12-01"),
                amount_usd_low=low, amount_usd_high=low)


def _events(extra=()):
    rows = [
        _event("U1", "A + B", "US", "capex_actual", 2024, 100.0),  # a group row ...
        _event("U2", "A", "US", "capex_actual", 2024, 60.0),       # ... and its firms
        _event("U3", "B", "US", "capex_actual", 2024, 40.0),
        _event("E19", "X", "China", "capex_actual", 2024, 10.0),   # a broker estimate (BROKER_EVENTS)
        _event("C2", "Y", "China", "capex_actual", 2024, 5.0),     # a company's reported figure
        _event("U4", "A", "US", "capex_plan", 2025, 90.0),
        _event("U5", "B", "US", "capex_plan", 2025, 30.0),
        _event("C3", "X", "China", "capex_plan", 2025, 30.0),      # one Chinese firm only
        *extra,
    ]
    return pd.DataFrame(rows)


def test_each_specification_gives_its_hand_computed_ratio():
    by = {e.spec.name: e for e in capex_estimates(_events())}
    assert by["Every firm named, actual spending 2024"].value == pytest.approx(100 / 15)
    assert by["Two largest each side, actual spending 2024"].value == pytest.approx(100 / 15)
    assert by["Largest firm each side, actual spending 2024"].value == pytest.approx(60 / 10)
    assert by["Largest firm each side, plans and forecasts 2025"].value == pytest.approx(90 / 30)
    # two firms against one is not compared, in any year
    assert math.isnan(by["Two largest each side, plans and forecasts no year"].value)
    assert math.isnan(by["Every firm named, plans and forecasts no year"].value)


def test_the_default_prefers_reported_figures_then_the_most_firms():
    estimates = capex_estimates(_events())
    items = glue_items("capex", estimates)
    # "every firm named" uses the broker row E19 and the reported C2: both larger sets use a reported figure,
    # so the broadest (every firm named) wins
    assert items["capex_default_spec"] == "Every firm named, actual spending 2024"
    assert (items["capex_spec_low"], items["capex_spec_high"], items["capex_spec_count"]) == pytest.approx((3.0, 100 / 15, 4))
    # with the reported row gone China names one firm: two against one is not compared, one against one is
    only_broker = capex_estimates(_events()[lambda f: f["event_id"] != "C2"])
    assert glue_items("c", only_broker)["c_default_spec"] == "Largest firm each side, actual spending 2024"
    assert glue_items("c", only_broker)["c_default"] == pytest.approx(60 / 10)
    assert math.isnan({e.spec.name: e for e in only_broker}["Every firm named, actual spending no year"].value)
    assert headline_direction(estimates, stable_change_pct=10.0) == ("", "")


def test_a_year_with_fewer_firms_on_one_side_is_not_compared():
    marked = mark_compared(capex_by_year(_events()))
    assert marked.set_index(["country", "year", "basis"])["compared"].to_dict() == {
        ("China", 2024, "actual"): True, ("US", 2024, "actual"): True,
        ("China", 2025, "plan"): False, ("US", 2025, "plan"): False}
    assert capex_title(marked) == ("In 2024, the one year both sides name as many firms, US capex was 6.7 times "
                                   "China's")
    with pytest.raises(ValueError, match="same number of firms"):
        capex_title(marked.assign(compared=False))



def test_the_books_events_give_the_independently_computed_ratios():
    events = data.load("funding_events")
    amounts = events.set_index("event_id")[["amount_usd_low", "amount_usd_high"]].mean(axis=1)
    by = {e.spec.name: e for e in capex_estimates(events)}
    # four US hyperscalers (E04) against ByteDance (E19) and Baidu + Alibaba + Tencent (E23), a broker's estimates
    assert by["Every firm named, actual spending 2024"].value == pytest.approx(amounts["E04"] / (amounts["E19"] + amounts["E23"]))
    # Amazon (E12) and Alphabet (E08) against ByteDance (E19) and Tencent's reported capex (E25)
    two = by["Two largest each side, actual spending 2024"]
    assert two.value == pytest.approx((amounts["E12"] + amounts["E08"]) / (amounts["E19"] + amounts["E25"]))
    assert two.spec.default and two.value == pytest.approx(6.25, abs=0.01)
    # 2025 plans: Amazon (E13) and Alphabet (E11) against ByteDance (E20) and a third of Alibaba's three-year plan (E18)
    assert by["Two largest each side, plans and forecasts 2025"].value == pytest.approx(
        (amounts["E13"] + amounts["E11"]) / (amounts["E20"] + amounts["E18"] / 3))
    assert len(single_firm_capex(events, "actual")) >= 5


def test_no_actual_year_is_a_clear_error():
    plans = _events()[lambda f: f["kind"] == "capex_plan"]
    with pytest.raises(ValueError, match="no year has actual capex for the same firms"):
        capex_estimates(plans)


def _spread(eid, entity, country, kind, year, low, high, day="12-01"):
    return {**_event(eid, entity, country, kind, year, low), "amount_usd_high": high, "date": pd.Timestamp(f"{year}-{day}")}


def test_single_firm_rows_keep_each_firms_latest_midpoint_spread_over_its_years():
    events = pd.DataFrame([_spread("U1", "A", "US", "capex_actual", 2024, 50.0, 70.0, "03-01"),
                           _spread("U2", "A", "US", "capex_actual", 2024, 80.0, 100.0, "11-01"),  # A's later figure
                           _spread("E18", "Y", "China", "capex_actual", 2024, 30.0, 60.0),  # a three-year total
                           _spread("U3", "A + B", "US", "capex_actual", 2024, 1.0, 1.0)])  # two firms: not single
    table = single_firm_capex(events, "actual")
    assert list(table.columns) == ["country", "year", "entity", "event_id", "usd", "broker"]
    assert table.set_index("entity")["usd"].to_dict() == pytest.approx({"A": 90.0, "Y": 45.0 / 3})
    assert list(table.index) == [0, 1] and not table["broker"].any()


def test_the_latest_comparable_year_is_used_and_a_year_without_china_is_not():
    events = pd.DataFrame([_event("U1", "A", "US", "capex_actual", 2023, 40.0),
                           _event("C1", "Y", "China", "capex_actual", 2023, 10.0),
                           _event("U2", "A", "US", "capex_actual", 2024, 60.0),
                           _event("C2", "Y", "China", "capex_actual", 2024, 12.0),
                           _event("U3", "A", "US", "capex_actual", 2025, 90.0),  # no Chinese figure in 2025
                           _event("U4", "A", "US", "capex_plan", 2026, 99.0)])  # no Chinese plan at all
    by = {e.spec.name: e for e in capex_estimates(events)}
    assert by["Every firm named, actual spending 2024"].value == pytest.approx(5.0)
    assert by["Largest firm each side, actual spending 2024"].value == pytest.approx(5.0)
    assert math.isnan(by["Largest firm each side, plans and forecasts no year"].value)
    plan = {e.spec.name: e for e in capex_estimates(_events())}["Largest firm each side, plans and forecasts 2025"]
    assert plan.spec.choices["China's figures"] == "plans and broker forecasts"  # C3 is no broker row, still a plan


def test_the_default_rule_does_not_depend_on_the_order_of_the_choices():
    assert glue_items("c", capex_estimates(_events(), CHOICES[::-1]))["c_default_spec"] == (
        "Every firm named, actual spending 2024")
    # three US firms against two Chinese ones: every firm named is not compared; both smaller sets use C2
    events = pd.DataFrame([_event("U1", "A", "US", "capex_actual", 2024, 60.0),
                           _event("U2", "B", "US", "capex_actual", 2024, 40.0),
                           _event("U3", "C", "US", "capex_actual", 2024, 10.0),
                           _event("C2", "Y", "China", "capex_actual", 2024, 20.0),
                           _event("E19", "X", "China", "capex_actual", 2024, 10.0)])
    for choices in (CHOICES, CHOICES[::-1]):
        items = glue_items("c", capex_estimates(events, choices))
        assert items["c_default_spec"] == "Two largest each side, actual spending 2024"
        assert items["c_default"] == pytest.approx(100 / 30)


def test_choices_cannot_be_changed_in_place():
    with pytest.raises(dataclasses.FrozenInstanceError, match="cannot assign to field"):
        CHOICES[0].firms = 3  # type: ignore[misc]
    assert CapexChoice(1, "plan", "r") == CapexChoice(1, "plan", "r")

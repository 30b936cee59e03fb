"""Money into compute: hand-computed conversions, investment series, capex de-duplication."""

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from gaplib import funding as F

CONVERSION = dict(chip_price_usd=25_000.0, chip_flop_per_s=1e15, h100_flop_per_s=1e15, compute_share=0.5,
                  rental_usd_per_hour=2.0, utilisation=0.5, frontier_run_flop=1e25)


def test_capital_to_compute_hand_computed():
    got = F.capital_to_compute(1e9, **CONVERSION)
    assert got.compute_usd == pytest.approx(5e8)
    assert got.accelerators == pytest.approx(20_000)
    assert got.h100_equivalents == pytest.approx(20_000)
    # 5e8 USD / (2 USD/h * 8766 h/year) = 28,519.3 chip-years
    assert got.accelerator_years == pytest.approx(5e8 / (2 * 8766))
    # chip-years * 8766 h * 3600 s * 1e15 FLOP/s * 0.5 = 2.5e8 h * 3600 * 5e14 = 4.5e26 FLOP
    assert got.training_flop == pytest.approx(4.5e26)
    assert got.frontier_runs == pytest.approx(45.0)


def test_weaker_chip_gives_fewer_h100_equivalents():
    got = F.capital_to_compute(1e9, **{**CONVERSION, "chip_flop_per_s": 2.5e14})
    assert got.accelerators == pytest.approx(20_000)
    assert got.h100_equivalents == pytest.approx(5_000)


def test_zero_amount_buys_nothing():
    got = F.capital_to_compute(0.0, **CONVERSION)
    assert got.accelerators == 0 and got.training_flop == 0


@pytest.mark.parametrize("bad", [dict(chip_price_usd=0.0), dict(rental_usd_per_hour=-1.0),
                                 dict(compute_share=0.0), dict(utilisation=1.5)])
def test_capital_to_compute_rejects_bad_inputs(bad):
    with pytest.raises(ValueError):
        F.capital_to_compute(1e9, **{**CONVERSION, **bad})


@given(st.floats(1e3, 1e12), st.floats(1.1, 10.0))
def test_compute_is_linear_in_money(amount, factor):
    one = F.capital_to_compute(amount, **CONVERSION)
    more = F.capital_to_compute(amount * factor, **CONVERSION)
    assert more.h100_equivalents == pytest.approx(one.h100_equivalents * factor)
    assert more.training_flop == pytest.approx(one.training_flop * factor)


def test_rental_rate_scales_with_price():
    h100 = F.ChipSpec("H100", 30_000.0, 1e15)
    cheap = F.ChipSpec("X", 15_000.0, 5e14)
    assert F.rental_rate_usd_per_hour(cheap, h100, 2.0) == pytest.approx(1.0)


def test_chip_spec_from_hardware_table():
    hw = pd.DataFrame({
        "hardware_name": ["NVIDIA H100 SXM5 80GB", "Huawei Ascend 910B", "NVIDIA HGX H20"],
        "release_price_usd": [33_600.0, 16_854.0, np.nan],
        "tensor_fp16_flops": [9.894e14, np.nan, 1.48e14],
        "fp16_flops": [1.3e14, 3.76e14, np.nan],
    })
    assert F.chip_spec(hw, "H100") == F.ChipSpec("H100", 33_600.0, 9.894e14)
    assert F.chip_spec(hw, "Ascend 910B").flop_per_s == 3.76e14  # falls back to plain FP16
    with pytest.raises(ValueError, match="missing"):
        F.chip_spec(hw, "H20")
    with pytest.raises(KeyError):
        F.chip_spec(hw, "TPU")


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
    with pytest.raises(ValueError):
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
    with pytest.raises(ValueError):
        F.latest_common_capex(F.capex_by_year(events[events["country"] == "US"]))


def test_lab_compute_spend():
    spend = pd.DataFrame({
        "company": ["OpenAI", "OpenAI", "Anthropic", "Anthropic"],
        "date": pd.to_datetime(["2024-12-31"] * 4),
        "period_type": ["Year"] * 4,
        "exclude_from_graph_view": [False, False, False, True],
        "total_compute_spend_usd": [np.nan, np.nan, 2.5e9, 9e9],
        "rd_compute_spend_usd": [4e9, np.nan, 1.5e9, np.nan],
        "inference_compute_spend_usd": [np.nan, 1.8e9, np.nan, np.nan],
    })
    events = pd.DataFrame([{**_event("E24", "Z + M", "China", "spend", 2025, "2025-12-29", 1.6e9), "fact_id": "F062"}])
    out = F.lab_compute_spend(spend, events).set_index("lab")
    assert out.loc["OpenAI", "compute_spend_usd"] == pytest.approx(5.8e9)
    assert out.loc["Anthropic", "compute_spend_usd"] == pytest.approx(2.5e9)  # the total, excluded row ignored
    assert out.loc["Z + M", "compute_spend_usd"] == pytest.approx(1.6e9 * 0.5 / 3)


def test_us_lab_funding_leaves_out_non_us_and_unclosed():
    rounds = pd.DataFrame({
        "company": ["OpenAI", "OpenAI", "Mistral AI", "xAI"],
        "status": ["Closed", "Late discussions", "Closed", "Closed"],
        "close_date": pd.to_datetime(["2024-10-02", None, "2024-06-11", None]),
        "report_date": pd.to_datetime(["2024-10-02", "2025-03-31", "2024-06-11", "2024-11-20"]),
        "funding_equity_usd": [6.6e9, 2e10, 5e8, 6e9],
        "funding_debt_usd": [4e9, np.nan, 1.4e8, np.nan],
    })
    out = F.us_lab_funding_by_year(rounds)
    assert set(out["company"]) == {"OpenAI", "xAI"}
    assert out.loc[out["company"] == "OpenAI", "funding_usd"].item() == pytest.approx(10.6e9)
    assert out.loc[out["company"] == "xAI", "year"].item() == 2024


def test_largest_training_run():
    models = pd.DataFrame({"model": ["a", "b", "c"], "organization": ["x", "y", "z"],
                           "publication_date": pd.to_datetime(["2024-01-01"] * 3),
                           "training_compute_flop": [1e25, np.nan, 5e26]})
    assert F.largest_training_run(models)["model"] == "c"
    assert math.isclose(F.largest_training_run(models)["training_compute_flop"], 5e26)

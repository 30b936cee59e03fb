"""gaplib.funding.compute_spend: hand-computed conversions of dollars into compute, and the labs' compute spend."""

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from gaplib.funding import compute_spend as C


CONVERSION = dict(chip_price_usd=25_000.0, chip_flop_per_s=1e15, h100_flop_per_s=1e15, compute_share=0.5,
                  rental_usd_per_hour=2.0, utilisation=0.5, frontier_run_flop=1e25)


def test_capital_to_compute_hand_computed():
    got = C.capital_to_compute(1e9, **CONVERSION)
    assert got.compute_usd == pytest.approx(5e8)
    assert got.accelerators == pytest.approx(20_000)
    assert got.h100_equivalents == pytest.approx(20_000)
    # 5e8 USD / (2 USD/h * 8766 h/year) = 28,519.3 chip-years
    assert got.accelerator_years == pytest.approx(5e8 / (2 * 8766))
    # chip-years * 8766 h * 3600 s * 1e15 FLOP/s * 0.5 = 2.5e8 h * 3600 * 5e14 = 4.5e26 FLOP
    assert got.training_flop == pytest.approx(4.5e26)
    assert got.frontier_runs == pytest.approx(45.0)


def test_weaker_chip_gives_fewer_h100_equivalents():
    got = C.capital_to_compute(1e9, **{**CONVERSION, "chip_flop_per_s": 2.5e14})
    assert got.accelerators == pytest.approx(20_000)
    assert got.h100_equivalents == pytest.approx(5_000)


def test_zero_amount_buys_nothing():
    got = C.capital_to_compute(0.0, **CONVERSION)
    assert got.accelerators == 0 and got.training_flop == 0


@pytest.mark.parametrize("bad, message", [
    (dict(chip_price_usd=0.0), "chip_price_usd must be positive, got 0.0"),
    (dict(rental_usd_per_hour=-1.0), "rental_usd_per_hour must be positive, got -1.0"),
    (dict(compute_share=0.0), r"compute_share and utilisation are fractions in \(0, 1\]"),
    (dict(utilisation=1.5), r"compute_share and utilisation are fractions in \(0, 1\]"),
])
def test_capital_to_compute_rejects_bad_inputs(bad, message):
    with pytest.raises(ValueError, match=message):
        C.capital_to_compute(1e9, **{**CONVERSION, **bad})


@given(st.floats(1e3, 1e12), st.floats(1.1, 10.0))
def test_compute_is_linear_in_money(amount, factor):
    one = C.capital_to_compute(amount, **CONVERSION)
    more = C.capital_to_compute(amount * factor, **CONVERSION)
    assert more.h100_equivalents == pytest.approx(one.h100_equivalents * factor)
    assert more.training_flop == pytest.approx(one.training_flop * factor)


def test_rental_rate_scales_with_price():
    h100 = C.ChipSpec("H100", 30_000.0, 1e15)
    cheap = C.ChipSpec("X", 15_000.0, 5e14)
    assert C.rental_rate_usd_per_hour(cheap, h100, 2.0) == pytest.approx(1.0)


def test_chip_spec_from_hardware_table():
    hw = pd.DataFrame({
        "hardware_name": ["NVIDIA H100 SXM5 80GB", "Huawei Ascend 910B", "NVIDIA HGX H20"],
        "release_price_usd": [33_600.0, 16_854.0, np.nan],
        "tensor_fp16_flops": [9.894e14, np.nan, 1.48e14],
        "fp16_flops": [1.3e14, 3.76e14, np.nan],
    })
    assert C.chip_spec(hw, "H100") == C.ChipSpec("H100", 33_600.0, 9.894e14)
    assert C.chip_spec(hw, "Ascend 910B").flop_per_s == 3.76e14  # falls back to plain FP16
    with pytest.raises(ValueError, match="missing"):
        C.chip_spec(hw, "H20")
    with pytest.raises(KeyError, match="unknown chip 'TPU'; choose from"):
        C.chip_spec(hw, "TPU")


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
    events = pd.DataFrame([dict(event_id="E24", entity="Z + M", country="China", kind="spend", year=2025,
                                date=pd.Timestamp("2025-12-29"), amount_usd_low=1.6e9, amount_usd_high=1.6e9,
                                fact_id="F062")])
    out = C.lab_compute_spend(spend, events).set_index("lab")
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
    out = C.us_lab_funding_by_year(rounds)
    assert set(out["company"]) == {"OpenAI", "xAI"}
    assert out.loc[out["company"] == "OpenAI", "funding_usd"].item() == pytest.approx(10.6e9)
    assert out.loc[out["company"] == "xAI", "year"].item() == 2024


def test_largest_training_run():
    models = pd.DataFrame({"model": ["a", "b", "c"], "organization": ["x", "y", "z"],
                           "publication_date": pd.to_datetime(["2024-01-01"] * 3),
                           "training_compute_flop": [1e25, np.nan, 5e26]})
    assert C.largest_training_run(models)["model"] == "c"
    assert math.isclose(C.largest_training_run(models)["training_compute_flop"], 5e26)

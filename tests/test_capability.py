"""gaplib.algorithms.capability: ECI lags and their trend, Elo win probabilities and the LMArena gap."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from gaplib.algorithms import capability


def _eci(rows):
    return pd.DataFrame(rows, columns=["model_version", "countries", "release_date", "eci_score"]).assign(
        release_date=lambda d: pd.to_datetime(d["release_date"]), model=lambda d: d["model_version"])


def test_eci_lags_known_values_censoring_and_never():
    eci = _eci([
        ("us1", ("US",), "2023-01-01", 100.0), ("us2", ("US",), "2024-01-01", 120.0),
        ("cn0", ("China",), "2023-06-01", 90.0),    # below the first US score: censored
        ("cn1", ("China",), "2025-01-01", 110.0),   # US reached 110 on 2024-01-01: 12 months
        ("cn2", ("China",), "2025-02-01", 105.0),   # not a Chinese record
        ("cn3", ("China",), "2025-06-01", 130.0),   # above every US model
    ])
    lags = capability.eci_lags(eci, "frontier").set_index("model")
    assert list(lags.index) == ["cn0", "cn1", "cn3"]
    assert lags.loc["cn1", "lag_months"] == pytest.approx(366 / 365.25 * 12)
    assert bool(lags.loc["cn0", "censored"]) and bool(lags.loc["cn3", "us_never"])
    assert len(capability.eci_lags(eci, "all")) == 4
    summary = capability.summarise_lags(lags.reset_index())
    assert summary.n == 1 and summary.n_censored == 1 and summary.n_never == 1
    assert summary.mean_months == pytest.approx(lags.loc["cn1", "lag_months"])
    assert math.isnan(summary.trend_months_per_year)


def test_lag_trend_is_recovered():
    dates = pd.to_datetime(["2023-01-01", "2024-01-01", "2025-01-01", "2026-01-01"])
    lags = pd.DataFrame({"release_date": dates, "lag_months": [12.0, 10.0, 8.0, 6.0],
                         "censored": False, "us_never": False})
    assert capability.summarise_lags(lags).trend_months_per_year == pytest.approx(-2.0, abs=0.02)


def test_elo_win_probability_known_values():
    assert capability.elo_win_probability(0.0) == 0.5
    assert capability.elo_win_probability(400.0) == pytest.approx(10 / 11)
    assert capability.elo_win_probability(np.array([0.0, -400.0]))[1] == pytest.approx(1 / 11)


@given(st.floats(-1000, 1000), st.floats(0.01, 500))
def test_win_probability_is_monotone_and_symmetric(gap, step):
    assert capability.elo_win_probability(gap + step) > capability.elo_win_probability(gap)
    assert capability.elo_win_probability(gap) + capability.elo_win_probability(-gap) == pytest.approx(1.0)


def test_ci_halfwidth_parses_leaderboard_strings():
    assert capability.ci_halfwidth("+5/-4") == 4.5
    assert math.isnan(capability.ci_halfwidth(None)) and math.isnan(capability.ci_halfwidth("n/a"))


def test_arena_gap_takes_the_best_model_per_country_and_version():
    snaps = pd.DataFrame({
        "snapshot_date": pd.to_datetime(["2025-01-05"] * 4 + ["2025-02-01"] * 2),
        "snapshot_version": pd.to_datetime(["2025-01-01"] * 4 + [None] * 2),
        "score": [1300.0, 1280.0, 1250.0, 1400.0, 1310.0, 1310.0],
        "votes": [10, 10, 10, 10, 10, 10],
        "country": ["US", "US", "China", "France", "US", "China"],
        "ci_95": ["+3/-3", "+3/-3", "+4/-4", None, "+3/-3", "+4/-4"],
    })
    gap = capability.arena_gap(snaps)
    assert list(gap["gap_elo"]) == [50.0, 0.0]
    assert list(gap["date"]) == list(pd.to_datetime(["2025-01-01", "2025-02-01"]))
    assert gap["gap_ci_elo"].iloc[0] == pytest.approx(5.0)
    assert gap["win_probability"].iloc[1] == 0.5
    assert len(capability.arena_gap(snaps, min_votes=11)) == 0

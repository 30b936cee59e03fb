"""gaplib.replications.eci_lag: the daily US lead over the best Chinese ECI score, known values."""

from __future__ import annotations

import pandas as pd
import pytest

from data_fixtures import require
from gaplib import data
from gaplib.guards import EmptySelectionError
from gaplib.replications import eci_lag

MONTH = 365.25 / 12


def _eci(rows):
    """rows: (model, countries tuple, release date, score)."""
    frame = pd.DataFrame(rows, columns=["model_version", "countries", "release_date", "eci_score"])
    frame["release_date"] = pd.to_datetime(frame["release_date"])
    return frame


@pytest.fixture
def eci():
    return _eci([
        ("us-a", ("US",), "2022-12-01", 100.0),
        ("us-b", ("US",), "2023-01-11", 120.0),
        ("us-c", ("US",), "2023-03-02", 140.0),
        ("cn-a", ("China",), "2023-01-06", 110.0),   # reached by us-b on 2023-01-11
        ("cn-b", ("China",), "2023-01-21", 105.0),   # not a Chinese record: the best stays 110
        ("cn-c", ("China",), "2023-02-10", 130.0),   # reached by us-c on 2023-03-02
        ("fr", ("France",), "2023-01-01", 200.0),    # neither country
    ])


def test_daily_lag_known_values(eci):
    daily = eci_lag.daily_eci_lag(eci, start="2023-01-01", end="2023-03-10").set_index("date")
    assert len(daily) == 69
    # before the first Chinese model there is no lag
    assert pd.isna(daily.loc["2023-01-05", "lag_months"])
    # 2023-01-06: best Chinese 110, first US record >= 110 is us-b on 2023-01-11: the US got there later
    assert daily.loc["2023-01-06", "china_best_score"] == 110.0
    assert daily.loc["2023-01-06", "lag_months"] == pytest.approx(-5 / MONTH)
    assert daily.loc["2023-01-21", "lag_months"] == pytest.approx(10 / MONTH)   # cn-b changes nothing
    # 2023-02-10: best Chinese 130, not yet reached by any US model (us-c comes 2023-03-02)
    assert daily.loc["2023-02-10", "us_first_date"] == pd.Timestamp("2023-03-02")
    assert daily.loc["2023-03-10", "lag_months"] == pytest.approx(8 / MONTH)


def test_a_score_no_us_model_reached_is_undefined_and_the_first_us_model_censors():
    eci = _eci([("us-a", ("US",), "2023-01-01", 100.0), ("cn-a", ("China",), "2023-01-03", 90.0),
                ("cn-b", ("China",), "2023-01-05", 150.0)])
    daily = eci_lag.daily_eci_lag(eci, start="2023-01-01").set_index("date")
    assert daily.loc["2023-01-03", "lag_months"] == pytest.approx(2 / MONTH)
    assert bool(daily.loc["2023-01-03", "censored"])
    assert pd.isna(daily.loc["2023-01-05", "lag_months"]) and not daily.loc["2023-01-05", "censored"]
    summary = eci_lag.summarise_daily_lag(daily.reset_index())
    assert (summary.n_days, summary.n_undefined, summary.n_censored) == (2, 3, 2)
    assert summary.mean_months == pytest.approx(2.5 / MONTH)
    assert summary.min_months == pytest.approx(2 / MONTH) and summary.max_months == pytest.approx(3 / MONTH)


def test_joint_models_count_for_both_countries():
    eci = _eci([("us-a", ("US",), "2023-01-01", 100.0), ("joint", ("US", "China"), "2023-01-11", 120.0)])
    daily = eci_lag.daily_eci_lag(eci, start="2023-01-11").set_index("date")
    assert daily.loc["2023-01-11", "lag_months"] == 0.0


def test_end_defaults_to_the_last_release_and_as_of_restricts(eci):
    daily = eci_lag.daily_eci_lag(eci)
    assert daily["date"].iloc[0] == pd.Timestamp("2023-01-01") and daily["date"].iloc[-1] == pd.Timestamp("2023-03-02")
    early = eci_lag.eci_lag_as_of(eci, "2023-02-09")
    assert early.end == pd.Timestamp("2023-02-09")
    # only cn-a's 110 is known: lags run from -5 days (2023-01-06) to +29 days (2023-02-09)
    assert early.min_months == pytest.approx(-5 / MONTH) and early.max_months == pytest.approx(29 / MONTH)
    assert early.results("x") == {"x_mean_months": early.mean_months, "x_min_months": early.min_months,
                                  "x_max_months": early.max_months}


def test_empty_inputs_are_named():
    with pytest.raises(EmptySelectionError, match="no model with an ECI score and a release date"):
        eci_lag.daily_eci_lag(_eci([("us", ("US",), None, 1.0)]))
    only_us = _eci([("us", ("US",), "2023-01-01", 1.0)])
    with pytest.raises(EmptySelectionError, match="no day with a defined lag among 1 days 2023-01-01 to 2023-01-01"):
        eci_lag.summarise_daily_lag(eci_lag.daily_eci_lag(only_us))


def test_real_data_daily_lag():
    require("epoch_capabilities_index")
    eci = data.load("epoch_capabilities_index")
    summary = eci_lag.summarise_daily_lag(eci_lag.daily_eci_lag(eci))
    # the 2026 vintage runs 49 days further (to 2026-04-23) and Epoch refit every score
    assert summary.end == pd.Timestamp("2026-04-23")
    assert (summary.n_days, summary.n_undefined, summary.n_censored) == (1058, 151, 115)
    assert summary.mean_months == pytest.approx(7.683972, abs=1e-5)
    assert summary.min_months == pytest.approx(1.117043, abs=1e-5)
    assert summary.max_months == pytest.approx(18.201232, abs=1e-5)
    at_publication = eci_lag.eci_lag_as_of(eci, "2026-01-08")
    assert at_publication.mean_months == pytest.approx(7.711155, abs=1e-5)  # refit scores of the same days

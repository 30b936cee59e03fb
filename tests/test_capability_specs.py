"""The ECI-lag specification curve on planted scores whose lags are known by hand."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from gaplib.algorithms.capability_specs import eci_lag_estimates, mean_interval
from gaplib.specs import glue_items

DAYS_PER_MONTH = 365.25 / 12


def _eci(rows):
    frame = pd.DataFrame(rows, columns=["model_version", "countries", "release_date", "eci_score"])
    return frame.assign(model=frame["model_version"], release_date=pd.to_datetime(frame["release_date"]))


PLANTED = _eci([("us-0", ("US",), "2022-01-01", 100.0), ("us-1", ("US",), "2023-01-01", 110.0),
                ("us-2", ("US",), "2024-01-01", 120.0),
                ("cn-1", ("China",), "2023-07-02", 110.0),   # a record: the US reached 110 on 2023-01-01
                ("cn-2", ("China",), "2023-09-01", 105.0),   # not a record, reached by the US on 2023-01-01
                ("cn-3", ("China",), "2024-07-01", 120.0)])  # a record: the US reached 120 on 2024-01-01


def test_mean_interval_is_the_student_t_interval():
    mean, low, high = mean_interval(pd.Series([1.0, 2.0, 3.0]))
    assert mean == 2.0 and high - mean == pytest.approx(4.302652729911275 / math.sqrt(3))
    assert mean - low == pytest.approx(high - mean)
    assert math.isnan(mean_interval(pd.Series([5.0]))[1])


def test_each_definition_gives_its_hand_computed_lag():
    by = {e.spec.name: e for e in eci_lag_estimates(PLANTED)}
    record = [(pd.Timestamp("2023-07-02") - pd.Timestamp("2023-01-01")).days,
              (pd.Timestamp("2024-07-01") - pd.Timestamp("2024-01-01")).days]
    every = [*record, (pd.Timestamp("2023-09-01") - pd.Timestamp("2023-01-01")).days]
    assert by["Record-setting Chinese models, mean with 95% interval"].value == pytest.approx(
        sum(record) / 2 / 365.25 * 12)
    assert by["Every scored Chinese model, mean with 95% interval"].value == pytest.approx(
        sum(every) / 3 / 365.25 * 12)
    interval = by["Every scored Chinese model, mean with 95% interval"]
    assert interval.low < interval.value < interval.high  # an interval of the mean, not the min-max of lags
    assert interval.evidence[0] == "trend"


def test_the_default_is_epochs_daily_method():
    items = glue_items("eci_lag", eci_lag_estimates(PLANTED))
    assert items["eci_lag_default_spec"] == "Epoch's method, daily mean since 2023"
    assert items["eci_lag_spec_count"] == 3
    assert items["eci_lag_spec_low"] <= items["eci_lag_default"] <= items["eci_lag_spec_high"]

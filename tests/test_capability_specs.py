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


def test_mean_interval_edge_cases():
    import warnings

    assert mean_interval(pd.Series([5.0]))[0] == 5.0
    mean, low, high = mean_interval(pd.Series([1.0, 3.0, None]))  # two values (the missing one dropped)
    assert mean == 2.0 and high - mean == pytest.approx(12.706204736174704 * math.sqrt(2) / math.sqrt(2))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no "mean of empty slice" on a chapter's page
        assert all(math.isnan(v) for v in mean_interval(pd.Series([], dtype=float)))
        single = mean_interval(pd.Series([4.0]))  # nor "degrees of freedom <= 0" for one value
        assert single[0] == 4.0 and math.isnan(single[1]) and math.isnan(single[2])
    wide = mean_interval(pd.Series([1.0, 2.0, 3.0]), level=0.5)
    assert wide[2] - wide[0] == pytest.approx(0.8164965809277261 / math.sqrt(3))  # t(0.75, 2) x sd 1


def test_censored_and_never_reached_models_are_left_out_of_the_per_model_means():
    extra = _eci([("cn-0", ("China",), "2022-06-01", 95.0),    # the US stood above it when its data start
                  ("cn-4", ("China",), "2024-09-01", 130.0)])  # no US model reaches it
    by = {e.spec.name: e for e in eci_lag_estimates(pd.concat([PLANTED, extra], ignore_index=True))}
    plain = {e.spec.name: e for e in eci_lag_estimates(PLANTED)}
    for name in ("Record-setting Chinese models, mean with 95% interval",
                 "Every scored Chinese model, mean with 95% interval"):
        assert by[name].value == pytest.approx(plain[name].value)
    # two record-setting lags give no trend (its fit needs three), so no direction
    assert by["Record-setting Chinese models, mean with 95% interval"].evidence == ()
    assert not by["Every scored Chinese model, mean with 95% interval"].spec.default


def test_with_only_censored_models_the_per_model_definitions_have_no_value_and_no_direction():
    censored = _eci([("us-0", ("US",), "2022-01-01", 100.0), ("us-1", ("US",), "2023-01-01", 110.0),
                     ("cn-1", ("China",), "2023-06-01", 90.0), ("cn-2", ("China",), "2023-09-01", 95.0)])
    estimates = eci_lag_estimates(censored)
    for e in estimates[1:]:
        assert math.isnan(e.value) and e.evidence == ()

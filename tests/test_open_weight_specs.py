"""The open-weight specification curve on planted models whose shares and counts are known by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from gaplib.algorithms.open_weight_specs import open_weight_estimates
from gaplib.algorithms.open_weights import wilson_interval
from gaplib.specs import glue_items


def _models(rows):
    return pd.DataFrame([{"countries": (c,), "publication_date": pd.Timestamp(f"{y}-06-01"), "open_weights": o}
                         for c, y, o in rows])


# since 2024: US 2 open of 8 (25%), China 6 of 8 (75%); 2025 only: US 1 of 4, China 4 of 4
PLANTED = _models([("US", 2024, True)] + [("US", 2024, False)] * 3 + [("US", 2025, True)] + [("US", 2025, False)] * 3
                  + [("China", 2024, True)] * 2 + [("China", 2024, False)] * 2 + [("China", 2025, True)] * 4
                  + [("US", 2023, True)] * 9)  # before the period: left out


def test_shares_and_counts_give_their_hand_computed_ratios():
    by = {e.spec.name: e for e in open_weight_estimates(PLANTED, from_year=2024, last_full_year=2025)}
    assert by["Share with open weights, since 2024"].value == pytest.approx(25 / 75)
    assert by["Open-weight models released, since 2024"].value == pytest.approx(2 / 6)
    assert by["Share with open weights, 2025 only"].value == pytest.approx(0.25)
    assert by["Open-weight models released, 2025 only"].value == pytest.approx(1 / 4)
    us_low, us_high = wilson_interval(2, 8)
    cn_low, cn_high = wilson_interval(6, 8)
    share = by["Share with open weights, since 2024"]
    assert (share.low, share.high) == pytest.approx((us_low / cn_high, us_high / cn_low))


def test_the_default_is_the_share_since_the_first_year():
    items = glue_items("open_weights", open_weight_estimates(PLANTED, from_year=2024, last_full_year=2025))
    assert items["open_weights_default_spec"] == "Share with open weights, since 2024"
    assert items["open_weights_spec_count"] == 4
    assert items["open_weights_spec_low"] == pytest.approx(0.25)
    assert items["open_weights_spec_high"] == pytest.approx(1 / 3)


def test_a_country_without_open_weight_models_has_no_count_ratio():
    none_open = _models([("US", 2024, True), ("China", 2024, False), ("US", 2025, True), ("China", 2025, False)])
    by = {e.spec.name: e for e in open_weight_estimates(none_open, from_year=2024, last_full_year=2025)}
    assert pd.isna(by["Open-weight models released, since 2024"].value)


def test_a_single_chinese_open_weight_model_still_gives_a_ratio():
    one = _models([("US", 2024, True), ("US", 2024, True), ("China", 2024, True), ("China", 2024, False),
                   ("US", 2025, True), ("China", 2025, True)])
    by = {e.spec.name: e for e in open_weight_estimates(one, from_year=2024, last_full_year=2025)}
    assert by["Open-weight models released, 2025 only"].value == pytest.approx(1.0)
    assert by["Open-weight models released, since 2024"].value == pytest.approx(3 / 2)
    assert by["Share with open weights, since 2024"].value == pytest.approx(100 / (200 / 3))

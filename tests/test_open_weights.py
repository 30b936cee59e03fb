"""gaplib.algorithms.open_weights: Wilson intervals and open-weight shares per country."""

from __future__ import annotations

import math

import pandas as pd

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gaplib.algorithms import open_weights
from model_tables import models_frame


def test_wilson_interval_known_values():
    low, high = open_weights.wilson_interval(0, 10)
    assert low == 0.0 and high == pytest.approx(0.2775, abs=1e-4)
    assert all(math.isnan(v) for v in open_weights.wilson_interval(0, 0))


@given(st.integers(1, 500).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))))
def test_wilson_interval_contains_the_share(pair):
    k, n = pair
    low, high = open_weights.wilson_interval(k, n)
    assert 0.0 <= low <= k / n <= high <= 1.0


def test_open_weight_shares():
    models = models_frame([
        ("a", ("US",), "2024-01-01", None), ("b", ("US",), "2024-05-01", None),
        ("c", ("China",), "2024-01-01", None), ("d", ("US", "China"), "2025-01-01", None),
        ("e", ("China",), "2025-01-01", None),
    ]).assign(open_weights=pd.array([True, False, True, True, None], dtype="boolean"))
    overall = open_weights.open_weight_shares(models, by_year=False).set_index("country")
    assert overall.loc["US", "share_pct"] == pytest.approx(200 / 3)
    assert overall.loc["China", "n_models"] == 2 and overall.loc["China", "share_pct"] == 100.0
    yearly = open_weights.open_weight_shares(models, start_year=2025)
    assert list(yearly["year"]) == [2025, 2025]

"""gaplib.algorithms.trends and gaplib.algorithms.conventions: decimal years, frontier selection and algorithmic growth, on known values."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from gaplib.algorithms import conventions, trends
from gaplib.hardware import compute
from model_tables import models_frame, synthetic_frontier


def test_decimal_year_known_values():
    years = conventions.decimal_year(pd.Series(pd.to_datetime(["2024-01-01", "2023-07-02", "2020-12-31"])))
    assert years.iloc[0] == 2024.0
    assert years.iloc[1] == pytest.approx(2023 + 182 / 365)
    assert years.iloc[2] == pytest.approx(2020 + 365 / 366)


def test_models_by_country_counts_joint_models_for_both_and_drops_missing():
    models = models_frame([
        ("a", ("US",), "2020-01-01", 1e22), ("b", ("US", "China"), "2021-01-01", 1e23),
        ("c", ("China",), "2021-06-01", None), ("d", ("France",), "2021-06-01", 1e23),
        ("e", ("China",), "2016-01-01", 1e20), ("f", (), "2022-01-01", 1e21),
    ])
    out = trends.models_by_country(models, start_year=2018)
    assert sorted(out["model"] + out["country"]) == ["aUS", "bChina", "bUS"]
    assert out.loc[out["model"] == "a", "log10_compute_flop"].item() == pytest.approx(22.0)


def test_combine_model_tables_keeps_one_row_per_name_preferring_notable():
    notable = models_frame([("GPT-4", ("US",), "2023-03-14", 2e25)])
    large = models_frame([("gpt-4 ", ("US",), "2023-03-15", 3e25), ("Qwen", ("China",), "2024-01-01", 1e24)])
    out = trends.combine_model_tables(notable, large)
    assert list(out["model"]) == ["GPT-4", "Qwen"]
    assert out["training_compute_flop"].iloc[0] == 2e25


def test_frontier_top_k_keeps_k_largest_per_country_and_year():
    rows = [(f"u{i}", ("US",), f"2020-0{i + 1}-01", 10.0 ** (20 + i)) for i in range(5)]
    rows += [(f"c{i}", ("China",), f"2020-0{i + 1}-01", 10.0 ** (18 + i)) for i in range(2)]
    by = trends.models_by_country(models_frame(rows))
    top = trends.frontier_top_k(by, 3)
    assert sorted(top.loc[top["country"] == "US", "model"]) == ["u2", "u3", "u4"]
    assert sorted(top.loc[top["country"] == "China", "model"]) == ["c0", "c1"]
    with pytest.raises(ValueError, match="k must be at least 1, got 0"):
        trends.frontier_top_k(by, 0)


def test_rolling_quantile_zero_keeps_all_and_one_keeps_running_records():
    frame = synthetic_frontier(noise=0.3, n=30, seed=3)
    assert len(trends.frontier_rolling_quantile(frame, 0.0, 12)) == len(frame)
    records = trends.frontier_rolling_quantile(frame, 1.0, 1200)
    for _, rows in records.groupby("country"):
        assert rows["log10_compute_flop"].is_monotonic_increasing
    with pytest.raises(ValueError, match="quantile must lie in \\[0, 1\\], got 1.5"):
        trends.frontier_rolling_quantile(frame, 1.5, 12)


def test_algorithmic_growth_and_months_per_10x():
    assert trends.algorithmic_growth_per_year(12.0) == pytest.approx(2.0)
    months = compute.ratio_to_lag_months(10.0, trends.algorithmic_growth_per_year(8.0))
    assert months == pytest.approx(8.0 * math.log2(10.0))
    with pytest.raises(ValueError, match="halving time must be positive, got 0.0"):
        trends.algorithmic_growth_per_year(0.0)

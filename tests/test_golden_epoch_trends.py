"""gaplib.replications.epoch_trends: the selection's boundaries, each kind's row of the trend table, the lag
where China's line does not rise, and the checks of the inputs, against values worked out here."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from gaplib.algorithms import segmented
from gaplib.replications import epoch_trends as et
from tests.test_epoch_trends import _models, _planted


def test_the_start_date_is_exclusive_and_the_as_of_date_inclusive():
    rows = [("on_start", ("US",), "2018-01-01", 1e22), ("after_start", ("US",), "2018-01-02", 2e22),
            ("on_as_of", ("US",), "2024-06-30", 3e22), ("after_as_of", ("US",), "2024-07-01", 4e22)]
    frontier = et.select_frontier(_models(rows), as_of="2024-06-30")
    assert list(frontier["model"]) == ["after_start", "on_as_of"]
    assert frontier.attrs["selection"] == ("rolling top-10 language/multimodal base models per category after "
                                           "2018-01-01, published by 2024-06-30")


def test_models_without_a_positive_compute_are_left_out_and_log10_is_of_the_flop():
    rows = [("zero", ("China",), "2020-01-01", 0.0), ("missing", ("China",), "2020-02-01", np.nan),
            ("a", ("China",), "2020-03-01", 1e21), ("b", ("France",), "2020-04-01", 3e23)]
    frontier = et.select_frontier(_models(rows))
    assert list(frontier["model"]) == ["a", "b"] and list(frontier["category"]) == ["China", "Non-China"]
    assert frontier["log10_compute_flop"].tolist() == pytest.approx([21.0, math.log10(3e23)], rel=1e-12)


def test_top_one_keeps_only_models_that_were_their_categorys_largest_at_release():
    rows = [("first", ("US",), "2020-01-01", 1e22), ("smaller", ("US",), "2020-02-01", 5e21),
            ("larger", ("US",), "2020-03-01", 2e22), ("cn", ("China",), "2020-04-01", 1e20)]
    assert list(et.select_frontier(_models(rows), top_n=1)["model"]) == ["first", "larger", "cn"]
    assert list(et.select_frontier(_models(rows), top_n=2)["model"]) == ["first", "smaller", "larger", "cn"]
    with pytest.raises(ValueError, match="top_n must be at least 1, got 0"):
        et.select_frontier(_models(rows), top_n=0)


def test_the_us_comparison_keeps_china_and_us_models_only():
    rows = [("us", ("US",), "2020-01-01", 1e22), ("fr", ("France",), "2020-02-01", 2e22),
            ("joint", ("US", "China"), "2020-03-01", 3e22), ("us_fr", ("France", "US"), "2020-04-01", 4e22)]
    frontier = et.select_frontier(_models(rows), comparison="us")
    assert list(frontier["model"]) == ["us", "joint", "us_fr"]
    assert list(frontier["category"]) == ["US", "China", "US"]
    assert et.category_of(None, "non_china") is None and et.category_of(("France", "US"), "non_china") == "Non-China"


def test_bootstrap_size_and_interval_level_are_checked():
    frame = _planted()
    with pytest.raises(ValueError, match="n_boot must be at least 2, got 1"):
        et.compare_trends(frame, n_boot=1)
    for level in (0.0, 1.0):
        with pytest.raises(ValueError, match=r"ci_level must lie in \(0, 1\)"):
            et.compare_trends(frame, n_boot=10, ci_level=level)
    two = et.compare_trends(frame, n_boot=2, seed=1)
    assert two.n_boot == 2 and two.china_slope_draws.shape == (2,)


@pytest.fixture(scope="module")
def planted():
    frame = _planted(n=40, seed=2)
    return frame, et.compare_trends(frame, n_boot=80, seed=5, ci_level=0.8)


def _series(frame: pd.DataFrame, category: str) -> segmented.Series:
    part = frame[frame["category"] == category]
    return segmented.Series.from_dates(part["publication_date"], part["log10_compute_flop"].to_numpy())


def test_each_kinds_row_is_its_fit_to_the_data_and_the_chosen_kinds_interval_its_draws(planted):
    frame, res = planted
    for trend, fit in ((res.china, res.china_fit), (res.other, res.other_fit)):
        s = _series(frame, trend.category)
        table = trend.kinds.set_index("kind")
        assert list(table.index) == list(segmented.KINDS)
        for kind in segmented.KINDS:
            data_fit = segmented.fit_kind(kind, s)
            assert table.loc[kind, "bic"] == pytest.approx(float(data_fit.bic[0]), rel=1e-12)
            assert table.loc[kind, "growth_per_year"] == pytest.approx(10.0 ** float(data_fit.slope[0]), rel=1e-12)
            assert table.loc[kind, "cv_mse"] == pytest.approx(segmented.cv_mse(kind, s), rel=1e-12)
            assert table.loc[kind, "epoch_name"] == segmented.EPOCH_NAMES[kind]
        row = table.loc[trend.kind]
        assert (row["ci_low"], row["ci_high"]) == pytest.approx(tuple(np.quantile(10.0 ** fit.slope, [0.1, 0.9])),
                                                                rel=1e-12)
        assert trend.n_points == 40
        assert (trend.first_date, trend.last_date) == (frame["publication_date"].min(), frame["publication_date"].max())
    assert res.end_date == frame["publication_date"].max()


def test_the_break_and_its_interval_are_days_of_the_fitted_breaks(planted):
    frame, res = planted
    row = res.china.kinds.set_index("kind").loc[segmented.CONTINUOUS]
    breaks = res.china_fit.break_day
    low, high = np.quantile(breaks[np.isfinite(breaks)], [0.1, 0.9])
    assert row["break_ci_low"] == pd.Timestamp.fromordinal(int(low))
    assert row["break_ci_high"] == pd.Timestamp.fromordinal(int(high))
    assert row["breakpoint"] == pd.Timestamp.fromordinal(int(breaks[0])) == res.china.breakpoint
    assert row["break_ci_low"] <= row["breakpoint"] <= row["break_ci_high"]
    one_line = res.other.kinds.set_index("kind").loc[segmented.ONE_LINE]
    assert pd.isna(one_line["breakpoint"]) and pd.isna(one_line["break_ci_low"]) and pd.isna(one_line["break_ci_high"])
    assert res.other.breakpoint is None


def test_the_lag_is_the_gap_at_the_last_date_over_chinas_slope(planted):
    frame, res = planted
    end = float(frame["publication_date"].max().toordinal())
    gap = res.other_fit.predict(end)[:, 0] - res.china_fit.predict(end)[:, 0]
    np.testing.assert_allclose(res.gap_draws_log10, gap, rtol=1e-12)
    assert res.lag_years == pytest.approx(gap[0] / res.china_fit.slope[0], rel=1e-12)
    assert res.lag_years == pytest.approx(1.0 / 0.3, rel=0.15)  # one OOM behind at 0.3 OOM a year
    table = et.summary(res)
    assert table["kind"].tolist() == [res.other.kind, res.china.kind]
    assert table["breakpoint"].tolist() == ["", res.china.breakpoint.strftime("%Y-%m")]
    assert table["n_points"].tolist() == [40, 40]
    assert table["first_date"].iloc[1] == frame["publication_date"].min().date()
    assert table["last_date"].iloc[0] == frame["publication_date"].max().date()


def test_a_falling_chinese_trend_has_no_lag():
    frame = _planted(slope_cn_before=0.5, slope_cn_after=-0.4, seed=3)
    res = et.compare_trends(frame, n_boot=30, seed=1)
    assert res.china_slope_draws[0] < 0
    assert math.isnan(res.lag_years) and math.isnan(res.lag_ci_low) and math.isnan(res.lag_ci_high)
    assert res.n_failed == 30


def test_a_china_line_above_the_other_gives_a_negative_lag():
    frame = _planted(gap_end=-0.6, slope_cn_before=0.5, slope_cn_after=0.5, seed=4)
    res = et.compare_trends(frame, n_boot=30, seed=1)
    assert res.lag_years == pytest.approx(-0.6 / 0.5, rel=0.2) and res.n_failed == 0

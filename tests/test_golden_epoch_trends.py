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


def _line_frame(n: int = 15) -> pd.DataFrame:
    """Two categories of ``n`` models on noisy lines: too few for a two-segment fit (10 points a segment)."""
    rng = np.random.default_rng(8)
    dates = pd.Series(pd.date_range("2019-01-01", "2024-12-01", periods=n).normalize())
    years = (dates - dates.iloc[0]).dt.days.to_numpy() / 365.0
    parts = []
    for cat, y in (("Non-China", 23.0 + 0.6 * years), ("China", 22.0 + 0.45 * years)):
        y = y + rng.normal(0, 0.15, n)
        parts.append(pd.DataFrame({"model": [f"{cat}{i}" for i in range(n)], "category": cat, "publication_date": dates,
                                   "training_compute_flop": 10 ** y, "log10_compute_flop": y, "domain": "Language"}))
    return pd.concat(parts, ignore_index=True).sort_values("publication_date", kind="stable").reset_index(drop=True)


def _wls_lines(frame: pd.DataFrame, category: str, seed: int, stream: int, n_boot: int, end_day: float):
    """Weighted least-squares lines (log10 on years of 365 days) on the category's multinomial resamples from
    ``default_rng([seed, stream])``, replicate 0 the data: (slopes, fitted values at ``end_day``)."""
    part = frame[frame["category"] == category]
    t = np.array([d.toordinal() for d in part["publication_date"]], dtype=float) / 365.0
    y = part["log10_compute_flop"].to_numpy()
    n = len(t)
    w = np.random.default_rng([seed, stream]).multinomial(n, [1 / n] * n, size=n_boot).astype(float)
    w[0] = 1.0
    tm, ym = (w @ t) / w.sum(axis=1), (w @ y) / w.sum(axis=1)
    slope = ((w * (t - tm[:, None]) * (y - ym[:, None])).sum(axis=1) / (w * (t - tm[:, None]) ** 2).sum(axis=1))
    return slope, ym + slope * (end_day / 365.0 - tm)


def test_defaults_are_a_thousand_replicates_from_epochs_seed_and_china_and_others_own_streams_at_90_percent():
    """Epoch's seed constant 20250103, 1000 replicates, China on stream 0 and the rest of the world on stream 1, 90%
    percentile intervals: the straight lines and the lag computed here by weighted least squares on the same
    multinomial resamples."""
    frame = _line_frame()
    res = et.compare_trends(frame)
    end_day = float(frame["publication_date"].max().toordinal())
    cn_slope, cn_end = _wls_lines(frame, "China", 20250103, 0, 1000, end_day)
    ot_slope, ot_end = _wls_lines(frame, "Non-China", 20250103, 1, 1000, end_day)
    assert res.n_boot == 1000 and res.ci_level == 0.9
    assert res.china.kind == res.other.kind == segmented.ONE_LINE
    np.testing.assert_allclose(res.china_slope_draws, cn_slope, rtol=1e-9)
    np.testing.assert_allclose(res.other_slope_draws, ot_slope, rtol=1e-9)
    for trend, slope in ((res.china, cn_slope), (res.other, ot_slope)):
        assert trend.growth_per_year == pytest.approx(10 ** slope[0], rel=1e-9)
        assert (trend.ci_low, trend.ci_high) == pytest.approx(tuple(np.quantile(10 ** slope, [0.05, 0.95])), rel=1e-9)
    lags = (ot_end - cn_end) / cn_slope[0]
    assert res.lag_years == pytest.approx(lags[0], rel=1e-9)
    assert (res.lag_ci_low, res.lag_ci_high) == pytest.approx(tuple(np.quantile(lags, [0.05, 0.95])), rel=1e-9)


def test_kinds_that_do_not_fit_the_data_have_empty_rows():
    res = et.compare_trends(_line_frame(), n_boot=20, seed=2)
    table = res.china.kinds.set_index("kind")
    for kind in (segmented.CONTINUOUS, segmented.JUMP):
        row = table.loc[kind]
        assert all(math.isnan(row[c]) for c in ("bic", "cv_mse", "ci_low", "ci_high"))
        assert pd.isna(row["breakpoint"]) and pd.isna(row["break_ci_low"]) and pd.isna(row["break_ci_high"])
    assert not math.isnan(table.loc[segmented.ONE_LINE, "cv_mse"])
    assert et.summary(res)["breakpoint"].tolist() == ["", ""]


def test_the_us_comparison_draws_from_its_own_stream():
    frame = _line_frame().replace({"category": {"Non-China": "US"}})
    res = et.compare_trends(frame, n_boot=30, seed=5)
    end_day = float(frame["publication_date"].max().toordinal())
    np.testing.assert_allclose(res.other_slope_draws, _wls_lines(frame, "US", 5, 2, 30, end_day)[0], rtol=1e-9)
    assert res.other.category == "US"


def test_a_replicate_without_a_valid_fit_is_redrawn_at_most_ten_times():
    """A resample putting every count on one point leaves a zero residual, which no fit accepts: it is redrawn;
    a draw that never gives a valid resample is asked for once and then ten more times, and the replicate stays
    empty."""
    part = _line_frame(24)
    part = part[part["category"] == "China"]
    s = segmented.Series.from_dates(part["publication_date"], part["log10_compute_flop"].to_numpy())
    degenerate = np.zeros(24)
    degenerate[3] = 24.0
    calls = []

    def once_bad(k):
        calls.append(k)
        rows = np.ones((k, 24))
        if len(calls) == 1:
            rows[1] = degenerate
        return rows

    kinds, chosen, fit, _ = et._fit_category(s, once_bad, 4, [0.1, 0.9], float(s.x.max()))
    assert calls == [4, 1] and np.all(fit.valid)
    assert fit.slope[1] == pytest.approx(fit.slope[0], rel=1e-12)  # redrawn as the data themselves

    def always_bad(k):
        calls.append(k)
        rows = np.ones((k, 24))
        rows[:] = degenerate
        return rows

    calls.clear()
    kinds, chosen, fit, _ = et._fit_category(s, always_bad, 3, [0.1, 0.9], float(s.x.max()))
    assert calls == [3] + [2] * 10
    assert fit.valid.tolist() == [True, False, False]
    row = kinds.set_index("kind").loc[chosen]
    assert row["ci_low"] == row["ci_high"] == pytest.approx(10 ** fit.slope[0], rel=1e-12)


def test_the_frontier_has_exactly_its_documented_columns_and_the_results_are_frozen():
    import dataclasses

    rows = [("a", ("US",), "2020-01-01", 1e22), ("b", ("China",), "2020-02-01", 2e22)]
    frontier = et.select_frontier(_models(rows))
    assert list(frontier.columns) == ["model", "category", "publication_date", "training_compute_flop",
                                      "log10_compute_flop", "domain"]
    assert list(frontier.index) == [0, 1]
    res = et.compare_trends(_line_frame(), n_boot=5, seed=1)
    with pytest.raises(dataclasses.FrozenInstanceError, match="cannot assign to field 'lag_years'"):
        res.lag_years = 0.0
    with pytest.raises(dataclasses.FrozenInstanceError, match="cannot assign to field 'kind'"):
        res.china.kind = "x"

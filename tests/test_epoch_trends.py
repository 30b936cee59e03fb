"""gaplib.replications.epoch_trends: Epoch's frontier selection, trend comparison and lag on known tables."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gaplib.algorithms import segmented
from gaplib.data.errors import DataValidationError
from gaplib.guards import EmptySelectionError
from gaplib.replications import epoch_trends as et


def _models(rows):
    """rows: (model, countries, date, FLOP[, domain[, base_model]])."""
    full = [(r + ("Language", None)[len(r) - 4:]) if len(r) < 6 else r for r in rows]
    return pd.DataFrame(full, columns=["model", "countries", "publication_date", "training_compute_flop", "domain",
                                       "base_model"]).assign(publication_date=lambda d: pd.to_datetime(d["publication_date"]))


def _epoch_loop(frame: pd.DataFrame, n: int) -> set:
    """Epoch's find_rolling_top_models, per category, as the published code writes it (the oracle)."""
    kept = set()
    for _, cat in frame.groupby("category"):
        for current in cat["publication_date"].unique():
            hist = cat[cat["publication_date"] <= current]
            kept.update(hist.sort_values("training_compute_flop", ascending=False, kind="stable").head(n)["model"])
    return kept


def test_a_top10_model_stays_after_ten_bigger_ones_arrive_and_a_never_top10_model_is_dropped():
    rows = [(f"early{i}", ("China",), f"2019-01-{i + 1:02d}", 1e20 * (i + 1)) for i in range(10)]
    rows += [("kept", ("China",), "2019-06-01", 5e20)]  # beats early0..early3 at its release
    rows += [(f"big{i}", ("China",), f"2020-01-{i + 1:02d}", 1e23 * (i + 1)) for i in range(10)]
    rows += [("dropped", ("China",), "2020-06-01", 2e20)]  # below ten larger models at its release
    frontier = et.select_frontier(_models(rows), start_date="2018-01-01")
    assert "kept" in set(frontier["model"])
    assert "dropped" not in set(frontier["model"])
    assert set(frontier["category"]) == {"China"}


def test_fine_tunes_alphago_other_domains_early_models_and_countryless_rows_are_dropped():
    rows = [("base", ("US",), "2020-01-01", 1e22),
            ("tuned", ("US",), "2020-02-01", 2e22, "Language", "base"),
            ("AlphaGo Zero", ("US",), "2020-03-01", 3e22),
            ("vision", ("US",), "2020-04-01", 4e22, "Vision", None),
            ("multi", ("US",), "2020-05-01", 5e22, "Vision,Multimodal", None),
            ("old", ("US",), "2017-06-01", 6e21),
            ("nowhere", (), "2020-06-01", 7e22)]
    frontier = et.select_frontier(_models(rows))
    assert list(frontier["model"]) == ["base", "multi"]
    assert list(frontier["category"]) == ["Non-China", "Non-China"]


def test_categories_china_inclusive_non_china_and_us():
    assert et.category_of(("US", "China"), "non_china") == "China"
    assert et.category_of(("France",), "non_china") == "Non-China"
    assert et.category_of(("France",), "us") is None
    assert et.category_of(("US", "France"), "us") == "US"
    assert et.category_of((), "us") is None
    with pytest.raises(ValueError, match="comparison"):
        et.select_frontier(_models([("a", ("US",), "2020-01-01", 1e22)]), comparison="eu")


def test_as_of_keeps_only_models_published_by_then():
    rows = [("a", ("US",), "2024-12-01", 1e24), ("b", ("US",), "2025-02-01", 2e24)]
    assert list(et.select_frontier(_models(rows), as_of="2025-01-22")["model"]) == ["a"]


def test_missing_column_is_named():
    frame = _models([("a", ("US",), "2020-01-01", 1e22)]).drop(columns="base_model")
    with pytest.raises(DataValidationError, match="base_model"):
        et.select_frontier(frame)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 30), st.integers(1, 40), st.sampled_from(["China", "Non-China"])),
                min_size=1, max_size=40), st.integers(1, 5))
def test_rolling_top_matches_epochs_loop(points, n):
    frame = pd.DataFrame({"model": [f"m{i}" for i in range(len(points))],
                          "publication_date": [pd.Timestamp("2020-01-01") + pd.Timedelta(days=d) for d, _, _ in points],
                          "training_compute_flop": [float(f) for _, f, _ in points],
                          "category": [c for _, _, c in points]}).sort_values("publication_date", kind="stable")
    frame = frame.reset_index(drop=True)
    assert set(frame.loc[et.rolling_top(frame, n), "model"]) == _epoch_loop(frame, n)


def _planted(slope_other=0.68, slope_cn_before=1.0, slope_cn_after=0.3, gap_end=1.0, noise=0.08, n=40, seed=0):
    """A frontier table: the other category on one line, China with a break in 2021-10; at the last date the
    other line is ``gap_end`` OOM above China's."""
    rng = np.random.default_rng(seed)
    dates = pd.Series(pd.date_range("2018-06-01", "2025-06-01", periods=n).normalize())
    years = (dates - dates.iloc[-1]).dt.days.to_numpy() / 365.0
    b = (pd.Timestamp("2021-10-01") - dates.iloc[-1]).days / 365.0
    other = 26.0 + slope_other * years
    china = 26.0 - gap_end + slope_cn_after * years + np.where(years < b, (slope_cn_before - slope_cn_after) * (years - b), 0)
    parts = []
    for cat, y in (("Non-China", other), ("China", china)):
        y = y + rng.normal(0, noise, n)
        parts.append(pd.DataFrame({"model": [f"{cat}{i}" for i in range(n)], "category": cat, "publication_date": dates,
                                   "training_compute_flop": 10 ** y, "log10_compute_flop": y, "domain": "Language"}))
    return pd.concat(parts, ignore_index=True).sort_values("publication_date", kind="stable").reset_index(drop=True)


def test_compare_trends_recovers_planted_slopes_break_and_lag():
    res = et.compare_trends(_planted(), n_boot=200, seed=1)
    assert res.china.kind == segmented.CONTINUOUS
    assert res.china.breakpoint == pd.Timestamp("2021-10-01")
    assert res.china.growth_per_year == pytest.approx(10 ** 0.3, rel=0.1)
    assert res.china.ci_low < 10 ** 0.3 < res.china.ci_high
    assert res.other.kind == segmented.ONE_LINE
    assert res.other.growth_per_year == pytest.approx(10 ** 0.68, rel=0.05)
    assert res.lag_years == pytest.approx(1.0 / 0.3, rel=0.1)  # 1 OOM at China's 0.3 OOM/year
    assert res.lag_ci_low < res.lag_years < res.lag_ci_high
    assert res.n_failed == 0 and len(res.gap_draws_log10) == 200
    table = et.summary(res)
    assert list(table["category"]) == ["Non-China", "China"] and table["breakpoint"].iloc[1] == "2021-10"


def test_bootstrap_is_deterministic_under_its_seed():
    frame = _planted(noise=0.3, seed=4)
    a, b = et.compare_trends(frame, n_boot=60, seed=7), et.compare_trends(frame, n_boot=60, seed=7)
    c = et.compare_trends(frame, n_boot=60, seed=8)
    assert np.array_equal(a.china_slope_draws, b.china_slope_draws)
    assert (a.china.ci_low, a.lag_ci_high) == (b.china.ci_low, b.lag_ci_high)
    assert not np.array_equal(a.china_slope_draws, c.china_slope_draws)
    assert a.china.growth_per_year == c.china.growth_per_year  # replicate 0 is the data


def test_too_few_models_name_the_selection():
    frame = _planted(n=8)
    with pytest.raises(EmptySelectionError, match="China models"):
        et.compare_trends(frame, n_boot=50)


def test_replication_table_compares_today_and_the_snapshot():
    from gaplib.replications.epoch_published import replication_table
    frame = _planted(n=40)
    models = pd.DataFrame({"model": frame["model"], "publication_date": frame["publication_date"],
                           "countries": frame["category"].map({"China": ("China",), "Non-China": ("France",)}),
                           "training_compute_flop": frame["training_compute_flop"], "domain": "Language",
                           "base_model": None})
    table = replication_table(models, n_boot=50, snapshot="2025-01-22")
    assert list(table["id"]) == ["epoch_china_growth", "epoch_nonchina_growth", "epoch_lag_years"] * 2
    assert list(table["vintage"]) == ["today"] * 3 + ["as of 2025-01-22"] * 3
    today = table.iloc[0]
    assert today["kind"] == segmented.CONTINUOUS and today["breakpoint"] == "2021-10"
    assert today["reproduced_ci_low"] <= today["reproduced"] <= today["reproduced_ci_high"]
    assert set(table["verdict"]) <= {"reproduced", "not reproduced"}
    assert ((table["verdict"] == "reproduced") == (table["reason"] == "")).all()


def test_the_shipped_table_reproduces_epochs_published_shapes_as_of_the_insight():
    # the book's notable-models snapshot, cut at the insight's date: the published point estimates'
    # shapes and the non-China rate (a straight line, 4.78x/year, 90% CI 4.28-5.30) must come back
    from gaplib import data
    from gaplib.replications.epoch_published import PUBLISHED

    res = et.compare_trends(et.select_frontier(data.load("epoch_notable_models"), as_of=et.SNAPSHOT_DATE),
                            n_boot=50, seed=1)
    assert res.other.kind == PUBLISHED["nonchina_kind"] and res.china.kind == PUBLISHED["china_kind"]
    low, high = PUBLISHED["nonchina_growth_per_year"][1:]
    assert low <= res.other.growth_per_year <= high
    assert pd.Timestamp("2021-06-01") <= res.china.breakpoint <= pd.Timestamp("2022-06-01")  # published: 2021-10
    assert res.china.growth_per_year < res.other.growth_per_year


def test_published_intervals_are_the_stated_percentiles_of_the_bootstrap_draws():
    """The growth and lag intervals are the (1 -+ level) / 2 percentiles of the seeded draws the comparison keeps:
    growth 10^slope of each replicate of the chosen kind, the lag the gap over China's fitted slope."""
    res = et.compare_trends(_planted(), n_boot=120, seed=3, ci_level=0.8)
    for trend, fit in ((res.china, res.china_fit), (res.other, res.other_fit)):
        assert fit.slope.shape == (120,)
        assert (trend.ci_low, trend.ci_high) == pytest.approx(tuple(np.nanquantile(10.0 ** fit.slope, [0.1, 0.9])),
                                                              rel=1e-12)
        assert trend.growth_per_year == pytest.approx(10.0 ** fit.slope[0], rel=1e-12)
        assert trend.ci_low < trend.growth_per_year < trend.ci_high
    lags = res.gap_draws_log10 / res.china_slope_draws[0]
    assert (res.lag_ci_low, res.lag_ci_high) == pytest.approx(tuple(np.quantile(lags, [0.1, 0.9])), rel=1e-12)
    assert res.lag_years == pytest.approx(lags[0], rel=1e-12) and res.n_failed == 0
    wider = et.compare_trends(_planted(), n_boot=120, seed=3, ci_level=0.95)
    assert wider.lag_ci_low < res.lag_ci_low and res.lag_ci_high < wider.lag_ci_high


def test_chinas_interval_does_not_depend_on_the_category_it_is_compared_with():
    """One China fit, one interval: comparing China with a larger or smaller other category (as the chapter's
    US and rest-of-world comparisons and the Replications page do) leaves China's draws unchanged."""
    frame = _planted()
    fewer = frame[(frame["category"] == "China") | (frame.index % 3 != 0)].reset_index(drop=True)
    a, b = et.compare_trends(frame, n_boot=150, seed=7), et.compare_trends(fewer, n_boot=150, seed=7)
    assert b.other.n_points < a.other.n_points and a.china.n_points == b.china.n_points
    assert (a.china.ci_low, a.china.ci_high) == (b.china.ci_low, b.china.ci_high)
    np.testing.assert_array_equal(a.china_slope_draws, b.china_slope_draws)

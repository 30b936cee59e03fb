"""The LMArena specification curve on planted leaderboards scored by hand, and on the real snapshots."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from gaplib import data
from gaplib.algorithms import arena_specs, capability
from gaplib.specs import DEPENDS, glue_items
from gaplib.summary.spec_directions import headline_direction, spec_directions

LICENCES = {"open": "MIT", "closed": "Proprietary"}


def _board(day, models):
    """One version: ``models`` as (country, score, licence, votes), each with a ±4 interval."""
    return [{"snapshot_date": pd.Timestamp(day), "snapshot_version": pd.Timestamp(day), "model": f"{c}{i}",
             "country": c, "score": float(s), "license": LICENCES[lic], "votes": v, "ci_95": "+4/-4"}
            for i, (c, s, lic, v) in enumerate(models)]


def _versions(us_lead_by_day, us_open_wiggle_by_day):
    """Versions on which the best US model leads the best Chinese one by the given points, and the best US
    open-weight model scores 1300 plus the given wiggle; six US models and five Chinese ones."""
    rows = []
    for day, lead in us_lead_by_day.items():
        rows += _board(day, [("US", 1400 + lead, "closed", 20000), ("US", 1390, "closed", 20000),
                             ("US", 1380, "closed", 20000), ("US", 1300 + us_open_wiggle_by_day[day], "open", 20000),
                             ("US", 1290, "open", 100), ("US", 1280, "open", 20000),
                             ("China", 1400, "open", 20000), ("China", 1380, "open", 20000),
                             ("China", 1360, "closed", 20000), ("China", 1300, "open", 20000),
                             ("China", 1250, "open", 20000)])
    return pd.DataFrame(rows)


DAYS = [f"2025-0{m}-01" for m in range(1, 7)]
# the best-against-best gap narrows by 10 points a month; the open-weight gap only wiggles around -100
PLANTED = _versions(dict(zip(DAYS, [60, 50, 40, 30, 20, 10])), dict(zip(DAYS, [0, 8, -8, -8, 8, 0])))


def test_best_against_best_is_the_default_and_matches_the_chapters_gap():
    est = arena_specs.arena_estimates(PLANTED)
    default = next(e for e in est if e.spec.default)
    assert default.spec.name == "Best model, all models" and default.value == pytest.approx(10.0)
    assert (default.low, default.high) == pytest.approx((10 - math.sqrt(32), 10 + math.sqrt(32)))
    series = arena_specs.gap_series(PLANTED)
    chapter = capability.arena_gap(PLANTED)
    assert list(series["gap_elo"]) == list(chapter["gap_elo"])
    assert list(series["gap_ci_elo"]) == pytest.approx(list(chapter["gap_ci_elo"]))


def test_top_k_means_open_weights_and_votes_give_their_hand_scores():
    by = {e.spec.name: e.value for e in arena_specs.arena_estimates(PLANTED)}
    # last version: US 1410, 1390, 1380 closed; 1300, 1290 (100 votes), 1280 open; China 1400, 1380 open,
    # 1360 closed, 1300, 1250 open
    assert by["Top-3 mean, all models"] == pytest.approx((4180 - 4140) / 3)
    assert by["Top-5 mean, all models"] == pytest.approx((6770 - 6690) / 5)
    assert by["Top-5 mean, all models, 5,000+ votes"] == pytest.approx((6760 - 6690) / 5)
    assert by["Best model, open weights"] == pytest.approx(1300 - 1400)
    assert by["Top-3 mean, open weights"] == pytest.approx((3870 - 4080) / 3)
    # the US has three open-weight models, two of them settled: no side of five, nor of three settled
    for name in ("Top-5 mean, open weights", "Top-3 mean, open weights, 5,000+ votes",
                 "Top-5 mean, open weights, 5,000+ votes"):
        assert math.isnan(by[name]), name
    top3 = arena_specs.gap_series(PLANTED, top_k=3)
    assert top3["gap_ci_elo"].iloc[-1] == pytest.approx(math.sqrt(2 * 3 * 16) / 3)


def test_known_range_and_a_planted_disagreement_of_direction():
    est = arena_specs.arena_estimates(PLANTED)
    items = glue_items("arena_gap", est)
    assert items["arena_gap_default"] == pytest.approx(10.0)
    assert items["arena_gap_spec_low"] == pytest.approx(-100.0)
    assert items["arena_gap_spec_high"] == pytest.approx(16.0)  # top-5 means, every model
    assert items["arena_gap_spec_count"] == 9
    directions = spec_directions(est, stable_change_pct=10.0)
    assert directions["Best model, all models"] == "narrowing"  # -10 points a month, no noise
    assert directions["Best model, open weights"] == "unclear"  # wiggles around -100
    assert headline_direction(est, stable_change_pct=10.0)[0] == DEPENDS


def test_no_pair_of_models_is_refused_in_words():
    only_us = PLANTED[PLANTED["country"] == "US"]
    with pytest.raises(ValueError, match="no leaderboard version ranks a US and a Chinese model"):
        arena_specs.arena_estimates(only_us)
    with pytest.raises(ValueError, match="top_k must be at least 1"):
        arena_specs.gap_series(PLANTED, top_k=0)


def test_real_snapshots_match_a_gap_taken_here():
    snaps = data.load("lmarena_text_snapshots")
    by = {e.spec.name: e for e in arena_specs.arena_estimates(snaps)}
    latest = snaps["snapshot_version"].fillna(snaps["snapshot_date"]).max()
    board = snaps[(snaps["snapshot_version"].fillna(snaps["snapshot_date"]) == latest) & snaps["score"].notna()]
    us = board[board["country"] == "US"]["score"].sort_values(ascending=False)
    cn = board[board["country"] == "China"]["score"].sort_values(ascending=False)
    assert by["Best model, all models"].value == pytest.approx(us.iloc[0] - cn.iloc[0])
    assert by["Best model, all models"].value == pytest.approx(37.0)  # 2025-10-03 version
    assert by["Top-3 mean, all models"].value == pytest.approx(us.iloc[:3].mean() - cn.iloc[:3].mean())
    open_ = board[board["license"].notna() & (board["license"] != "Proprietary")]
    assert by["Best model, open weights"].value == pytest.approx(
        open_[open_["country"] == "US"]["score"].max() - open_[open_["country"] == "China"]["score"].max())
    assert by["Best model, open weights"].value < 0 < by["Best model, all models"].value


def _pair(day, us, china, *, china_votes=20000):
    return _board(day, [("US", us, "closed", 20000), ("China", china, "open", china_votes)])


def test_gap_series_gives_its_documented_columns_in_date_order():
    boards = pd.DataFrame(_pair("2025-03-01", 1420, 1400) + _pair("2025-01-01", 1450, 1400))
    series = arena_specs.gap_series(boards)
    assert list(series.columns) == ["date", "us_elo", "china_elo", "gap_elo", "gap_ci_elo"]
    assert list(series["date"]) == [pd.Timestamp("2025-01-01"), pd.Timestamp("2025-03-01")]
    assert list(series["gap_elo"]) == [50.0, 20.0]
    assert list(series.index) == [0, 1]


def test_vote_floor_keeps_a_score_at_the_floor_and_unknown_counts_only_without_one():
    # China's best has exactly 5,000 votes on one version and an unknown count on the other
    boards = pd.DataFrame(_pair("2025-01-01", 1450, 1400, china_votes=5000)
                          + _board("2025-01-01", [("China", 1380, "open", 20000)])
                          + _pair("2025-02-01", 1440, 1410, china_votes=None)
                          + _board("2025-02-01", [("China", 1390, "open", 20000)]))
    every = arena_specs.gap_series(boards)
    assert list(every["gap_elo"]) == [50.0, 30.0]  # no floor: the unknown count is listed and counts
    at_floor = arena_specs.gap_series(boards, min_votes=5000)
    assert list(at_floor["gap_elo"]) == [50.0, 1440 - 1390]  # 5,000 votes is settled; unknown is not
    one_vote = arena_specs.gap_series(boards, min_votes=1)
    assert list(one_vote["gap_elo"]) == [50.0, 1440 - 1390]
    by = {e.spec.name: e.value for e in arena_specs.arena_estimates(boards)}
    assert by["Best model, all models"] == pytest.approx(30.0)
    assert by["Best model, all models, 5,000+ votes"] == pytest.approx(50.0)


def test_direction_evidence_needs_three_versions():
    days = ["2025-01-01", "2025-04-01", "2025-07-01"]
    gaps = [60.0, 45.0, 20.0]
    rows = sum((_pair(d, 1400 + g, 1400) for d, g in zip(days[:2], gaps[:2])), [])
    two = {e.spec.name: e for e in arena_specs.arena_estimates(pd.DataFrame(rows))}
    assert two["Best model, all models"].value == pytest.approx(45.0)
    assert two["Best model, all models"].evidence == ()
    rows += _pair(days[2], 1400 + gaps[2], 1400)
    three = {e.spec.name: e for e in arena_specs.arena_estimates(pd.DataFrame(rows))}
    kind, slope, low, high = three["Best model, all models"].evidence
    # least-squares slope by hand, in points per year of 365.25 days (decimal years)
    x = [(pd.Timestamp(d) - pd.Timestamp(days[0])).days / 365.25 for d in days]
    mx, my = sum(x) / 3, sum(gaps) / 3
    by_hand = sum((a - mx) * (b - my) for a, b in zip(x, gaps)) / sum((a - mx) ** 2 for a in x)
    assert kind == "trend" and slope == pytest.approx(by_hand, rel=0.02) and low < slope < high

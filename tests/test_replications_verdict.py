"""gaplib.replications.verdict: the reproduced / not reproduced rule and the results dict."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from gaplib.replications.verdict import (NOT_REPRODUCED, REPRODUCED, TOLERANCE_PCT, Replication, interval_or_none,
                                         replication_verdict, tolerance)


@pytest.mark.parametrize("reproduced, expected", [
    (5.75, REPRODUCED),       # 15% above 5.0: on the edge
    (5.76, NOT_REPRODUCED),   # just beyond
    (4.25, REPRODUCED),       # 15% below
    (4.24, NOT_REPRODUCED),
])
def test_a_point_figure_is_reproduced_within_fifteen_percent(reproduced, expected):
    assert replication_verdict(5.0, None, reproduced, None) == expected


def test_a_wide_published_interval_widens_the_tolerance_to_its_half_width():
    # Epoch's China growth 2.93 [1.96, 5.54]: half-width 1.79 exceeds 15% (0.44)
    assert tolerance(2.93, (1.96, 5.54)) == pytest.approx(1.79)
    assert replication_verdict(2.93, (1.96, 5.54), 4.72, None) == REPRODUCED
    assert replication_verdict(2.93, (1.96, 5.54), 4.73, None) == NOT_REPRODUCED


def test_overlapping_intervals_alone_do_not_reproduce():
    # planted like the lag case: 2.08 published, 2.99 reproduced; the intervals overlap, the figures are 44% apart
    assert replication_verdict(2.08, (1.7, 2.63), 2.99, (2.55, 3.6)) == NOT_REPRODUCED
    assert tolerance(2.08, (1.7, 2.63)) == pytest.approx(0.465)


def test_the_reproductions_interval_does_not_widen_the_tolerance():
    assert replication_verdict(15.0, None, 21.8, (10.0, 30.0)) == NOT_REPRODUCED


@pytest.mark.parametrize("args, message", [
    ((float("nan"), None, 1.0, None), "published must be a number"),
    ((1.0, None, None, None), "reproduced must be a number"),
    ((1.0, (2.0, 0.5), 1.0, None), "reversed"),
    ((1.0, None, 1.0, (0.5, float("nan"))), "one end missing"),
    ((3.0, (1.0, 2.0), 1.0, None), "outside its own interval"),
])
def test_bad_input_is_named(args, message):
    with pytest.raises(ValueError, match=message):
        replication_verdict(*args)


@given(st.floats(-1e6, 1e6), st.floats(0, 1e3), st.floats(-1e6, 1e6))
def test_verdict_matches_the_tolerance(pub, half, rep):
    verdict = replication_verdict(pub, (pub - half, pub + half), rep, None)
    limit = max(abs(pub) * TOLERANCE_PCT / 100, half)
    if abs(abs(rep - pub) - limit) > 1e-6:  # away from the edge, where rounding decides
        assert verdict == (REPRODUCED if abs(rep - pub) < limit else NOT_REPRODUCED)


def test_interval_or_none_reads_missing_intervals():
    assert interval_or_none(None, 1.0, "x") is None
    assert interval_or_none((math.nan, math.nan), 1.0, "x") is None
    assert interval_or_none((0, 2), 1.0, "x") == (0.0, 2.0)


def test_replication_results_dict_names_and_values():
    rep = Replication(id="epoch_china_growth", published=2.93, published_ci=(1.96, 5.54),
                      citation="cottier2025china", reproduced=3.4, reproduced_ci=(2.2, 6.0),
                      as_of_publication=3.0, as_of_publication_ci=(2.0, 5.0))
    out = rep.results()
    assert out == {
        "replication_epoch_china_growth_published": 2.93,
        "replication_epoch_china_growth_published_ci_low": 1.96,
        "replication_epoch_china_growth_published_ci_high": 5.54,
        "replication_epoch_china_growth_reproduced": 3.4,
        "replication_epoch_china_growth_reproduced_ci_low": 2.2,
        "replication_epoch_china_growth_reproduced_ci_high": 6.0,
        "replication_epoch_china_growth_as_of_publication": 3.0,
        "replication_epoch_china_growth_as_of_publication_ci_low": 2.0,
        "replication_epoch_china_growth_as_of_publication_ci_high": 5.0,
        "replication_epoch_china_growth_difference": pytest.approx(0.47),
        "replication_epoch_china_growth_tolerance": pytest.approx(1.79),
        "replication_epoch_china_growth_verdict": REPRODUCED,
        "replication_epoch_china_growth_as_of_publication_verdict": REPRODUCED,
        "replication_epoch_china_growth_reason": "none needed: within tolerance",
    }


def test_replication_without_intervals_has_no_ci_keys_and_needs_a_reason_when_it_fails():
    rep = Replication(id="epoch_us_share_pct", published=75.0, published_ci=None, citation="epoch2025sharebycountry",
                      reproduced=60.0, reproduced_ci=None, reason="vintage")
    out = rep.results()
    assert "replication_epoch_us_share_pct_published_ci_low" not in out
    assert out["replication_epoch_us_share_pct_verdict"] == NOT_REPRODUCED
    assert out["replication_epoch_us_share_pct_reason"] == "vintage"
    assert out["replication_epoch_us_share_pct_difference"] == pytest.approx(-15.0)
    with pytest.raises(ValueError, match="give the most likely reason"):
        Replication(id="x", published=75.0, published_ci=None, citation="k", reproduced=60.0, reproduced_ci=None)


@pytest.mark.parametrize("changes, message", [
    ({"id": "Bad-Id"}, "lower-case"),
    ({"citation": ""}, "citation key"),
    ({"reason": "luck"}, "reason must be one of"),
    ({"as_of_publication_ci": (1.0, 2.0)}, "needs its value"),
])
def test_replication_rejects_bad_fields(changes, message):
    fields = dict(id="ok", published=1.0, published_ci=None, citation="k", reproduced=1.0, reproduced_ci=None)
    fields.update(changes)
    with pytest.raises(ValueError, match=message):
        Replication(**fields)


def test_numpy_numbers_are_numbers():
    assert replication_verdict(np.float64(7.0), (np.int64(6), np.int64(8)), np.int64(7), None) == REPRODUCED
    with pytest.raises(ValueError, match="published must be a number, got '7'"):
        replication_verdict("7", None, 7.0, None)


def test_rounding_interval():
    from gaplib.replications.verdict import rounding_interval
    assert rounding_interval(7, 1) == (6.5, 7.5)
    assert rounding_interval(15.0, 1.0) == (14.5, 15.5)
    assert replication_verdict(7.0, rounding_interval(7, 1), 8.05, None) == REPRODUCED  # 15% of 7 exceeds 0.5
    assert replication_verdict(7.0, rounding_interval(7, 1), 8.06, None) == NOT_REPRODUCED
    with pytest.raises(ValueError, match="rounding step must be positive"):
        rounding_interval(7, 0)


def test_every_replication_is_described_in_words_and_an_unknown_one_is_refused():
    from gaplib.replications.verdict import DESCRIPTIONS, describe

    assert all(text[:1].isupper() and "_" not in text for text in DESCRIPTIONS.values())
    assert describe("epoch_lag_years") == "Years China's frontier compute trails the rest of the world"
    with pytest.raises(KeyError, match="has no description"):
        describe("epoch_new_thing")

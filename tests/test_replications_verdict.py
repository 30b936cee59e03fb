"""gaplib.replications.verdict: the reproduced / not reproduced rule and the results dict."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from gaplib.replications.verdict import (NOT_REPRODUCED, REPRODUCED, Replication, interval_or_none,
                                         replication_verdict)


@pytest.mark.parametrize("reproduced_ci, expected", [
    ((4.0, 5.0), REPRODUCED),          # published 5.0 on the upper end: inside
    ((4.0, 4.999), NOT_REPRODUCED),    # just below
    ((5.0, 6.0), REPRODUCED),          # on the lower end
    ((5.001, 6.0), NOT_REPRODUCED),    # just above
])
def test_published_value_against_reproduced_interval(reproduced_ci, expected):
    assert replication_verdict(5.0, None, sum(reproduced_ci) / 2, reproduced_ci) == expected


@pytest.mark.parametrize("published_ci, reproduced_ci, expected", [
    ((1.96, 5.54), (5.54, 7.0), REPRODUCED),      # touching ends overlap
    ((1.96, 5.54), (5.55, 7.0), NOT_REPRODUCED),  # a hair apart
    ((4.28, 5.30), (3.0, 4.28), REPRODUCED),
    ((4.28, 5.30), (3.0, 4.27), NOT_REPRODUCED),
    ((4.28, 5.30), (4.5, 4.6), REPRODUCED),       # nested
])
def test_overlapping_intervals(published_ci, reproduced_ci, expected):
    pub = sum(published_ci) / 2
    rep = sum(reproduced_ci) / 2
    assert replication_verdict(pub, published_ci, rep, reproduced_ci) == expected


def test_only_published_interval_covers_the_reproduced_point():
    assert replication_verdict(2.93, (1.96, 5.54), 5.54, None) == REPRODUCED
    assert replication_verdict(2.93, (1.96, 5.54), 5.55, None) == NOT_REPRODUCED
    assert replication_verdict(2.93, (1.96, 5.54), 1.95, (float("nan"), float("nan"))) == NOT_REPRODUCED


def test_no_interval_on_either_side_needs_equal_values():
    assert replication_verdict(15.0, None, 15.0, None) == REPRODUCED
    assert replication_verdict(15.0, None, 15.01, None) == NOT_REPRODUCED


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


@given(st.floats(-1e6, 1e6), st.floats(0, 1e3), st.floats(-1e6, 1e6), st.floats(0, 1e3))
def test_verdict_is_symmetric_and_matches_overlap(pub, pub_half, rep, rep_half):
    pub_ci, rep_ci = (pub - pub_half, pub + pub_half), (rep - rep_half, rep + rep_half)
    forward = replication_verdict(pub, pub_ci, rep, rep_ci)
    assert forward == replication_verdict(rep, rep_ci, pub, pub_ci)
    overlap = pub_ci[0] <= rep_ci[1] and rep_ci[0] <= pub_ci[1]
    assert forward == (REPRODUCED if overlap else NOT_REPRODUCED)


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
        "replication_epoch_china_growth_verdict": REPRODUCED,
        "replication_epoch_china_growth_as_of_publication_verdict": REPRODUCED,
    }


def test_replication_without_intervals_has_no_ci_keys_and_needs_a_reason_when_it_fails():
    rep = Replication(id="epoch_us_share_pct", published=75.0, published_ci=None, citation="epoch2025sharebycountry",
                      reproduced=69.2, reproduced_ci=None, reason="vintage")
    out = rep.results()
    assert "replication_epoch_us_share_pct_published_ci_low" not in out
    assert out["replication_epoch_us_share_pct_verdict"] == NOT_REPRODUCED
    assert out["replication_epoch_us_share_pct_reason"] == "vintage"
    assert out["replication_epoch_us_share_pct_difference"] == pytest.approx(-5.8)
    with pytest.raises(ValueError, match="give the most likely reason"):
        Replication(id="x", published=75.0, published_ci=None, citation="k", reproduced=69.2, reproduced_ci=None)


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
    assert replication_verdict(7.0, rounding_interval(7, 1), 7.5, None) == REPRODUCED
    assert replication_verdict(7.0, rounding_interval(7, 1), 7.82, None) == NOT_REPRODUCED
    with pytest.raises(ValueError, match="rounding step must be positive"):
        rounding_interval(7, 0)


def test_every_replication_is_described_in_words_and_an_unknown_one_is_refused():
    from gaplib.replications.verdict import DESCRIPTIONS, describe

    assert all(text[:1].isupper() and "_" not in text for text in DESCRIPTIONS.values())
    assert describe("epoch_lag_years") == "Years China's frontier compute trails the rest of the world"
    with pytest.raises(KeyError, match="has no description"):
        describe("epoch_new_thing")

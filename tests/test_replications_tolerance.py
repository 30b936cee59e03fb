"""The tolerance rule of replications: within the larger of 15% and the published half-width."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gaplib.replications.tolerance import REL_TOL, relative_difference_pct, tolerance, tolerance_verdict


def test_fifteen_percent_of_the_published_value_ends_included():
    assert REL_TOL == 0.15
    assert tolerance(40) == pytest.approx(6.0)
    assert tolerance_verdict(40, 46) == "reproduced"      # 6 of 6
    assert tolerance_verdict(40, 34) == "reproduced"
    assert tolerance_verdict(40, 46.01) == "not reproduced"
    assert tolerance_verdict(40, 57) == "not reproduced"  # the AI Index 2025's US count against 57


def test_a_published_interval_wider_than_fifteen_percent_sets_the_margin():
    # 7 months published as 4-14: half-width 5 beats 15% of 7 (1.05)
    assert tolerance(7, (4.0, 14.0)) == pytest.approx(5.0)
    assert tolerance_verdict(7, 11.9, (4.0, 14.0)) == "reproduced"
    assert tolerance_verdict(7, 12.1, (4.0, 14.0)) == "not reproduced"
    # a narrow interval does not shrink the 15% margin
    assert tolerance(100, (99.0, 101.0)) == pytest.approx(15.0)


def test_negative_values_use_their_magnitude():
    assert tolerance(-20) == pytest.approx(3.0)
    assert tolerance_verdict(-20, -17) == "reproduced"
    assert tolerance_verdict(-20, -16.9) == "not reproduced"


def test_bad_input_is_refused_in_one_line():
    with pytest.raises(ValueError, match="published must be a number"):
        tolerance_verdict(math.nan, 1.0)
    with pytest.raises(ValueError, match="reproduced must be a number"):
        tolerance_verdict(1.0, None)
    with pytest.raises(ValueError, match="must not be negative"):
        tolerance(1.0, rel_tol=-0.1)
    with pytest.raises(ValueError, match="outside its own interval"):
        tolerance(20.0, (1.0, 2.0))
    with pytest.raises(ValueError, match="zero is undefined"):
        relative_difference_pct(0.0, 1.0)


def test_relative_difference_is_signed_percent_of_the_published_value():
    assert relative_difference_pct(50, 60) == pytest.approx(20.0)
    assert relative_difference_pct(285.9, 259.59) == pytest.approx(-9.2026, abs=1e-3)


@given(st.floats(min_value=-1e6, max_value=1e6, allow_nan=False).filter(lambda v: abs(v) > 1e-6),
       st.floats(min_value=0.0, max_value=2.0))
def test_the_verdict_is_the_distance_against_the_margin(published, share):
    reproduced = published * (1 + share)
    expected = abs(reproduced - published) <= REL_TOL * abs(published)
    assert (tolerance_verdict(published, reproduced) == "reproduced") == expected

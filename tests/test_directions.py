"""The direction rule of the gap at a glance (gaplib.summary.directions)."""

import math

from gaplib.summary import directions
from gaplib.summary.directions import NARROWING, STABLE, UNCLEAR, WIDENING


def test_direction_from_ratios_with_the_stable_band():
    assert directions.direction_from_ratios(1.9, 11.4, 10) == WIDENING
    assert directions.direction_from_ratios(11.4, 1.9, 10) == NARROWING
    assert directions.direction_from_ratios(10.0, 11.0, 10) == STABLE  # exactly +10 %
    assert directions.direction_from_ratios(10.0, 11.01, 10) == WIDENING
    assert directions.direction_from_ratios(10.0, 9.0, 10) == STABLE
    assert directions.direction_from_ratios(math.nan, 9.0, 10) == UNCLEAR


def test_a_change_inside_todays_range_is_not_a_direction():
    assert directions.direction_from_ratios(7.0, 11.4, 10, (6.0, 11.4)) == STABLE  # 7 lies in today's range
    assert directions.direction_from_ratios(5.9, 11.4, 10, (6.0, 11.4)) == WIDENING  # just outside it
    assert directions.direction_from_ratios(1.9, 11.4, 10, (6.0, 11.4)) == WIDENING


def test_direction_from_trend_needs_an_interval_that_excludes_zero():
    assert directions.direction_from_trend(4.1, -6.7, 16.1) == UNCLEAR
    assert directions.direction_from_trend(4.1, 0.1, 8.0) == WIDENING
    assert directions.direction_from_trend(-4.1, -8.0, -0.1) == NARROWING
    assert directions.direction_from_trend(0.0, 0.0, 1.0) == UNCLEAR  # touching zero is not excluding it


def test_direction_from_growth_intervals():
    assert directions.direction_from_growth((3.2, 5.7), (5.9, 12.0)) == NARROWING
    assert directions.direction_from_growth((5.9, 12.0), (3.2, 5.7)) == WIDENING
    assert directions.direction_from_growth((3.2, 6.0), (5.9, 12.0)) == UNCLEAR

"""Ranged sums: lognormal components, shared draws, the interval bound."""

import math

import numpy as np
import pytest

from gaplib.hardware import ranged_sum as rs


def test_constant_components_sum_exactly():
    comps = [rs.Component("a", 3.0, 3.0, 3.0), rs.Component("b", 4.0, 4.0, 4.0)]
    out = rs.monte_carlo_sum(comps, n=1_000, seed=1)
    assert out["p5"] == out["median"] == out["p95"] == pytest.approx(7.0)


def test_planted_lognormals_have_the_known_mean_and_median():
    # two independent lognormals with median 100 and log-sd 0.5: mean of each exp(ln100 + 0.125)
    p95 = 100 * math.exp(rs.Z95 * 0.5)
    comps = [rs.Component("a", 100.0, 100.0 ** 2 / p95, p95), rs.Component("b", 100.0, 100.0 ** 2 / p95, p95)]
    assert comps[0].log_sd == pytest.approx(0.5)
    out = rs.monte_carlo_sum(comps, n=400_000, seed=7)
    assert out["mean"] == pytest.approx(2 * 100 * math.exp(0.125), rel=0.005)
    # shared draws make the sum one lognormal: median 200 and 95th percentile 2 * p95 exactly
    shared = [rs.Component(c.name, c.median, c.p5, c.p95, group="g") for c in comps]
    out = rs.monte_carlo_sum(shared, n=400_000, seed=7)
    assert out["median"] == pytest.approx(200.0, rel=0.005)
    assert out["p95"] == pytest.approx(2 * p95, rel=0.01)


def test_independent_sum_is_narrower_than_the_interval_bound():
    comps = [rs.from_range(f"c{i}", 10.0, 40.0) for i in range(4)]
    mc, iv = rs.monte_carlo_sum(comps, seed=3), rs.interval_sum(comps)
    assert iv == {"low": 40.0, "median": 80.0, "high": 160.0}
    assert iv["low"] < mc["p5"] < mc["median"] < mc["p95"] < iv["high"]


def test_from_range_and_product():
    c = rs.from_range("x", 100.0, 400.0)
    assert (c.p5, c.median, c.p95) == (100.0, 200.0, 400.0)
    units, per = rs.from_range("u", 200_000, 800_000), rs.Component("h", 0.5, 0.5, 0.5)
    prod = rs.product("p", units, per)
    assert prod.median == pytest.approx(200_000)  # 400,000 units x 0.5 H100e
    assert (prod.p5, prod.p95) == (pytest.approx(100_000), pytest.approx(400_000))


def test_ratio_and_determinism():
    num, den = [rs.Component("n", 10.0, 10.0, 10.0)], [rs.Component("d", 2.0, 2.0, 2.0)]
    assert rs.monte_carlo_ratio(num, den, n=1_000)["median"] == pytest.approx(5.0)
    comps = [rs.from_range("x", 1.0, 9.0)]
    assert rs.monte_carlo_sum(comps, seed=5) == rs.monte_carlo_sum(comps, seed=5)
    assert np.array_equal(rs.draws(comps, n=500, seed=2), rs.draws(comps, n=500, seed=2))


@pytest.mark.parametrize("args, message", [
    ((5.0, 1.0, 4.0), "need 0 <= p5 <= median <= p95, got \\(1.0, 5.0, 4.0\\)"),
    ((5.0, 6.0, 9.0), "need 0 <= p5 <= median <= p95, got \\(6.0, 5.0, 9.0\\)"),
    ((math.nan, 1.0, 2.0), "the median and percentiles must be numbers"),
    ((0.0, 0.0, 1.0), "a median of 0 with a positive 95th percentile has no lognormal"),
])
def test_bad_components_are_refused(args, message):
    median, p5, p95 = args
    with pytest.raises(ValueError, match=message):
        rs.Component("bad", median, p5, p95)


def test_empty_and_bad_ranges_are_refused():
    with pytest.raises(ValueError, match="no components"):
        rs.monte_carlo_sum([])
    with pytest.raises(ValueError, match="low <= high"):
        rs.from_range("x", 5.0, 1.0)

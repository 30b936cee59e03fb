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


def _lognormal(median: float, log_sd: float, group: str = "") -> rs.Component:
    z95 = 1.6448536269514722  # scipy.stats.norm.ppf(0.95), written out: the test does not read the module's constant
    return rs.Component("x", median, median * math.exp(-z95 * log_sd), median * math.exp(z95 * log_sd), group)


def test_a_component_is_frozen_and_zero_or_equal_ranges_are_constants():
    import dataclasses

    c = rs.Component("c", 3.0, 3.0, 3.0)
    with pytest.raises(dataclasses.FrozenInstanceError, match="cannot assign to field 'median'"):
        c.median = 4.0
    assert c.log_sd == 0.0 and rs.Component("z", 0.0, 0.0, 0.0).log_sd == 0.0
    zero = rs.from_range("none", 0, 0, group="g")
    assert (zero.median, zero.p5, zero.p95, zero.group) == (0.0, 0.0, 0.0, "g")
    assert rs.from_range("point", 2.0, 2.0).log_sd == 0.0
    assert rs.monte_carlo_sum([zero, rs.Component("one", 1.0, 1.0, 1.0)], n=100)["p95"] == 1.0


def test_log_sd_averages_the_two_half_spreads_and_uses_the_upper_one_when_the_lower_is_zero():
    z95 = 1.6448536269514722
    c = rs.Component("c", 100.0, 50.0, 400.0)  # ln 2 below, ln 4 above
    assert c.log_sd == pytest.approx((math.log(2) + math.log(4)) / (2 * z95))
    half = rs.Component("h", 0.5, 0.25, 2.0)  # a median below 1: ln 2 below, ln 4 above
    assert half.log_sd == pytest.approx((math.log(2) + math.log(4)) / (2 * z95))
    floor = rs.Component("f", 10.0, 0.0, 40.0)  # a 5th percentile of 0 has no log: the upper side twice
    assert floor.log_sd == pytest.approx(math.log(4) / z95)
    assert rs.Component("m1", 1.0, 0.5, 2.0).log_sd == pytest.approx(math.log(2) / z95)


def test_component_bounds_are_inclusive():
    assert rs.Component("zero p5", 5.0, 0.0, 9.0).p5 == 0.0
    assert rs.Component("p5 is median", 5.0, 5.0, 9.0).median == 5.0
    assert rs.Component("median is p95", 5.0, 1.0, 5.0).p95 == 5.0
    with pytest.raises(ValueError, match="a median of 0 with a positive 95th percentile"):
        rs.Component("small", 0.0, 0.0, 0.5)
    assert rs.Component("one", 1.0, 0.5, 2.0).median == 1.0
    assert rs.from_range("small", 0.5, 0.8).p5 == 0.5
    for low, high in ((0.0, 1.0), (-1.0, 1.0)):
        with pytest.raises(ValueError, match="need 0 < low <= high"):
            rs.from_range("x", low, high)


def test_the_default_draws_are_200000_with_seed_0():
    comps = [rs.from_range("a", 1.0, 9.0), rs.from_range("b", 2.0, 3.0, group="g")]
    assert rs.monte_carlo_sum(comps) == rs.monte_carlo_sum(comps, n=200_000, seed=0)
    assert rs.monte_carlo_sum(comps) != rs.monte_carlo_sum(comps, n=200_000, seed=1)
    assert rs.monte_carlo_ratio(comps[:1], comps[1:]) == rs.monte_carlo_ratio(comps[:1], comps[1:], n=200_000, seed=0)
    assert np.array_equal(rs.draws(comps), rs.draws(comps, n=200_000, seed=0))
    assert rs.draws(comps, n=100).shape == (2, 100)
    with pytest.raises(ValueError, match="at least 100 draws, got 99"):
        rs.draws(comps, n=99)


def test_the_percentiles_of_one_lognormal_are_its_closed_form_quantiles():
    from scipy import stats

    comp = _lognormal(100.0, 1.0)
    out = rs.monte_carlo_sum([comp], n=400_000, seed=11)
    for key, q in (("p5", 0.05), ("median", 0.5), ("p95", 0.95)):
        assert out[key] == pytest.approx(100.0 * math.exp(stats.norm.ppf(q)), rel=0.01)
    ratio = rs.monte_carlo_ratio([comp], [rs.Component("two", 2.0, 2.0, 2.0)], n=400_000, seed=11)
    for key, q in (("p5", 0.05), ("median", 0.5), ("p95", 0.95)):
        assert ratio[key] == pytest.approx(50.0 * math.exp(stats.norm.ppf(q)), rel=0.01)


def test_a_shared_group_on_both_sides_of_a_ratio_cancels():
    # the same draw above and below: the ratio is 2 in every draw, however wide each side is
    ratio = rs.monte_carlo_ratio([_lognormal(200.0, 0.8, "g")], [_lognormal(100.0, 0.8, "g")], n=1_000, seed=3)
    assert ratio == pytest.approx({"p5": 2.0, "median": 2.0, "p95": 2.0})
    independent = rs.monte_carlo_ratio([_lognormal(200.0, 0.8)], [_lognormal(100.0, 0.8)], n=1_000, seed=3)
    assert independent["p5"] < 1.0 < 4.0 < independent["p95"]


def test_a_denominator_that_can_be_zero_is_refused_and_one_below_one_is_not():
    num = [rs.Component("n", 1.0, 1.0, 1.0)]
    with pytest.raises(ValueError, match="denominator's sum is zero"):
        rs.monte_carlo_ratio(num, [rs.Component("d", 0.0, 0.0, 0.0)], n=100)
    assert rs.monte_carlo_ratio(num, [rs.Component("d", 0.5, 0.5, 0.5)], n=100)["median"] == pytest.approx(2.0)


def test_draws_are_the_seeded_normals_in_component_order_shared_within_a_group():
    comps = [_lognormal(10.0, 0.5, "g"), _lognormal(3.0, 0.2), _lognormal(7.0, 0.3, "g")]
    rng = np.random.default_rng(5)
    z_group, z_alone = rng.standard_normal(300), rng.standard_normal(300)
    expected = np.vstack([10.0 * np.exp(0.5 * z_group), 3.0 * np.exp(0.2 * z_alone), 7.0 * np.exp(0.3 * z_group)])
    assert rs.draws(comps, n=300, seed=5) == pytest.approx(expected, rel=1e-9)

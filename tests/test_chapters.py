"""Every chapter executed through the runner, with defaults and with a variant.

Per-chapter expectations (required results, a variant parameter set and the direction
each named result must move under it) live in ``chapter_expectations.py``.
"""

from __future__ import annotations

import math

import pytest

from chapter_expectations import EXPECTATIONS
from gaplib.engine.runner import run_chapter
from gaplib.params import CHAPTERS

pytestmark = pytest.mark.slow


def test_every_chapter_has_expectations():
    assert set(EXPECTATIONS) == set(CHAPTERS)
    for chapter, expected in EXPECTATIONS.items():
        assert expected["required"], chapter
        assert set(expected["variant"]) <= set(CHAPTERS[chapter].model_fields), chapter
        assert set(expected["moves"]) <= set(expected["required"]), chapter
        assert set(expected["moves"].values()) <= {"up", "down"}, chapter


@pytest.fixture(scope="session")
def default_runs(cache_dir):
    """chapter -> results of the default execution (shared with the book build)."""
    return {}


def _default(chapter, cache_dir, default_runs):
    if chapter not in default_runs:
        default_runs[chapter] = run_chapter(chapter, cache_dir=cache_dir)
    return default_runs[chapter]


@pytest.mark.parametrize("chapter", list(CHAPTERS))
def test_default_run_publishes_required_results(chapter, cache_dir, default_runs):
    run = _default(chapter, cache_dir, default_runs)
    results = run.results
    assert results["chapter"] == chapter
    assert results["parameters"] == CHAPTERS[chapter]().model_dump()
    assert results["data"], f"{chapter} read no data through gaplib.data"
    assert all(len(digest) == 64 for digest in results["data"].values())
    assert {"python", "gaplib", "pandas"} <= set(results["versions"])
    for name in EXPECTATIONS[chapter]["required"]:
        assert name in results, f"{chapter}: result {name!r} missing"
        value = results[name]
        if isinstance(value, float):
            assert math.isfinite(value), f"{chapter}: {name} is not finite"
    assert run.notebook.is_file()


@pytest.mark.parametrize("chapter", list(CHAPTERS))
def test_variant_moves_results_as_the_parameters_say(chapter, cache_dir, default_runs):
    expected = EXPECTATIONS[chapter]
    base = _default(chapter, cache_dir, default_runs).results
    variant = run_chapter(chapter, expected["variant"], cache_dir=cache_dir).results
    for name, value in expected["variant"].items():
        assert variant["parameters"][name] == value
    for name, direction in expected["moves"].items():
        if direction == "up":
            assert variant[name] > base[name], f"{chapter}: {name} should rise: {base[name]} -> {variant[name]}"
        else:
            assert variant[name] < base[name], f"{chapter}: {name} should fall: {base[name]} -> {variant[name]}"


def test_cached_run_is_reused_and_identical(cache_dir, default_runs):
    first = _default("hardware", cache_dir, default_runs)
    again = run_chapter("hardware", cache_dir=cache_dir)
    assert again.cached and again.key == first.key
    assert again.results == first.results


def test_same_parameters_give_identical_results_when_forced(cache_dir, default_runs):
    first = _default("hardware", cache_dir, default_runs).results
    forced = run_chapter("hardware", cache_dir=cache_dir, force=True).results
    strip = ("executed_at",)
    assert {k: v for k, v in forced.items() if k not in strip} == {k: v for k, v in first.items() if k not in strip}


def test_hardware_and_strategy_publish_one_supply_side_ratio(cache_dir, default_runs):
    """The strategy chapter's starting ratio is the hardware chapter's supply-side ratio, to the last digit."""
    hardware = _default("hardware", cache_dir, default_runs).results
    strategy = _default("strategy", cache_dir, default_runs).results
    published = [hardware[name] for name in ("supply_ratio", "supply_ratio_low", "supply_ratio_high")]
    start = [strategy[name] for name in ("supply_start_ratio", "supply_start_ratio_p5", "supply_start_ratio_p95")]
    assert start == published

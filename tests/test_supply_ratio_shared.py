"""The hardware and strategy chapters publish one supply-side US/China ratio, not two draws of it.

The strategy chapter starts its paths from the hardware chapter's supply-side ratio and shows it
beside the hardware chapter's definitions of installed compute; both chapters draw it from the
same components with the US share of the rest of the world, seed and draw count defined once in
``gaplib.params.hardware`` (each chapter's share, ``supply_seed`` and ``supply_draws``, one default).
These tests fail when a chapter's default parts from that definition, when a schema types its own
default instead of taking it, when a notebook draws the ratio with anything else, or when the two
default computations give two numbers.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

from gaplib import data
from gaplib.data import chip_sales
from gaplib.hardware import ranged_sum, supply
from gaplib.params import validate_params
from gaplib.params.hardware import SUPPLY_DRAWS, SUPPLY_SEED, SUPPLY_US_SHARE_OF_REST_OF_WORLD, shared_default

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = ("hardware", "strategy")
#: Each chapter's parameter for an input of the ratio, by the name of the one default both take.
MIRRORED = {"SUPPLY_US_SHARE_OF_REST_OF_WORLD": {"hardware": "us_share_of_rest_of_world",
                                                 "strategy": "supply_us_share_of_rest_of_world"},
            "SUPPLY_SEED": {"hardware": "supply_seed", "strategy": "supply_seed"},
            "SUPPLY_DRAWS": {"hardware": "supply_draws", "strategy": "supply_draws"}}


def _ratio_draws(chapter: str) -> list[dict[str, str]]:
    """Return the keywords (as source text) of every ``monte_carlo_ratio`` call in a chapter's code.

    A ``**name`` is read from the chapter's ``name = dict(...)``.
    """
    cells = json.loads((ROOT / "chapters" / f"{chapter}.ipynb").read_text(encoding="utf-8"))["cells"]
    tree = ast.parse("\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code"))
    dicts = {node.targets[0].id: {k.arg: ast.unparse(k.value) for k in node.value.keywords}
             for node in ast.walk(tree)
             if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)
             and isinstance(node.value, ast.Call) and ast.unparse(node.value.func) == "dict"}
    calls = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and ast.unparse(node.func).endswith("monte_carlo_ratio"):
            keywords = {}
            for k in node.keywords:
                keywords.update(dicts[ast.unparse(k.value)] if k.arg is None else {k.arg: ast.unparse(k.value)})
            calls.append(keywords)
    return calls


def test_both_chapters_default_to_one_seed_draw_count_and_us_share():
    hardware, strategy = validate_params("hardware"), validate_params("strategy")
    assert (hardware.supply_seed, hardware.supply_draws) == (SUPPLY_SEED, SUPPLY_DRAWS)
    assert (strategy.supply_seed, strategy.supply_draws) == (SUPPLY_SEED, SUPPLY_DRAWS)
    assert hardware.us_share_of_rest_of_world == SUPPLY_US_SHARE_OF_REST_OF_WORLD
    assert strategy.supply_us_share_of_rest_of_world == SUPPLY_US_SHARE_OF_REST_OF_WORLD


def _schema_defaults(chapter: str) -> dict[str, str]:
    """Return each parameter of a chapter's schema module with its default as source text (``param``'s first argument)."""
    tree = ast.parse((ROOT / "gaplib" / "params" / f"{chapter}.py").read_text(encoding="utf-8"))
    return {node.target.id: ast.unparse(node.value.args[0]) for node in ast.walk(tree)
            if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and isinstance(node.value, ast.Call)
            and ast.unparse(node.value.func) == "param"}


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_each_mirrored_parameter_takes_the_one_definition(chapter):
    """An equal literal typed in a schema would pass the test above and part silently at the next change."""
    defaults = _schema_defaults(chapter)
    assert {MIRRORED[name][chapter]: defaults.get(MIRRORED[name][chapter]) for name in MIRRORED} == \
        {MIRRORED[name][chapter]: name for name in MIRRORED}


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_each_chapter_draws_the_ratio_with_its_supply_seed_and_draws(chapter):
    calls = _ratio_draws(chapter)
    assert calls, f"{chapter} draws no supply-side ratio"
    assert all(keywords == {"n": "p.supply_draws", "seed": "p.supply_seed"} for keywords in calls), calls


@pytest.fixture(scope="module")
def components():
    owners = data.load("epoch_ai_chip_sales_nvidia_owners_cumulative")
    at = owners["end_date"].max()
    rest = supply.rest_of_world(data.load("epoch_ai_chip_sales_nvidia"), owners,
                                data.load("epoch_ai_chip_sales_nvidia_other_cumulative"), at)
    china = supply.china_components(owners, data.load("china_chip_supply"), at, through=f"{at.year}-Q{at.quarter}")
    return lambda share: (supply.us_components(owners, rest, chip_sales.vendor_totals(), at, share), china)


def test_the_two_default_computations_give_one_ratio_and_interval(components):
    hardware, strategy = validate_params("hardware"), validate_params("strategy")
    published = ranged_sum.monte_carlo_ratio(*components(hardware.us_share_of_rest_of_world),
                                             n=hardware.supply_draws, seed=hardware.supply_seed)
    start = ranged_sum.monte_carlo_ratio(*components(strategy.supply_us_share_of_rest_of_world),
                                         n=strategy.supply_draws, seed=strategy.supply_seed)
    assert start == published
    # the check can fail: another seed (the strategy chapter's path seed, once used here) moves the ratio
    other = ranged_sum.monte_carlo_ratio(*components(strategy.supply_us_share_of_rest_of_world),
                                         n=strategy.supply_draws, seed=strategy.seed)
    assert other["median"] != published["median"] and other["median"] == pytest.approx(published["median"], rel=0.01)


def test_shared_default_says_which_parameter_to_set_too():
    text = shared_default("strategy", "supply_seed", "different draws of the same ratio")
    assert text == ("default shared with the strategy chapter's supply_seed, so both chapters publish the same ratio "
                    "and interval; set here only, the strategy chapter keeps its default and the two chapters show "
                    "different draws of the same ratio (set supply_seed there too)")


@pytest.mark.parametrize("constant", sorted(MIRRORED))
def test_each_mirrored_parameter_names_its_twin_in_its_help(constant):
    names = MIRRORED[constant]
    for chapter, other in (("hardware", "strategy"), ("strategy", "hardware")):
        schema = validate_params(chapter, {}).__class__
        help_text = schema.model_fields[names[chapter]].description
        assert f"the {other} chapter's {names[other]}" in help_text
        assert f"(set {names[other]} there too)" in help_text

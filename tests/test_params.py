"""Parameter schemas: validation rejects bad input with the parameter named."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gaplib.params import (
    CHAPTERS, ParameterError, allowed_range, parse_cli_value, validate_namespace, validate_params,
)


def test_every_chapter_has_a_schema_with_documented_fields():
    assert list(CHAPTERS) == ["leaders", "hardware", "algorithms", "research", "funding", "geopolitics", "strategy"]
    for schema in CHAPTERS.values():
        assert schema.model_fields, schema
        for name, field in schema.model_fields.items():
            assert field.description, f"{schema.__name__}.{name} has no help text"
            assert "unit" in (field.json_schema_extra or {})


def test_defaults_validate():
    for chapter in CHAPTERS:
        assert validate_params(chapter).model_dump()


def test_override_is_applied_and_int_widens_to_float():
    params = validate_params("hardware", {"frontier_growth_per_year": 3})
    assert params.frontier_growth_per_year == 3.0
    assert isinstance(params.frontier_growth_per_year, float)


@pytest.mark.parametrize(
    "overrides, fragment",
    [
        ({"no_such_param": 1}, "no_such_param: unknown parameter"),
        ({"frontier_growth_per_year": "fast"}, "frontier_growth_per_year: got 'fast'"),
        ({"frontier_growth_per_year": math.nan}, "frontier_growth_per_year: got nan"),
        ({"frontier_growth_per_year": math.inf}, "frontier_growth_per_year: got inf"),
        ({"frontier_growth_per_year": 100.0}, "allowed: float in [1.1, 20.0] x/year"),
        ({"include_planned": 1}, "include_planned: got 1"),
    ],
)
def test_bad_values_are_rejected_naming_the_parameter(overrides, fragment):
    with pytest.raises(ParameterError, match="invalid parameters for chapter 'hardware'") as info:
        validate_params("hardware", overrides)
    assert fragment in str(info.value)


def test_unknown_chapter():
    with pytest.raises(ParameterError, match="unknown chapter 'economy'"):
        validate_params("economy")


def test_validate_namespace_ignores_other_notebook_variables():
    params = validate_namespace("leaders", {"horizon_years": 3.0, "pd": object()})
    assert params.horizon_years == 3.0
    with pytest.raises(ParameterError, match="horizon_years"):
        validate_namespace("leaders", {"horizon_years": -1.0})


def test_allowed_range_text():
    assert allowed_range(CHAPTERS["hardware"], "include_planned") == "bool"
    assert allowed_range(CHAPTERS["geopolitics"], "tpp_threshold") == "float in [100.0, 100000.0] TPP"
    assert allowed_range(CHAPTERS["hardware"], "utilisation_fraction") == "float in [0.01, 1.0] fraction"


@pytest.mark.parametrize(
    "text, value",
    [("3", 3), ("2.5", 2.5), ("1e3", 1000.0), ("true", True), ('"x"', "x"), ("fast", "fast")],
)
def test_parse_cli_value(text, value):
    assert parse_cli_value(text) == value
    assert type(parse_cli_value(text)) is type(value)


def test_parse_cli_value_nan_becomes_float_and_is_then_rejected():
    assert math.isnan(parse_cli_value("nan"))
    with pytest.raises(ParameterError, match="frontier_growth_per_year"):
        validate_params("hardware", {"frontier_growth_per_year": parse_cli_value("nan")})


@given(st.floats(min_value=1.1, max_value=20.0))
def test_any_in_range_growth_is_accepted(growth):
    assert validate_params("hardware", {"frontier_growth_per_year": growth}).frontier_growth_per_year == growth


@given(st.floats(allow_nan=True, allow_infinity=True).filter(lambda x: not (1.1 <= x <= 20.0)))
def test_any_out_of_range_growth_is_rejected(growth):
    with pytest.raises(ParameterError, match="frontier_growth_per_year"):
        validate_params("hardware", {"frontier_growth_per_year": growth})


def test_allowed_range_lists_literal_choices():
    from typing import Literal

    from gaplib.params.base import ChapterParams, param

    class Choice(ChapterParams):
        rule: Literal["2022-10", "2023-10"] = param("2023-10", help="rule version")

    assert allowed_range(Choice, "rule") == "one of '2022-10', '2023-10'"


def test_every_declared_rule_names_parameters_of_its_schema():
    from gaplib.params import NOTEBOOKS

    for schema in NOTEBOOKS.values():
        for low, high, what in schema.ordered_pairs:
            assert {low, high} <= set(schema.model_fields) and what
        for names, _, what in schema.fixed_sums:
            assert set(names) <= set(schema.model_fields) and what
    assert ("halving_time_low_months", "halving_time_months") in [p[:2] for p in CHAPTERS["algorithms"].ordered_pairs]


def test_an_inverted_interval_is_rejected_naming_both_ends_and_their_values():
    with pytest.raises(ParameterError, match="halving_time_low_months \\(20.0\\) must be at most") as info:
        validate_params("algorithms", {"halving_time_low_months": 20.0, "halving_time_high_months": 6.0})
    message = str(info.value)
    assert "halving_time_low_months (20.0) must be at most halving_time_months (8.0)" in message
    assert "halving_time_months (8.0) must be at most halving_time_high_months (6.0)" in message
    assert "?" not in message


def test_swapped_ends_are_named_first_as_the_two_inverted_parameters():
    # The central value (8) lies outside [10, 20] too; the first line blames the swap, not it.
    with pytest.raises(ParameterError, match="halving_time_low_months") as info:
        validate_params("algorithms", {"halving_time_low_months": 20.0, "halving_time_high_months": 10.0})
    lines = str(info.value).splitlines()
    assert lines[1] == ("  - halving_time_low_months (20.0) must be at most halving_time_high_months (10.0): "
                        "the interval's low end cannot exceed its high end")


def test_equal_ends_and_an_in_order_interval_are_accepted():
    params = validate_params("algorithms", {"halving_time_low_months": 8.0, "halving_time_high_months": 8.0})
    assert params.halving_time_low_months == params.halving_time_months == params.halving_time_high_months


def test_the_chapter_cell_applies_the_rules_too():
    with pytest.raises(ParameterError, match="halving_time_months"):
        validate_namespace("algorithms", {"halving_time_low_months": 30.0})


def test_rules_are_declared_on_the_schema_and_checked_by_the_base():
    from gaplib.params.base import ChapterParams, param

    class Window(ChapterParams):
        ordered_pairs = (("first_year", "last_year", "a window cannot end before it starts"),)
        fixed_sums = ((("share_a", "share_b"), 1.0, "the shares split one whole"),)
        first_year: int = param(2020, ge=2000, le=2030, help="first year")
        last_year: int = param(2025, ge=2000, le=2030, help="last year")
        share_a: float = param(0.5, ge=0.0, le=1.0, help="share a")
        share_b: float = param(0.5, ge=0.0, le=1.0, help="share b")

    assert Window(first_year=2025).rule_violations() == []
    assert Window(share_a=0.25, share_b=0.75).share_b == 0.75
    with pytest.raises(ValueError, match=r"first_year \(2026\) must be at most last_year \(2025\)"):
        Window(first_year=2026)
    with pytest.raises(ValueError, match=r"share_a \(0.6\) \+ share_b \(0.5\) must sum to 1, got 1.1"):
        Window(share_a=0.6)
    with pytest.raises(TypeError, match="unknown parameters"):
        class Broken(ChapterParams):  # noqa: F841 - the class statement itself must fail
            ordered_pairs = (("low", "high", "typo"),)
            low: float = param(0.0, help="low")


def test_a_model_level_error_without_a_field_is_described_without_a_placeholder(monkeypatch):
    from pydantic import model_validator

    from gaplib.params import NOTEBOOKS
    from gaplib.params.base import ChapterParams, param

    class Odd(ChapterParams):
        n: int = param(1, ge=0, le=10, help="a count")

        @model_validator(mode="after")
        def _odd(self):
            if self.n % 2 == 0:
                raise ValueError(f"n must be odd, got {self.n}")
            return self

    monkeypatch.setitem(NOTEBOOKS, "odd", Odd)
    with pytest.raises(ParameterError, match="n must be odd, got 4") as info:
        validate_params("odd", {"n": 4})
    assert str(info.value) == "invalid parameters for chapter 'odd':\n  - n must be odd, got 4"

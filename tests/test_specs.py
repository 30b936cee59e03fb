"""Specification curves on planted data: a known default, a known range, a planted disagreement of direction."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings, strategies as st

from gaplib.specs import (DEPENDS, Estimate, Spec, agreement, choice_matrix, curve_frame, default_of, from_json,
                          glue_items, spec_range, to_json, which_way)
from gaplib.summary.spec_directions import headline_direction, spec_directions


def _spec(name, default=False, **choices):
    return Spec(name, choices or {"measure": name}, f"reason for {name}", default)


PLANTED = [
    Estimate(_spec("epoch", True, filter="published", measure="16-bit"), 3.9, 3.5, 4.2, ("ratio_change", 2.0, 3.9)),
    Estimate(_spec("standard h100e", filter="standard", measure="H100e"), 11.4, evidence=("ratio_change", 1.2, 11.4)),
    Estimate(_spec("all rows", filter="all", measure="H100e"), 6.0, evidence=("ratio_change", 6.5, 6.0)),
    Estimate(_spec("absent", filter="all", measure="supply"), math.nan),
]


def test_default_range_and_count_are_the_planted_ones():
    items = glue_items("ratio", PLANTED)
    assert items["ratio_default"] == 3.9 and items["ratio_default_spec"] == "epoch"
    assert (items["ratio_default_low"], items["ratio_default_high"]) == (3.5, 4.2)
    assert (items["ratio_spec_low"], items["ratio_spec_high"], items["ratio_spec_count"]) == (3.9, 11.4, 3)


def test_a_specification_without_a_value_is_left_out_of_the_curve():
    frame = curve_frame(PLANTED)
    assert list(frame["spec"]) == ["epoch", "all rows", "standard h100e"]
    assert list(frame["rank"]) == [1, 2, 3]
    assert list(frame["filter"]) == ["published", "all", "standard"]
    matrix = choice_matrix(frame)
    assert len(matrix) == 6 and set(matrix["choice"]) == {"filter", "measure"}


def test_planted_disagreement_of_direction_depends_on_definition():
    words = spec_directions(PLANTED, stable_change_pct=10.0)
    assert words == {"epoch": "widening", "standard h100e": "widening", "all rows": "stable", "absent": ""}
    direction, detail = headline_direction(PLANTED, stable_change_pct=10.0)
    assert direction == DEPENDS
    assert detail == "widening: epoch / standard h100e; stable: all rows"


def test_agreement_needs_every_specification():
    assert agreement({"a": "widening", "b": "widening", "c": ""}) == "widening"
    assert agreement({"a": "widening", "b": "unclear"}) == DEPENDS
    assert agreement({"a": "", "b": ""}) == ""
    assert which_way({"a": "narrowing"}) == "narrowing: a"


def test_the_interval_of_a_specification_is_its_range_for_the_ratio_rule():
    # 2.0 before lies inside today's interval [1.8, 2.5]: the change does not exceed its uncertainty
    inside = Estimate(_spec("x", True), 2.2, 1.8, 2.5, ("ratio_change", 2.0, 2.2))
    assert spec_directions([inside], stable_change_pct=5.0) == {"x": "stable"}


def test_exactly_one_default():
    with pytest.raises(ValueError, match="exactly one default"):
        default_of([Estimate(_spec("a"), 1.0)])
    with pytest.raises(ValueError, match="exactly one default"):
        default_of([Estimate(_spec("a", True), 1.0), Estimate(_spec("b", True), 2.0)])
    with pytest.raises(ValueError, match="no finite value"):
        default_of([Estimate(_spec("a", True), math.nan)])
    with pytest.raises(ValueError, match="no specification"):
        spec_range([Estimate(_spec("a", True), math.nan)])


def test_malformed_evidence_is_refused():
    with pytest.raises(ValueError, match="direction evidence"):
        Estimate(_spec("a"), 1.0, evidence=("growth", 1.0, 2.0))


def test_json_round_trip_keeps_values_intervals_and_evidence():
    back = from_json(to_json(PLANTED))
    assert [e.spec.name for e in back] == ["epoch", "standard h100e", "all rows"]
    assert back[0].low == 3.5 and back[0].spec.default and back[0].evidence == ("ratio_change", 2.0, 3.9)
    assert math.isnan(back[1].low)
    with pytest.raises(ValueError, match="not a specification curve"):
        from_json('{"a": 1}')


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(0.01, 1e4), min_size=1, max_size=12), st.data())
def test_range_brackets_every_value_and_the_default(values, data):
    chosen = data.draw(st.integers(0, len(values) - 1))
    estimates = [Estimate(_spec(f"s{i}", i == chosen), v) for i, v in enumerate(values)]
    items = glue_items("h", estimates)
    assert items["h_spec_low"] == min(values) and items["h_spec_high"] == max(values)
    assert items["h_spec_low"] <= items["h_default"] <= items["h_spec_high"]
    assert list(curve_frame(estimates)["value"]) == sorted(values)

"""Specification curves on planted data: a known default, a known range, a planted disagreement of direction."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings, strategies as st

from gaplib.specs import (DEPENDS, Estimate, Spec, agreement, choice_matrix, computed, curve_frame, default_of,
                          from_json, glue_items, spec_range, to_json, which_way)
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


def test_a_specification_is_not_the_default_unless_it_says_so_and_both_records_are_frozen():
    import dataclasses

    spec = Spec("plain", {"measure": "x"}, "a reason")
    assert spec.default is False
    estimate = Estimate(spec, 1.0)
    assert math.isnan(estimate.low) and math.isnan(estimate.high) and estimate.evidence == ()
    with pytest.raises(dataclasses.FrozenInstanceError, match="cannot assign to field 'name'"):
        spec.name = "other"
    with pytest.raises(dataclasses.FrozenInstanceError, match="cannot assign to field 'value'"):
        estimate.value = 2.0


def test_each_direction_rule_takes_its_own_count_of_numbers():
    # ratio_change: before, after; trend: estimate, low, high; growth: US low, US high, China low, China high
    for rule, count in (("ratio_change", 2), ("trend", 3), ("growth", 4)):
        assert Estimate(_spec("ok"), 1.0, evidence=(rule, *[1.0] * count)).evidence[1:] == (1.0,) * count
        for wrong in (count - 1, count + 1):
            with pytest.raises(ValueError, match=f"{rule} with {count} numbers"):
                Estimate(_spec("bad"), 1.0, evidence=(rule, *[1.0] * wrong))


def test_a_boolean_or_an_infinite_value_is_not_a_computed_value():
    estimates = [Estimate(_spec("flag", True), True), Estimate(_spec("inf"), math.inf), Estimate(_spec("n"), 2)]
    assert [e.spec.name for e in computed(estimates)] == ["n"]
    with pytest.raises(ValueError, match="'flag' has no finite value"):
        default_of(estimates)


def test_the_refusal_names_the_defaults_it_found():
    with pytest.raises(ValueError, match=r"got 0 \(none\)"):
        default_of([Estimate(_spec("a"), 1.0)])
    with pytest.raises(ValueError, match=r"got 2 \(a, b\)"):
        default_of([Estimate(_spec("a", True), 1.0), Estimate(_spec("b", True), 2.0)])


def test_a_default_with_half_an_interval_publishes_no_interval():
    for low, high in ((1.0, math.nan), (math.nan, 3.0)):
        items = glue_items("h", [Estimate(_spec("d", True), 2.0, low, high)])
        assert set(items) == {"h_default", "h_default_spec", "h_spec_low", "h_spec_high", "h_spec_count"}


def test_which_way_leaves_out_specifications_without_a_direction():
    assert which_way({"a": "", "b": "widening", "c": "stable", "d": "widening"}) == "widening: b / d; stable: c"
    assert which_way({"a": ""}) == ""


def test_the_curve_frame_has_rank_first_a_fresh_index_and_a_blank_for_a_choice_not_made():
    estimates = [Estimate(Spec("b", {"filter": "f1"}, "rb"), 5.0), Estimate(Spec("a", {"window": "w"}, "ra"), 5.0),
                 Estimate(Spec("c", {"filter": "f2"}, "rc", True), 1.0)]
    frame = curve_frame(estimates)
    assert list(frame.columns) == ["rank", "spec", "value", "low", "high", "default", "reason", "filter", "window"]
    assert list(frame.index) == [0, 1, 2] and list(frame["rank"]) == [1, 2, 3]
    assert list(frame["spec"]) == ["c", "a", "b"]  # lowest first; equal values by name
    assert list(frame["filter"]) == ["f2", "", "f1"] and list(frame["window"]) == ["", "w", ""]
    matrix = choice_matrix(frame)
    assert list(matrix.columns) == ["rank", "spec", "choice", "option"] and list(matrix.index) == [0, 1, 2]
    assert sorted(zip(matrix["spec"], matrix["choice"], matrix["option"])) == [
        ("a", "window", "w"), ("b", "filter", "f1"), ("c", "filter", "f2")]


def test_json_keeps_non_latin_text_readable_and_round_trips_every_rule():
    estimates = [Estimate(Spec("中国", {"口径": "全部"}, "理由", True), 2.0, 1.0, 3.0, ("trend", 0.1, -0.2, 0.4)),
                 Estimate(_spec("g"), 4.0, math.nan, 6.0, ("growth", 1.1, 1.3, math.nan, 1.6)),
                 Estimate(_spec("none"), 5.0)]
    text = to_json(estimates)
    assert "中国" in text and "\\u" not in text
    back = from_json(text)
    assert back[0].spec == estimates[0].spec and back[0].evidence == ("trend", 0.1, -0.2, 0.4)
    assert (back[0].value, back[0].low, back[0].high) == (2.0, 1.0, 3.0)
    assert math.isnan(back[1].low) and back[1].high == 6.0
    assert back[1].evidence[:3] == ("growth", 1.1, 1.3) and math.isnan(back[1].evidence[3])
    assert back[1].evidence[4] == 1.6 and back[2].evidence == ()

"""The gap at a glance read from specification curves: default, range, and a direction only when all agree."""

from __future__ import annotations

import math

from gaplib.present import overview_html
from gaplib.specs import DEPENDS, Estimate, Spec, to_json
from gaplib.summary import overview
from test_overview import results


def _curve(*rows):
    return to_json([Estimate(Spec(name, {"filter": name}, "planted", default), value, evidence=evidence)
                    for name, value, default, evidence in rows])


def _table(res):
    return overview.summary_table(res, stable_change_pct=10.0).set_index("slug")


def test_the_default_and_the_range_across_definitions_replace_the_single_ratio():
    res = results()
    res["hardware"]["compute_ratio_specs"] = _curve(("epoch", 3.9, True, ("ratio_change", 1.6, 3.9)),
                                                    ("h100e", 11.4, False, ("ratio_change", 1.9, 11.4)))
    row = _table(res).loc["compute"]
    assert row["ratio"] == 3.9 and (row["spec_low"], row["spec_high"], row["spec_count"]) == (3.9, 11.4, 2)
    assert math.isnan(row["us"])  # the levels are H100e, the default 16-bit FLOP/s
    assert row["direction"] == "widening" and "every definition that measures change (2)" in row["basis"]
    html = overview_html.summary_html(_table(res).reset_index())
    assert "Across definitions (count)" in html and "3.9–11.4x (2)" in html


def test_a_planted_disagreement_is_depends_on_definition_everywhere():
    res = results()
    res["hardware"]["compute_ratio_specs"] = _curve(("epoch", 3.9, True, ("ratio_change", 3.8, 3.9)),
                                                    ("h100e", 11.4, False, ("ratio_change", 1.9, 11.4)))
    t = _table(res)
    assert t.loc["compute", "direction"] == DEPENDS
    assert t.loc["compute", "spec_detail"] == "stable: epoch; widening: h100e"
    assert "installed AI compute the direction depends on the definition" in overview.gap_answer(
        t.reset_index(), parity_ratio=2.0)
    items = overview.glue_items(t.reset_index())
    assert items["compute_ratio_spec_direction"] == DEPENDS and items["dimensions_depends_on_definition"] == 1
    assert items["compute_ratio"] == 3.9


def test_a_lag_headline_takes_the_default_with_its_interval():
    res = results()
    res["algorithms"]["eci_lag_specs"] = to_json([
        Estimate(Spec("daily", {"models": "daily"}, "Epoch", True), 7.8),
        Estimate(Spec("records", {"models": "records"}, "book"), 6.0, 3.8, 8.1, ("trend", -0.9, -3.9, 2.1))])
    row = _table(res).loc["capability"]
    assert (row["gap"], row["spec_low"], row["spec_high"]) == (7.8, 6.0, 7.8)
    assert row["direction"] == "unclear"  # the one definition that measures change cannot tell


def test_without_a_curve_the_row_is_as_before():
    row = _table(results()).loc["compute"]
    assert row["ratio"] == 11.4 and row["spec_count"] == 0 and row["direction"] == "widening"


def test_a_range_with_a_negative_end_keeps_its_minus_apart_from_the_dash():
    res = results()
    res["algorithms"]["eci_lag_specs"] = to_json([
        Estimate(Spec("daily", {"models": "daily"}, "Epoch", True), 7.8),
        Estimate(Spec("records", {"models": "records"}, "book"), -2.5)])
    html = overview_html.summary_html(_table(res).reset_index())
    assert "−2.5 – 7.8 months (2)" in html and "-2.5–" not in html

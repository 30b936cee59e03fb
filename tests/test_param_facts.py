"""Parameter defaults agree with the sourced facts they declare, or say why not.

Every parameter whose help cites a fact id either declares the fact its default is read
from (``param(fact=...)``), and then agrees with it, or is listed in ``CONTEXT`` with the
reason the fact is not the default's source. The strategy chapter's growth defaults follow
the measured growth of the documented fleets.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

from gaplib import data
from gaplib.hardware import compute, fleet_timeline
from gaplib.params import NOTEBOOKS, default_source, validate_params
from gaplib.params.base import ChapterParams, param
from gaplib.params.facts import FactError, FactSource, check_default, check_schema, declared_sources, fact_number

FACT_ID = re.compile(r"\bF\d{3}\b")

#: Parameters whose help cites a fact that is not the source of the default's value, and why.
CONTEXT = {
    ("leaders", "horizon_years"): "F022's value is a probability; the horizon is the statement's wording",
    ("leaders", "bound_reading"): "a choice of reading, not a number",
    ("leaders", "start_year"): "F003's value is a growth rate; its note names the start year Epoch uses",
    ("algorithms", "start_year"): "F003's value is a growth rate; its note names the start year Epoch uses",
    ("algorithms", "open_weights_from_year"): "F020 dates the counts that motivate the period",
    ("funding", "chip"): "a choice of chip; the facts give each chip's figures",
    ("funding", "compute_share"): "derived: about half of F062's spending, 90 of F058's 160",
    ("funding", "h100_rental_usd_per_hour"): "F012's value is the total cost; the hourly rate is unverified",
    ("funding", "utilisation"): "derived from F011's GPU-hours, F032's throughput and Epoch's FLOP",
    ("geopolitics", "rule_version"): "a choice of rule; F064/F066/F067 give each rule's lines",
    ("hardware", "utilisation_fraction"): "derived from DeepSeek-V3's reported run (F011) and F032",
    ("hardware", "domestic_910c_share"): "derived: 100k of F041's 400k",
    ("strategy", "us_compute_growth_per_year"): "follows the supply-side growth; F003 is the contrast",
    ("strategy", "start_ratio_log_sd"): "judgement; F023 and F044 bound the gap it spreads",
    ("strategy", "algorithmic_progress_per_year"): "derived: 2^(12/8) from F001's halving time",
    ("strategy", "algorithmic_lag_years"): "judgement; F015-F017 and F026 bound it",
    ("strategy", "domestic_share_of_additions"): "derived from the figures in F044's note",
    ("strategy", "domestic_yield_gain_per_year"): "judgement on F042's trajectory",
    ("strategy", "algorithmic_shift_prob_per_year"): "judgement; F011/F012 name the precedent",
    ("strategy", "us_cost_shock_prob_per_year"): "judgement; F073/F074 are context",
    ("strategy", "china_cost_shock_prob_per_year"): "judgement; F076 is context",
    ("strategy", "china_h200_uptake"): "follows the orders over the cap (chip_policy P07); F071 is context",
}


def _rows(frame: pd.DataFrame, key: str) -> dict[str, dict]:
    return {row[key]: row for row in frame.to_dict("records")}


@pytest.fixture(scope="module")
def facts():
    return _rows(data.load("reference_facts"), "id")


@pytest.fixture(scope="module")
def checks():
    return _rows(data.load("fact_checks"), "fact_id")


def test_every_declared_default_agrees_with_its_fact(facts, checks):
    problems = [f"{name}: {problem}" for name, schema in NOTEBOOKS.items()
                for problem in check_schema(schema, facts, checks)]
    assert problems == []


def test_declarations_cover_the_defaults_read_from_facts():
    declared = {(name, field) for name, schema in NOTEBOOKS.items() for field in declared_sources(schema)}
    assert {("hardware", "domestic_yield_fraction"), ("hardware", "frontier_growth_per_year"),
            ("algorithms", "halving_time_months"), ("strategy", "domestic_yield_start"),
            ("geopolitics", "tpp_threshold")} <= declared
    citing = {(name, field) for name, schema in NOTEBOOKS.items()
              for field, info in schema.model_fields.items() if FACT_ID.search(info.description or "")}
    undeclared = citing - declared
    assert undeclared == set(CONTEXT), (
        f"cite a fact but neither declare it nor are listed as context: {sorted(undeclared - set(CONTEXT))}; "
        f"listed but no longer so: {sorted(set(CONTEXT) - undeclared)}")


def test_the_yield_departure_is_stated_in_the_help():
    schema = NOTEBOOKS["hardware"]
    source = declared_sources(schema)["domestic_yield_fraction"]
    assert source.fact == "F042" and source.scale == 0.01 and source.departs
    help_text = schema.model_fields["domestic_yield_fraction"].description
    assert "departs from F042" in help_text and "working chips" in help_text
    assert default_source(schema, "domestic_yield_fraction") == "fact F042 x 0.01, departs"
    assert default_source(schema, "domestic_units_per_year") == "fact F041 (2025 plan)"
    assert default_source(NOTEBOOKS["algorithms"], "halving_time_low_months") == "fact F001 (low end)"
    assert default_source(NOTEBOOKS["strategy"], "us_compute_growth_per_year") == \
        "follows result us_supply_stock_growth_per_year"
    assert default_source(schema, "include_planned") == ""


def test_gaplib_params_prints_the_fact_beside_the_help():
    from click.testing import CliRunner

    from gaplib.engine.cli import main
    out = CliRunner().invoke(main, ["params", "hardware"]).output
    line = next(text for text in out.splitlines() if "data-centre capacity China added" in text)
    assert line.endswith("[default from fact F080 (China)]")
    assert "departs from F042" in out


# ---------------------------------------------------------------- the check itself, both sides

FACTS = {
    "F900": {"id": "F900", "value": "~40", "low": 20.0, "high": 60.0},
    "F901": {"id": "F901", "value": "814", "low": None, "high": None},
    "F902": {"id": "F902", "value": "US 5.3; China 3.9", "low": None, "high": None},
    "F903": {"id": "F903", "value": "plan", "low": None, "high": None},
}


def _schema(default, **declared):
    class Synthetic(ChapterParams):
        x: float = param(default, help="synthetic", **declared)
    return Synthetic


@pytest.mark.parametrize("default, declared, agrees", [
    (0.4, dict(fact="F900", fact_scale=0.01), True),            # 40% as a fraction
    (0.2, dict(fact="F900", fact_scale=0.01), True),            # the range's end is inside
    (0.61, dict(fact="F900", fact_scale=0.01), False),          # just outside the range
    (1.0, dict(fact="F900", fact_scale=0.01), False),           # the yield case without a reason
    (40.0, dict(fact="F900"), True),                            # percent as percent
    (0.4, dict(fact="F900"), False),                            # a fraction read against percent
    (20.0, dict(fact="F900", fact_bound="low"), True),
    (25.0, dict(fact="F900", fact_bound="low"), False),         # inside, but not the low end declared
    (60.0, dict(fact="F900", fact_bound="high"), True),
    (814.0, dict(fact="F901"), True),
    (815.0, dict(fact="F901"), False),                          # no range: equal or not
    (814.0, dict(fact="F901", fact_bound="low"), False),        # no range to take an end of
    (3.9, dict(fact="F902", fact_part="China"), True),
    (5.3, dict(fact="F902", fact_part="China"), False),
    (5.3, dict(fact="F902", fact_part="US"), True),
    (1.0, dict(fact="F900", fact_scale=0.01, departs="the plan counts working chips"), True),
    (0.4, dict(fact="F900", fact_scale=0.01, departs="the plan counts working chips"), False),  # no departure
    (1.0, dict(fact="F999"), False),                            # not in the table
    (1.0, dict(fact="F903"), False),                            # no number to compare with
])
def test_check_both_sides(default, declared, agrees):
    problems = check_schema(_schema(default, **declared), FACTS)
    assert (problems == []) is agrees, problems


def test_a_problem_names_the_parameter_the_fact_and_what_it_says():
    (problem,) = check_schema(_schema(1.0, fact="F900", fact_scale=0.01), FACTS)
    assert problem == ("x: default 1.0 disagrees with fact F900, its range [0.2, 0.6] (fact x 0.01), "
                       "and states no departure")


def test_a_correction_in_the_books_re_reading_wins():
    schema = _schema(0.3, fact="F900", fact_scale=0.01)
    assert check_schema(schema, FACTS) == []
    corrected = {"F900": {"corrected_value": 45.0, "corrected_low": 40.0, "corrected_high": 50.0}}
    assert check_schema(schema, FACTS, corrected) != []
    assert check_schema(_schema(0.45, fact="F900", fact_scale=0.01), FACTS, corrected) == []


@pytest.mark.parametrize("declared, message", [
    (dict(fact="F900", departs="  "), "must say why"),
    (dict(fact="F900", fact_bound="middle"), "fact_bound"),
    (dict(fact="F900", fact_scale=0.0), "fact_scale"),
    (dict(departs="no fact named"), "need the fact"),
    (dict(fact_scale=0.01), "need the fact"),
])
def test_bad_declarations_are_refused_where_they_are_made(declared, message):
    with pytest.raises(ValueError, match=message):
        param(1.0, help="synthetic", **declared)


def test_check_default_reads_a_departure_with_no_reason_as_a_problem():
    source = FactSource("F900", scale=0.01, departs=" ")
    assert "without saying why" in check_default("x", 1.0, source, FACTS["F900"])


@pytest.mark.parametrize("text, part, number", [
    ("~40", None, 40.0),
    ("<20", None, 20.0),
    ("1e26 operations; published 2025-01-15", None, 1e26),
    ("429-430", None, 429.0),
    ("2024: 200k 910B; 2025 plan: 300k 910B + 100k 910C", "2025 plan:", 400_000.0),
    ("2024: 200k 910B; 2025 plan: 300k 910B + 100k 910C", "2024:", 200_000.0),
    ("US 5.3; China 3.9", "China", 3.9),
    ("TPP >= 4800, or TPP >= 1600 and performance density >= 5.92", "performance density >=", 5.92),
    ("~1.5M chips", None, 1.5e6),
])
def test_fact_number(text, part, number):
    assert fact_number(text, part) == pytest.approx(number)


@pytest.mark.parametrize("text, part, message", [
    ("qualitative", None, "no number in 'qualitative' of the fact's value 'qualitative'"),
    ("US 5.3; China 3.9", "Europe", "the fact's value 'US 5.3; China 3.9' has no part labelled 'Europe'"),
    ("Ascend 910B", None, "no number in 'Ascend 910B' of the fact's value 'Ascend 910B'"),
])
def test_fact_number_refuses_text_without_the_number(text, part, message):
    with pytest.raises(FactError, match=message):
        fact_number(text, part)


# ---------------------------------------------------------------- strategy: supply-side growth defaults

def test_strategy_growth_defaults_follow_the_supply_side():
    from gaplib.data import chip_sales
    from gaplib.hardware import supply
    from gaplib.strategy import scenario_sets, supply_growth

    p = validate_params("strategy")
    owners = data.load("epoch_ai_chip_sales_nvidia_owners_cumulative")
    nvidia = data.load("epoch_ai_chip_sales_nvidia")
    at = owners["end_date"].max()
    rest = supply.rest_of_world(nvidia, owners, data.load("epoch_ai_chip_sales_nvidia_other_cumulative"), at)
    us = supply.us_components(owners, rest, chip_sales.vendor_totals(), at, p.supply_us_share_of_rest_of_world)
    china = supply.china_components(owners, data.load("china_chip_supply"), at, through=f"{at.year}-Q{at.quarter}")
    by_owner = owners.pivot_table(index="end_date", columns="owner", values="h100e_median")
    total = nvidia.set_index("end_date")["h100e_median"].reindex(by_owner.index)
    us_cum = by_owner[list(supply.US_HYPERSCALERS)].sum(axis=1) + p.supply_us_share_of_rest_of_world * (
        total - by_owner.sum(axis=1))
    adds = supply_growth.yearly_additions(us_cum)
    fit = supply_growth.growth_fit(adds, level=0.8)
    ceiling = supply_growth.ceiling_additions(p.us_capex_usd_per_year, p.accelerator_share_of_capex, p.usd_per_h100e,
                                              p.us_power_added_gw, p.new_h100e_per_mw)["ceiling_h100e"]
    settings = dict(years=p.end_year - 2025, base_year=2025, us_stock=sum(c.median for c in us),
                    us_additions=float(adds.loc[2025]), us_growth=fit.growth_per_year, ceiling=ceiling,
                    ceiling_growth=p.ceiling_growth_per_year, china_stock=sum(c.median for c in china),
                    china_domestic=sum(c.median for c in china if c.name.endswith(", 2025")),
                    ramp_low=p.china_ramp_low_per_year, ramp_high=p.china_ramp_high_per_year,
                    ramp_years=p.china_ramp_years, china_nvidia_floor=p.controls_hold_nvidia_h100e_per_year,
                    cap_share=p.h200_cap_share_of_us, uptake=p.china_h200_uptake, cap_from_year=p.h200_first_year)
    growths = scenario_sets.set_growths(settings)
    assert p.us_compute_growth_per_year == pytest.approx(growths["us_growth"].iloc[0], abs=0.005)
    assert p.china_compute_growth_per_year == pytest.approx(supply_growth.central_growth(growths["china_growth"]),
                                                            abs=0.005)
    # China's NVIDIA run rate while controls hold: Epoch's China line in its last two quarters, a year's worth
    run_rate = 2 * float(by_owner["China"].diff().iloc[-2:].sum())
    assert p.controls_hold_nvidia_h100e_per_year == pytest.approx(run_rate, abs=1000)
    # the uptake follows NVIDIA's expected orders (P07) over the cap in the first year of imports
    orders = data.load("chip_policy").set_index("policy_id").loc["P07", "value"]
    cap = p.h200_cap_share_of_us * supply_growth.us_additions_in(settings, p.h200_first_year)
    assert p.china_h200_uptake == pytest.approx(orders / cap, abs=0.05)
    # supply-side growth is well below the documented fleet's 3.1x and the 4-5x/year of frontier runs (F003)
    assert p.us_compute_growth_per_year < 2.0 and p.china_compute_growth_per_year < 2.0


def test_policy_levers_cite_their_rows_and_agree_with_them():
    policy = data.load("chip_policy").set_index("policy_id")
    schema = NOTEBOOKS["strategy"]
    p = validate_params("strategy")
    assert set(policy["lever"]) <= set(schema.model_fields)
    for lever, rows in policy.groupby("lever"):
        help_text = schema.model_fields[lever].description
        assert any(row in help_text for row in rows.index) or "P01-P05" in help_text, (lever, list(rows.index))
    assert p.h200_cap_share_of_us == policy.loc["P03", "value"]  # the January 2026 rule's 50%
    assert policy.loc["P03", "rule_id"] == "R12" and policy.loc["P03", "verified"] == "read"
    assert p.h200_first_year == policy.loc["P06", "value"]
    assert policy.loc["P06", "event_date"].year + 1 == p.h200_first_year  # China's customs block covers the rule's first year
    # rows read only in relays are graded unverified
    assert set(policy.loc[policy["actor"] == "China", "verified"]) == {"unverified"}

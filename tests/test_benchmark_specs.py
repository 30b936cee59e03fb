"""The benchmark gap of the top models as a specification curve (quoted AI Index figures)."""

import pandas as pd
import pytest

from gaplib.algorithms.benchmark_specs import benchmark_estimates
from gaplib.data.benchmark_facts import benchmark_leads
from gaplib.data.fact_grades import load_graded_facts
from gaplib.specs import DEPENDS, default_of, glue_items, spec_range
from gaplib.summary.spec_directions import headline_direction, spec_directions


def _leads(rows):
    return pd.DataFrame([{"benchmark": b, "before_pp": x, "after_pp": y, "year_before": 2023, "year_after": 2024}
                         for b, x, y in rows])


BOOK = [("MMLU", 17.5, 0.3), ("HumanEval", 31.6, 3.7), ("MATH", 24.3, 1.6), ("MMMU", 13.5, 8.1)]


def test_default_range_and_direction_on_the_book_facts():
    estimates = benchmark_estimates(benchmark_leads(load_graded_facts()))
    assert default_of(estimates).spec.name == "MMLU, end-2024"
    assert default_of(estimates).value == pytest.approx(0.3)
    assert spec_range(estimates) == pytest.approx((0.3, 8.1, 4))
    direction, detail = headline_direction(estimates, stable_change_pct=10.0)
    assert direction == "narrowing"
    assert detail == "narrowing: MMLU, end-2024 / HumanEval, end-2024 / MATH, end-2024 / MMMU, end-2024"
    items = glue_items("benchmark_gap", estimates)
    assert items["benchmark_gap_default"] == pytest.approx(0.3)
    assert (items["benchmark_gap_spec_low"], items["benchmark_gap_spec_high"]) == pytest.approx((0.3, 8.1))


def test_a_planted_disagreement_gives_depends_on_definition():
    rows = BOOK[:3] + [("MMMU", 13.5, 20.0)]  # MMMU's lead grows by 48%
    estimates = benchmark_estimates(_leads(rows))
    assert spec_directions(estimates, stable_change_pct=10.0)["MMMU, end-2024"] == "widening"
    assert headline_direction(estimates, stable_change_pct=10.0)[0] == DEPENDS


def test_a_change_inside_the_stable_band_is_stable():
    rows = [(b, 10.0, 9.5) for b, _, _ in BOOK]  # -5%, under the 10% band
    assert headline_direction(benchmark_estimates(_leads(rows)), stable_change_pct=10.0)[0] == "stable"
    # MMMU's fall of 40% is stable only under a band of 40% or more
    mmmu = benchmark_estimates(_leads(BOOK))[3]
    assert spec_directions([mmmu], stable_change_pct=39.0)["MMMU, end-2024"] == "narrowing"
    assert spec_directions([mmmu], stable_change_pct=41.0)["MMMU, end-2024"] == "stable"


def test_empty_or_without_default():
    with pytest.raises(ValueError, match="empty"):
        benchmark_estimates(_leads([]).reindex(columns=["benchmark", "before_pp", "after_pp"]))
    with pytest.raises(ValueError, match="MMLU"):
        benchmark_estimates(_leads(BOOK[1:]))

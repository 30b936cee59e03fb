"""Parsing the AI Index's benchmark gaps (facts F015-F018) from the reference facts."""

import pandas as pd
import pytest

from gaplib.data.benchmark_facts import BENCHMARK_FACTS, benchmark_leads, parse_two_dates
from gaplib.data.fact_grades import load_graded_facts


def _facts(**values):
    return pd.DataFrame([{"id": fid, "value": values.get(fid, "1.0 (end-2023) -> 0.5 (end-2024)"),
                          "unit": "percentage points", "verified": "read"} for fid in BENCHMARK_FACTS])


def test_parse_two_dates_known_values():
    assert parse_two_dates("17.5 (end-2023) -> 0.3 (end-2024)") == (17.5, 2023, 0.3, 2024)
    assert parse_two_dates(" 8 (end-2023)->-1.25 (end-2025) ") == (8.0, 2023, -1.25, 2025)


@pytest.mark.parametrize("bad", ["17.5 -> 0.3", "17.5 (end-2023) to 0.3 (end-2024)", "", "x (end-2023) -> 1 (end-2024)",
                                 "17.5 (end-2024) -> 0.3 (end-2023)", "17.5 (end-2023) -> 0.3 (end-2023)"])
def test_parse_two_dates_malformed(bad):
    with pytest.raises(ValueError, match="fact F015") as err:
        parse_two_dates(bad, fact_id="F015")
    assert "\n" not in str(err.value)


def test_parse_rejects_non_text():
    with pytest.raises(ValueError, match="not of the form"):
        parse_two_dates(float("nan"))


def test_benchmark_leads_from_the_book_facts_with_their_grade():
    leads = benchmark_leads(load_graded_facts())
    assert list(leads["benchmark"]) == ["MMLU", "HumanEval", "MATH", "MMMU"]
    assert list(leads["before_pp"]) == [17.5, 31.6, 24.3, 13.5]
    assert list(leads["after_pp"]) == [0.3, 3.7, 1.6, 8.1]
    assert set(leads["year_before"]) == {2023} and set(leads["year_after"]) == {2024}
    assert set(leads["verified"]) == {"relay"}  # read only through relay sites (data/fact_checks.csv)


def test_benchmark_leads_names_the_malformed_fact():
    with pytest.raises(ValueError, match="fact F017: value '24.3 -> 1.6'"):
        benchmark_leads(_facts(F017="24.3 -> 1.6"))


def test_benchmark_leads_missing_fact_and_wrong_unit():
    with pytest.raises(ValueError, match="F018"):
        benchmark_leads(_facts().iloc[:3])
    wrong = _facts()
    wrong.loc[1, "unit"] = "%"
    with pytest.raises(ValueError, match="F016: unit"):
        benchmark_leads(wrong)

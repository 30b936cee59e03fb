"""The book's check of a reference fact replaces its published grade, and the relayed facts say so."""

from __future__ import annotations

import pandas as pd
import pytest

from gaplib.data.fact_grades import graded, load_graded_facts


def _facts():
    return pd.DataFrame({"id": ["F1", "F2", "F3"], "verified": ["read", "read", "unverified"]})


def test_a_check_replaces_the_published_grade_and_unchecked_facts_keep_theirs():
    checks = pd.DataFrame({"fact_id": ["F1", "F3"], "verified": ["relay", "read"]})
    assert graded(_facts(), checks)["verified"].tolist() == ["relay", "read", "read"]


def test_a_check_of_an_unknown_fact_or_grade_is_refused():
    with pytest.raises(ValueError, match="F9"):
        graded(_facts(), pd.DataFrame({"fact_id": ["F9"], "verified": ["read"]}))
    with pytest.raises(ValueError, match="'maybe'"):
        graded(_facts(), pd.DataFrame({"fact_id": ["F1"], "verified": ["maybe"]}))


def test_facts_read_only_through_relays_carry_the_relay_grade():
    grade = load_graded_facts().set_index("id")["verified"]
    assert set(grade[["F039", "F040", "F041", "F042", "F044", "F080"]]) == {"relay"}

"""The AI Index's US-China findings against the book's reproduction (gaplib.replications.ai_index)."""

import pandas as pd
import pytest

from gaplib.replications import ai_index
from gaplib.replications.verdict import WITHIN_TOLERANCE


def _facts(**values):
    base = {"F020": "US 40; China 15; Europe 3", "F084": "US 50; China 30; South Korea 5", "F085": "9.26",
            "F086": "1.70", "F083": "2.7", "F049": "109.1", "F050": "9.3", "F081": "285.9", "F082": "12.4"}
    base.update(values)
    return pd.DataFrame({"id": list(base), "value": list(base.values()),
                         "verified": ["unverified" if k in ("F082", "F084") else "read" for k in base]})


def _models(rows):
    return pd.DataFrame({"publication_date": pd.to_datetime([r[0] for r in rows]),
                         "countries": [r[1] for r in rows]})


def _arena(rows):
    return pd.DataFrame({"date": pd.to_datetime([r[0] for r in rows]), "us_elo": [r[1] for r in rows],
                         "china_elo": [r[2] for r in rows]})


def _investment(rows):
    return pd.DataFrame(rows, columns=["year", "country", "investment_usd", "projected"])


MODELS = _models([("2025-03-01", ("US",))] * 54 + [("2025-05-01", ("US", "China"))] * 3
                 + [("2025-06-01", ("China",))] * 28 + [("2025-07-01", ("Hong Kong",))] * 2
                 + [("2024-06-01", ("US",))] * 46 + [("2024-06-01", ("China",))] * 15 + [("2023-01-01", ("US",))] * 9
                 + [(None, ("US",))] * 5)
ARENA = _arena([("2025-02-04", 1384, 1361), ("2025-02-10", 1384, 1361), ("2025-02-22", 1403, 1362),
                ("2025-10-03", 1466, 1429)])
INVESTMENT = _investment([(2024, "US", 148.0e9, False), (2024, "China", 10.0e9, False),
                          (2025, "US", 259.6e9, True), (2025, "China", 11.1e9, True)])


@pytest.fixture(scope="module")
def table():
    return ai_index.replications(_facts(), MODELS, ARENA, INVESTMENT).set_index("id")


def test_notable_counts_follow_the_joint_rule_the_cutoff_and_the_sole_country():
    counts = ai_index.notable_counts(MODELS, "US", 2025, "2025-04-01")
    assert counts == {"all": 57, "as_of_cutoff": 54, "sole": 54}
    china = ai_index.notable_counts(MODELS, "China", 2025, "2026-04-13")
    assert china == {"all": 33, "as_of_cutoff": 33, "sole": 30}  # Hong Kong is China; joint models not sole


def test_notable_verdicts_and_their_reasons(table):
    us = table.loc["aiindex2026_notable_us"]
    assert (us["published"], us["reproduced"], us["alternative"]) == (50.0, 57.0, 54.0)
    assert us["verdict"] == "reproduced" and us["reason"] == WITHIN_TOLERANCE           # 14% above: inside 15%
    china = table.loc["aiindex2026_notable_china"]
    assert (china["reproduced"], china["alternative"]) == (33.0, 30.0)
    assert china["verdict"] == "reproduced"
    us24 = table.loc["aiindex2025_notable_us"]
    assert (us24["reproduced"], us24["as_of_cutoff"]) == (46.0, 46.0)
    assert us24["verdict"] == "reproduced"                                 # 46 of 40: exactly 15%
    tight = ai_index.replications(_facts(F084="US 45; China 22"), MODELS, ARENA, INVESTMENT).set_index("id")
    assert tight.loc["aiindex2026_notable_us", "reason"] == "vintage"      # 57 and 54 both > 45 * 1.15
    assert tight.loc["aiindex2026_notable_china", "reason"] == "vintage"
    assert tight.loc["aiindex2026_notable_us", "difference_pct"] == pytest.approx(100 * 12 / 45)
    sole = ai_index.replications(_facts(F084="US 48; China 27"), MODELS, ARENA, INVESTMENT).set_index("id")
    assert sole.loc["aiindex2026_notable_china", "verdict"] == "not reproduced"   # 33 > 27 * 1.15 = 31.05
    assert sole.loc["aiindex2026_notable_china", "reason"] == "definition"        # the sole count, 30, is within


def test_the_arena_lead_is_the_median_of_the_month_in_percent_of_the_chinese_score(table):
    lead = ai_index.arena_lead_pct(ARENA, "2025-02")
    assert lead["versions"] == 3
    assert lead["median"] == pytest.approx(100 * 23 / 1361)
    assert lead["high"] == pytest.approx(100 * 41 / 1362)
    row = table.loc["aiindex2025_arena_lead_2025_02"]
    assert row["verdict"] == "reproduced" and row["reproduced_low"] == pytest.approx(100 * 23 / 1361)
    assert ai_index.arena_lead_pct(ARENA, "2026-03") is None


def test_a_month_the_series_does_not_reach_is_not_reproduced_for_coverage(table):
    for case in ("aiindex2026_arena_lead_2026_03", "aiindex2025_arena_lead_2024_01"):
        row = table.loc[case]
        assert pd.isna(row["reproduced"]) and row["verdict"] == "not reproduced" and row["reason"] == "coverage"
    end = ai_index.arena_series_end(ARENA)
    assert end["start"] == "2025-02-04" and end["date"] == "2025-10-03" and end["lead_pct"] == pytest.approx(100 * 37 / 1429)


def test_investment_against_the_owid_series_in_billions(table):
    us = table.loc["aiindex2025_investment_us"]
    assert us["reproduced"] == pytest.approx(148.0) and us["verdict"] == "not reproduced"
    assert us["reason"] == "definition" and us["alternative"] == 0.0
    us25 = table.loc["aiindex2026_investment_us"]
    assert us25["verdict"] == "reproduced" and us25["alternative"] == 1.0  # a projection
    assert us25["difference_pct"] == pytest.approx(100 * (259.6 - 285.9) / 285.9)
    short = ai_index.replications(_facts(), MODELS, ARENA, INVESTMENT[INVESTMENT["year"] == 2024]).set_index("id")
    assert short.loc["aiindex2026_investment_china", "reason"] == "coverage"


def test_results_name_every_figure_and_leave_out_what_was_not_computed(table):
    res = ai_index.results(table.reset_index())
    assert res["replication_aiindex2026_arena_lead_2026_03_published"] == 2.7
    assert "replication_aiindex2026_arena_lead_2026_03_reproduced" not in res
    assert res["replication_aiindex2026_arena_lead_2026_03_reason"] == "coverage"
    assert res["replication_aiindex2025_notable_us_as_of_cutoff"] == 46.0


def test_a_missing_fact_is_named():
    facts = _facts()
    with pytest.raises(KeyError, match="fact F084 is not in the facts table"):
        ai_index.replications(facts[facts["id"] != "F084"], MODELS, ARENA, INVESTMENT)


def test_the_fact_grade_travels_with_the_figure(table):
    assert table.loc["aiindex2026_investment_china", "fact_grade"] == "unverified"
    assert table.loc["aiindex2026_arena_lead_2026_03", "fact_grade"] == "read"


def test_the_tolerance_is_fifteen_percent_of_the_published_figure_ends_included():
    assert ai_index.tolerance_verdict(40, 46) == "reproduced"
    assert ai_index.tolerance_verdict(40, 34) == "reproduced"
    assert ai_index.tolerance_verdict(40, 46.01) == "not reproduced"
    assert ai_index.relative_difference_pct(50, 60) == pytest.approx(20.0)
    assert ai_index.relative_difference_pct(285.9, 259.59) == pytest.approx(-9.2026, abs=1e-3)
    with pytest.raises(ValueError, match="zero is undefined"):
        ai_index.relative_difference_pct(0.0, 1.0)

"""Research output: publications and patents by country (known values, edge cases, real data)."""

import math

import pandas as pd
import pytest
from hypothesis import given, strategies as st

from gaplib import data
from gaplib.guards import EmptySelectionError
from gaplib.research import research_output as ro


def _owid(rows, column="publications"):
    return pd.DataFrame(rows, columns=["entity", "year", column])


SMALL = _owid([
    ("United States", 2019, 100.0), ("China", 2019, 50.0), ("World", 2019, 400.0),
    ("United States", 2020, 120.0), ("China", 2020, 150.0), ("World", 2020, 500.0),
    ("Hong Kong", 2020, 9.0), ("China", 2021, 170.0),  # 2021 has no US count: dropped
])


def test_country_counts_keeps_years_with_both_countries():
    counts = ro.country_counts(SMALL, "publications")
    assert list(counts["year"]) == [2019, 2020]
    assert counts["us_china_ratio"].tolist() == [2.0, 0.8]
    assert counts["china_share_pct"].tolist() == [12.5, 30.0]


def test_hong_kong_stays_separate_as_owid_publishes_it():
    counts = ro.country_counts(SMALL, "publications")
    assert counts.loc[counts["year"] == 2020, "china"].item() == 150.0


def test_output_results_known_values():
    res = ro.output_results(ro.country_counts(SMALL, "publications"), "publications")
    assert res["publications_latest_year"] == 2020 and res["publications_first_year"] == 2019
    assert res["publications_us"] == 120.0 and res["publications_china"] == 150.0
    assert res["publications_us_china_ratio"] == pytest.approx(0.8)
    assert res["publications_us_china_ratio_first"] == pytest.approx(2.0)
    assert res["publications_leader"] == "China"
    assert res["publications_china_growth_per_year"] == pytest.approx(3.0)
    assert res["publications_us_share_pct"] == pytest.approx(24.0)


def test_no_world_row_means_no_shares():
    counts = ro.country_counts(SMALL[SMALL["entity"] != "World"], "publications")
    res = ro.output_results(counts, "p")
    assert "p_us_share_pct" not in res and math.isnan(counts["world"].iloc[0])


def test_no_common_year_is_refused_with_the_source_named():
    frame = _owid([("United States", 2019, 1.0), ("China", 2020, 1.0)])
    frame.attrs["source"] = "owid_ai_publications"
    with pytest.raises(EmptySelectionError, match="owid_ai_publications.*both"):
        ro.country_counts(frame, "publications")


def test_a_zero_china_count_is_a_named_error_not_infinity():
    frame = _owid([("United States", 2019, 3.0), ("China", 2019, 0.0)])
    counts = ro.country_counts(frame, "publications")
    assert math.isnan(counts["us_china_ratio"].iloc[0])
    with pytest.raises(EmptySelectionError, match="China's count in 2019"):
        ro.output_results(counts, "publications")


def test_first_year_outside_the_data_is_refused():
    with pytest.raises(EmptySelectionError, match="no count for both countries in 2010"):
        ro.output_results(ro.country_counts(SMALL, "publications"), "publications", first_year=2010)


def test_growth_needs_a_later_year():
    with pytest.raises(ValueError, match="must be after"):
        ro.growth_per_year(ro.country_counts(SMALL, "publications"), "us", 2020, 2020)


@given(st.floats(0.1, 1e6), st.floats(0.1, 1e6))
def test_leader_is_the_larger(us, china):
    assert ro.leader(us, china) == ("tie" if math.isclose(us, china) else ("US" if us > china else "China"))


@given(st.floats(1, 1e6), st.floats(1.01, 3.0), st.integers(1, 10))
def test_growth_inverts_compounding(start, rate, years):
    frame = _owid([("United States", 2000, start), ("China", 2000, 1.0),
                   ("United States", 2000 + years, start * rate ** years), ("China", 2000 + years, 1.0)])
    assert ro.growth_per_year(ro.country_counts(frame, "publications"), "us", 2000, 2000 + years) == pytest.approx(rate)


def test_long_counts_is_one_row_per_country_and_year():
    tidy = ro.long_counts(ro.country_counts(SMALL, "publications"))
    assert len(tidy) == 4 and set(tidy["country"]) == {"US", "China"}


def test_real_data_china_leads_both_counts():
    pubs = ro.output_results(ro.country_counts(data.load("owid_ai_publications"), "publications"), "publications")
    assert pubs["publications_latest_year"] == 2023
    assert (pubs["publications_us"], pubs["publications_china"]) == (50039.0, 103493.0)
    assert pubs["publications_leader"] == "China"
    pats = ro.output_results(ro.country_counts(data.load("owid_ai_patents"), "patents"), "patents")
    assert pats["patents_latest_year"] == 2020
    assert (pats["patents_us"], pats["patents_china"]) == (14601.0, 66276.0)


@pytest.mark.parametrize("us, china, phrase", [
    (50.0, 105.0, "China, 2.1 times the US count"),
    (30.0, 10.0, "the US, 3.0 times China's count"),
    (7.0, 7.0, "neither country (equal counts)"),
])
def test_lead_phrase(us, china, phrase):
    assert ro.lead_phrase(us, china) == phrase

"""The data period of a row, in words, and the staleness rule (more than 12 months before the build)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gaplib.data.periods import (DataPeriod, describe_period, is_stale, months_before, period_end, source_ends,
                                 stale_words)
from gaplib.data.snapshot import read_manifest

BUILD = dt.date(2026, 12, 7)


def test_months_before_keeps_the_day_or_the_months_last():
    assert months_before(dt.date(2026, 12, 7), 12) == dt.date(2025, 12, 7)
    assert months_before(dt.date(2025, 3, 31), 1) == dt.date(2025, 2, 28)
    assert months_before(dt.date(2024, 3, 31), 1) == dt.date(2024, 2, 29)  # leap year
    assert months_before(dt.date(2026, 1, 15), 13) == dt.date(2024, 12, 15)


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 1, 1)), st.integers(0, 60))
def test_months_before_is_at_most_a_month_off_a_day_count(day, months):
    back = months_before(day, months)
    assert 28 * months - 3 <= (day - back).days <= 31 * months + 3


def test_period_ends_on_its_last_day():
    assert period_end(2024, "year") == dt.date(2024, 12, 31)
    assert period_end("2023", "year") == dt.date(2023, 12, 31)
    assert period_end(dt.date(2025, 10, 15), "month") == dt.date(2025, 10, 31)
    assert period_end("2024-02-03", "month") == dt.date(2024, 2, 29)
    assert period_end("2026-04-23", "day") == dt.date(2026, 4, 23)


def test_the_rule_counts_twelve_months_back_from_the_build():
    cut = dt.date(2025, 12, 7)
    assert not is_stale(cut, BUILD)  # exactly twelve months: not yet stale
    assert is_stale(cut - dt.timedelta(days=1), BUILD)
    assert not is_stale(dt.date(2026, 12, 31), BUILD)  # a period ending after the build
    assert is_stale(dt.date(2025, 6, 1), BUILD, months=6)


@pytest.mark.parametrize("value, granularity, kind, words, stale", [
    ("2025-10-15", "month", "to", "data to 2025-10", True),      # the GPU-cluster table
    ("2026-04-23", "month", "to", "data to 2026-04", False),     # the 2026 ECI
    (2024, "year", "year", "2024", True),                          # one year's investment
    (2025, "year", "year", "2025", False),                         # 2025 ends after 2025-12-07
    ("2026-03-11", "month", "as_of", "as of 2026-03", False),
    ("2025-10-03", "day", "as_of", "as of 2025-10-03", True),
])
def test_periods_in_words(value, granularity, kind, words, stale):
    period = describe_period(value, granularity, BUILD, kind)
    assert (period.words(), period.stale) == (words, stale)


def test_stale_words_name_the_rule_and_a_newer_figure():
    old = DataPeriod(dt.date(2024, 12, 31), "year", "2024", True)
    assert stale_words(old) == "stale: 2024, more than 12 months before this build"
    assert stale_words(old, "US 285.9 bn USD in 2025 (AI Index 2026)").endswith(
        "; newer published figure: US 285.9 bn USD in 2025 (AI Index 2026)")
    assert stale_words(DataPeriod(dt.date(2026, 4, 30), "to", "2026-04", False), "x") == ""
    with pytest.raises(ValueError, match="unknown period kind"):
        describe_period(2024, "year", BUILD, "since")


def test_source_ends_come_from_the_manifest():
    ends = source_ends(read_manifest())
    assert ends["epoch_gpu_clusters"] == "2025-10-15"
    assert ends["owid_ai_patents"] == "2020"
    assert "reference_facts" not in ends  # no date column


def test_period_label_is_the_year_the_month_or_the_day():
    import datetime as dt

    from gaplib.data.periods import period_label

    assert period_label(dt.date(2025, 10, 9), "month") == "2025-10"
    assert period_label("2025-10-03", "day") == "2025-10-03"
    assert period_label(dt.date(2024, 3, 1), "year") == "2024"
    assert period_label(2024, "month") == "2024"  # a year given as a number stays a year
    assert period_label("2026-02-28T00:00:00", "month") == "2026-02"


def test_a_rows_period_sentence_says_data_once_in_each_edition():
    from gaplib.present.i18n import translator

    zh = translator("zh_CN")
    fresh = DataPeriod(dt.date(2026, 1, 31), "to", "2026-01", False)
    stale = DataPeriod(dt.date(2025, 10, 31), "to", "2025-10", True)
    assert fresh.sentence() == "Data: data to 2026-01."
    assert stale.sentence(stale=stale_words(stale)) == (
        "Data: data to 2025-10 (stale: data to 2025-10, more than 12 months before this build).")
    assert DataPeriod(dt.date(2024, 12, 31), "year", "2024", False).sentence() == "Data: 2024."
    assert DataPeriod(dt.date(2026, 3, 31), "as_of", "2026-03", False).sentence() == "Data: as of 2026-03."
    assert fresh.sentence(zh) == "数据截至 2026 年 1 月。"
    assert stale.sentence(zh, stale_words(stale, tr=zh)) == "数据截至 2025 年 10 月（已过时：数据截至 2025 年 10 月，早于本次构建超过 12 个月）。"
    assert DataPeriod(dt.date(2026, 3, 31), "as_of", "2026-03", False).sentence(zh) == "数据：截至 2026 年 3 月。"

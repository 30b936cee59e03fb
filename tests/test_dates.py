"""Dates in each edition's prose (gaplib.present.dates) and the period words that use them."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gaplib.data.periods import describe_period, stale_words
from gaplib.present import dates, i18n


@pytest.mark.parametrize(("label", "chinese"), [
    ("2026-07", "2026 年 7 月"),
    ("2025-10-03", "2025 年 10 月 3 日"),
    ("2025-01-15", "2025 年 1 月 15 日"),
    ("2024", "2024 年"),
    ("2024-12-31", "2024 年 12 月 31 日"),
])
def test_chinese_prose_dates_follow_the_glossary(label, chinese):
    assert dates.in_prose(label, "zh_CN") == chinese
    assert dates.in_prose(label, "en") == label


@pytest.mark.parametrize("label", ["2025-13", "2025-02-30", "July 2025", "25-07", "", "2025-7"])
def test_a_label_that_is_no_date_is_refused(label):
    with pytest.raises(ValueError, match="not a"):
        dates.in_prose(label, "zh_CN")


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2199, 12, 31)))
def test_the_chinese_day_reads_back_as_the_same_day(day):
    text = dates.in_prose(day.isoformat(), "zh_CN")
    year, month, date = (int(part) for part in text.replace("年", " ").replace("月", " ").replace("日", " ").split())
    assert dt.date(year, month, date) == day
    assert text.count(" ") == 5  # one space on each side of 年 and 月, one before 日


_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"]


@pytest.mark.parametrize(("label", "english"), [
    ("2026", "2026"), ("2026-07", "July 2026"), ("2025-10-03", "3 October 2025"), ("2024-02-29", "29 February 2024"),
])
def test_a_date_in_words_names_its_month_day_first(label, english):
    assert dates.in_words(label, "en") == english
    assert dates.in_words(label, "zh_CN") == dates.in_prose(label, "zh_CN")


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2199, 12, 31)))
def test_every_day_in_words_is_its_day_month_name_and_year(day):
    assert dates.in_words(day.isoformat(), "en") == f"{day.day} {_MONTHS[day.month - 1]} {day.year}"
    assert dates.in_words(day.isoformat()[:7], "en") == f"{_MONTHS[day.month - 1]} {day.year}"


@pytest.mark.parametrize("label", ["2025-13", "2025-02-30", "July 2025", "2025-7"])
def test_a_label_that_is_no_date_has_no_words(label):
    with pytest.raises(ValueError, match="not a"):
        dates.in_words(label, "en")


def test_language_of_a_translator_and_of_the_english_function():
    assert dates.language_of(i18n.english) == "en"
    assert dates.language_of(i18n.Translator("zh_CN", {})) == "zh_CN"
    assert dates.for_reader("2026-07", i18n.Translator("zh_CN", {})) == "2026 年 7 月"


def test_period_words_put_the_prose_date_in_the_translated_pattern():
    tr = i18n.Translator("zh_CN", {"data to {date}": "数据截至 {date}", "as of {date}": "截至 {date}"})
    build = dt.date(2026, 8, 1)
    assert describe_period("2026-07-10", "month", build).words() == "data to 2026-07"
    assert describe_period("2026-07-10", "month", build).words(tr) == "数据截至 2026 年 7 月"
    assert describe_period("2025-10-03", "day", build, "as_of").words(tr) == "截至 2025 年 10 月 3 日"
    assert describe_period("2025-10-03", "day", build, "as_of").words() == "as of 2025-10-03"
    assert describe_period(2024, "year", build, "year").words(tr) == "2024 年"
    assert describe_period(2024, "year", build, "year").words() == "2024"


def test_stale_words_carry_the_prose_date_in_both_editions():
    stale = "stale: {period}, more than {months} months before this build"
    tr = i18n.Translator("zh_CN", {"as of {date}": "截至 {date}", stale: "已过时：{period}，早于本次构建超过 {months} 个月"})
    period = describe_period("2025-03-03", "day", dt.date(2026, 8, 1), "as_of")
    assert stale_words(period) == "stale: as of 2025-03-03, more than 12 months before this build"
    assert stale_words(period, tr=tr) == "已过时：截至 2025 年 3 月 3 日，早于本次构建超过 12 个月"


def test_fact_words_are_asked_part_by_part_and_keep_the_english():
    from gaplib.data.periods import fact_words

    row = {"quantity": "US private AI investment 2025 (AI Index 2026)", "value": 285.9, "unit": "billion USD",
           "source": "Stanford HAI AI Index 2026, as reported by MeriTalk", "verified": "unverified"}
    english_words = ("US private AI investment 2025 (AI Index 2026): 285.9 billion USD "
                     "(Stanford HAI AI Index 2026, as reported by MeriTalk, not read at the primary record)")
    assert fact_words(row) == english_words
    tr = i18n.Translator("zh_CN", {
        "US private AI investment {0} (AI Index {1})": "{0} 年美国人工智能私人投资（《人工智能指数报告》{1}）",
        "{0} billion USD": "{0:e9}美元",
        "Stanford HAI AI Index {0}, as reported by MeriTalk": "斯坦福 HAI《人工智能指数报告》{0}，据 MeriTalk 报道",
        "not read at the primary record": "未在原始记录查阅",
        "{source}, {grade}": "{source}，{grade}",
        "{quantity}: {value} ({source})": "{quantity}：{value}（{source}）"})
    assert fact_words(row, tr) == ("2025 年美国人工智能私人投资（《人工智能指数报告》2026）：2859 亿美元"
                                   "（斯坦福 HAI《人工智能指数报告》2026，据 MeriTalk 报道，未在原始记录查阅）")
    assert not tr.missing


def test_the_gap_at_a_glance_words_newer_figures_in_the_page_language():
    from gaplib.present.overview_html import _newer

    words = {"en": {"F081": "US figure", "F082": "China figure"}, "zh_CN": {"F081": "美国数字", "F082": "中国数字"}}
    asked = []

    def facts(tr, ids):
        asked.append(list(ids))
        return {i: words[dates.language_of(tr)][i] for i in ids}

    row = {"newer": "US figure; China figure", "newer_facts": "F081,F082"}
    tr = i18n.Translator("zh_CN", {"{a}; {b}": "{a}；{b}"})
    assert _newer(row, tr, facts) == "美国数字；中国数字"
    assert _newer(row, i18n.english, facts) == row["newer"]
    assert asked == [["F081", "F082"], ["F081", "F082"]]
    assert _newer(row, tr, None) == row["newer"]  # without words for the facts, the English stays
    assert _newer({"newer": "", "newer_facts": ""}, tr, facts) == ""


def test_a_glued_month_or_day_reads_in_each_editions_prose(monkeypatch):
    from gaplib.present import publish
    from gaplib.present.i18n import TRANSLATIONS_KEY

    shown = []
    monkeypatch.setattr(publish, "ipy_display", lambda data, raw, metadata: shown.append((data, metadata)))
    for value in ("2025-10", "2025-10-03", "2024"):
        publish.glue("data_to", value)
    texts = [(list(data.values())[0], metadata.get(TRANSLATIONS_KEY)) for data, metadata in shown]
    assert texts[0][0] == "2025-10" and list(texts[0][1]["zh_CN"]["data"].values()) == ["2025 年 10 月"]
    assert texts[1][0] == "2025-10-03" and list(texts[1][1]["zh_CN"]["data"].values()) == ["2025 年 10 月 3 日"]
    assert texts[2] == ("2024", None)  # a year alone reads the same in every edition
    assert dates.is_month_or_day("2025-10") and not dates.is_month_or_day("2024")
    assert not dates.is_month_or_day("2025-10 to 2026-01")

"""The ledger's verdict counts in words: no "0 overstate", a singular verb for one, every language's own order."""

import pytest

from gaplib.present.i18n import Translator
from gaplib.present.verdict_counts import REPORTS, STATEMENTS, verdict_sentences

NONE = {name: 0 for name, *_ in STATEMENTS + REPORTS}


def test_zero_counts_are_said_in_words_and_one_takes_the_singular():
    counts = {**NONE, "claims_consistent": 8, "claims_outdated": 1, "claims_attribution_confirmed": 6}
    text = verdict_sentences(counts, chapters_in_build=9)
    assert text.startswith("The statements are graded by the book's evidence: 8 are consistent with it and "
                           "1 cites a date that the record contradicts. No statement overstates or understates "
                           "the quantity the book measures, claims a direction")
    assert "6 are confirmed" in text and "No report puts words in the speaker's mouth or lacks a record" in text
    assert text.endswith("Every chapter the claims need has results in this build (9 chapters ran).")
    assert " 0 " not in text


def test_one_direction_of_error_is_named_alone():
    text = verdict_sentences({**NONE, "claims_overstated": 2}, chapters_in_build=3)
    assert "2 overstate the quantity the book measures." in text
    assert "No statement is consistent with it, understates the quantity the book measures," in text


def test_missing_results_are_counted_when_there_are_some():
    text = verdict_sentences({**NONE, "claims_consistent": 1, "claims_result_missing": 2}, chapters_in_build=7)
    assert text.endswith("For 2 the chapter that holds the evidence has no results in this build (7 chapters ran).")


def test_every_count_is_said_once_when_none_is_zero():
    counts = {name: 2 for name in NONE}
    text = verdict_sentences(counts, chapters_in_build=9)
    assert text.count("2 ") == len(NONE) and "No statement" not in text and "No report" not in text


def test_chinese_says_no_claim_rather_than_zero():
    tr = Translator("zh_CN", {
        "{n} are consistent with it": "{n} 项与证据一致",
        "The statements are graded by the book's evidence: {clauses}.": "陈述类论断依据本书的证据评定：{clauses}。",
        "No statement {verbs}.": "没有陈述类论断{verbs}。",
        "overstates or understates the quantity the book measures": "高估或低估本书所测量的数量",
        "cites a date that the record contradicts": "所引日期与记录不符",
        "{a} or {b}": "{a}或{b}", "{a}, {b}": "{a}、{b}"})
    counts = {**NONE, "claims_consistent": 8, "claims_contradicted": 1, "claims_mixed": 1, "claims_too_wide": 1,
              "claims_needs_judgement": 1, "claims_not_checkable": 1}
    text = verdict_sentences(counts, chapters_in_build=9, tr=tr)
    # Sentences are joined by "{a} {b}", which has no words to translate; the Chinese build drops the space.
    assert "没有陈述类论断高估或低估本书所测量的数量或所引日期与记录不符。" in text
    assert "0 项" not in text


def test_a_zero_count_is_said_in_words_in_both_languages():
    from gaplib.present.i18n import Translator
    from gaplib.present.verdict_counts import counted

    clause = ("{n} scored above every US model", "{n} scored above every US model", "none scored above every US model")
    assert counted(0, *clause) == "none scored above every US model"
    assert counted(1, "{n} give", "{n} gives", "none gives") == "1 gives"
    assert counted(3, "{n} give", "{n} gives", "none gives") == "3 give"
    tr = Translator("zh_CN", {"{0} scored above every US model": "有 {0} 个模型的得分高于所有美国模型",
                              "none scored above every US model": "没有模型的得分高于所有美国模型"})
    assert tr(counted(0, *clause)) == "没有模型的得分高于所有美国模型"
    assert tr(counted(2, *clause)) == "有 2 个模型的得分高于所有美国模型"
    with pytest.raises(ValueError, match="a count cannot be negative: -1"):
        counted(-1, *clause)

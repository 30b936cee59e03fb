"""English phrases on a Chinese page: quotations with their English original in brackets are not counted."""

from gaplib.present.english_phrases import english_phrases


def test_a_phrase_in_running_text_is_found():
    assert english_phrases("本书检验了 as reported by MeriTalk 的数字。") == ["as reported by MeriTalk"]


def test_a_title_with_its_english_original_in_brackets_is_a_quotation():
    text = "促成本书的文章《业界警告中美人工智能差距扩大》（Industry Voices Warn China AI Gap Widens）提出了论断。"
    assert english_phrases(text) == []
    assert english_phrases("菜单“编辑 → 清除所有单元格的输出”（Edit → Clear Outputs of All Cells）") == []


def test_brackets_without_a_quotation_before_them_still_count():
    assert english_phrases("促成本书的文章（Industry Voices Warn China AI Gap Widens）") != []

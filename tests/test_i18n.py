"""Translating the texts code makes: numbers kept, placeholders checked, catalogs read as gettext does."""

from __future__ import annotations

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po
from hypothesis import given
from hypothesis import strategies as st

from gaplib.present import i18n
from gaplib.present.i18n import Translator, TranslationError, placeholders, template


@pytest.mark.parametrize(("text", "pattern", "numbers"), [
    ("China released 23 models by the end of 2024", "China released {0} models by the end of {1}", ["23", "2024"]),
    ("Rows: 1,036", "Rows: {0}", ["1,036"]),
    ("At 4-5x a year, the 10x gap", "At {0}-{1}x a year, the {2}x gap", ["4", "5", "10"]),
    ("share 64% and -3.2 and +18.5.", "share {0}% and {1} and {2}.", ["64", "-3.2", "+18.5"]),
    ("H100, 3A090 and 1e23 FLOP", "H100, 3A090 and 1e23 FLOP", []),  # numbers inside names stay
    ("a {literal} brace", "a {{literal}} brace", []),
])
def test_template_replaces_standalone_numbers(text, pattern, numbers):
    assert template(text) == (pattern, numbers)


@given(st.text(alphabet="ab ,.-+%x{}0123456789", max_size=40))
def test_template_round_trips(text):
    pattern, numbers = template(text)
    assert pattern.format(*numbers) == text


def test_placeholders_ignore_doubled_braces():
    assert placeholders("{b} and {{literal}} and {a}") == ["a", "b"]


def test_english_is_the_identity():
    tr = Translator(i18n.ENGLISH, {"US": "美国"})
    assert tr("US") == "US" and tr("Owner: {owner}", owner="Epoch AI") == "Owner: Epoch AI"
    assert not tr.asked


def test_translation_puts_the_same_numbers_back_in_the_translators_order():
    tr = Translator("zh_CN", {"China released {0} models by the end of {1}": "截至{1}年底，中国发布了{0}个模型"})
    assert tr("China released 23 models by the end of 2024") == "截至2024年底，中国发布了23个模型"
    assert list(tr.asked) == ["China released {0} models by the end of {1}"] and not tr.missing


def test_named_fields_fill_after_translation():
    tr = Translator("zh_CN", {"Owner: {owner}": "所有者：{owner}"})
    assert tr("Owner: {owner}", owner="Epoch AI") == "所有者：Epoch AI"


def test_missing_translation_shows_english_and_is_listed():
    tr = Translator("zh_CN", {})
    assert tr("Widening gap since 2022") == "Widening gap since 2022"
    assert list(tr.missing) == ["Widening gap since {0}"]


def test_texts_without_words_are_not_asked():
    tr = Translator("zh_CN", {})
    assert tr("4.3 [3.2–5.7]") == "4.3 [3.2–5.7]" and tr("2026-12-01") == "2026-12-01"
    assert not tr.asked


def test_a_translation_that_loses_a_number_is_refused():
    tr = Translator("zh_CN", {"Rows: {0}": "行数"})
    with pytest.raises(TranslationError, match="placeholders"):
        tr("Rows: 12")


def test_fresh_translator_shares_the_catalog_not_the_record():
    tr = Translator("zh_CN", {"US": "美国"})
    tr("US")
    fresh = tr.fresh()
    assert fresh("US") == "美国" and list(fresh.asked) == ["US"] and fresh.catalog is tr.catalog


def _write_po(path, entries):
    catalog = Catalog(locale="zh_CN")
    for english, chinese, fuzzy in entries:
        catalog.add(english, chinese, flags=["fuzzy"] if fuzzy else [])
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as handle:
        write_po(handle, catalog)


def test_read_catalog_leaves_out_fuzzy_and_empty_entries(tmp_path):
    path = tmp_path / "gaplib.po"
    _write_po(path, [("US", "美国", False), ("China", "中国", True), ("plan", "", False)])
    assert i18n.read_catalog(path) == {"US": "美国"}
    assert i18n.read_catalog(tmp_path / "absent.po") == {}


def test_translator_reads_the_catalog_again_when_it_changes(tmp_path):
    path = i18n.catalog_path("zh_CN", tmp_path)
    _write_po(path, [("US", "美国", False)])
    read = []
    assert i18n.translator("zh_CN", tmp_path, on_read=read.append)("US") == "美国"
    _write_po(path, [("US", "美利坚", False)])
    import os

    os.utime(path, (1, 1))  # a different modification time, as an edit gives
    assert i18n.translator("zh_CN", tmp_path)("US") == "美利坚"
    assert read == [path]


def test_unknown_language_is_refused():
    with pytest.raises(ValueError, match="unknown language 'fr'"):
        i18n.translator("fr")


def test_every_code_catalog_entry_keeps_its_placeholders():
    """The shipped catalog: a translation that drops a number would be refused at execution."""
    catalog = i18n.read_catalog(i18n.catalog_path("zh_CN"))
    broken = {k: v for k, v in catalog.items() if placeholders(k) != placeholders(v)}
    assert not broken


def test_spaces_between_chinese_words_of_an_assembled_text_are_dropped():
    from gaplib.present.i18n import cjk_joined

    assert cjk_joined("没有陈述类论断 高估或低估 或 所引日期与记录不符。 转述类论断：6 项") == \
        "没有陈述类论断高估或低估或所引日期与记录不符。转述类论断：6 项"
    assert cjk_joined("在 26 项论断中，H100 当量") == "在 26 项论断中，H100 当量"


def test_a_placeholder_filled_with_chinese_words_keeps_no_space_but_latin_keeps_its_own():
    tr = Translator("zh_CN", {"Every value here is marked {status}": "此处所有数值标记为 {status}",
                              "{chip} is the best chip": "{chip} 是最佳芯片"})
    assert tr("Every value here is marked {status}", status="已查阅") == "此处所有数值标记为已查阅"
    assert tr("Every value here is marked {status}", status="read") == "此处所有数值标记为 read"
    assert tr("{chip} is the best chip", chip="华为昇腾 910C") == "华为昇腾 910C 是最佳芯片"
    assert Translator(i18n.ENGLISH)("Every value here is marked {status}", status="read") == \
        "Every value here is marked read"

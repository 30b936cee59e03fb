"""The Chinese catalogs' house style: numbers on the ladder, one rendering per glossary term, spacing."""

from __future__ import annotations

import re

from babel.messages.pofile import read_po

from gaplib.engine.catalog_style import catalogs, glossary_terms, restyle, space, term_drift
from gaplib.engine.translations import bad_number_forms, roles
from gaplib.present.i18n import LOCALES_DIR

GLOSSARY = LOCALES_DIR / "zh_CN" / "GLOSSARY.md"


def _entries():
    for path in catalogs("zh_CN"):
        with open(path, "rb") as handle:
            for message in read_po(handle):
                if message.id and isinstance(message.string, str) and message.string:
                    yield path.name, message.id, message.string


def test_a_glued_magnitude_becomes_a_number_form():
    styled = restyle("US $ {glue:text}`us_bn:.1f` billion", "美国为{glue:text}`us_bn:.1f` 十亿美元", [])
    assert styled == "美国为 {glue:text}`us_bn:.1f@e9`美元"
    assert restyle("{0} m tokens", "至少 {0} 百万 token", []) == "至少 {0:e6} token"
    assert roles("{glue:text}`us_bn:.1f`") == roles(styled)  # the check reads it as the English role


def test_typography():
    assert space("2024年美国为1483亿，23.5 %") == "2024 年美国为 1483 亿，23.5 %"
    assert restyle("", "23.5 %，2018-2021年，TPP = 2 x 3", []) == "23.5%，2018—2021 年，TPP = 2×3"
    assert restyle("a ratio of", "比值为{glue:text}`r:.1f`比 1。", []) == "前者约为后者的 {glue:text}`r:.1f` 倍。"
    # roles, code and link targets are not touched; no space next to full-width punctuation
    assert space("见[复现与重新运行](reproduce.md)与`gaplib 运行`（ 即 A ）") == "见[复现与重新运行](reproduce.md)与 `gaplib 运行`（即 A）"


def test_a_term_is_replaced_only_where_the_english_holds_it():
    terms = glossary_terms(GLOSSARY)
    assert restyle("Installed compute", "已安装算力", terms) == "已部署算力"
    assert restyle("the project must be installed", "须已安装本项目", terms) == "须已安装本项目"
    assert restyle("Bernstein {cite}`Bernstein2025`", "Bernstein {cite}`Bernstein2025`", terms) == \
        "伯恩斯坦 {cite}`Bernstein2025`"



def test_the_second_editors_terms_have_one_rendering():
    terms = glossary_terms(GLOSSARY)
    assert restyle("China's fleet", "中国的算力总量", terms) == "中国的算力存量"
    assert restyle("The article says", "文章称", terms) == "原文称"
    # an article of the research literature is not the article the book checks
    assert restyle("An article counts once", "一篇文章计一次", terms) == "一篇文章计一次"
    assert restyle("Jefferies analysts said", "Jefferies 分析师称", terms) == "杰富瑞分析师称"
    assert restyle("**Every defensible definition.**", "**每一种站得住的定义。**", terms) == "**每一种合理定义。**"
    assert restyle("four sets pooled", "四个情景组汇总", terms) == "四个情景组合并"


def test_verification_flags_read_as_chinese_words():
    terms = glossary_terms(GLOSSARY)
    english = 'its check (`verified`: "read", in the text; "relay", a relay; "unverified", not yet)'
    chinese = "其核对（`verified`：“read”，即已查阅：见原文；“relay”，即转述：转载；“unverified”，即未核实：尚未）"
    assert restyle(english, chinese, terms) == "其核对（核实标记：已查阅：见原文；转述：转载；未核实：尚未）"
    assert restyle("(fact F022, verified: read)", "（事实 F022，verified: read）", terms) == "（事实 F022，已查阅）"
    assert restyle("status (`read` means read)", "状态（`read` 表示读到）", terms) == "状态（`read` 表示读到）"


def test_growth_a_year_has_the_glossarys_one_form():
    growth = "美国每年增长 {glue:text}`g:.1f` 倍，上限每年增长 1.15 至 1.5 倍，性能每年增长约 {0} 倍，论文每年增长 12%"
    assert restyle("", growth, []) == ("美国每年增至原来的 {glue:text}`g:.1f` 倍，上限每年增至原来的 1.15 至 1.5 倍，"
                                      "性能每年约增至原来的 {0} 倍，论文每年增长 12%")
    assert restyle("", restyle("", growth, []), []) == restyle("", growth, [])
    assert restyle("", "每年增长 {glue:text}`lo:.0f` 至 {glue:text}`hi:.0f` 倍", []) == \
        "每年增至原来的 {glue:text}`lo:.0f` 至 {glue:text}`hi:.0f` 倍"

def test_every_glossary_term_has_one_rendering_across_the_catalogs():
    terms = glossary_terms(GLOSSARY)
    assert len(terms) >= 10
    drift = [f"{name}: {english[:60]!r}: {d}" for name, english, chinese in _entries()
             for d in term_drift(english, chinese, terms)]
    assert not drift, "run `gaplib translations style`:\n" + "\n".join(drift)


def test_the_catalogs_are_in_the_house_style_and_their_number_forms_are_known():
    terms = glossary_terms(GLOSSARY)
    unstyled = [f"{name}: {english[:60]!r}" for name, english, chinese in _entries()
                if restyle(english, chinese, terms) != chinese]
    assert not unstyled, "run `gaplib translations style`:\n" + "\n".join(unstyled)
    assert not [english for name, english, chinese in _entries() if bad_number_forms(chinese, name == "gaplib.po")]
    # 十亿 / 百万 stand only as a chart's stated unit ("单位：十亿美元"), never after a number
    assert not [english for _, english, chinese in _entries() if re.search(r"[\d}`]\s*(十亿|百万)", chinese)]
    assert not [english for _, english, chinese in _entries() if "十亿" in chinese and "单位：十亿" not in chinese]


def test_an_unknown_number_form_is_reported():
    assert bad_number_forms("{glue:text}`x:.1f@e99`美元 {0:q}", code=True) == ["e99", "q"]
    assert bad_number_forms("{glue:text}`x:.1f@e9`美元 {0:e6}", code=True) == []


def test_a_grouped_whole_number_is_a_count_on_the_ladder_or_a_measure_in_digits():
    styled = restyle("", "美国拥有 {glue:text}`us_h100e:,.0f` 个，TPP 为 {glue:text}`h100_tpp:,.0f`，"
                         "比值 {glue:text}`before_ratio_2035_p50:,.0f`，{glue:text}`votes:,d` 票", [])
    assert styled == ("美国拥有 {glue:text}`us_h100e:,.0f@count` 个，TPP 为 {glue:text}`h100_tpp:,.0f@plain`，"
                      "比值 {glue:text}`before_ratio_2035_p50:,.0f@plain`，{glue:text}`votes:,d@count` 票")
    assert restyle("", styled, []) == styled
    assert bad_number_forms(styled, code=False) == []


def test_a_typed_grouped_number_takes_the_glossarys_form_outside_english_words_and_code():
    typed = "是 4,800 阈值线，“不超过 200,000”（at or below 200,000），约 300,000 颗，估计（805,000），`n = 1,000`"
    assert restyle("", typed, []) == ("是 4800 阈值线，“不超过 20 万”（at or below 200,000），约 30 万颗，估计（80.5 万），"
                                      "`n = 1,000`")


def test_e_notation_becomes_a_power_of_ten_outside_code():
    assert restyle("", "超过 1e23 FLOP（{glue:text}`run_flop:.1e` FLOP），`min_flop = 1e23`", []) == \
        "超过 10²³ FLOP（{glue:text}`run_flop:.1e@sci` FLOP），`min_flop = 1e23`"
    assert restyle("", "{glue:text}`run_flop:.1e@sci`", []) == "{glue:text}`run_flop:.1e@sci`"


def test_terms_inside_parameter_names_and_lists_have_their_one_rendering():
    terms = glossary_terms(GLOSSARY)
    assert restyle("china_pooling_gain", "中国算力汇集增益", terms) == "中国算力合并增益"
    assert restyle("Accelerators sold, made and installed, in H100-equivalents", "已售出、已制造和已安装的加速器", terms) == \
        "已售出、已制造和已部署的加速器"


def test_an_iso_date_of_placeholders_reads_as_a_chinese_date():
    styled = restyle("Read 2025-03-31", "于 {0}-{1}-{2} 查阅（FR Doc {3}-{4}）；{6}-{7}-{8} 撤销", [])
    assert styled == "于 {0} 年 {1:month} 月 {2:day} 日查阅（FR Doc {3}-{4}）；{6} 年 {7:month} 月 {8:day} 日撤销"
    assert restyle("x", "{0}-{2}-{1}", []) == "{0}-{2}-{1}"  # not one date's three numbers in a row
    assert restyle("x", styled, []) == styled


def test_a_hyphen_range_of_glued_numbers_takes_the_glossarys_form():
    low, high = "{glue:text}`ci_low_pct:.0f`", "{glue:text}`ci_high_pct:.0f`"
    assert restyle("x", f"区间为 {low}-{high}%）", []) == f"区间为 {low}% 至 {high}%）"
    assert restyle("x", f"在 {low}-{high} 倍/年范围内", []) == f"在 {low} 至 {high} 倍/年范围内"
    rates = "{glue:text}`growth_low_per_year:.0f`-{glue:text}`growth_high_per_year:.0f` 倍/年"
    assert restyle("x", rates, []) == rates.replace("`-{", "` 至 {")  # rates a year are not years
    years = "{glue:text}`first_year:d`-{glue:text}`last_year:d` 年"
    assert restyle("x", years, []) == "{glue:text}`first_year:d`—{glue:text}`last_year:d` 年"


def test_no_translation_leaves_an_iso_date_or_a_magnitude_unit_for_the_reader():
    dates = [english for name, english, chinese in _entries()
             if re.search(r"\{\d+\}-\{\d+\}-\{\d+\}", chinese) or re.search(r"(截至|于)\s?\{\d+\}-\{\d+\}", chinese)]
    assert not dates
    # a unit cell counts on the ladder: "million H800 GPU-hours" is 万 H800 GPU 小时 (its value rescaled by code)
    units = [english for _, english, chinese in _entries()
             if re.match(r"(million|billion|thousand)\b", english) and re.match(r"\s*(百万|十亿|千)", chinese)]
    assert not units
    assert "数据：数据" not in "".join(chinese for _, _, chinese in _entries())


def test_code_in_chapter_prose_is_only_what_a_reader_types():
    from gaplib.params import CHAPTERS, PAGES

    parameters = {name for schema in (*CHAPTERS.values(), *PAGES.values()) for name in schema.model_fields}
    loose = []
    for name, english, chinese in _entries():
        if name == "gaplib.po" or name in ("reproduce.po", "sphinx.po"):
            continue
        for match in re.finditer(r"(?<![}\w])`([^`]+)`(\s?列)?", chinese):
            code, column = match.group(1), match.group(2)
            if not (column or code in parameters or re.search(r"[./ ]", code)):
                loose.append(f"{name}: {code}")
    assert not loose, "name a data table's column or value in Chinese (GLOSSARY.md rule 15)"

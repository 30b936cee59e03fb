"""The other editions' versions of charts, tables and notebooks, and the catalogs' check."""

from __future__ import annotations

import altair as alt
import pandas as pd
from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

from gaplib.engine import language_edition, translations
from gaplib.present import chart_i18n, chart_text, charts, figures, tables
from gaplib.present.i18n import TRANSLATIONS_KEY, Translator

ZH = {"US": "美国", "China": "中国", "Country": "国家", "Year": "年份", "H100-equivalents": "H100 当量",
      "article: {0}x": "文章：{0}倍", "label": "标签", "yes": "是", "Chip": "芯片", "In force": "有效",
      "Data (CSV)": "数据（CSV）", "Chart in words": "图表文字说明", "Chart {name}": "图表 {name}",
      "{title}. {description}": "{title}。{description}", "line chart": "折线图", "in {when}": "{when}",
      "The {kind} plots {y} against {x} from {x_low} to {x_high}; the values run from {y_low} to {y_high}.":
          "该{kind}的横轴为 {x}（{x_low} 至 {x_high}），纵轴为 {y}（{y_low} 至 {y_high}）。",
      "{series} rises from {first} {first_x} to {last} {last_x}": "{series} 从 {first_x} 的 {first} 升至 {last_x} 的 {last}",
      "{a}; {b}": "{a}；{b}"}


def _chart() -> alt.Chart:
    frame = pd.DataFrame({"year": [2020, 2022, 2020, 2022], "h100e": [100, 1000, 90, 200],
                          "country": ["US", "US", "China", "China"], "model": ["GPT-4", "GPT-4", "GLM-4", "GLM-4"],
                          "label": ["article: 10x"] * 4})
    return alt.Chart(frame).mark_line().encode(
        x=alt.X("year:O", title="Year"), y=alt.Y("h100e:Q", title="H100-equivalents"),
        color=charts.country_color(), tooltip=["model:N", "h100e:Q"],
        strokeDash=alt.condition(alt.datum.label == "article: 10x", alt.value([4, 3]), alt.value([1, 0])))


def test_localised_chart_translates_its_words_and_keeps_its_numbers():
    spec = _chart().to_dict()
    local = chart_i18n.localise(spec, Translator("zh_CN", ZH))
    encoding = local["encoding"]
    assert encoding["x"]["title"] == "年份" and encoding["y"]["title"] == "H100 当量"
    assert encoding["color"]["title"] == "国家" and encoding["color"]["scale"]["domain"] == ["美国", "中国"]
    assert encoding["color"]["scale"]["range"] == spec["encoding"]["color"]["scale"]["range"]  # same colours
    rows = next(iter(local["datasets"].values()))
    assert [r["country"] for r in rows] == ["美国", "美国", "中国", "中国"]
    assert [r["h100e"] for r in rows] == [100, 1000, 90, 200]
    assert {r["model"] for r in rows} == {"GPT-4", "GLM-4"}  # names only in tooltips are not translated
    assert spec["encoding"]["x"]["title"] == "Year"  # the English spec is untouched


def test_localised_condition_compares_with_the_translated_category():
    spec = alt.Chart(pd.DataFrame({"label": ["article: 10x", "other"], "v": [1, 2]})).mark_line().encode(
        x="v:Q", color=alt.Color("label:N"),
        strokeDash=alt.condition(alt.datum.label == "article: 10x", alt.value([4, 3]), alt.value([1, 0]))).to_dict()
    local = chart_i18n.localise(spec, Translator("zh_CN", ZH))
    assert "文章：10倍" in local["encoding"]["strokeDash"]["condition"]["test"]
    assert "article" not in local["encoding"]["strokeDash"]["condition"]["test"]


def test_description_in_chinese_reads_the_translated_chart():
    tr = Translator("zh_CN", ZH)
    local = chart_i18n.localise(_chart().to_dict(), tr)
    text = chart_text.describe(local, tr)
    assert text.startswith("该折线图的横轴为年份（2020 年至 2022 年），纵轴为 H100 当量（90 至 1000）。")
    assert "美国从 2020 年的 100 升至 2022 年的 1000；中国从 2020 年的 90 升至 2022 年的 200。" in text
    assert "。 " not in text
    assert chart_text.describe(_chart().to_dict()).startswith(
        "The line chart plots H100-equivalents against Year from 2020 to 2022; the values run from 90 to 1,000. "
        "The US rises from 100 in 2020 to 1,000 in 2022;")


def test_chinese_titles_wrap_between_characters():
    lines = charts.wrap_lines("美国的前沿算力是中国的十倍" * 4, 200, 8.5)
    assert len(lines) > 1 and "".join(lines) == "美国的前沿算力是中国的十倍" * 4
    assert all(len(line) * 2 <= 23 + 1 for line in lines)


def test_table_in_chinese_translates_headers_words_and_links_not_numbers():
    frame = pd.DataFrame({"chip": ["H100"], "in_force": [True], "tpp": [15832.0], "status": ["in_force"]})
    html = tables.table_html(frame, name="t.chips", labels={"chip": "Chip", "in_force": "In force", "tpp": "TPP"},
                             data_href="t.chips.csv", tr=Translator("zh_CN", ZH))
    assert "芯片" in html and "有效" in html and "是" in html and "15,832" in html and "数据（CSV）" in html
    assert "H100" in html  # a name without a catalog entry is shown as it is


def test_figure_words_in_chinese():
    page = figures.figure_html("hardware.fleet", {"mark": "line"}, title="美国领先", credit="数据：Epoch AI",
                               description="图表。", files={"SVG": "hardware.fleet.zh_CN.svg"}, tr=Translator("zh_CN", ZH))
    assert "图表 hardware.fleet" in page and "图表文字说明" in page and 'alt="美国领先。图表。"' in page


def test_edition_notebook_swaps_only_translated_outputs():
    glued_word = {"output_type": "display_data", "data": {"text/plain": "widening"},
                  "metadata": {TRANSLATIONS_KEY: {"zh_CN": {"data": {"text/plain": "扩大"}}}}}
    glued_number = {"output_type": "display_data", "data": {"text/plain": "4.3"}, "metadata": {}}
    notebook = {"cells": [{"cell_type": "code", "outputs": [glued_word, glued_number]}]}
    edition = language_edition.edition_notebook(notebook, "zh_CN")
    outputs = edition["cells"][0]["outputs"]
    assert outputs[0]["data"]["text/plain"] == "扩大" and outputs[1] == glued_number
    assert notebook["cells"][0]["outputs"][0]["data"]["text/plain"] == "widening"  # the English is untouched
    assert language_edition.edition_notebook(notebook, "en") == notebook


def test_chinese_edition_config_overlays_the_english():
    config = language_edition.edition_config("zh_CN")
    assert config["sphinx"]["config"]["language"] == "zh_CN"
    assert config["sphinx"]["config"]["html_static_path"] == ["_static"]  # kept from the English
    assert config["title"] != language_edition.edition_config("en")["title"]


def _catalog(path, entries, fuzzy=()):
    catalog = Catalog(locale="zh_CN")
    for english, chinese in entries.items():
        catalog.add(english, chinese, flags=["fuzzy"] if english in fuzzy else [])
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as handle:
        write_po(handle, catalog)


def test_check_lists_untranslated_stale_missing_and_broken_entries(tmp_path):
    pots, locales = tmp_path / "pots", tmp_path / "locales"
    _catalog(pots / "chapters" / "hardware.pot", dict.fromkeys(
        ["Hardware", "The US has {glue:text}`ratio:.1f` times", "New sentence", "Old", "Stale one"], ""))
    _catalog(locales / "zh_CN" / "LC_MESSAGES" / "chapters" / "hardware.po",
             {"Hardware": "硬件", "The US has {glue:text}`ratio:.1f` times": "美国是若干倍", "Old": "",
              "Stale one": "旧的", "Removed": "删掉"}, fuzzy=("Stale one",))
    problems = {(p.kind, p.english) for p in translations.check_catalogs(pots, "zh_CN", locales)}
    assert problems == {("markup differs", "The US has {glue:text}`ratio:.1f` times"),
                        ("missing", "New sentence"), ("untranslated", "Old"), ("stale", "Stale one"),
                        ("not in the English any more", "Removed")}


def test_a_changed_english_sentence_makes_its_translation_stale(tmp_path):
    pots, locales = tmp_path / "pots", tmp_path / "locales"
    _catalog(pots / "intro.pot", dict.fromkeys(["The gap is widening in compute."], ""))
    _catalog(locales / "zh_CN" / "LC_MESSAGES" / "intro.po", {"The gap is widening in compute.": "算力差距正在扩大。"})
    assert translations.check_catalogs(pots, "zh_CN", locales) == []
    _catalog(pots / "intro.pot", dict.fromkeys(["The gap is widening in training compute."], ""))
    translations.update_catalogs(pots, "zh_CN", locales)
    problems = translations.check_catalogs(pots, "zh_CN", locales)
    assert [(p.kind, p.english) for p in problems] == [("stale", "The gap is widening in training compute.")]


def test_code_template_holds_the_asked_patterns_in_order(tmp_path):
    notebook = tmp_path / "hardware.ipynb"
    output = {"metadata": {TRANSLATIONS_KEY: {"zh_CN": {"data": {}, "asked": ["US", "Rows: {0}"]}}}}
    notebook.write_text('{"cells": [{"cell_type": "code", "outputs": [%s, %s]}]}' % (
        __import__("json").dumps(output), __import__("json").dumps(output)))
    asked = translations.asked_patterns([notebook], "zh_CN")
    assert list(asked) == ["US", "Rows: {0}"]
    pot = translations.write_code_template(asked, tmp_path / "pots")
    text = pot.read_text()
    assert 'msgid "Rows: {0}"' in text and "python-brace-format" in text


def test_an_untitled_layer_does_not_add_its_field_name_to_a_titled_axis():
    base = alt.Chart(pd.DataFrame({"year": [2020, 2021], "v": [1, 2], "low": [0, 1]}))
    spec = alt.layer(base.mark_line().encode(x=alt.X("year:O", title="Year"), y="v:Q"),
                     base.mark_area().encode(x="year:O", y="low:Q", tooltip=["low:Q"])).to_dict()
    layers = chart_i18n.localise(spec, Translator("zh_CN", ZH))["layer"]
    assert layers[0]["encoding"]["x"]["title"] == "年份" and "title" not in layers[1]["encoding"]["x"]
    assert layers[1]["encoding"]["y"]["title"] == "low"  # no layer titles y: the field's name, as asked
    assert layers[1]["encoding"]["tooltip"][0]["title"] == "low"


def test_ledger_and_findings_in_chinese_keep_ids_and_numbers():
    from gaplib.present import claims_render

    ledger = pd.DataFrame([{"claim_id": "C01", "claim": "US", "attributed_to": "China", "claimed": "about 20 percent",
                            "evidence": "11.4 [6.0, 98]", "proxy": None, "evidence_verdict": None, "verdict": "yes",
                            "chapter": "hardware", "link": "chapters/hardware.html"}])
    tr = Translator("zh_CN", {**ZH, "about {0} percent": "约 {0}%"})
    page = claims_render.ledger_html(ledger, tr)
    assert "<b>C01</b> 美国" in page and "中国" in page and "约 20%" in page and "11.4 [6.0, 98]" in page
    assert "<th>Claim</th>" in claims_render.ledger_html(ledger)  # English unchanged
    assert "是" in claims_render.findings_html(ledger, {}, tr)


def test_check_refuses_unbalanced_braces_and_added_markup(tmp_path):
    pots, locales = tmp_path / "pots", tmp_path / "locales"
    code = translations.CODE_DOMAIN
    english = {"Since {0}": "", "Since {0} in total": "", "Group <b>{name}</b>": "", "Plain words": "",
               "A [link](https://e.org) here": ""}
    _catalog(pots / f"{code}.pot", english)
    _catalog(locales / "zh_CN" / "LC_MESSAGES" / f"{code}.po",
             {"Since {0}": "自{0}年以来{", "Since {0} in total": "自{0}年以来}共计",
              "Group <b>{name}</b>": "<b>{name}</b>组", "Plain words": "<img src=x onerror=alert(1)>普通",
              "A [link](https://e.org) here": "这里 ![x](https://evil.example/p.png) [链接](https://e.org)"})
    problems = {(p.kind, p.english) for p in translations.check_catalogs(pots, "zh_CN", locales)}
    assert problems == {("braces unbalanced", "Since {0}"), ("braces unbalanced", "Since {0} in total"),
                        ("markup added", "Plain words"), ("markup added", "A [link](https://e.org) here")}


def test_added_markup_counts_each_piece():
    assert translations.added_markup("<b>x</b>", "<b>x</b><b>y</b>") == ["<b>", "</b>"]
    assert translations.added_markup("a <br> b", "甲<br>乙") == []
    assert translations.format_broken("{0}年{") and not translations.format_broken("{{字}} {0:.1f}")


def test_a_translated_links_words_may_change_but_not_its_target():
    assert translations.added_markup("See [Data](sources)", "见[数据与来源](sources)") == []
    assert translations.added_markup("See [Data](sources)", "见[数据](https://evil.example)") == ["[](https://evil.example)"]
    assert translations.added_markup("See [Data](sources)", "见![数据](sources)") == ["![](sources)"]

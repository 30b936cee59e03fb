"""A Chinese chart's tick labels in the edition's number form: "~s" ticks on the 万 ladder, a log axis in 10¹⁶."""

import re

import vl_convert as vlc

from gaplib.present.chart_i18n import ladder_label_expr, localise
from gaplib.present.i18n import Translator

ZH = Translator("zh_CN", {})


def _ticks(spec, tr=ZH) -> list[str]:
    svg = vlc.vegalite_to_svg(localise(spec, tr))
    return re.findall(r"<text[^>]*>([^<]*)</text>", svg)


def _spec(values, y):
    return {"data": {"values": [{"x": i, "v": v} for i, v in enumerate(values)]}, "mark": "point",
            "encoding": {"x": {"field": "x", "type": "quantitative", "title": "X"},
                         "y": {"field": "v", "type": "quantitative", "title": "Y", **y}}}


def test_si_ticks_read_in_wan_in_chinese_and_stay_si_in_english():
    spec = _spec([0, 110_000], {"axis": {"format": "~s"}})
    ticks = _ticks(spec)
    assert "11 万" in ticks and "5 万" in ticks and "0" in ticks
    assert not any(t.endswith("k") for t in ticks)
    english = _ticks(spec, Translator("en"))
    assert "110k" in english and not any("万" in t for t in english)
    assert ladder_label_expr("en") is None


def test_a_log_axis_of_large_values_reads_in_powers_of_ten_in_chinese():
    ticks = _ticks(_spec([1e14, 3e18], {"scale": {"type": "log"}}))
    assert {"10¹⁴", "10¹⁶", "10¹⁸", "2×10¹⁶"} <= set(ticks)
    assert not any("e+" in t for t in ticks)


def test_an_axis_with_its_own_labels_is_left_alone():
    own = {"scale": {"type": "log"}, "axis": {"labelExpr": "datum.label + '!'"}}
    assert localise(_spec([1e14, 3e18], own), ZH)["encoding"]["y"]["axis"] == {"labelExpr": "datum.label + '!'"}


def test_a_rescaled_log_axis_labels_the_ticks_english_labels_in_the_new_unit():
    title = "H100-equivalents bought (thousands, log)"
    spec = _spec([1_000, 200_000], {"scale": {"type": "log"}, "title": title})
    tr = Translator("zh_CN", {title: "购得的 H100 当量（单位：万个，对数坐标）"})
    english, chinese = _ticks(spec, Translator("en")), _ticks(spec, tr)
    english_y, chinese_y = english[english.index("X") + 1:-1], chinese[chinese.index("X") + 1:-1]
    assert [float(t.replace(",", "")) / 10 for t in english_y] == [float(t) for t in chinese_y]
    assert "1000" in chinese_y  # 10,000 thousand = 1000 万

"""A Chinese chart picture is drawn with Chinese glyphs, or refused naming the fix; never a picture of boxes."""

from __future__ import annotations

import json

import pytest

from gaplib.engine.fonts import uncovered
from gaplib.engine.pictures import PictureError, draw
from gaplib.present import charts


def _spec(tmp_path, name: str, title: str, language: str = "zh_CN"):
    chart = {"$schema": "https://vega.github.io/schema/vega-lite/v5.json", "title": title, "width": 200,
             "height": 60, "data": {"values": [{"x": "2025-10-01", "y": 1}, {"x": "2026-04-01", "y": 2}]},
             "mark": "line", "encoding": {"x": {"field": "x", "type": "temporal", "title": "时间"},
                                          "y": {"field": "y", "type": "quantitative", "title": "算力"}}}
    spec = tmp_path / f"chapter.{name}.{language}.vl.json"
    spec.write_text(json.dumps(charts.in_language(chart, language), ensure_ascii=False), encoding="utf-8")
    return spec


def test_a_chinese_chart_is_drawn_with_chinese_glyphs(tmp_path):
    assert uncovered(["中美人工智能差距", "出口管制"]) == ""
    # Two titles that differ only in their Chinese characters: drawn as empty boxes (tofu) they
    # would give the same picture; drawn with a CJK font they differ.
    _, chinese_png = draw(_spec(tmp_path, "a", "中美人工智能差距"))
    _, other_png = draw(_spec(tmp_path, "b", "出口管制许可证书"))
    assert chinese_png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert chinese_png.read_bytes() != other_png.read_bytes()


def test_a_chinese_time_axis_names_no_english_month(tmp_path):
    svg, _ = draw(_spec(tmp_path, "t", "时间轴"))
    text = svg.read_text(encoding="utf-8")
    assert "月" in text or "年" in text
    assert not any(month in text for month in ("October", "April", "January", "July"))


def test_a_picture_no_font_can_draw_is_refused_in_one_line_naming_the_fix(tmp_path):
    spec = _spec(tmp_path, "c", "中文 \U0010fffd")
    with pytest.raises(PictureError, match="fonts-noto-cjk") as refused:
        draw(spec)
    message = str(refused.value)
    assert "\n" not in message and "fonts-noto-cjk" in message and "chapter.c.zh_CN.vl.json" in message
    assert not spec.with_name("chapter.c.zh_CN.png").exists()


def test_chinese_charts_name_a_cjk_font_and_keep_latin_words_whole():
    spec = charts.in_language({"config": {"font": charts.FONT}}, "zh_CN")
    assert spec["config"]["font"].startswith("Noto Sans CJK SC")
    assert spec["config"]["locale"]["time"]["shortMonths"][9] == "10月"
    assert charts.in_language({}, "en") == {"config": {}}
    lines = charts.wrap_lines("数据来源：乔治城大学安全与新兴技术中心（CSET）的国家活动追踪器 Country Activity Tracker", 200, 6)
    assert all("CSET" in line or "CS" not in line for line in lines)
    assert "".join(lines).replace(" ", "") == "数据来源：乔治城大学安全与新兴技术中心（CSET）的国家活动追踪器CountryActivityTracker"

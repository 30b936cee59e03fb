"""Spaces between two Chinese characters are removed from a Chinese page's blocks, across inline borders."""

from __future__ import annotations

from types import SimpleNamespace

from docutils import nodes

from gaplib.engine.cjk_spacing import join_block, join_chinese_text


def _paragraph(*parts) -> nodes.paragraph:
    para = nodes.paragraph()
    for part in parts:
        para += part if isinstance(part, nodes.Node) else nodes.Text(part)
    return para


def _glued(text: str) -> nodes.inline:
    return nodes.inline("", text, classes=["pasted-text"])


def test_a_glued_chinese_phrase_loses_the_spaces_beside_it_and_a_number_keeps_them():
    para = _paragraph("所有数值标记为 ", _glued("已查阅"), " ，其中 ", _glued("12"), " 项为转述。")
    assert join_block(para) == 2
    assert para.astext() == "所有数值标记为已查阅，其中 12 项为转述。"


def test_spaces_inside_one_text_and_beside_latin_words_are_handled_as_the_glossary_says():
    para = _paragraph("增速 慢于 美国，H100 当量为 ", _glued("17.8"), " 万")
    join_block(para)
    assert para.astext() == "增速慢于美国，H100 当量为 17.8 万"


def test_code_is_left_as_written():
    para = _paragraph("运行 ", nodes.literal("", "gaplib run 章节 名"), " 即可")
    join_block(para)
    assert para.astext() == "运行 gaplib run 章节 名 即可"  # the borders touch code, not two Chinese texts


def test_only_chinese_editions_are_changed():
    doc = nodes.document(None, None)
    doc += _paragraph("中国 美国")
    join_chinese_text(SimpleNamespace(config=SimpleNamespace(language="en")), doc, "intro")
    assert doc.astext() == "中国 美国"
    join_chinese_text(SimpleNamespace(config=SimpleNamespace(language="zh_CN")), doc, "intro")
    assert doc.astext() == "中国美国"

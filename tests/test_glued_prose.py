"""A glued sentence is marked to read in the paragraph's weight; a glued number or word keeps its bold."""

from __future__ import annotations

import pytest
from docutils import nodes
from docutils.utils import new_document

from gaplib.engine.glued_prose import PROSE_CLASS, is_sentence, mark_glued_prose


@pytest.mark.parametrize("text", [
    "The statements are graded by the book's evidence: 8 are consistent with it, 1 meets mixed evidence.",
    "It depends on the measure: the US position is improving in installed AI compute.",
    "陈述类论断依据本书的证据评定：8 项与证据一致。",
])
def test_sentences_are_prose(text):
    assert is_sentence(text)


@pytest.mark.parametrize("text", ["11.4", "1,000.", "widening", "2022-08-26", "2022 年 8 月 26 日", "3.5x", "U.S.", "已查阅"])
def test_numbers_words_and_dates_are_not(text):
    assert not is_sentence(text)


def test_only_the_glued_sentence_gets_the_class():
    document = new_document("test")
    paragraph = nodes.paragraph()
    sentence = nodes.inline("", "No statement overstates the quantity the book measures.", classes=["pasted-text"])
    number = nodes.inline("", "11.4", classes=["pasted-text"])
    other = nodes.inline("", "Not glued, but a sentence all the same.", classes=["other"])
    paragraph += [sentence, number, other]
    document += paragraph
    mark_glued_prose(None, document, "page")
    assert PROSE_CLASS in sentence["classes"]
    assert PROSE_CLASS not in number["classes"] and PROSE_CLASS not in other["classes"]

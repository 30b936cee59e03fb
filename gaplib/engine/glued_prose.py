"""Glued sentences read in the paragraph's own weight; glued numbers and words keep the emphasis.

myst-nb sets every glued text in bold (``span.pasted-text``), which suits a number or a verdict
word in a sentence ("**widening**") but turns a glued sentence or paragraph (the verdict counts
of the claims ledger, the intro's verdict, the strategy chapter's composed sentences) into a
bold paragraph. This extension marks a glued text that is a whole sentence with the class
``gap-glued-prose``, which the house style (``_static/gaplib.css``) sets in the normal weight.
"""

from __future__ import annotations

import re

from docutils import nodes

PROSE_CLASS = "gap-glued-prose"
#: A sentence ends in a full stop, question or exclamation mark (Latin or full-width) at the end of the text.
_SENTENCE_END = re.compile(r"[^\d\s][.!?。！？]\)?\s*$")


def is_sentence(text: str) -> bool:
    """Return True when ``text`` reads as a sentence (words ending in a full stop), not a number or a word."""
    return bool(_SENTENCE_END.search(text)) and len(text.split()) + sum(ch > "\u2e7f" for ch in text) >= 4


def mark_glued_prose(app, doctree: nodes.document, docname: str) -> None:
    """Give every glued sentence of ``doctree`` the class :data:`PROSE_CLASS`."""
    for node in doctree.findall(nodes.inline):
        if "pasted-text" in node["classes"] and is_sentence(node.astext()):
            node["classes"].append(PROSE_CLASS)


def setup(app):
    # doctree-resolved comes after the post-transforms that paste glued values in.
    app.connect("doctree-resolved", mark_glued_prose)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

"""No space between two Chinese characters on a Chinese page, wherever the text came from.

The catalogs keep a space on each side of a role or placeholder next to Chinese text, as the
glossary asks for Latin words and digits ("共 {glue} 项"). When the role is filled with
Chinese words ("标记为 已查阅"), or a sentence ends next to a glued Chinese phrase, those
spaces stand between two Chinese characters, where Chinese has none. This extension removes
them from each paragraph-like block after glued values are in place, across the borders of
the inline nodes the block is made of; code and literal text are left as written.
"""

from __future__ import annotations

import re

from docutils import nodes

from gaplib.present.i18n import cjk_joined

_CJK = "\u3400-\u4dbf\u4e00-\u9fff，。：；！？（）“”‘’、《》【】—…∶"
_ENDS_CJK_THEN_SPACE = re.compile(f"(?<=[{_CJK}]) +$")
_SPACE_THEN_CJK = re.compile(f"^ +(?=[{_CJK}])")
_STARTS_CJK = re.compile(f"^[{_CJK}]")
_ENDS_CJK = re.compile(f"[{_CJK}]$")
_VERBATIM = (nodes.literal, nodes.literal_block, nodes.raw, nodes.math, nodes.math_block, nodes.comment)


def _verbatim(node: nodes.Node) -> bool:
    while node is not None:
        if isinstance(node, _VERBATIM):
            return True
        node = node.parent
    return False


def join_block(block: nodes.Element) -> int:
    """Remove the spaces between two CJK characters in ``block``'s texts and at their borders; return how many texts changed."""
    texts = list(block.findall(nodes.Text))
    editable = [not _verbatim(text.parent) for text in texts]
    new = [cjk_joined(str(text)) if ok else str(text) for text, ok in zip(texts, editable)]
    for i in range(len(new) - 1):  # a code text is a neighbour too: beside it, nothing is joined
        both = editable[i] and editable[i + 1]
        if (both and new[i + 1] and _STARTS_CJK.match(new[i + 1].lstrip(" "))
                and _ENDS_CJK_THEN_SPACE.search(new[i])):
            new[i] = _ENDS_CJK_THEN_SPACE.sub("", new[i])
        if both and new[i] and _ENDS_CJK.search(new[i]) and _SPACE_THEN_CJK.match(new[i + 1]):
            new[i + 1] = _SPACE_THEN_CJK.sub("", new[i + 1])
    changed = 0
    for text, value in zip(texts, new):
        if value != str(text):
            text.parent.replace(text, nodes.Text(value))
            changed += 1
    return changed


def _outermost_blocks(doctree: nodes.Node) -> list[nodes.Element]:
    return [node for node in doctree.findall(nodes.TextElement)
            if not isinstance(node.parent, nodes.TextElement) and not _verbatim(node)]


def join_chinese_text(app, doctree: nodes.document, docname: str) -> None:
    """On a Chinese edition, remove the spaces between Chinese characters of every block of ``doctree``."""
    if not (app.config.language or "").startswith("zh"):
        return
    for block in _outermost_blocks(doctree):
        join_block(block)


def setup(app):
    # doctree-resolved comes after the post-transforms that paste glued values into translated paragraphs.
    app.connect("doctree-resolved", join_chinese_text)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

"""Texts shared by the pages the engine writes (what changed, a variant against the book), in any language.

Each function takes a translator (:mod:`gaplib.present.i18n`) and asks it only for patterns whose
varying parts are numbers or fields, so the set of patterns a page asks stays the same
from build to build.
"""

from __future__ import annotations

from collections.abc import Sequence
from gaplib.engine.changes import ChapterChanges
from gaplib.present.i18n import Translator


def chapter_heading(chapter: str, tr: Translator) -> str:
    """Return the heading of a chapter's section: its name capitalised, in ``tr``'s language."""
    return tr(chapter.capitalize())


def moved_summary(changes: Sequence[ChapterChanges], tr: Translator) -> str:
    """Return the bold line "N numbers moved in M chapters." in ``tr``'s language.

    The English sentence is chosen by number (one or more) and then looked up with its
    numbers as placeholders, so a language without plurals translates each form once.
    """
    total, chapters = sum(len(c.moved) for c in changes), len(changes)
    sentence = (f"{total} number{'s' if total != 1 else ''} moved in {chapters} "
                f"chapter{'s' if chapters != 1 else ''}.")
    return f"**{tr(sentence)}**"


def nothing_moved(tr: Translator, against: str) -> str:
    """Return the bold "Nothing moved." line, followed by ``against`` (already translated)."""
    return f"**{tr('Nothing moved.')}** {against}"

"""Whether the fonts installed can draw a chart's characters: a Chinese picture without a CJK font is all boxes.

vl-convert draws with the system's fonts (fontconfig's directories); a character no installed
font covers comes out as an empty box (tofu). The picture step asks fontconfig (``fc-list``)
before drawing and refuses, naming the fix, rather than publish a picture of boxes.
"""

from __future__ import annotations

import functools
import shutil
import subprocess
from collections.abc import Iterable

#: The fix named when a font is missing: Debian's package, as `make book` installs it.
FONT_FIX = ("install a CJK font (Debian/Ubuntu: apt-get install fonts-noto-cjk; `make book` does it when it may) "
            "or build the English edition alone (gaplib build --lang en)")


def strings(node) -> Iterable[str]:
    """Yield every string in a JSON-like ``node`` (a chart spec's words, data included)."""
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from strings(value)
    elif isinstance(node, list):
        for item in node:
            yield from strings(item)


def _one_font_covers(chars: Iterable[str]) -> bool:
    """Return whether one installed font covers all ``chars`` (False without fontconfig)."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return False
    charset = " ".join(f"{ord(c):x}" for c in sorted(chars))
    out = subprocess.run([fc_list, f":charset={charset}", "family"], capture_output=True, text=True,
                         timeout=60, check=False).stdout
    return bool(out.strip())


@functools.cache
def _covered_char(char: str) -> bool:
    return _one_font_covers(char)


def _covered(chars: frozenset[str]) -> frozenset[str]:
    # One question for the whole set (a CJK font covers a chart's Chinese and its Latin); character by
    # character only when no single font does, to name what is missing.
    if not chars or _one_font_covers(chars):
        return chars
    return frozenset(c for c in chars if _covered_char(c))


def uncovered(texts: Iterable[str]) -> str:
    """Return the characters of ``texts`` beyond ASCII that no installed font covers, sorted ("" when all are)."""
    wanted = frozenset(c for text in texts for c in text if ord(c) > 0x7F and not c.isspace())
    return "".join(sorted(wanted - _covered(wanted)))

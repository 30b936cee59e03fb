"""What a rendered site's pages get before they are served, so that a phone paints them sooner."""

from __future__ import annotations

from pathlib import Path

from gaplib.engine.compress import precompress
from gaplib.engine.icon_fonts import trim_icons
from gaplib.engine.inline_options import inline_options
from gaplib.engine.merge_css import merge_stylesheets


def finish_html(site: Path) -> None:
    """Cut the icon fonts of ``site`` and their rules to the icons it shows, give each page one merged stylesheet
    and Sphinx's options script inline, then write the compressed copies of the site's large text files
    (gaplib.engine.icon_fonts, merge_css, inline_options, compress)."""
    trim_icons(site)  # first: the merged stylesheets are named by what they hold
    merge_stylesheets(site)
    inline_options(site)
    precompress(site)

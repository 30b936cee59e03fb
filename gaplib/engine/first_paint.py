"""What a rendered site's pages get before they are served, so that a phone paints them sooner."""

from __future__ import annotations

from pathlib import Path

from gaplib.engine.compress import precompress
from gaplib.engine.inline_options import inline_options
from gaplib.engine.merge_css import merge_stylesheets


def finish_html(site: Path) -> None:
    """Give each page of ``site`` one merged stylesheet and Sphinx's options script inline, then write the
    compressed copies of the site's large text files (gaplib.engine.merge_css, inline_options, compress)."""
    merge_stylesheets(site)
    inline_options(site)
    precompress(site)

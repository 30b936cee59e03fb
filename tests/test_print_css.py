"""The print stylesheet is registered, staged with the book and holds only print rules."""

from __future__ import annotations

import re

import yaml

from gaplib.engine.book import STATIC_DIR
from gaplib.engine.cache import PROJECT_DIR

PRINT_CSS = STATIC_DIR / "print.css"


def css_without_comments() -> str:
    return re.sub(r"/\*.*?\*/", "", PRINT_CSS.read_text(), flags=re.S).strip()


def test_print_stylesheet_is_registered_after_the_house_style():
    config = yaml.safe_load((PROJECT_DIR / "_config.yml").read_text())
    css_files = config["sphinx"]["config"]["html_css_files"]
    assert "print.css" in css_files
    assert css_files.index("print.css") > css_files.index("gaplib.css"), "print rules override the house style"
    assert config["sphinx"]["config"]["html_static_path"] == ["_static"], "staged with the book's _static folder"
    assert PRINT_CSS.is_file()


def test_every_print_rule_applies_to_print_only():
    css = css_without_comments()
    assert css.startswith("@media print {") and css.endswith("}")
    depth = 0
    for n, char in enumerate(css):
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth == 0 and char == "}":
            assert n == len(css) - 1, f"a rule outside @media print: {css[n + 1:n + 80]!r}"
    assert depth == 0, "unbalanced braces"


def test_print_rules_cover_page_starts_controls_figures_and_tables():
    css = css_without_comments()
    for selector in (
        'span[id^="document-"] + section',  # every page of the book starts a sheet
        "details.above-input",  # "Show code cell source"
        ".vega-embed details", ".vega-actions",  # the charts' "..." menu
        ".gap-figure-links", ".gap-credit",  # a figure's download links go, its credit stays
        ".gap-figure-text",  # and its "Chart in words" control
        ".gap-figure", ".gap-chart", "figcaption", ".gap-table", ".gap-table-scroll",
        ".prev-next-area", ".bd-sidebar-primary", "#searchbox",
    ):
        assert selector in css, selector
    assert re.search(r"@page\s*{[^}]*size:\s*A4", css)
    assert "break-before: page" in css and "break-after: avoid" in css and "break-inside: avoid" in css

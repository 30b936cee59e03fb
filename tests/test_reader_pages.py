"""Every built page as a reader gets it, at desktop and phone width, with the network blocked.

For each page at 1280 px and 390 px: every chart shown at once as its picture and drawn
interactive once scrolled to; no sideways scrolling of the page; every chart with a text
alternative that carries a number, and no chart box marked as an image (its controls must
stay reachable); no critical or serious accessibility violation found by axe-core; every chart's data
file on the site, with the columns the chart draws; its PNG and SVG non-empty; no
output table with an index column, NaN or an internal (snake_case) header; no console
error but the known harmless ones.
"""

from __future__ import annotations

import csv
import io
import re

import pytest

from gaplib.engine.local_site import serve
from gaplib.params import CHAPTERS
from gaplib.params import PAGES as SUMMARY_PAGES
from gaplib.present import tables
from gaplib.present.chart_text import encoded_fields, views
from gaplib.present.i18n import translator
from reader import Reader, spec_of

pytestmark = pytest.mark.slow

ENGLISH_PAGES = [*(f"chapters/{chapter}.html" for chapter in CHAPTERS), *(f"{page}.html" for page in SUMMARY_PAGES),
                 "sources.html", "changes.html", "reproduce.html", "bibliography.html"]
# The Chinese edition: the same pages under zh_CN/, read the same way.
PAGES = [*ENGLISH_PAGES, *(f"zh_CN/{page}" for page in ENGLISH_PAGES)]
CHINESE = re.compile(r"[\u4e00-\u9fff]")
WIDTHS = (1280, 390)
# Console messages that do not affect what a reader sees. A new one must be understood and
# listed here, with the reason, before it is accepted.
HARMLESS_CONSOLE_ERRORS = (
    # The theme reads the reader's light/dark choice from local storage, empty on a first visit.
    "Got invalid theme mode: . Resetting to auto.",
)

# Charts whose labels must read whole at every width (the book's headline chart and the choice
# rows of every specification curve): a label that does not fit is broken into lines, never cut.
WHOLE_LABEL_CHARTS = ("intro.gap_ratios", "hardware.compute_ratio_spec_curve", "algorithms.frontier_lag_spec_curve",
                      "algorithms.eci_lag_spec_curve", "algorithms.arena_gap_spec_curve",
                      "algorithms.open_weights_spec_curve", "algorithms.model_counts_spec_curve",
                      "funding.capex_ratio_spec_curve", "geopolitics.best_chip_spec_curve",
                      "geopolitics.export_control_timeline")

# axe rules of moderate or minor impact that a page may still break, each with the reason.
ACCEPTED_MODERATE_VIOLATIONS = {
    # The theme's left sidebar (the table of contents) sits outside its landmark elements;
    # the theme's template, not the book, would have to change.
    "region": "the theme's sidebar markup",
}


@pytest.fixture(scope="module")
def reader(built_book):
    _, site = built_book
    with serve(site) as url:
        session = Reader(url)
        try:
            yield session
        finally:
            session.close()


@pytest.fixture(scope="module")
def visits(reader):
    cache = {}

    def visit(page, width):
        if (page, width) not in cache:
            cache[page, width] = reader.visit(page, width)
        return cache[page, width]

    return visit


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("page", PAGES)
def test_page_reads_well_offline(page, width, visits):
    visit = visits(page, width)
    assert visit.blocked == [], f"{page} asked for other hosts: {visit.blocked}"
    assert visit.page_width <= visit.window_width, f"{page} at {width}px scrolls sideways ({visit.page_width}px)"
    base = page.removeprefix("zh_CN/")
    if base.startswith("chapters/") or base in ("intro.html", "sensitivity.html"):
        assert visit.charts >= 1, f"{page} has no chart"
    for figure in visit.figures:
        assert figure["picture"], f"{page}: chart {figure['id']} showed no picture"
        assert figure["drawn"] == 1, f"{page}: chart {figure['id']} was not drawn"
        assert figure["role"] != "img", f"{page}: chart {figure['id']}'s box is an image, hiding its controls"
        assert re.search(r"\d", figure["label"]), \
            f"{page}: chart {figure['id']} has no text alternative with a number: {figure['label']!r}"
        if page.startswith("zh_CN/"):
            assert CHINESE.search(figure["label"]), f"{page}: chart {figure['id']}'s text alternative is not in Chinese"
        if figure["id"] in WHOLE_LABEL_CHARTS:
            assert figure["cutLabels"] == [], f"{page} at {width}px: chart {figure['id']} cuts {figure['cutLabels']}"
    errors = [e for e in visit.console_errors if not any(known in e for known in HARMLESS_CONSOLE_ERRORS)]
    assert errors == [], f"{page} at {width}px logged console errors: {errors}"
    grave = [v for v in visit.violations if v["impact"] in ("critical", "serious")]
    assert grave == [], f"{page} at {width}px: accessibility violations {grave}"
    unlisted = {v["id"] for v in visit.violations} - set(ACCEPTED_MODERATE_VIOLATIONS)
    assert not unlisted, f"{page} at {width}px: axe found {sorted(unlisted)}; fix them or list them with a reason"


@pytest.mark.parametrize("page", PAGES)
def test_every_chart_links_its_data_and_pictures(page, visits):
    visit = visits(page, 1280)
    tr = translator("zh_CN" if page.startswith("zh_CN/") else "en")
    for figure in visit.figures:
        links = figure["links"]
        names = {"Data (CSV)", "About the data", "PNG", "SVG"}
        assert set(links) == {tr(name) for name in names}, f"{figure['id']}: {links}"
        links = {name: links[tr(name)] for name in names}
        if page.startswith("zh_CN/"):  # the pictures with the Chinese words
            assert links["PNG"].endswith(".zh_CN.png") and links["SVG"].endswith(".zh_CN.svg"), links
        status, _, body = visit.files[links["Data (CSV)"]]
        assert status == 200, f"{figure['id']}: data link {links['Data (CSV)']} answered {status}"
        header = next(csv.reader(io.StringIO(body.decode())))
        spec = spec_of(figure)
        drawn_fields = {f for view, _ in views(spec) for f in encoded_fields(view)}
        in_data = {f for rows in spec.get("datasets", {}).values() for row in rows[:1] for f in row}
        assert set(header) - {"part"} <= drawn_fields, f"{figure['id']}: CSV columns the chart does not draw"
        assert drawn_fields & in_data <= set(header), f"{figure['id']}: drawn fields missing from the CSV"
        png, svg = visit.files[links["PNG"]], visit.files[links["SVG"]]
        assert png[0] == 200 and png[2].startswith(b"\x89PNG"), f"{figure['id']}: PNG export"
        assert svg[0] == 200 and svg[2].lstrip().startswith(b"<svg"), f"{figure['id']}: SVG export"


@pytest.mark.parametrize("page", PAGES)
def test_tables_have_no_index_nan_or_internal_headers(page, visits):
    for table in visits(page, 1280).tables:
        assert table["boxed"], f"{page}: a table outside the house table box: {table['headers']}"
        assert table["indexCells"] == 0, f"{page}: a table with an index column"
        assert not [h for h in table["headers"] if tables.is_snake_case(h)], f"{page}: headers {table['headers']}"
        assert not [c for c in table["cells"] if c in ("NaN", "nan", "None", "NaT", "<NA>")], f"{page}: empty cells"


def test_the_checks_catch_an_overflowing_page_an_undrawn_chart_and_a_bad_table(tmp_path, reader):
    """The checks above can fail: a page that is too wide, with a chart that never draws or cuts a label, is caught."""
    (tmp_path / "bad.html").write_text(
        '<html><body><div style="width:2000px">wide</div>'
        '<figure class="gap-figure" id="f"><div class="gap-chart" role="img" aria-label="no number"></div>'
        '<span class="gap-figure-links"></span><script class="gap-chart-spec" type="application/json">{}</script>'
        '</figure><figure class="gap-figure" id="g"><div class="gap-chart"><svg class="marks"><text>Best chip: H100'
        ' vs Chi&#8230;</text></svg> could not be drawn</div><span class="gap-figure-links"></span>'
        '<script class="gap-chart-spec" type="application/json">{}</script></figure>'
        '<div class="cell_output"><table><thead><tr><th>us_ci_low</th></tr></thead>'
        '<tbody><tr><th>0</th><td>NaN</td></tr></tbody></table></div>'
        '<script>document.querySelector(".gap-chart").textContent = "could not be drawn";'
        'console.error("boom")</script></body></html>')
    with serve(tmp_path) as url:
        visit = reader.visit("bad.html", 390, base_url=url)
    assert visit.page_width > visit.window_width
    assert visit.figures[0]["drawn"] == 0 and not visit.figures[0]["picture"]
    assert visit.figures[0]["role"] == "img" and not re.search(r"\d", visit.figures[0]["label"])
    assert visit.figures[1]["cutLabels"] == ["Best chip: H100 vs Chi\u2026"]
    assert {v["id"] for v in visit.violations} >= {"html-has-lang"}
    assert visit.tables == [{"boxed": False, "headers": ["us_ci_low"], "indexCells": 1, "cells": ["NaN"]}]
    assert visit.console_errors == ["boom"]

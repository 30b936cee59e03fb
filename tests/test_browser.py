"""Built pages draw every chart in a browser with the network blocked."""

from __future__ import annotations

import re

import pytest

from browser import load, serve
from gaplib.params import CHAPTERS
from gaplib.params import PAGES as SUMMARY_PAGES

pytestmark = pytest.mark.slow

PAGES = [*(f"chapters/{chapter}.html" for chapter in CHAPTERS), *(f"{page}.html" for page in SUMMARY_PAGES),
         "sources.html"]


def charts_in(html: str) -> int:
    """Number of altair charts a built page embeds."""
    return len(set(re.findall(r'id="(altair-viz-[0-9a-f]+)"', html)))


@pytest.fixture(scope="module")
def site_url(built_book):
    _, site = built_book
    with serve(site) as url:
        yield url


@pytest.mark.parametrize("page", PAGES)
def test_page_draws_all_charts_offline(page, built_book, site_url):
    _, site = built_book
    expected = charts_in((site / page).read_text())
    if page.startswith("chapters/") or page == "sensitivity.html":
        assert expected >= 1, f"{page} embeds no chart"
    loaded = load(f"{site_url}/{page}")
    assert loaded.page_requests, "the page's own requests were not observed"
    assert loaded.external_requests == [], f"{page} requested external hosts"
    assert loaded.drawn_charts == expected, f"{page}: {loaded.drawn_charts} of {expected} charts drawn"


def test_checker_catches_an_external_request_and_an_undrawn_chart(tmp_path):
    """The check above can fail: a page that loads a CDN script and draws nothing is caught."""
    (tmp_path / "index.html").write_text(
        '<html><body><div id="altair-viz-1"></div>'
        '<script src="https://cdn.example.org/vega.js"></script></body></html>'
    )
    with serve(tmp_path) as url:
        loaded = load(f"{url}/index.html")
    assert loaded.external_requests == ["https://cdn.example.org/vega.js"]
    assert loaded.drawn_charts == 0

"""The DNS-level browser check (``browser.load``) used by the variant and re-run page tests can fail.

The built book's pages themselves are checked, at two widths, in test_reader_pages.py.
"""

from __future__ import annotations

import pytest

from browser import load
from gaplib.engine.local_site import serve

pytestmark = pytest.mark.slow


def test_checker_catches_an_external_request_and_an_undrawn_chart(tmp_path):
    """A page that loads a CDN script and draws nothing is caught."""
    (tmp_path / "index.html").write_text(
        '<html><body><div class="gap-chart"></div>'
        '<script src="https://cdn.example.org/vega.js"></script></body></html>'
    )
    with serve(tmp_path) as url:
        loaded = load(f"{url}/index.html")
    assert loaded.external_requests == ["https://cdn.example.org/vega.js"]
    assert loaded.drawn_charts == 0

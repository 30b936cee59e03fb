"""A reader's visit to the built site: Playwright driving the system Chromium, every other host blocked.

``visit(page_path, width)`` returns what the reader-grade page tests check: the charts
shown as pictures at once and then drawn interactive (each scrolled to, as a reader does),
the page's width against the window's, each figure's text alternative, links and spec,
each output table's headers and cells, the console errors, the blocked requests, and the
accessibility violations axe-core finds (vendored in tests/vendor/axe-core/, MPL 2.0).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin

from browser import CHROMIUM
from gaplib.engine.pdf import CHROMIUM_BASE_FLAGS

# Chromium's own flags without --headless, which Playwright sets itself.
LAUNCH_ARGS = [flag for flag in CHROMIUM_BASE_FLAGS if flag != "--headless"]
DRAW_TIMEOUT_MS = 30_000
#: axe-core 4.10.3 from npm (axe.min.js, sha256 880970c0...8a68bb), with its licence files.
AXE_SCRIPT = Path(__file__).with_name("vendor") / "axe-core" / "axe.min.js"
# axe's default rules, with the one that compares a control's name with its visible words
# (off by default as "experimental"): the code toggles failed it.
_AXE_RUN = """async () => (await axe.run(document, {resultTypes: ['violations'],
  rules: {'label-content-name-mismatch': {enabled: true}}})).violations.map((v) => ({
    id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' '))}))"""
# Notes each chart picture as it is shown (a chart near the top may turn interactive, its
# picture removed, before the page is read).
_WATCH_PICTURES = """window.__gapPictures = {};
document.addEventListener('load', (event) => {
  const img = event.target;
  if (img.classList && img.classList.contains('gap-chart-picture') && img.naturalWidth > 0) {
    window.__gapPictures[img.closest('figure').id] = {label: img.alt, picture: true};
  }
}, true);"""
_PICTURES_SHOWN = """() => [...document.querySelectorAll('.gap-chart')].every((el) =>
  window.__gapPictures[el.closest('figure') && el.closest('figure').id] || el.textContent.includes('could not be drawn'))"""
_ALTERNATIVES = """() => Object.fromEntries([...document.querySelectorAll('figure.gap-figure')].map((fig) => {
  const img = fig.querySelector('.gap-chart img.gap-chart-picture');
  return [fig.id, window.__gapPictures[fig.id] || {label: img ? img.alt : '', picture: false}];
}))"""

_COLLECT = """() => {
  const text = (el) => el.textContent.trim();
  const figures = [...document.querySelectorAll('figure.gap-figure')].map((fig) => ({
    id: fig.id,
    role: fig.querySelector('.gap-chart').getAttribute('role') || '',
    drawn: fig.querySelectorAll('.gap-chart svg.marks').length,
    // Vega ends a label cut at its axis's or legend's labelLimit with an ellipsis.
    cutLabels: [...fig.querySelectorAll('.gap-chart svg text')].map(text).filter((t) => t.includes('\u2026')),
    links: Object.fromEntries([...fig.querySelectorAll('.gap-figure-links a[download]')].map((a) => [text(a), a.href])),
    spec: fig.querySelector('script.gap-chart-spec').textContent,
  }));
  const tables = [...document.querySelectorAll('.cell_output table')].map((table) => ({
    boxed: !!table.closest('.gap-table'),
    headers: [...table.querySelectorAll('thead th')].map(text),
    // an index column: a row that starts with a header cell before its data cells (a group's
    // heading row spans the table and has no data cells)
    indexCells: [...table.querySelectorAll('tbody tr')].filter(
      (tr) => tr.firstElementChild && tr.firstElementChild.tagName === 'TH' && tr.querySelector('td')).length,
    cells: [...table.querySelectorAll('tbody td')].map(text),
  }));
  return {figures, tables, pageWidth: document.documentElement.scrollWidth, windowWidth: window.innerWidth,
          charts: document.querySelectorAll('.gap-chart').length};
}"""


@dataclass
class Visit:
    figures: list[dict]
    tables: list[dict]
    page_width: int
    window_width: int
    charts: int
    pictures: dict[str, dict] = field(default_factory=dict)  # figure id -> {label: alt text, picture: shown}
    violations: list[dict] = field(default_factory=list)  # axe: {id, impact, nodes}
    console_errors: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    files: dict[str, tuple[int, str, bytes]] = field(default_factory=dict)  # url -> (status, type, first bytes)


class Reader:
    """One browser for many visits of a site served at ``base_url``."""

    def __init__(self, base_url: str):
        from playwright.sync_api import sync_playwright

        if CHROMIUM is None:
            raise RuntimeError("chromium is not installed (Debian package 'chromium'; .ci/run installs it)")
        self.base_url = base_url
        self._playwright = sync_playwright().start()
        self._browser = self._playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)

    def close(self) -> None:
        self._browser.close()
        self._playwright.stop()

    def visit(self, path: str, width: int, height: int = 900, base_url: str | None = None,
              color_scheme: str = "light") -> Visit:
        """Open ``path`` at ``width`` px, see every chart's picture, scroll to each chart and wait for its
        interactive view, read the page, run axe over it; fetch each figure's files.

        ``base_url`` visits another local site with the same browser (Playwright runs one per process).
        """
        base_url = base_url or self.base_url
        context = self._browser.new_context(viewport={"width": width, "height": height}, color_scheme=color_scheme)
        blocked: list[str] = []
        errors: list[str] = []

        def guard(route):
            url = route.request.url
            if url.startswith((base_url, "data:", "blob:")):
                route.continue_()
            else:
                blocked.append(url)
                route.abort()

        context.route("**/*", guard)
        page = context.new_page()
        page.add_init_script(_WATCH_PICTURES)
        page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        page.on("pageerror", lambda error: errors.append(str(error)))
        try:
            page.goto(urljoin(base_url + "/", path), wait_until="load")
            page.wait_for_function(_PICTURES_SHOWN, timeout=DRAW_TIMEOUT_MS)
            pictures = page.evaluate(_ALTERNATIVES)
            for chart in page.query_selector_all(".gap-chart"):  # each becomes interactive near the screen
                chart.scroll_into_view_if_needed()
            page.wait_for_function(
                "() => [...document.querySelectorAll('.gap-chart')].every("
                "el => el.querySelector('svg.marks') || el.textContent.includes('could not be drawn'))",
                timeout=DRAW_TIMEOUT_MS)
            found = page.evaluate(_COLLECT)
            # axe fetches the page's style sheets again and asks for an @import'ed file at a wrong
            # address (a 404 of its own): the page's console errors are those logged before it ran.
            logged = list(errors)
            page.add_script_tag(content=AXE_SCRIPT.read_text())
            violations = page.evaluate(_AXE_RUN)
            files = {}
            for figure in found["figures"]:
                for url in figure["links"].values():
                    response = page.request.get(url)
                    files[url] = (response.status, response.headers.get("content-type", ""), response.body()[:4096])
        finally:
            context.close()
        for figure in found["figures"]:
            figure["label"] = pictures.get(figure["id"], {}).get("label", "")
            figure["picture"] = pictures.get(figure["id"], {}).get("picture", False)
        return Visit(found["figures"], found["tables"], found["pageWidth"], found["windowWidth"], found["charts"],
                     pictures, violations, logged, blocked, files)


def spec_of(figure: dict) -> dict:
    """The Vega-Lite spec a figure draws."""
    return json.loads(figure["spec"])

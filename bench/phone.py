"""A page read on a mid-range phone over a slow connection: when the first chart shows, what it cost, when all have.

The site is served from this machine with gzip as a host does (``gaplib.engine.local_site``), and the system
Chromium, driven by Playwright through the DevTools protocol, is slowed like Lighthouse's
mobile profile: CPU 4x, 1.6 Mbit/s down, 750 kbit/s up, 150 ms round trip, at 390 px.

For each page: ``first_chart_s``, from navigation until a chart is on screen (its picture
decoded, or its Vega view drawn); ``bytes_before_first_chart``, the bytes transferred by
then (navigation and resources whose response had ended, as the browser counts them, headers
included); ``all_charts_s``, until every chart of the page is drawn (picture or view);
``total_bytes`` when all are. Medians of ``repeat`` cold loads (a new browser context each).
"""

from __future__ import annotations

import statistics
from pathlib import Path

from gaplib.engine.local_site import serve

CPU_SLOWDOWN = 4
DOWNLOAD_BYTES_PER_S = 1.6e6 / 8
UPLOAD_BYTES_PER_S = 750e3 / 8
LATENCY_MS = 150
WIDTH_PX, HEIGHT_PX = 390, 844
FIRST_CHART_TARGET_S = 2.5
BYTES_BEFORE_TARGET = 400_000
ALL_CHARTS_TARGET_S = 8.0
PAGES = ["intro.html", "chapters/hardware.html", "chapters/strategy.html",
         "zh_CN/intro.html", "zh_CN/chapters/hardware.html", "zh_CN/chapters/strategy.html"]
TIMEOUT_S = 90

# Runs in the page before its own scripts: notes when the first chart and the last are drawn.
_WATCH = """(() => {
  const drawn = (chart) => !!chart.querySelector('svg.marks') ||
    [...chart.querySelectorAll('img')].some((img) => img.complete && img.naturalWidth > 0);
  const tick = () => {
    const charts = [...document.querySelectorAll('.gap-chart')];
    const done = charts.filter(drawn).length;
    if (done > 0 && window.__firstChart === undefined) window.__firstChart = performance.now();
    if (charts.length && done === charts.length && document.readyState === 'complete') {
      window.__allCharts = performance.now();
      return;
    }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})();"""

_TRANSFERRED = """(until) => {
  const nav = performance.getEntriesByType('navigation')[0];
  let bytes = nav.transferSize;
  for (const entry of performance.getEntriesByType('resource')) {
    if (until === null || entry.responseEnd <= until) bytes += entry.transferSize;
  }
  return bytes;
}"""


def _one_load(browser, url: str) -> dict:
    context = browser.new_context(viewport={"width": WIDTH_PX, "height": HEIGHT_PX}, is_mobile=True,
                                  has_touch=True, device_scale_factor=2)
    try:
        page = context.new_page()
        page.add_init_script(_WATCH)
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        cdp.send("Network.emulateNetworkConditions", {
            "offline": False, "latency": LATENCY_MS,
            "downloadThroughput": DOWNLOAD_BYTES_PER_S, "uploadThroughput": UPLOAD_BYTES_PER_S})
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
        page.goto(url, wait_until="commit", timeout=TIMEOUT_S * 1000)
        page.wait_for_function("() => window.__allCharts !== undefined", timeout=TIMEOUT_S * 1000, polling=250)
        first_ms, all_ms = page.evaluate("() => [window.__firstChart, window.__allCharts]")
        return {"first_chart_s": first_ms / 1000, "all_charts_s": all_ms / 1000,
                "bytes_before_first_chart": page.evaluate(_TRANSFERRED, first_ms),
                "total_bytes": page.evaluate(_TRANSFERRED, None)}
    finally:
        context.close()


def phone_figures(site: Path, pages: list[str] = PAGES, repeat: int = 3) -> dict:
    """Return, for each page of ``site``, the medians of ``repeat`` throttled loads (see the module)."""
    from playwright.sync_api import sync_playwright

    chromium = "/usr/bin/chromium"
    figures: dict = {"throttling": {"cpu_slowdown": CPU_SLOWDOWN, "download_bit_per_s": DOWNLOAD_BYTES_PER_S * 8,
                                    "latency_ms": LATENCY_MS, "width_px": WIDTH_PX},
                     "targets": {"first_chart_s": FIRST_CHART_TARGET_S, "bytes_before_first_chart": BYTES_BEFORE_TARGET,
                                 "all_charts_s": ALL_CHARTS_TARGET_S},
                     "pages": {}}
    with serve(site, gzip=True) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        try:
            for name in pages:
                loads = [_one_load(browser, f"{base}/{name}") for _ in range(repeat)]
                figures["pages"][name] = {key: statistics.median(load[key] for load in loads) for key in loads[0]}
        finally:
            browser.close()
    return figures


def phone_rows(figures: dict) -> list[tuple[str, str, str, str]]:
    """Rows (figure, measured, target, met) of bench/run.py's table."""
    rows = []
    for name, page in figures["pages"].items():
        met = (page["first_chart_s"] <= FIRST_CHART_TARGET_S and page["bytes_before_first_chart"] <= BYTES_BEFORE_TARGET
               and page["all_charts_s"] <= ALL_CHARTS_TARGET_S)
        rows.append((f"phone: {name}", f"first chart {page['first_chart_s']:.1f} s after "
                     f"{page['bytes_before_first_chart'] / 1000:.0f} KB; all charts {page['all_charts_s']:.1f} s",
                     f"<= {FIRST_CHART_TARGET_S} s, <= {BYTES_BEFORE_TARGET // 1000} KB, <= {ALL_CHARTS_TARGET_S:.0f} s",
                     "yes" if met else "NO"))
    return rows


if __name__ == "__main__":
    import argparse
    import json

    parser = argparse.ArgumentParser(description="Phone figures of a built site (see bench/phone.py).")
    parser.add_argument("site", type=Path, help="a built site, e.g. _build/html")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    result = phone_figures(args.site, repeat=args.repeat)
    print(json.dumps(result, indent=1))
    for row in phone_rows(result):
        print("  ".join(row))

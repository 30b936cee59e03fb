"""Lighthouse's mobile performance score of the book's pages, where Node and Chromium are present.

Lighthouse (pinned in ``bench/lighthouse/package.json`` and its lock file; installed there with
``npm ci`` on first use) drives the system Chromium, headless, against the built site served
from this machine with gzip as a host does (``gaplib.engine.local_site``). Its default mobile
profile: simulated throttling of 1.6 Mbit/s and 150 ms round trip, CPU 4x slower, a phone's
screen. Offline: Chromium resolves no host but 127.0.0.1, so nothing leaves the machine.

For each page: the performance score (0-100), first and largest contentful paint (s), total
blocking time (ms) and the bytes transferred, medians of ``repeat`` runs; for a page under 90,
the audits that would save the most (Lighthouse's own estimates). Without Node 18.20 or later,
npm or Chromium, the figures are skipped with the reason: this is a benchmark, not a test.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import tempfile
from pathlib import Path

from common import PROJECT_DIR
from gaplib.engine.local_site import serve
from phone import PAGES

PACKAGE_DIR = PROJECT_DIR / "bench" / "lighthouse"
LIGHTHOUSE_CLI = PACKAGE_DIR / "node_modules" / "lighthouse" / "cli" / "index.js"
CHROMIUM = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
NODE_MINIMUM = (18, 20)  # lighthouse 12's "engines"
SCORE_TARGET = 90
TIMEOUT_S = 240
# Headless, and no host but the local server: resolving any other name fails at once.
CHROME_FLAGS = ("--headless=new --no-sandbox --disable-gpu --disable-background-networking "
                "--host-resolver-rules=\"MAP * ~NOTFOUND, EXCLUDE 127.0.0.1\"")
# Audits that name what is slow rather than a change that would save time.
DIAGNOSTIC_ONLY = {"largest-contentful-paint-element", "lcp-lazy-loaded", "layout-shifts"}
METRICS = {"first-contentful-paint": "fcp_s", "largest-contentful-paint": "lcp_s",
           "total-blocking-time": "tbt_ms", "total-byte-weight": "bytes"}


def unavailable() -> str | None:
    """Why Lighthouse cannot run here (one sentence), or None when it can (installing it if needed)."""
    node = shutil.which("node")
    if node is None:
        return "no Node.js on PATH (Lighthouse 12 needs Node 18.20 or later)"
    version = subprocess.run([node, "--version"], capture_output=True, text=True).stdout.strip().lstrip("v")
    try:
        found = tuple(int(part) for part in version.split(".")[:2])
    except ValueError:
        return f"could not read Node's version ({version!r})"
    if found < NODE_MINIMUM:
        return f"Node {version} is older than the {'.'.join(map(str, NODE_MINIMUM))} Lighthouse 12 needs"
    if not Path(CHROMIUM).is_file():
        return f"no Chromium at {CHROMIUM} (set CHROME_PATH)"
    if not LIGHTHOUSE_CLI.is_file():
        npm = shutil.which("npm")
        if npm is None:
            return "Lighthouse is not installed in bench/lighthouse/ and there is no npm to install it"
        done = subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=PACKAGE_DIR,
                              capture_output=True, text=True)
        if done.returncode != 0 or not LIGHTHOUSE_CLI.is_file():
            last = (done.stderr.strip().splitlines() or ["no output"])[-1]
            return f"npm ci in bench/lighthouse/ failed: {last}"
    return None


def _one_run(url: str, report: Path) -> dict:
    command = ["node", str(LIGHTHOUSE_CLI), url, "--output=json", f"--output-path={report}", "--quiet",
               "--only-categories=performance", "--form-factor=mobile", "--throttling-method=simulate",
               f"--chrome-flags={CHROME_FLAGS}"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_S,
                          env={**os.environ, "CHROME_PATH": CHROMIUM})
    if done.returncode != 0 or not report.is_file():
        raise RuntimeError(f"lighthouse failed on {url}: {done.stderr.strip()[-1500:]}")
    result = json.loads(report.read_text())
    audits = result["audits"]
    run = {"score": round(100 * result["categories"]["performance"]["score"])}
    for audit, key in METRICS.items():
        value = audits[audit]["numericValue"]
        run[key] = value / 1000 if key.endswith("_s") else value
    # What Lighthouse estimates each failing audit would save, in ms of FCP, LCP or TBT.
    costs = []
    for audit in audits.values():
        savings = audit.get("metricSavings") or {}
        saved_ms = sum(savings.get(metric, 0) or 0 for metric in ("FCP", "LCP", "TBT"))
        if audit["id"] in DIAGNOSTIC_ONLY:
            continue
        if audit.get("score") is not None and audit["score"] < 0.9 and saved_ms > 0:
            costs.append({"audit": audit["id"], "title": audit["title"], "saves_ms": round(saved_ms),
                          "shown": audit.get("displayValue", "")})
    run["costs"] = sorted(costs, key=lambda cost: -cost["saves_ms"])[:5]
    if result.get("runWarnings"):
        run["warnings"] = result["runWarnings"]
    return run


def lighthouse_figures(site: Path, pages: list[str] = PAGES, repeat: int = 1) -> dict:
    """Return Lighthouse's figures for each page of ``site`` (see the module), or ``{"skipped": reason}``."""
    reason = unavailable()
    if reason:
        return {"skipped": reason}
    figures: dict = {"lighthouse": json.loads((PACKAGE_DIR / "package.json").read_text())["dependencies"]["lighthouse"],
                     "profile": "mobile, simulated throttling (1.6 Mbit/s, 150 ms RTT, CPU 4x)",
                     "target_score": SCORE_TARGET, "pages": {}}
    with serve(site, gzip=True) as base, tempfile.TemporaryDirectory(prefix="gaplib-lighthouse-") as tmp:
        for name in pages:
            runs = [_one_run(f"{base}/{name}", Path(tmp) / f"{i}.json") for i in range(repeat)]
            page = {key: statistics.median(run[key] for run in runs) for key in ["score", *METRICS.values()]}
            middle = sorted(runs, key=lambda run: run["score"])[len(runs) // 2]
            page["costs"] = middle["costs"]
            page["warnings"] = middle.get("warnings", [])
            figures["pages"][name] = page
    return figures


def lighthouse_rows(figures: dict) -> list[tuple[str, str, str, str]]:
    """Rows (figure, measured, target, met) of bench/run.py's table."""
    if "skipped" in figures:
        return [("lighthouse", f"skipped: {figures['skipped']}", f">= {SCORE_TARGET}", "-")]
    rows = []
    for name, page in figures["pages"].items():
        rows.append((f"lighthouse: {name}", f"score {page['score']:.0f}; FCP {page['fcp_s']:.1f} s, "
                     f"LCP {page['lcp_s']:.1f} s, TBT {page['tbt_ms']:.0f} ms, {page['bytes'] / 1000:.0f} KB",
                     f">= {SCORE_TARGET}", "yes" if page["score"] >= SCORE_TARGET else "NO"))
    return rows


def print_costs(figures: dict) -> None:
    """For each page under the target, the audits Lighthouse says would save the most."""
    for name, page in figures.get("pages", {}).items():
        if page["score"] < SCORE_TARGET:
            print(f"{name} (score {page['score']:.0f}) would gain most from:")
            for cost in page["costs"]:
                print(f"  {cost['title']} ({cost['audit']}): about {cost['saves_ms']} ms {cost['shown']}".rstrip())


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="Lighthouse mobile scores of a built site (see bench/lighthouse_scores.py).")
    parser.add_argument("site", type=Path, help="a built site, e.g. _build/html")
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    result = lighthouse_figures(args.site, repeat=args.repeat)
    print(json.dumps(result, indent=1))
    for row in lighthouse_rows(result):
        print("  ".join(row))
    print_costs(result)

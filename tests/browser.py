"""Headless Chromium over a locally served site, with every other host unresolvable.

``load(url)`` returns the rendered DOM and the URLs the page itself requested (read
from Chromium's NetLog: requests whose network isolation key is the local site), so
tests can count drawn charts and prove that a page fetched nothing from elsewhere.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from gaplib.engine.pdf import CHROMIUM_BASE_FLAGS

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = [
    *CHROMIUM_BASE_FLAGS,
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    "--virtual-time-budget=20000",
]


@dataclass(frozen=True)
class PageLoad:
    dom: str
    page_requests: list[str]

    @property
    def external_requests(self) -> list[str]:
        """Requests the page made to anything but the local server."""
        return [url for url in self.page_requests
                if not url.startswith(("http://127.0.0.1", "data:", "blob:"))]

    @property
    def drawn_charts(self) -> int:
        """Number of charts on show: Vega views that drew (each leaves one element of class "marks") and
        static chart pictures the page fetched (a chart shows its picture until it turns interactive)."""
        pictures = re.findall(r'<img class="gap-chart-picture" src="([^"]+)"', self.dom)
        fetched = sum(1 for src in pictures if any(url.endswith(src.rsplit("/", 1)[-1]) for url in self.page_requests))
        return self.dom.count('class="marks"') + fetched


def _page_requests(netlog: Path, site_prefix: str = "http://127.0.0.1") -> list[str]:
    log = json.loads(netlog.read_text())
    start_job = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    urls = []
    for event in log["events"]:
        params = event.get("params") or {}
        if event.get("type") == start_job and "url" in params:
            if str(params.get("network_isolation_key", "")).startswith(site_prefix):
                urls.append(params["url"])
    return urls


def load(url: str, timeout_s: float = 120) -> PageLoad:
    """Render ``url`` in headless Chromium; return its DOM and the page's own requests."""
    if CHROMIUM is None:
        raise RuntimeError("chromium is not installed (Debian package 'chromium'; .ci/run installs it)")
    with tempfile.TemporaryDirectory() as tmp:
        netlog = Path(tmp) / "netlog.json"
        command = [CHROMIUM, *FLAGS, f"--user-data-dir={tmp}/profile", f"--log-net-log={netlog}",
                   "--dump-dom", url]
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout_s, check=False)
        if done.returncode != 0:
            raise RuntimeError(f"chromium exited {done.returncode}: {done.stderr[-2000:]}")
        return PageLoad(done.stdout, _page_requests(netlog))

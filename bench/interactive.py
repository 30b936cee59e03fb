"""Benchmark figures of interactive use: a sweep's points per second, and gaplib preview's save-to-reload time.

Used by ``bench/run.py`` (see its docstring); each function works on a clean clone.
"""

from __future__ import annotations

import json
import os
import re
import statistics
import subprocess
import threading
import time
import urllib.request
from pathlib import Path

import nbformat

from common import PYTHON, gaplib_command, timed

SWEEP_POINTS, SWEEP_JOBS = 24, 2
#: Points per second of the 24-point strategy sweep on 2 cores before sweeps were results-only
#: with warm per-notebook imports: commit 3d2ed30 (every point with its table and chart files),
#: median of 3 runs alternated with the new code on the same 2-core machine (0.39, 0.38, 0.30;
#: the new code gave 0.73, 0.77, 0.65). The target is twice it.
SWEEP_BASELINE_POINTS_PER_S = 0.38
PREVIEW_MARKDOWN_TARGET_S = 3.0
PREVIEW_PARAMETER_MARGIN_S = 2.0  # over the re-run floor


SWEEP_CODE = """
import json, sys, tempfile, time
from pathlib import Path
from gaplib.engine.sweep import run_sweep
us, china = [3.1, 4.5, 5.5, 6.5], [1.8, 2.5, 3.1, 4.0, 4.5, 6.5]
grid = {"grid": {"us_compute_growth_per_year": us, "china_compute_growth_per_year": china}}
with tempfile.TemporaryDirectory() as tmp:
    started = time.perf_counter()
    table = run_sweep("strategy", grid, Path(tmp) / "out", jobs=int(sys.argv[1]), cache_dir=Path(tmp) / "cache",
                      results_only=sys.argv[2] == "results")
    seconds = time.perf_counter() - started
assert (table["status"] == "ok").all() and len(table) == %d
print(json.dumps({"seconds": seconds, "points": len(table)}))
""" % SWEEP_POINTS


def sweep_points_per_s(repo: Path, outputs: str) -> float:
    """Points per second of the 24-point strategy sweep on 2 workers, from a fresh cache (pool and kernels included)."""
    env = {**os.environ, "PYTHONPATH": str(repo)}
    code = SWEEP_CODE if outputs == "results" else SWEEP_CODE.replace(',\n                      results_only=sys.argv[2] == "results"', "")
    _, out = timed([PYTHON, "-c", code, str(SWEEP_JOBS), outputs], repo, env)
    result = json.loads(out.strip().splitlines()[-1])
    return result["points"] / result["seconds"]


def sweep_rate(repo: Path, repeat: int) -> dict:
    """The strategy sweep's points per second, as the build runs it (results only) and with every file."""
    rates = [sweep_points_per_s(repo, "results") for _ in range(repeat)]
    full = [sweep_points_per_s(repo, "full") for _ in range(max(1, repeat // 2))]
    return {"points": SWEEP_POINTS, "jobs": SWEEP_JOBS, "points_per_s": rates,
            "points_per_s_median": statistics.median(rates), "full_points_per_s": full,
            "full_points_per_s_median": statistics.median(full), "baseline_points_per_s": SWEEP_BASELINE_POINTS_PER_S,
            "points_per_s_target": 2 * SWEEP_BASELINE_POINTS_PER_S}


def _served_version(port: int) -> str:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/__gaplib_preview__/version", timeout=5) as answer:
        return answer.read().decode()


def _until_version_moves(port: int, seen: str, timeout_s: float = 300) -> float:
    """Wait until the preview serves a version other than ``seen``; return when (perf_counter)."""
    deadline = time.perf_counter() + timeout_s
    while time.perf_counter() < deadline:
        if _served_version(port) != seen:
            return time.perf_counter()
        time.sleep(0.05)
    raise RuntimeError("the preview's version did not move")


def _saved_to_reloaded(port: int, path: Path, text: str) -> float:
    """Seconds from writing ``text`` to ``path`` until the preview serves a new version (what the page polls)."""
    seen = _served_version(port)
    started = time.perf_counter()
    path.write_text(text)
    return _until_version_moves(port, seen) - started


def _with_parameter_default(notebook: Path, name: str, value: str) -> str:
    book = nbformat.read(notebook, as_version=4)
    cell = next(c for c in book.cells if "parameters" in c.metadata.get("tags", []))
    cell.source = re.sub(rf"^({name}\s*(?::[^=]+)?=\s*)[^#\n]+?(\s*(#.*)?)$", rf"\g<1>{value}\g<2>", cell.source,
                         count=1, flags=re.M)
    return nbformat.writes(book) + "\n"


def preview_reload(repo: Path, repeat: int, floor_s: float) -> dict:
    """Save-to-reload times of ``gaplib preview``: a markdown page edited, and a chapter's parameter default.

    The preview runs on the clone (its cache is warm from the builds before); "reloaded"
    is when the version the page's reload script polls moves, i.e. the rebuilt site is served.
    The markdown change is a line appended to reproduce.md; the parameter change edits a
    default in the hardware chapter's parameters cell (the chapter runs again).
    """
    env = {**os.environ, "PYTHONPATH": str(repo)}
    preview = subprocess.Popen(gaplib_command("preview", "--port", "0"), cwd=repo, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    markdown, parameter = [], []
    try:
        for line in preview.stdout:  # the first build, then "serving ... at http://127.0.0.1:PORT/"
            found = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
            if found:
                port = int(found.group(1))
                break
        else:
            raise RuntimeError("gaplib preview stopped before serving")
        threading.Thread(target=lambda: [None for _ in preview.stdout], daemon=True).start()  # keep its pipe drained
        time.sleep(2)  # the watcher starts after the server
        page = repo / "reproduce.md"
        original = page.read_text()
        for i in range(repeat):
            markdown.append(_saved_to_reloaded(port, page, original + f"\nA line saved by the benchmark ({i}).\n"))
        _saved_to_reloaded(port, page, original)  # restored, and that rebuild done before the next change
        notebook = repo / "chapters" / "hardware.ipynb"
        source = notebook.read_text()
        for value in ["3.3", "3.4", "3.6"][:repeat]:
            parameter.append(_saved_to_reloaded(port, notebook,
                                                _with_parameter_default(notebook, "frontier_growth_per_year", value)))
        notebook.write_text(source)
        time.sleep(3)  # let the last rebuild settle before stopping
    finally:
        preview.terminate()
        try:
            preview.wait(timeout=30)
        except subprocess.TimeoutExpired:
            preview.kill()
    return {"markdown_s": markdown, "markdown_median_s": statistics.median(markdown),
            "markdown_target_s": PREVIEW_MARKDOWN_TARGET_S, "parameter_s": parameter,
            "parameter_median_s": statistics.median(parameter),
            "parameter_target_s": floor_s + PREVIEW_PARAMETER_MARGIN_S}

"""Where a clean build's time goes: a timeline of its kernel starts, chapters, cells, sweep and render.

``.venv/bin/python bench/timeline.py`` clones HEAD into a temporary folder (as
``bench/run.py`` does), runs one clean build there with ``GAPLIB_TIMELINE`` set and
prints its spans (gaplib.engine.timeline); ``bench/run.py --timeline`` prints the same
for its first clean build. Sphinx's phases come from ``bench/timeline_hooks``, put on
the build's ``PYTHONPATH``. Times are seconds from the build's start; a lane is one
process (``main``, the pool's workers ``w1``, ``w2``, ..., and ``render``).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from common import CLEAN_BUILD_ARGS, clone, gaplib_command

HOOKS_DIR = Path(__file__).resolve().parent / "timeline_hooks"
TIMELINE_ENV = "GAPLIB_TIMELINE"  # gaplib.engine.timeline.TIMELINE_ENV; the clone's gaplib is not importable here


def timed_build(repo: Path, command: list[str], env: dict | None = None) -> tuple[float, list[dict]]:
    """Run ``command`` in ``repo`` with the timeline on; return (seconds, spans with times from its start)."""
    with tempfile.NamedTemporaryFile(prefix="gaplib-timeline-", suffix=".jsonl", delete=False) as handle:
        path = Path(handle.name)
    environment = {**os.environ, **(env or {}), TIMELINE_ENV: str(path),
                   "PYTHONPATH": os.pathsep.join([str(repo), str(HOOKS_DIR)])}
    started = time.time()
    done = subprocess.run(command, cwd=repo, env=environment, capture_output=True, text=True)
    ended = time.time()
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    spans = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    path.unlink()
    spans.append({"name": "whole build (command start to exit)", "start": started, "end": ended, "pid": 0})
    for span in spans:
        span["start"], span["end"] = span["start"] - started, span["end"] - started
    return ended - started, spans


def _lanes(spans: list[dict]) -> dict[int, str]:
    """Name each process: the build's main process, its workers in order of first span, Jupyter Book's."""
    render = {s["pid"] for s in spans if s["name"].startswith("render: ")}
    main = {s["pid"] for s in spans if s["name"].startswith(("sweep ", "render (jupyter", "stage", "changes page"))}
    names = {0: "-", **{pid: "render" for pid in render}}
    workers = sorted({s["pid"] for s in spans} - set(names) - main, key=lambda pid: min(
        s["start"] for s in spans if s["pid"] == pid))
    names |= {pid: f"w{i + 1}" for i, pid in enumerate(workers)}
    names |= {pid: "main" for pid in main}
    # The sources page runs in a worker too (the build submits it to its pool).
    return names


def rows(spans: list[dict], top_cells: int = 8) -> list[tuple[str, str, str, str]]:
    """Rows (start s, end s, seconds, lane and what) of the printed timeline, in start order.

    Cells are summarised per chapter run (their sum and the slowest); the ``top_cells``
    slowest cells of the build are listed on their own; each document Sphinx read is
    left out (its read phase is one row).
    """
    lanes = _lanes(spans)
    cells = [s for s in spans if s["name"].startswith("cell ")]
    out = []
    by_run: dict[tuple[int, str], list[dict]] = defaultdict(list)
    for cell in cells:
        by_run[(cell["pid"], cell["chapter"])].append(cell)
    for span in spans:
        if span["name"].startswith("cell ") or span.get("render_doc"):
            continue
        what = span["name"]
        if what.startswith("run "):
            mine = [c for c in cells if c["pid"] == span["pid"] and span["start"] <= c["start"] <= span["end"]]
            if mine:
                slowest = max(mine, key=lambda c: c["end"] - c["start"])
                what += (f"  (cells {sum(c['end'] - c['start'] for c in mine):.1f} s; slowest "
                         f"{slowest['name'].split(' ', 1)[1]} {slowest['end'] - slowest['start']:.1f} s)")
        out.append((span["start"], span["end"], lanes.get(span["pid"], "?"), what))
    out.sort(key=lambda r: (r[0], -r[1]))
    table = [(f"{a:7.2f}", f"{b:7.2f}", f"{b - a:6.2f}", f"{lane:6} {what}") for a, b, lane, what in out]
    slow = sorted(cells, key=lambda c: c["start"] - c["end"])[:top_cells]
    table += [("", "", "", ""), ("", "", "", f"the {len(slow)} slowest cells")]
    table += [(f"{c['start']:7.2f}", f"{c['end']:7.2f}", f"{c['end'] - c['start']:6.2f}",
               f"{lanes.get(c['pid'], '?'):6} {c['name'][5:]}: {c.get('source', '')}") for c in slow]
    return table


def print_timeline(spans: list[dict], file=sys.stdout) -> None:
    """Print the timeline's rows under a header."""
    print(f"{'start':>7}  {'end':>7}  {'s':>6}  lane   what", file=file)
    for row in rows(spans):
        print("  ".join(row), file=file)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, default=None, help="also write the spans here")
    parser.add_argument("--commit", default=None, help="build this commit instead of HEAD (one with the timeline)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="gaplib-timeline-") as tmp:
        repo = clone(Path(tmp))
        if args.commit:
            subprocess.run(["git", "checkout", "--quiet", args.commit], cwd=repo, check=True)
        seconds, spans = timed_build(repo, gaplib_command(*CLEAN_BUILD_ARGS))
    print(f"clean build: {seconds:.1f} s")
    print_timeline(spans)
    if args.json:
        args.json.write_text(json.dumps(spans, indent=1) + "\n")


if __name__ == "__main__":
    main()

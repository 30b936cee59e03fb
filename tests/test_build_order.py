"""The order in which a build runs its notebooks: pages that show no sweep do not wait for it, pages that read
no chapter results do not wait for the chapters."""

from __future__ import annotations

import json
import threading
from concurrent.futures import ThreadPoolExecutor

from gaplib.engine import notebook_runs
from gaplib.engine.provenance import SWEEPS_KEY
from gaplib.engine.runner import ChapterRun
from gaplib.params import CHAPTERS, PAGES, SUMMARIES


def test_pages_without_a_sweep_start_while_the_sweep_still_runs(monkeypatch, tmp_path):
    early_pages_started = threading.Event()
    upstreams: dict[str, dict] = {}

    def run_chapters(requests, *, upstream=None, **_):
        for name in requests:
            if upstream is not None:
                upstreams[name] = json.loads(upstream.read_text())
        if upstream is not None and set(requests) - set(notebook_runs.BUILD_SWEEPS):
            early_pages_started.set()
        return {name: ChapterRun(name, {}, "key", tmp_path, cached=True, results={"value": 1}) for name in requests}

    chapters_handed_on = threading.Event()

    def sweep(*_):
        assert early_pages_started.wait(30), "the pages that show no sweep waited for it"
        assert chapters_handed_on.wait(30), "work that needs only the chapters waited for the sweep"
        return [{"point_index": 0, "result.value": 2}], None

    def with_chapters(runs):
        assert list(runs) == list(CHAPTERS)
        chapters_handed_on.set()

    monkeypatch.setattr(notebook_runs, "run_chapters", run_chapters)
    monkeypatch.setattr(notebook_runs, "build_sweep", sweep)
    with ThreadPoolExecutor(1) as pool:
        runs = notebook_runs.run_notebooks({}, cache_dir=tmp_path, pool=pool, with_chapters=with_chapters)
    assert list(runs) == [*CHAPTERS, *PAGES]
    for page in SUMMARIES:  # a page's input holds the sweeps exactly when it shows one
        assert (SWEEPS_KEY in upstreams[page]) == (page in notebook_runs.BUILD_SWEEPS)
    assert set(PAGES) - SUMMARIES == {"replications"} and not set(upstreams) & (set(PAGES) - SUMMARIES)


def test_pages_that_read_no_chapter_results_run_beside_the_chapters(monkeypatch, tmp_path):
    chapters_may_finish = threading.Event()

    def run_chapters(requests, *, upstream=None, **_):
        if set(requests) == set(CHAPTERS):
            assert chapters_may_finish.wait(30), "the replications page waited for the chapters"
        elif "replications" in requests:
            assert upstream is None
            chapters_may_finish.set()
        return {name: ChapterRun(name, {}, "key", tmp_path, cached=True, results={"value": 1}) for name in requests}

    monkeypatch.setattr(notebook_runs, "run_chapters", run_chapters)
    monkeypatch.setattr(notebook_runs, "build_sweep", lambda *_: ([{"point_index": 0, "result.value": 2}], None))
    with ThreadPoolExecutor(1) as pool:
        runs = notebook_runs.run_notebooks({}, cache_dir=tmp_path, pool=pool)
    assert list(runs) == [*CHAPTERS, *PAGES]

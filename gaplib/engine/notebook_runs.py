"""Which notebooks a build runs, and when: the chapters, the sweeps its pages show, then the pages.

Every notebook goes through the runner's cache (gaplib.engine.runner); chapters, sweep
points and pages share one worker pool, queued so that no worker waits while another
still has work: the pages that read no chapter results run beside the chapters, the
summary pages as soon as what they read is done.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Mapping
from concurrent.futures import Executor, ThreadPoolExecutor
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gaplib.engine import timeline
from gaplib.engine.cache import PROJECT_DIR
from gaplib.engine.lifecycle import worker_pool
from gaplib.engine.runner import DEFAULT_CACHE_DIR, ChapterFailed, ChapterRun, run_chapters, write_upstream
from gaplib.params import CHAPTERS, PAGES, SUMMARIES, validate_params
from gaplib.params.yamlfile import read_yaml_mapping

if TYPE_CHECKING:  # gaplib.engine.sweep imports pandas, which a build's first steps do not need
    from gaplib.engine.sweep import SweepPoint

#: Sweeps the build runs for its pages: name -> (chapter, grid file).
BUILD_SWEEPS = {"sensitivity": ("strategy", PROJECT_DIR / "pages" / "sensitivity.grid.yaml")}


def build_sweep(chapter: str, grid_file: Path, overrides: Mapping[str, Any], cache_dir: Path,
                jobs: int | None, pool: Executor | None = None) -> tuple[list[dict[str, Any]], SweepPoint | None]:
    """Run a page's sweep on top of the build's parameters for ``chapter``; return its rows and the point not run.

    Each point is the chapter's parameters in this build with the grid's values on top,
    so a variant book gets a sensitivity consistent with its own assumptions. Points go
    through the chapter cache; a fresh output folder keeps no result the cache would not.
    The point whose parameters are the chapter's own in this build is not run: the
    chapter's run gives its row (:func:`with_chapter_point`).
    """
    from gaplib.engine.sweep import cached_rows, expand_grid, run_sweep, validate_points

    own = validate_params(chapter, overrides).model_dump()
    points = validate_points(chapter, [{**overrides, **point} for point in expand_grid(read_yaml_mapping(grid_file))])
    shared = next((point for point in points if point.parameters == own), None)
    rest = [point for point in points if point is not shared]
    rows = cached_rows(chapter, rest, cache_dir, results_only=True)
    if rows is not None:  # nothing to execute: no pool, no files
        return rows, shared
    with tempfile.TemporaryDirectory(prefix="gaplib-sweep-") as out, timeline.span(f"sweep {chapter}"):
        table = run_sweep(chapter, {"rows": [point.parameters for point in rest]}, Path(out), jobs=jobs,
                          cache_dir=cache_dir, pool=pool, results_only=True)  # the page reads the numbers only
    failed = table[table["status"] != "ok"]
    if len(failed):
        raise ChapterFailed(chapter, f"sweep points failed: {failed[['point_id', 'error']].to_dict('records')}")
    grid_index = {point.point_id: point.index for point in rest}
    return [{**row, "point_index": grid_index[row["point_id"]]} for row in table.to_dict("records")], shared


def with_chapter_point(rows: list[dict[str, Any]], shared: SweepPoint | None, run: ChapterRun) -> list[dict[str, Any]]:
    """Return a sweep's rows (:func:`build_sweep`) with the row of ``shared``, the point with the chapter's own
    parameters, from the chapter's ``run`` of the same build; in grid order."""
    from gaplib.engine.sweep import result_row, sweep_table

    if shared is not None:
        rows = [*rows, result_row(run.chapter, shared, run.results)]
    return sweep_table(rows).to_dict("records") if rows else []


def run_chapters_for_pages(
    requests: Mapping[str, Mapping[str, Any]], *, cache_dir: Path = DEFAULT_CACHE_DIR, force: bool = False,
    jobs: int | None = None, on_done: Any = None, pool: Executor | None = None,
) -> tuple[dict[str, ChapterRun], Path]:
    """Execute every chapter and the pages' sweeps; return the runs and the pages' input file.

    ``requests`` maps chapters (and possibly pages, ignored here) to their overrides.
    Chapters and sweep points share one process pool (``pool``, or one of ``jobs``
    workers), so no worker waits while another still has work queued.
    """
    chapters = {name: requests.get(name, {}) for name in CHAPTERS}
    with ExitStack() as stack:
        if pool is None:
            pool = stack.enter_context(worker_pool(jobs or os.cpu_count() or 1))
        # The sweeps queue their points from a thread while this one queues the chapters.
        side = stack.enter_context(ThreadPoolExecutor(max_workers=max(1, len(BUILD_SWEEPS))))
        pending = {name: side.submit(build_sweep, chapter, grid, chapters[chapter], cache_dir, jobs, pool)
                   for name, (chapter, grid) in BUILD_SWEEPS.items()}
        runs = run_chapters(chapters, cache_dir=cache_dir, force=force, jobs=jobs, on_done=on_done, pool=pool)
        sweeps = {name: with_chapter_point(*future.result(), runs[BUILD_SWEEPS[name][0]])
                  for name, future in pending.items()}
    return runs, write_upstream(runs, cache_dir, sweeps)


def run_notebooks(
    requests: Mapping[str, Mapping[str, Any]], *, cache_dir: Path = DEFAULT_CACHE_DIR, force: bool = False,
    jobs: int | None = None, on_done: Any = None, pool: Executor | None = None,
    with_chapters: Callable[[dict[str, ChapterRun]], Any] | None = None,
) -> dict[str, ChapterRun]:
    """Execute every chapter, the pages' sweeps and the pages; return every run, chapters first.

    ``requests`` maps chapters and pages to their overrides. A page that reads no chapter
    results (not in SUMMARIES) runs beside the chapters. A summary page that shows no sweep
    (all but those named in BUILD_SWEEPS) reads only the chapters' results, so it starts
    as soon as the chapters are done, beside the sweep's last points, instead of after them.
    ``with_chapters`` is called (in a thread of this process) with the chapters' runs as
    soon as they are done, for work that needs only them.
    """
    chapters = {name: requests.get(name, {}) for name in CHAPTERS}
    pages = {name: requests.get(name, {}) for name in PAGES}
    independent = {name: overrides for name, overrides in pages.items() if name not in SUMMARIES}
    early = {name: overrides for name, overrides in pages.items() if name in SUMMARIES and name not in BUILD_SWEEPS}
    late = {name: overrides for name, overrides in pages.items() if name in SUMMARIES and name in BUILD_SWEEPS}
    with ExitStack() as stack:
        if pool is None:
            pool = stack.enter_context(worker_pool(jobs or os.cpu_count() or 1))
        side = stack.enter_context(ThreadPoolExecutor(max_workers=len(BUILD_SWEEPS) + 3))
        pending = {name: side.submit(build_sweep, chapter, grid, chapters[chapter], cache_dir, jobs, pool)
                   for name, (chapter, grid) in BUILD_SWEEPS.items()}
        beside = side.submit(run_chapters, independent, cache_dir=cache_dir, force=force, jobs=jobs,
                             on_done=on_done, pool=pool)
        runs = run_chapters(chapters, cache_dir=cache_dir, force=force, jobs=jobs, on_done=on_done, pool=pool)
        if with_chapters is not None:
            side.submit(with_chapters, dict(runs))
        first = side.submit(run_chapters, early, cache_dir=cache_dir, force=force, jobs=jobs, on_done=on_done,
                            upstream=write_upstream(runs, cache_dir), pool=pool)
        sweeps = {name: with_chapter_point(*future.result(), runs[BUILD_SWEEPS[name][0]])
                  for name, future in pending.items()}
        page_runs = run_chapters(late, cache_dir=cache_dir, force=force, jobs=jobs, on_done=on_done,
                                 upstream=write_upstream(runs, cache_dir, sweeps), pool=pool)
        page_runs |= first.result() | beside.result()
    return runs | {name: page_runs[name] for name in pages}

"""Executing chapters with papermill, through the content-hash cache.

The one execution path of the project: ``gaplib run``, ``gaplib build`` and the
tests all come here. Parameters are validated before anything executes; an executed
chapter is stored in the cache under its key with its ``results.json`` and the log
of data files it read (:mod:`gaplib.engine.execute`), and reused while none of them changed.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable, Mapping
from concurrent.futures import Executor, as_completed
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from gaplib.data import registry
from gaplib.engine.cache import PROJECT_DIR, combine, parse_read_log, reads_unchanged, run_key, sha256_file
from gaplib.engine.execute import ChapterFailed, ChapterRun, execute_chapter
from gaplib.engine.lifecycle import worker_pool
from gaplib.engine.pictures import draw_missing
from gaplib.engine.provenance import SWEEPS_KEY
from gaplib.params import PAGES, SUMMARIES, validate_params

CHAPTERS_DIR = PROJECT_DIR / "chapters"
PAGES_DIR = PROJECT_DIR / "pages"
DEFAULT_CACHE_DIR = PROJECT_DIR / "_build" / "cache"
DEFAULT_TIMEOUT_SECONDS = 600
UPSTREAM_OMITTED = ("executed_at", "cache_key", "data", "modules", "versions")
RESULTS_ONLY_KEY = "__results_only__"  # in the cache key of a run without table and chart files
#: Pages that mark rows stale against the day they are built (gaplib.data.periods): their key holds that day,
#: so a run cached yesterday is not reused today with yesterday's marks.
DATED_PAGES = frozenset({"intro", "claims"})
BUILD_DATE_KEY = "__build_date__"


def chapter_notebook(chapter: str) -> Path:
    """Return the source notebook of a chapter (under chapters/) or a page (under pages/)."""
    return (PAGES_DIR if chapter in PAGES else CHAPTERS_DIR) / f"{chapter}.ipynb"


def write_upstream(runs: Mapping[str, ChapterRun], cache_dir: Path = DEFAULT_CACHE_DIR,
                   sweeps: Mapping[str, list[dict[str, Any]]] | None = None) -> Path:
    """Write the chapters' results (and sweep tables) for the dependent pages; return the file.

    The file is named by its content's sha256. Only results and parameters go in (no
    provenance, execution times or sweep durations), so that the same results give
    the same file and the pages stay cached when a chapter re-ran without a change in
    what it found.
    """
    bundle: dict[str, Any] = {
        name: {k: v for k, v in run.results.items() if k not in UPSTREAM_OMITTED} for name, run in runs.items()
    }
    if sweeps:
        bundle[SWEEPS_KEY] = {name: [{k: v for k, v in row.items() if k != "duration_s"} for row in rows]
                              for name, rows in sweeps.items()}
    text = json.dumps(bundle, indent=1, sort_keys=True, default=str) + "\n"
    folder = cache_dir / "_upstream"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{combine([('upstream', text)])[:16]}.json"
    if not path.exists():
        partial = path.with_suffix(".partial")
        partial.write_text(text)
        os.replace(partial, path)
    return path


def _cached_run(chapter: str, params: dict[str, Any], key: str, cache_dir: Path) -> ChapterRun | None:
    directory = cache_dir / chapter / key
    reads_file = directory / "reads.tsv"
    results_file = directory / f"{chapter}.results.json"
    if not (results_file.is_file() and reads_file.is_file()):
        return None
    if not reads_unchanged(parse_read_log(reads_file.read_text())):
        return None
    results = json.loads(results_file.read_text())
    return ChapterRun(chapter, params, key, directory, cached=True, results=results)


def prepare(chapter: str, overrides: Mapping[str, Any] | None = None,
            upstream: Path | None = None, results_only: bool = False) -> tuple[dict[str, Any], str]:
    """Validate ``overrides`` for ``chapter``; return (parameters, cache key).

    A summary page's key also covers the chapter results it summarises (``upstream``,
    ignored for any other notebook); a
    results-only run (no table or chart files) has a key of its own, so that it is never
    reused where a full run is wanted. Raises gaplib.params.ParameterError before anything executes.
    """
    params = validate_params(chapter, overrides).model_dump()
    return params, _key(chapter, params, upstream, results_only)


def _key(chapter: str, params: dict[str, Any], upstream: Path | None, results_only: bool = False) -> str:
    if chapter in SUMMARIES and upstream is None:
        raise ValueError(f"page {chapter!r} summarises the chapters: give it their results (upstream)")
    keyed = {**params, "__upstream__": sha256_file(upstream)} if chapter in SUMMARIES else dict(params)
    if results_only:
        keyed[RESULTS_ONLY_KEY] = True
    if chapter in DATED_PAGES:
        keyed[BUILD_DATE_KEY] = registry.utc_today().isoformat()
    return run_key(chapter_notebook(chapter), keyed)


def _given(chapter: str, upstream: Path | None) -> Path | None:
    """The chapter results a notebook is given: a summary page's, none for any other."""
    return upstream if chapter in SUMMARIES else None


def cached_run(chapter: str, overrides: Mapping[str, Any] | None = None, *, cache_dir: Path = DEFAULT_CACHE_DIR,
               upstream: Path | None = None, results_only: bool = False) -> ChapterRun | None:
    """Return the cached execution of ``chapter`` with ``overrides`` if it is still valid, else None.

    Nothing executes; parameters are validated as for :func:`run_chapter`.
    """
    params, key = prepare(chapter, overrides, upstream, results_only)
    return _cached_run(chapter, params, key, cache_dir)


def run_chapter(
    chapter: str,
    overrides: Mapping[str, Any] | None = None,
    *,
    cache_dir: Path = DEFAULT_CACHE_DIR,
    force: bool = False,
    timeout: int = DEFAULT_TIMEOUT_SECONDS,
    upstream: Path | None = None,
    results_only: bool = False,
    progress: bool = False,
) -> ChapterRun:
    """Return the execution of ``chapter`` with ``overrides``, reusing the cache when valid.

    Summary pages (``gaplib.params.SUMMARIES``) need ``upstream``: the chapter results from
    :func:`write_upstream` (other notebooks are not given it). ``results_only`` runs it for
    its results.json alone: no table or chart is made, shown or written (a sweep's points:
    making every chart in every language costs more than some chapters' calculations).
    A run's chart pictures are drawn afterwards, by whoever needs them (gaplib.engine.pictures).
    ``progress`` shows a bar of the cells executed on the terminal (``gaplib run``; a build shows its own).
    """
    params, key = prepare(chapter, overrides, upstream, results_only)
    if not force:
        cached = _cached_run(chapter, params, key, cache_dir)
        if cached is not None:
            return cached
    return execute_chapter(chapter, chapter_notebook(chapter), params, key, cache_dir, timeout,
                           _given(chapter, upstream), results_only=results_only, progress=progress)


def run_chapters(
    requests: Mapping[str, Mapping[str, Any]],
    *,
    cache_dir: Path = DEFAULT_CACHE_DIR,
    force: bool = False,
    jobs: int | None = None,
    timeout: int = DEFAULT_TIMEOUT_SECONDS,
    on_done: Callable[[ChapterRun], None] | None = None,
    upstream: Path | None = None,
    pool: Executor | None = None,
) -> dict[str, ChapterRun]:
    """Execute several chapters in parallel; return {chapter: ChapterRun} in request order.

    Every chapter's parameters are validated before any executes. Chapters that fail
    do not stop the others; afterwards ChapterFailed is raised naming all of them.
    ``on_done`` is called once per chapter as it finishes (for progress display).
    ``pool`` is a process pool to run in (a build shares one, so its workers' warm
    kernels serve every run); without it a pool of ``jobs`` workers is made.
    """
    validated = {chapter: validate_params(chapter, overrides).model_dump() for chapter, overrides in requests.items()}
    prepared = {chapter: (params, _key(chapter, params, upstream)) for chapter, params in validated.items()}
    runs: dict[str, ChapterRun] = {}
    stale: dict[str, tuple[dict[str, Any], str]] = {}
    for chapter, (params, key) in prepared.items():
        cached = None if force else _cached_run(chapter, params, key, cache_dir)
        if cached is None:
            stale[chapter] = (params, key)
        else:
            runs[chapter] = cached
            if on_done:
                on_done(cached)

    failures: list[ChapterFailed] = []
    workers = max(1, min(jobs or os.cpu_count() or 1, len(stale) or 1))
    if stale:
        with ExitStack() as stack:
            if pool is None:
                pool = stack.enter_context(worker_pool(workers))
            futures = {
                pool.submit(execute_chapter, chapter, chapter_notebook(chapter), params, key, cache_dir, timeout,
                            _given(chapter, upstream)): chapter
                for chapter, (params, key) in stale.items()
            }
            for future in as_completed(futures):
                try:
                    run = future.result()
                except ChapterFailed as exc:
                    failures.append(exc)
                    continue
                runs[run.chapter] = run
                if on_done:
                    on_done(run)
    if failures:
        detail = "\n\n".join(str(exc) for exc in sorted(failures, key=lambda e: e.chapter))
        raise ChapterFailed(", ".join(sorted(e.chapter for e in failures)), detail)
    return {chapter: runs[chapter] for chapter in requests}


def export_run(run: ChapterRun, out_dir: Path) -> list[Path]:
    """Copy a run's notebook, results.json, tables and chart files (pictures in every language, drawn first
    where missing) into ``out_dir``; return the paths written."""
    if out_dir.resolve() in (CHAPTERS_DIR.resolve(), PAGES_DIR.resolve()):
        raise ValueError("refusing to write executed notebooks into chapters/ or pages/")
    draw_missing(run.directory)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for path in run.outputs():
        target = out_dir / path.name
        try:
            written.append(Path(shutil.copy2(path, target)))
        except OSError as exc:  # a full disk: the file that could not be written, not the cache's copy
            target.unlink(missing_ok=True)
            raise OSError(exc.errno, exc.strerror or str(exc), str(target.resolve())) from None
    return written

"""Executing chapters with papermill, through the content-hash cache.

The one execution path of the project: ``gaplib run``, ``gaplib build`` and the
tests all come here. Parameters are validated before anything executes; an executed
chapter is stored in the cache under its key with its ``results.json`` and the log
of data files it read, and reused while none of them changed.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import platform
import shutil
import tempfile
import time
from collections.abc import Callable, Mapping
from concurrent.futures import Executor, as_completed
from contextlib import ExitStack
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

import nbformat

from gaplib import __version__
from gaplib.engine import kernels
from gaplib.engine.lifecycle import worker_pool
from gaplib.engine.cache import PROJECT_DIR, combine, parse_read_log, reads_unchanged, run_key, sha256_file
from gaplib.params import PAGES, validate_params
from gaplib.engine.provenance import (
    ARTIFACT_DIR_ENV, ARTIFACT_PREFIX_ENV, CHAPTER_RESULTS_ENV, READ_LOG_ENV, RECORD_CELL_SOURCE, SWEEPS_KEY,
)
from gaplib.engine.results import glued_values

CHAPTERS_DIR = PROJECT_DIR / "chapters"
PAGES_DIR = PROJECT_DIR / "pages"
DEFAULT_CACHE_DIR = PROJECT_DIR / "_build" / "cache"
DEFAULT_TIMEOUT_SECONDS = 600
RESERVED_KEYS = ("chapter", "parameters", "data", "modules", "versions", "executed_at", "cache_key")
VERSIONED_PACKAGES = (
    "altair", "jupyter-book", "myst-nb", "numpy", "pandas", "pandera", "papermill",
    "pydantic", "statsmodels", "vl-convert-python",
)
HIDDEN_CELL_TAGS = ("parameters", "injected-parameters")
UPSTREAM_OMITTED = ("executed_at", "cache_key", "data", "modules", "versions")


class ChapterFailed(RuntimeError):
    """A chapter raised or timed out while executing; the message ends with its traceback."""

    def __init__(self, chapter: str, detail: str):
        super().__init__(f"chapter {chapter!r} failed:\n{detail}")
        self.chapter = chapter
        self.detail = detail

    def __reduce__(self):
        # Rebuilt from both fields when it crosses a process boundary.
        return (type(self), (self.chapter, self.detail))


@dataclass(frozen=True)
class ChapterRun:
    """One chapter execution (fresh or reused) as stored in the cache."""

    chapter: str
    parameters: dict[str, Any]
    key: str
    directory: Path
    cached: bool
    seconds: float = 0.0
    results: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def notebook(self) -> Path:
        """Path of the executed notebook in the cache."""
        return self.directory / f"{self.chapter}.ipynb"

    @property
    def results_file(self) -> Path:
        """Path of the chapter's results.json in the cache."""
        return self.directory / f"{self.chapter}.results.json"

    def outputs(self) -> list[Path]:
        """The files a reader gets: executed notebook, results.json, then any tables (sorted)."""
        tables = sorted(self.directory.glob(f"{self.chapter}.*.csv"))
        return [self.notebook, self.results_file, *tables]


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


def package_versions() -> dict[str, str]:
    """Return the versions of Python, gaplib and the packages that shape results."""
    return dict(_installed_versions())


@functools.lru_cache(maxsize=1)  # reading package metadata takes ~0.2 s; installs do not change mid-process
def _installed_versions() -> tuple[tuple[str, str], ...]:
    versions = {"python": platform.python_version(), "gaplib": __version__}
    for name in VERSIONED_PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return tuple(versions.items())


def _traceback_tail(exc: BaseException, lines: int = 12) -> str:
    text = str(exc)
    tail = [line for line in text.splitlines() if line.strip()][-lines:]
    return "\n".join(tail) or type(exc).__name__


def _hide_parameter_cells(notebook: nbformat.NotebookNode) -> None:
    # Readers see the narrative; the parameters are listed in results.json and `gaplib params`.
    for cell in notebook.cells:
        tags = cell.metadata.setdefault("tags", [])
        if any(tag in tags for tag in HIDDEN_CELL_TAGS) and "remove-cell" not in tags:
            tags.append("remove-cell")


def _split_reads(reads: dict[str, str]) -> dict[str, dict[str, str]]:
    """Return {"data": data files read, "modules": gaplib modules imported}, path -> sha256."""
    package = str(PROJECT_DIR / "gaplib")
    modules = {path: digest for path, digest in reads.items() if path.startswith(package)}
    data = {path: digest for path, digest in reads.items() if path not in modules}
    return {"data": data, "modules": modules}


def _with_record_cell(notebook: Path, work: Path) -> Path:
    # A hidden last cell logs the gaplib modules the chapter imported (see gaplib.engine.provenance).
    source = nbformat.read(notebook, as_version=4)
    cell = nbformat.v4.new_code_cell(RECORD_CELL_SOURCE, metadata={"tags": ["remove-cell"]})
    source.cells.append(cell)
    path = work / f"source-{notebook.name}"
    nbformat.write(source, path)
    return path


def _ready_kernel(chapter: str, environment: dict[str, str], cwd: Path) -> kernels.WarmKernel:
    """Return this worker's warm kernel, reset for ``chapter``; a kernel that fails is replaced once."""
    for attempt in (1, 2):
        try:
            kernel = kernels.acquire()
            kernel.prepare(environment, cwd)
            return kernel
        except kernels.KernelError as exc:
            kernels.discard()
            if attempt == 2:
                raise ChapterFailed(chapter, f"could not start a Python kernel: {exc}") from None
    raise AssertionError("unreachable")


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


def _execute(chapter: str, params: dict[str, Any], key: str, cache_dir: Path, timeout: int,
             upstream: Path | None = None) -> ChapterRun:
    kernels.prestart()  # the kernel boots while papermill is imported and the notebook prepared
    import papermill

    started = time.perf_counter()
    (cache_dir / chapter).mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{key[:12]}-", dir=cache_dir / chapter))
    try:
        read_log = work / "reads.tsv"
        read_log.touch()
        output = work / f"{chapter}.ipynb"
        environment = {READ_LOG_ENV: str(read_log), ARTIFACT_DIR_ENV: str(work), ARTIFACT_PREFIX_ENV: chapter,
                       CHAPTER_RESULTS_ENV: str(upstream or "")}
        kernel = _ready_kernel(chapter, environment, chapter_notebook(chapter).parent)
        try:
            papermill.execute_notebook(
                str(_with_record_cell(chapter_notebook(chapter), work)), str(output), parameters=params,
                kernel_name=kernels.KERNEL_NAME, km=kernel.km, execution_timeout=timeout, progress_bar=False,
                log_output=False, request_save_on_cell_execute=False,  # one write at the end, not one per cell
            )
        except Exception as exc:  # papermill raises many types; all mean the chapter failed
            kernels.discard()  # a failed or timed-out run may leave the kernel busy or damaged
            raise ChapterFailed(chapter, _traceback_tail(exc)) from None
        finally:
            kernel.after_run()

        notebook = nbformat.read(output, as_version=4)
        notebook.cells = [c for c in notebook.cells if c.source != RECORD_CELL_SOURCE]
        _hide_parameter_cells(notebook)
        nbformat.write(notebook, output)
        values = glued_values(notebook)
        clash = sorted(set(values) & set(RESERVED_KEYS))
        if clash:
            raise ChapterFailed(chapter, f"glue names {clash} are reserved for results.json metadata")
        results = {
            **values,
            "chapter": chapter,
            "parameters": params,
            **_split_reads(parse_read_log(read_log.read_text())),
            "versions": package_versions(),
            "executed_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            "cache_key": key,
        }
        (work / f"{chapter}.results.json").write_text(json.dumps(results, indent=2, sort_keys=True) + "\n")

        final = cache_dir / chapter / key
        if final.exists():
            shutil.rmtree(final)
        os.replace(work, final)
    finally:
        if work.exists():
            shutil.rmtree(work, ignore_errors=True)
    seconds = time.perf_counter() - started
    return ChapterRun(chapter, params, key, final, cached=False, seconds=seconds, results=results)


def prepare(chapter: str, overrides: Mapping[str, Any] | None = None,
            upstream: Path | None = None) -> tuple[dict[str, Any], str]:
    """Validate ``overrides`` for ``chapter``; return (parameters, cache key).

    A page's key also covers the chapter results it summarises (``upstream``).
    Raises gaplib.params.ParameterError before anything executes.
    """
    params = validate_params(chapter, overrides).model_dump()
    return params, _key(chapter, params, upstream)


def _key(chapter: str, params: dict[str, Any], upstream: Path | None) -> str:
    if chapter in PAGES and upstream is None:
        raise ValueError(f"page {chapter!r} summarises the chapters: give it their results (upstream)")
    keyed = {**params, "__upstream__": sha256_file(upstream)} if chapter in PAGES else params
    return run_key(chapter_notebook(chapter), keyed)


def cached_run(chapter: str, overrides: Mapping[str, Any] | None = None, *,
               cache_dir: Path = DEFAULT_CACHE_DIR, upstream: Path | None = None) -> ChapterRun | None:
    """Return the cached execution of ``chapter`` with ``overrides`` if it is still valid, else None.

    Nothing executes; parameters are validated as for :func:`run_chapter`.
    """
    params, key = prepare(chapter, overrides, upstream)
    return _cached_run(chapter, params, key, cache_dir)


def run_chapter(
    chapter: str,
    overrides: Mapping[str, Any] | None = None,
    *,
    cache_dir: Path = DEFAULT_CACHE_DIR,
    force: bool = False,
    timeout: int = DEFAULT_TIMEOUT_SECONDS,
    upstream: Path | None = None,
) -> ChapterRun:
    """Return the execution of ``chapter`` with ``overrides``, reusing the cache when valid.

    Pages (``gaplib.params.PAGES``) need ``upstream``: the chapter results from
    :func:`write_upstream`.
    """
    params, key = prepare(chapter, overrides, upstream)
    if not force:
        cached = _cached_run(chapter, params, key, cache_dir)
        if cached is not None:
            return cached
    return _execute(chapter, params, key, cache_dir, timeout, upstream)


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
                pool.submit(_execute, chapter, params, key, cache_dir, timeout, upstream): chapter
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
    """Copy a run's notebook, results.json and tables into ``out_dir``; return the paths written."""
    if out_dir.resolve() in (CHAPTERS_DIR.resolve(), PAGES_DIR.resolve()):
        raise ValueError("refusing to write executed notebooks into chapters/ or pages/")
    out_dir.mkdir(parents=True, exist_ok=True)
    return [Path(shutil.copy2(path, out_dir / path.name)) for path in run.outputs()]

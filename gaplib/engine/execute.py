"""Executing one chapter with papermill in a warm kernel, and storing the run in the cache.

An execution writes the executed notebook, its ``results.json`` (the glued values plus
the parameters, the data files and gaplib modules read, package versions and the cache
key) and the read log into ``cache_dir/<chapter>/<key>/``, replacing the folder whole.
Which runs are still valid, and running several, is :mod:`gaplib.engine.runner`.
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
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

import nbformat

from gaplib import __version__
from gaplib.engine import kernels, timeline, warm_kernel
from gaplib.engine.cache import PROJECT_DIR, parse_read_log
from gaplib.engine.provenance import (
    ARTIFACT_DIR_ENV, ARTIFACT_PATTERNS, ARTIFACT_PREFIX_ENV, CHAPTER_RESULTS_ENV, READ_LOG_ENV, RECORD_CELL_SOURCE,
    RESULTS_ONLY_ENV, RUN_PARAMETERS_ENV,
)
from gaplib.engine.results import glued_values

RESERVED_KEYS = ("chapter", "parameters", "data", "modules", "versions", "executed_at", "cache_key")
VERSIONED_PACKAGES = (
    "altair", "jupyter-book", "myst-nb", "numpy", "pandas", "pandera", "papermill",
    "pydantic", "statsmodels", "vl-convert-python",
)
HIDDEN_CELL_TAGS = ("parameters", "injected-parameters")


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
        """The files a reader gets: executed notebook, results.json, then tables and chart files (sorted)."""
        files = sorted(path for pattern in ARTIFACT_PATTERNS
                       for path in self.directory.glob(f"{self.chapter}.{pattern}"))
        return [self.notebook, self.results_file, *files]


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


def _ready_kernel(chapter: str, environment: dict[str, str], notebook: Path) -> warm_kernel.WarmKernel:
    """Return this worker's warm kernel, reset for ``chapter``; a kernel that fails is replaced once."""
    for attempt in (1, 2):
        try:
            kernel = kernels.acquire()
            kernel.prepare(environment, notebook.parent, notebook)
            return kernel
        except warm_kernel.KernelError as exc:
            kernels.discard()
            if attempt == 2:
                raise ChapterFailed(chapter, f"could not start a Python kernel: {exc}") from None
    raise AssertionError("unreachable")


def execute_chapter(chapter: str, notebook: Path, params: dict[str, Any], key: str, cache_dir: Path, timeout: int,
                    upstream: Path | None = None, *, results_only: bool = False, progress: bool = False) -> ChapterRun:
    """Execute ``notebook`` as ``chapter`` with ``params``; return its run, stored under ``key``.

    Raises ChapterFailed when the chapter raises, times out or glues a reserved name.
    ``upstream`` is the chapters' results a page summarises. ``results_only`` runs it
    for its glued values alone: gaplib.present.publish then makes and writes no table, chart or
    translation, and the executed notebook shows none. ``progress`` shows a bar of the cells executed (tqdm,
    on standard error).
    """
    kernels.prestart()  # the kernel boots while papermill is imported and the notebook prepared
    import papermill

    started = time.perf_counter()
    (cache_dir / chapter).mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{key[:12]}-", dir=cache_dir / chapter))
    try:
        read_log = work / "reads.tsv"
        read_log.touch()
        output = work / f"{chapter}.ipynb"
        environment = {READ_LOG_ENV: str(read_log), ARTIFACT_DIR_ENV: "" if results_only else str(work),
                       ARTIFACT_PREFIX_ENV: chapter, CHAPTER_RESULTS_ENV: str(upstream or ""),
                       RUN_PARAMETERS_ENV: json.dumps(params, default=str),
                       RESULTS_ONLY_ENV: "1" if results_only else ""}
        waited = time.time()
        kernel = _ready_kernel(chapter, environment, notebook)
        timeline.record(f"kernel ready {chapter}", waited, time.time(), chapter=chapter, kernel_runs=kernel.runs,
                        kept_modules=kernel.kept_modules)
        try:
            papermill.execute_notebook(
                str(_with_record_cell(notebook, work)), str(output), parameters=params,
                kernel_name=warm_kernel.KERNEL_NAME, km=kernel.km, execution_timeout=timeout,
                progress_bar={"desc": chapter, "unit": "cell"} if progress else False,
                log_output=False, request_save_on_cell_execute=False,  # one write at the end, not one per cell
            )
        except Exception as exc:  # papermill raises many types; all mean the chapter failed
            kernels.discard()  # a failed or timed-out run may leave the kernel busy or damaged
            raise ChapterFailed(chapter, _traceback_tail(exc)) from None
        finally:
            kernel.after_run()

        executed = nbformat.read(output, as_version=4)
        timeline.record_cells(chapter, executed)
        executed.cells = [c for c in executed.cells if c.source != RECORD_CELL_SOURCE]
        _hide_parameter_cells(executed)
        nbformat.write(executed, output)
        values = glued_values(executed)
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
        kernel.remember(notebook, results["modules"])  # a next run of this notebook may keep them imported
        (work / f"{chapter}.results.json").write_text(json.dumps(results, indent=2, sort_keys=True) + "\n")

        final = cache_dir / chapter / key
        if final.exists():
            shutil.rmtree(final)
        os.replace(work, final)
    finally:
        if work.exists():
            shutil.rmtree(work, ignore_errors=True)
    seconds = time.perf_counter() - started
    timeline.record(f"run {chapter}", time.time() - seconds, time.time(), chapter=chapter, key=key[:12])
    return ChapterRun(chapter, params, key, final, cached=False, seconds=seconds, results=results)

"""Parameter sweeps: many runs of one chapter over a grid of assumptions.

A grid file lists values per parameter (their cartesian product) and/or explicit
rows. Every point is validated before any runs. Each point goes through the same
runner and cache as ``gaplib run`` and writes its outputs into its own folder; a
tidy table (``sweep.parquet`` and ``sweep.csv``) has one row per point. Points run
in a local process pool or, given a scheduler address, on a Dask cluster. Re-running
the same sweep re-executes only the points that have no good result yet, or whose
result is stale (gaplib.engine.sweep_store: a point is reused only while what it was
computed from is unchanged; a sweep folder is the sweep's own).
"""

from __future__ import annotations

import itertools
import json
import math
import os
import shutil
import tempfile
import time
import traceback
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import FIRST_COMPLETED, Executor, wait
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from gaplib.engine.cache import params_digest, parse_read_log
from gaplib.engine.lifecycle import worker_pool
from gaplib.engine.runner import DEFAULT_CACHE_DIR, ChapterFailed, cached_run, export_run, run_chapter
from gaplib.engine.sweep_store import FINGERPRINT_KEYS, POINT_FILE, SWEEP_MARKER, claim_sweep_dir, is_fresh, stored_row
from gaplib.params import ParameterError, validate_params

__all__ = ["SWEEP_MARKER", "claim_sweep_dir", "completed_row", "expand_grid", "is_fresh", "run_sweep"]
STATUS_OK = "ok"
STATUS_FAILED = "failed"


@dataclass(frozen=True)
class SweepPoint:
    """One validated point: its index in the grid, its full parameters and its id."""

    index: int
    parameters: dict[str, Any]

    @property
    def point_id(self) -> str:
        """Short, stable id derived from the validated parameters."""
        return params_digest(self.parameters)[:12]


#: Points a grid may describe unless the caller allows more (``gaplib sweep --max-points``).
MAX_POINTS = 100_000


def expand_grid(grid: Mapping[str, Any], max_points: int = MAX_POINTS) -> list[dict[str, Any]]:
    """Return the points of a grid description, in order.

    ``grid`` has ``grid`` (a mapping name -> list of values; their cartesian product)
    and/or ``rows`` (a list of mappings name -> value). ParameterError otherwise, and
    when the grid describes more than ``max_points`` points (counted before any is made).
    """
    if not isinstance(grid, Mapping) or not ({"grid", "rows"} & set(grid)):
        raise ParameterError("a grid file needs a 'grid' mapping (name: [values]) and/or a 'rows' list")
    unknown = sorted(set(grid) - {"grid", "rows"})
    if unknown:
        raise ParameterError(f"unknown keys {unknown} in the grid file; use 'grid' and/or 'rows'")
    points: list[dict[str, Any]] = []
    product = grid.get("grid") or {}
    if not isinstance(product, Mapping):
        raise ParameterError("'grid' must map parameter names to lists of values")
    for name, values in product.items():
        if not isinstance(values, list) or not values:
            raise ParameterError(f"grid parameter {name!r} needs a non-empty list of values, got {values!r}")
    rows = grid.get("rows") or []
    count = math.prod(len(values) for values in product.values()) if product else 0
    count += len(rows) if isinstance(rows, list) else 0
    if count > max_points:
        raise ParameterError(f"the grid describes {count:,} points, more than the maximum of {max_points:,}; "
                             "split it, or allow more with --max-points")
    if product:
        names = list(product)
        points += [dict(zip(names, combo)) for combo in itertools.product(*(product[n] for n in names))]
    if not isinstance(rows, list) or not all(isinstance(row, Mapping) for row in rows):
        raise ParameterError("'rows' must be a list of mappings name -> value")
    points += [dict(row) for row in rows]
    if not points:
        raise ParameterError("the grid describes no points")
    return points


def validate_points(chapter: str, points: Iterable[Mapping[str, Any]]) -> list[SweepPoint]:
    """Return every point validated against the chapter's schema, duplicates removed.

    Raises ParameterError naming the first bad point (index and values) before anything runs.
    """
    validated: list[SweepPoint] = []
    seen: set[str] = set()
    for index, point in enumerate(points):
        try:
            params = validate_params(chapter, point).model_dump()
        except ParameterError as exc:
            raise ParameterError(f"grid point {index} {dict(point)!r} is invalid:\n{exc}") from None
        candidate = SweepPoint(index, params)
        if candidate.point_id not in seen:
            seen.add(candidate.point_id)
            validated.append(candidate)
    return validated


def _numeric_results(results: Mapping[str, Any]) -> dict[str, Any]:
    return {
        f"result.{name}": value for name, value in results.items()
        if isinstance(value, int | float) and not isinstance(value, bool)
    }


def _row(chapter: str, point: SweepPoint, status: str, error: str, seconds: float,
         results: Mapping[str, Any] | None) -> dict[str, Any]:
    row: dict[str, Any] = {"chapter": chapter, "point_id": point.point_id, "point_index": point.index}
    row.update({f"param.{name}": value for name, value in point.parameters.items()})
    row.update(_numeric_results(results or {}))
    row.update({"status": status, "error": error, "duration_s": seconds})
    return row


def run_point(chapter: str, point: SweepPoint, out_dir: str, cache_dir: str,
              timeout: int = 600, results_only: bool = False) -> dict[str, Any]:
    """Run one point and write its outputs into ``out_dir/<point id>``; return its table row.

    ``results_only`` runs the chapter for its results alone, without tables and charts
    (gaplib.engine.runner.run_chapter).

    A failure is returned as a row with status "failed" and the error, never raised,
    so the sweep goes on. Outputs are written into a temporary folder and moved into
    place only when complete, so an interruption never leaves a partial result.
    """
    started = time.perf_counter()
    target = Path(out_dir) / point.point_id
    try:
        run = run_chapter(chapter, point.parameters, cache_dir=Path(cache_dir), timeout=timeout,
                          results_only=results_only)
    except (ChapterFailed, ParameterError) as exc:
        error = str(exc).strip().splitlines()[-1] if str(exc).strip() else type(exc).__name__
        return _row(chapter, point, STATUS_FAILED, error, time.perf_counter() - started, None)
    except Exception as exc:  # a worker must report, not die, whatever went wrong
        error = "".join(traceback.format_exception_only(type(exc), exc)).strip()
        return _row(chapter, point, STATUS_FAILED, error, time.perf_counter() - started, None)
    seconds = time.perf_counter() - started
    row = _row(chapter, point, STATUS_OK, "", seconds, run.results)
    work = Path(tempfile.mkdtemp(prefix=f".{point.point_id}-", dir=out_dir))
    export_run(run, work)
    reads_file = run.directory / "reads.tsv"
    reads = parse_read_log(reads_file.read_text()) if reads_file.is_file() else {}
    stored = {**row, "run_key": run.key, "reads": reads}
    (work / POINT_FILE).write_text(json.dumps(stored, indent=2, sort_keys=True, default=str) + "\n")
    if target.exists():
        shutil.rmtree(target)
    os.replace(work, target)
    return row


def result_row(chapter: str, point: SweepPoint, results: Mapping[str, Any]) -> dict[str, Any]:
    """Return the table row of a point that ran well, from its results."""
    return _row(chapter, point, STATUS_OK, "", 0.0, results)


def completed_row(out_dir: Path, point: SweepPoint, chapter: str | None = None,
                  results_only: bool = False) -> dict[str, Any] | None:
    """Return the table row of a point that already has a good and fresh result, else None."""
    stored = stored_row(out_dir, point)
    if stored is None or not is_fresh(stored, chapter or stored.get("chapter", ""), point, results_only):
        return None
    return {name: value for name, value in stored.items() if name not in FINGERPRINT_KEYS}


def sweep_table(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """Return the sweep table: one row per point, in grid order."""
    return pd.DataFrame(rows).sort_values("point_index", ignore_index=True)


def cached_rows(chapter: str, points: list[SweepPoint], cache_dir: Path,
                results_only: bool = False) -> list[dict[str, Any]] | None:
    """Return every point's row from the chapter cache, or None if any point would have to execute."""
    rows = []
    for point in points:
        run = cached_run(chapter, point.parameters, cache_dir=cache_dir, results_only=results_only)
        if run is None:
            return None
        rows.append(result_row(chapter, point, run.results))
    return rows


def write_table(rows: list[dict[str, Any]], out_dir: Path) -> pd.DataFrame:
    """Write ``sweep.parquet`` and ``sweep.csv`` (one row per point, in grid order); return the frame."""
    table = sweep_table(rows)
    for name, writer in (("sweep.parquet", table.to_parquet), ("sweep.csv", table.to_csv)):
        partial = out_dir / f".{name}.partial"
        writer(partial, index=False)
        os.replace(partial, out_dir / name)
    return table


def run_sweep(
    chapter: str,
    grid: Mapping[str, Any],
    out_dir: Path,
    *,
    jobs: int | None = None,
    scheduler: str | None = None,
    cache_dir: Path = DEFAULT_CACHE_DIR,
    on_done: Callable[[dict[str, Any]], None] | None = None,
    pool: Executor | None = None,
    results_only: bool = False,
    max_points: int = MAX_POINTS,
) -> pd.DataFrame:
    """Run every point of ``grid`` for ``chapter``; return the sweep table (also written to disk).

    Points with a good and fresh stored result in ``out_dir`` are not run again; stale
    ones (:func:`is_fresh`) are, and their number is in the table's ``attrs["stale"]``.
    ``out_dir`` must be new, empty or a sweep folder (:func:`claim_sweep_dir`). ``scheduler``
    (``tcp://host:port``) runs the points on that Dask cluster instead of a local pool;
    ``pool`` runs them in a process pool the caller already has (the book build's).
    ``results_only`` keeps each point's results.json and its notebook, without tables or
    charts, and writes no table or chart files (the table needs only the results). A worker
    runs its points back to back in its warm kernel, which keeps the chapter's gaplib
    modules from one point to the next.
    """
    points = validate_points(chapter, expand_grid(grid, max_points))
    out_dir = claim_sweep_dir(Path(out_dir).resolve())
    rows: list[dict[str, Any]] = []
    pending: list[SweepPoint] = []
    stale = 0
    for point in points:
        stored = completed_row(out_dir, point, chapter, results_only)
        if stored is None:
            stale += stored_row(out_dir, point) is not None
            pending.append(point)
        else:
            stored["point_index"] = point.index
            rows.append(stored)
            if on_done:
                on_done(stored)

    args = (str(out_dir), str(Path(cache_dir).resolve()), 600, results_only)
    if pending and scheduler:
        from distributed import Client
        from distributed import as_completed as dask_as_completed

        with Client(scheduler, timeout="30s") as client:
            futures = [client.submit(run_point, chapter, point, *args, pure=False) for point in pending]
            for future in dask_as_completed(futures):
                rows.append(future.result())
                if on_done:
                    on_done(rows[-1])
    elif pending:
        workers = max(1, min(jobs or os.cpu_count() or 1, len(pending)))
        with ExitStack() as stack:
            if pool is None:
                pool = stack.enter_context(worker_pool(workers))
            # At most one point per worker is queued at a time, so that work queued later in a
            # shared pool (the build's pages) runs beside the sweep instead of after all of it.
            waiting = iter(pending)
            futures = {pool.submit(run_point, chapter, point, *args) for point in itertools.islice(waiting, workers)}
            while futures:
                done, futures = wait(futures, return_when=FIRST_COMPLETED)
                for future in done:
                    rows.append(future.result())
                    if on_done:
                        on_done(rows[-1])
                    following = next(waiting, None)
                    if following is not None:
                        futures.add(pool.submit(run_point, chapter, following, *args))
    table = write_table(rows, out_dir)
    table.attrs["stale"] = stale
    return table

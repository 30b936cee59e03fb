"""Chart pictures, SVG and PNG, drawn from the chart specs a run wrote, for the editions that need them.

A chapter's kernel does not draw its charts: gaplib.publish writes each chart's Vega-Lite
spec beside results.json, ``<chapter>.<chart>.vl.json`` in English and
``<chapter>.<chart>.<language>.vl.json`` in each translation, and the pictures are drawn
from those afterwards, by whoever needs them: ``gaplib run`` and sweeps for every
language (:func:`gaplib.engine.runner.export_run`), a book's stage for its own edition
(gaplib.engine.book). A build of the English edition draws no Chinese picture, and a
build draws its pictures in a process of its own (:class:`PictureProcess`), at a lower
priority than the kernels, while other chapters still execute.

Charts are drawn by vl-convert in a spawned process, not in the caller's: its runtime does
not survive a fork, and a process forked from one that had drawn (a build's or a sweep's
workers) would hang on its first picture. Only a daemonic process (a dask worker), which
may start no child, draws in itself.

A picture is written beside its spec (``.svg``, and ``.png`` at twice the chart's size),
each file whole or not at all, so a killed build leaves no half picture that a later one
would take for drawn.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import threading
from collections.abc import Iterable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

from gaplib.engine import lifecycle
from gaplib.i18n import ENGLISH, LANGUAGES, TRANSLATIONS

SPEC_SUFFIX = ".vl.json"
PICTURE_SUFFIXES = (".svg", ".png")
#: How much lower than the kernels the picture process runs (os.nice): it works when a core is free.
NICENESS = 10


class PictureError(RuntimeError):
    """A chart's spec could not be read or drawn."""


def spec_language(spec: Path) -> str:
    """Return the language of a chart spec: the tag before ``.vl.json`` when it is a translation's, else English."""
    tag = spec.name[: -len(SPEC_SUFFIX)].rpartition(".")[2]
    return tag if tag in TRANSLATIONS else ENGLISH


def picture_paths(spec: Path) -> tuple[Path, Path]:
    """Return the SVG and PNG drawn from ``spec`` (beside it, ``.vl.json`` replaced)."""
    stem = spec.name[: -len(SPEC_SUFFIX)]
    return tuple(spec.with_name(stem + suffix) for suffix in PICTURE_SUFFIXES)  # type: ignore[return-value]


def edition_specs(directory: Path, language: str) -> list[Path]:
    """Return the chart specs in ``directory`` whose pictures the edition in ``language`` shows (sorted).

    A chart's own spec in that language; a chart without one keeps its English picture.
    """
    specs = sorted(directory.glob(f"*{SPEC_SUFFIX}")) if directory.is_dir() else []
    names = {spec.name for spec in specs}
    return [spec for spec in specs if spec_language(spec) == language or (
        spec_language(spec) == ENGLISH and f"{spec.name[: -len(SPEC_SUFFIX)]}.{language}{SPEC_SUFFIX}" not in names)]


def undrawn(directory: Path, languages: Sequence[str] = LANGUAGES) -> list[Path]:
    """Return the chart specs in ``directory`` that the editions in ``languages`` show (:func:`edition_specs`)
    and whose pictures are missing (sorted)."""
    shown = {spec for language in languages for spec in edition_specs(directory, language)}
    return sorted(spec for spec in shown if not all(path.is_file() for path in picture_paths(spec)))


def draw(spec: Path) -> tuple[Path, Path]:
    """Draw ``spec`` as SVG and as PNG at twice its size in pixels; return the two files.

    Raises PictureError naming the spec when it cannot be read or drawn.
    """
    import vl_convert

    try:
        svg = vl_convert.vegalite_to_svg(json.loads(spec.read_text(encoding="utf-8")))
        # Rasterised from the SVG: the same bytes as vegalite_to_png, without laying the chart out again.
        png = vl_convert.svg_to_png(svg, scale=2)
    except (ValueError, OSError) as exc:  # vl_convert reports a chart it cannot draw as ValueError
        raise PictureError(f"could not draw the chart in {spec}: {str(exc).splitlines()[0]}") from None
    svg_path, png_path = picture_paths(spec)
    for path, data in ((svg_path, svg.encode()), (png_path, png)):
        partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
        partial.write_bytes(data)
        os.replace(partial, path)
    return svg_path, png_path


def _start(parent_pid: int, niceness: int) -> None:
    lifecycle.watch_parent(parent_pid)
    if niceness:
        os.nice(niceness)


def _drawing_process(niceness: int = 0) -> ProcessPoolExecutor:
    # Spawned, not forked: see the module's docstring; and a build submits from its threads.
    return ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"), initializer=_start,
                               initargs=(os.getpid(), niceness))


class _Drawer:
    """This process's own drawing process: spawned on first use, a daemon (stopped, not waited for, when
    this process ends, as a forked worker's children must be), kept for the next call."""

    def __init__(self) -> None:
        context = multiprocessing.get_context("spawn")
        self.connection, theirs = context.Pipe()
        self.process = context.Process(target=_serve, args=(theirs, os.getpid()), daemon=True)
        self.process.start()
        self._lock = threading.Lock()  # one request at a time on the pipe

    def draw(self, specs: Sequence[Path]) -> None:
        with self._lock:
            self.connection.send([str(spec) for spec in specs])
            error = self.connection.recv()  # None once all are drawn, else the first PictureError's message
        if error is not None:
            raise PictureError(error)


def _serve(connection, parent_pid: int) -> None:
    lifecycle.watch_parent(parent_pid)
    while True:
        try:
            specs = connection.recv()
        except EOFError:  # the caller is gone
            return
        try:
            for spec in specs:
                draw(Path(spec))
            connection.send(None)
        except PictureError as exc:
            connection.send(str(exc))


_DRAWERS: dict[int, _Drawer] = {}  # process id -> that process's drawing process


def draw_missing(directory: Path, languages: Sequence[str] = LANGUAGES) -> list[Path]:
    """Draw every picture of ``directory``'s charts in ``languages`` that is missing; return the specs drawn.

    They are drawn in this process's drawing process (:class:`_Drawer`), or in this process
    when it is a daemon, which may have no child process. Raises PictureError
    naming the spec that could not be drawn, or when the drawing process stopped.
    """
    specs = undrawn(directory, languages)
    if specs and multiprocessing.current_process().daemon:
        # A daemonic process (a dask worker) may have no children, nor fork one that could hang: drawn here.
        for spec in specs:
            draw(spec)
    elif specs:
        drawer = _DRAWERS.get(os.getpid())
        if drawer is None:
            drawer = _DRAWERS[os.getpid()] = _Drawer()
        try:
            drawer.draw(specs)
        except (EOFError, OSError):  # the drawing process died (killed, out of memory): the next call starts another
            _DRAWERS.pop(os.getpid(), None)
            raise PictureError(f"the process drawing the charts in {directory} stopped unexpectedly") from None
    return specs


class PictureProcess:
    """One process of low priority that draws the pictures of runs as they come (:meth:`submit`).

    Started on first use; :meth:`wait` returns once everything submitted is drawn and
    raises the first drawing error. A spec submitted twice is drawn once.
    """

    def __init__(self) -> None:
        self._pool: ProcessPoolExecutor | None = None
        self._futures: list[Future] = []
        self._submitted: set[Path] = set()
        self._lock = threading.Lock()  # a build submits from the threads that run its notebooks

    def submit(self, directory: Path, languages: Iterable[str]) -> None:
        """Draw, in the background, the missing pictures in ``languages`` of the run in ``directory``."""
        with self._lock:
            specs = [spec for spec in undrawn(directory, tuple(languages)) if spec not in self._submitted]
            if not specs:
                return
            if self._pool is None:
                self._pool = _drawing_process(NICENESS)
            self._submitted.update(specs)
            self._futures += [self._pool.submit(draw, spec) for spec in specs]

    def wait(self) -> None:
        """Return when every submitted picture is drawn; raise the first error a drawing raised."""
        with self._lock:
            futures, self._futures = self._futures, []
        for future in futures:
            future.result()

    def close(self) -> None:
        with self._lock:
            if self._pool is not None:
                self._pool.shutdown(cancel_futures=True)
                self._pool = None

    def __enter__(self) -> PictureProcess:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

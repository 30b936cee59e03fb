"""Chart pictures, SVG and PNG, drawn from the chart specs a run wrote, for the editions that need them.

A chapter's kernel does not draw its charts: gaplib.present.publish writes each chart's Vega-Lite
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
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from gaplib.engine import lifecycle
from gaplib.present.i18n import ENGLISH, LANGUAGES, TRANSLATIONS

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

    Raises PictureError naming the spec when it cannot be read or drawn, or when no installed
    font covers its words (a picture of empty boxes; gaplib.engine.fonts).
    """
    import vl_convert

    from gaplib.engine.fonts import FONT_FIX, strings, uncovered

    try:
        chart = json.loads(spec.read_text(encoding="utf-8"))
    except (ValueError, OSError) as exc:
        raise PictureError(f"could not read the chart spec {spec}: {str(exc).splitlines()[0]}") from None
    missing = uncovered(strings(chart))
    if missing:
        raise PictureError(f"cannot draw {spec.name}: no installed font has {missing[:12]!r}; {FONT_FIX}")
    try:
        svg = vl_convert.vegalite_to_svg(chart)
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


class _Drawer:
    """A drawing process of this process's own: spawned, and a daemon (stopped, not waited for, when this
    process ends, as a forked worker's children must be); ``niceness`` lowers its priority (os.nice)."""

    def __init__(self, niceness: int = 0) -> None:
        context = multiprocessing.get_context("spawn")
        self.connection, theirs = context.Pipe()
        self.process = context.Process(target=_serve, args=(theirs, os.getpid(), niceness), daemon=True)
        self.process.start()
        self._lock = threading.Lock()  # one request at a time on the pipe

    def draw(self, specs: Sequence[Path]) -> None:
        """Draw ``specs``; raise PictureError naming the first that could not be drawn, or when the process died."""
        with self._lock:
            try:
                self.connection.send([str(spec) for spec in specs])
                error = self.connection.recv()  # None once all are drawn, else the first PictureError's message
            except (EOFError, OSError):  # killed, out of memory: the caller starts another
                error = f"the process drawing the charts in {specs[0].parent} stopped unexpectedly"
        if error is not None:
            raise PictureError(error)

    def close(self) -> None:
        """Stop the process at once (it keeps nothing: every picture is written whole or not at all)."""
        self.connection.close()
        self.process.terminate()
        self.process.join()


def _serve(connection, parent_pid: int, niceness: int) -> None:
    lifecycle.watch_parent(parent_pid)
    if niceness:
        os.nice(niceness)
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

    They are drawn in this process's drawing process (:class:`_Drawer`, started again if it
    died), or in this process when it is a daemon, which may have no child process. Raises
    PictureError naming the spec that could not be drawn, or when the drawing process stopped.
    """
    specs = undrawn(directory, languages)
    if specs and multiprocessing.current_process().daemon:
        # A daemonic process (a dask worker) may have no children, nor fork one that could hang: drawn here.
        for spec in specs:
            draw(spec)
    elif specs:
        drawer = _DRAWERS.get(os.getpid())
        if drawer is None or not drawer.process.is_alive():
            drawer = _DRAWERS[os.getpid()] = _Drawer()
        drawer.draw(specs)
    return specs


class PictureProcess:
    """A drawing process of low priority that draws the pictures of runs as they come (:meth:`submit`).

    Started on first use; :meth:`wait` returns once everything submitted is drawn and
    raises the first drawing error. A spec submitted twice is drawn once.
    """

    def __init__(self) -> None:
        self._drawer: _Drawer | None = None
        self._queue: ThreadPoolExecutor | None = None  # hands the drawer one run's specs after another
        self._futures: list[Future] = []
        self._submitted: set[Path] = set()
        self._lock = threading.Lock()  # a build submits from the threads that run its notebooks

    def submit(self, directory: Path, languages: Iterable[str]) -> None:
        """Draw, in the background, the missing pictures in ``languages`` of the run in ``directory``."""
        with self._lock:
            specs = [spec for spec in undrawn(directory, tuple(languages)) if spec not in self._submitted]
            if not specs:
                return
            if self._drawer is None:
                self._drawer, self._queue = _Drawer(NICENESS), ThreadPoolExecutor(1)
            self._submitted.update(specs)
            self._futures.append(self._queue.submit(self._drawer.draw, specs))

    def wait(self) -> None:
        """Return when every submitted picture is drawn; raise the first error a drawing raised."""
        with self._lock:
            futures, self._futures = self._futures, []
        for future in futures:
            future.result()

    def close(self) -> None:
        with self._lock:
            if self._drawer is not None:
                self._queue.shutdown(cancel_futures=True)
                self._drawer.close()
                self._drawer = self._queue = None

    def __enter__(self) -> PictureProcess:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

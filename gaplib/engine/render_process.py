"""A Jupyter Book render process kept warm: Jupyter Book, Sphinx and their extensions imported once.

Starting ``jupyter-book`` imports Jupyter Book, Sphinx, MyST-NB and the theme: about a
second before Sphinx reads a page. A build that executes chapters starts its render
processes (one per edition) as soon as the first chapter has run, so that the imports
happen while the others execute, and the editions render side by side; ``gaplib preview``
keeps one from one render to the next. Each render is the command line's own (``jupyter-book build ...``), run in that process
with its output captured; a render process that dies fails the render it was doing and
is replaced.
"""

from __future__ import annotations

import contextlib
import io
import multiprocessing
import os
import signal
import threading
import traceback
from collections.abc import Sequence
from concurrent.futures import BrokenExecutor, Future, ProcessPoolExecutor

from gaplib.engine import lifecycle


def jupyter_book_in_process(args: Sequence[str]) -> tuple[int, str, str]:
    """Run ``jupyter-book ARGS`` in this process; return (exit status, standard output, standard error)."""
    from jupyter_book.cli.main import main

    out, err = io.StringIO(), io.StringIO()
    status = 0
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            main.main(list(args), prog_name="jupyter-book", standalone_mode=False)
        except SystemExit as exc:
            status = exc.code if isinstance(exc.code, int) else 1
        except BaseException:  # Jupyter Book reports a failed render by raising; its cause is in the output
            status = 1
            traceback.print_exc()
    return status, out.getvalue(), err.getvalue()


def _start(parent_pid: int) -> None:
    lifecycle.ignore_interrupts()
    lifecycle.watch_parent(parent_pid)
    import jupyter_book.cli.main  # noqa: F401  (with Sphinx: what every render would import again)
    import myst_nb  # noqa: F401
    import sphinx_book_theme  # noqa: F401


class RenderProcess:
    """One warm process that runs Jupyter Book renders, one at a time; callable like :func:`jupyter_book_in_process`."""

    def __init__(self) -> None:
        self._pool, self._pid = self._new()

    @staticmethod
    def _new() -> tuple[ProcessPoolExecutor, Future]:
        # Spawned, not forked: a render process may be started from any thread of a build.
        pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"), initializer=_start,
                                   initargs=(os.getpid(),))
        return pool, pool.submit(os.getpid)  # the process starts and imports now, while the caller works

    def submit(self, function, *args) -> Future:
        """Run ``function(*args)`` in the render process."""
        return self._pool.submit(function, *args)

    def __call__(self, args: Sequence[str]) -> tuple[int, str, str]:
        try:
            return self._pool.submit(jupyter_book_in_process, list(args)).result()
        except BrokenExecutor:  # the process died (killed, out of memory): a new one for the next render
            self._pool.shutdown(wait=False)
            self._pool, self._pid = self._new()
            return 1, "", "ERROR: the render process stopped unexpectedly; the next render starts afresh\n"

    def close(self) -> None:
        """Stop the process at once: it keeps nothing to save, and waiting for its interpreter to wind down
        took a quarter of a second at the end of every build. A render under way is abandoned (its caller
        removes its work folder)."""
        if self._pid.done() and self._pid.exception() is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self._pid.result(), signal.SIGTERM)
        self._pool.shutdown(cancel_futures=True)

    def __enter__(self) -> RenderProcess:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


class RenderProcesses:
    """One render process per language, started together on demand and closed together."""

    def __init__(self, languages: Sequence[str]) -> None:
        self.languages = tuple(languages)
        self._processes: dict[str, RenderProcess] = {}
        self._lock = threading.Lock()

    def start(self) -> None:
        """Start the processes (once; later calls do nothing)."""
        with self._lock:
            if not self._processes:
                self._processes = {language: RenderProcess() for language in self.languages}

    @property
    def runs(self) -> dict[str, RenderProcess]:
        """{language: its render process}, empty when they were not started."""
        with self._lock:
            return dict(self._processes)

    def close(self) -> None:
        with self._lock:
            for process in self._processes.values():
                process.close()
            self._processes = {}

    def __enter__(self) -> RenderProcesses:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

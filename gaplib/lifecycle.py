"""Processes a build starts end with it, even when it is killed outright.

SIGKILL runs no handler in the killed process, so its children must notice by
themselves:

* pool workers watch their parent (:func:`worker_pool`); when it is gone they shut
  down their warm kernels, remove the kernels' connection files and exit;
* kernels watch the worker that started them (ipykernel's own parent poller, which
  jupyter_client enables by passing the parent's pid);
* a subprocess such as Jupyter Book's render or Chromium gets the platform's
  parent-death signal (:func:`die_with_parent`, Linux).

Kernel connection files go in a folder private to the process that starts the
kernels (:func:`connection_dir`); :func:`clean_stale_connection_dirs` removes those
of processes that no longer exist.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import signal
import sys
import tempfile
import threading
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

PARENT_POLL_SECONDS = 0.25
_PR_SET_PDEATHSIG = 1
CONNECTION_ROOT = Path(tempfile.gettempdir()) / "gaplib-kernels"


def pid_alive(pid: int) -> bool:
    """Return True when a process with this id exists."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        return True
    return True


def connection_dir(pid: int | None = None) -> Path:
    """Return (and make) the folder holding the kernel connection files of process ``pid`` (default: this one)."""
    folder = CONNECTION_ROOT / str(pid or os.getpid())
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def clean_stale_connection_dirs() -> list[Path]:
    """Remove the connection-file folders of processes that no longer exist; return them."""
    if not CONNECTION_ROOT.is_dir():
        return []
    removed = []
    for folder in CONNECTION_ROOT.iterdir():
        if folder.name.isdigit() and not pid_alive(int(folder.name)):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


def _leave_orphaned() -> None:
    from gaplib import kernels

    try:
        kernels.close_for_exit()
    finally:
        shutil.rmtree(CONNECTION_ROOT / str(os.getpid()), ignore_errors=True)
        os._exit(70)  # no clean-up of the pool's queues: the process that owned them is gone


def _watch_parent(parent_pid: int) -> None:
    def watch() -> None:
        stop = threading.Event()
        while not stop.wait(PARENT_POLL_SECONDS):
            if os.getppid() != parent_pid:
                _leave_orphaned()

    threading.Thread(target=watch, name="gaplib-parent-watch", daemon=True).start()


def worker_pool(max_workers: int) -> ProcessPoolExecutor:
    """Return a process pool whose workers exit (with their kernels) when this process dies.

    The workers are forked at once, from the calling thread. Forked lazily, on the first
    submit, they could be forked from a helper thread (a sweep queueing its points) while
    another thread held an import lock; the child then inherits that lock held by nobody
    and deadlocks at its first import of the same module.
    """
    pool = ProcessPoolExecutor(max_workers=max_workers, initializer=_watch_parent, initargs=(os.getpid(),))
    pool.submit(os.getpid).result()  # with the fork start method this launches every worker
    return pool


def die_with_parent() -> None:
    """``preexec_fn`` for a subprocess: it gets SIGKILL when the thread that started it ends (Linux).

    Use it only from a thread that lives as long as the process (the main thread).
    Elsewhere it does nothing.
    """
    if not sys.platform.startswith("linux"):
        return
    parent = os.getppid()
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before the signal was armed
        os._exit(70)

"""Processes a build starts end with it, even when it is killed outright.

SIGKILL runs no handler in the killed process, so its children must notice by
themselves:

* pool workers watch their parent (:func:`worker_pool`); when it is gone they shut
  down their warm kernels, remove the kernels' connection files and exit;
* kernels watch the worker that started them (ipykernel's own parent poller, which
  jupyter_client enables by passing the parent's pid);
* a subprocess such as Jupyter Book's render or Chromium gets the platform's
  parent-death signal (:func:`die_with_parent`, Linux).

Kernel connection files, and on Linux and macOS the kernels' Unix sockets, go in a
folder private to the process that starts the kernels (:func:`connection_dir`, mode
0700 under a per-user root); :func:`clean_stale_connection_dirs` removes those of
processes that no longer exist, sockets included.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import shutil
import signal
import stat
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path

PARENT_POLL_SECONDS = 0.25
_PR_SET_PDEATHSIG = 1
#: Where the per-process connection folders go: one root per user, so that no one else
#: can create, rename or replace a folder in it.
CONNECTION_ROOT = Path(tempfile.gettempdir()) / (f"gaplib-kernels-{os.getuid()}" if hasattr(os, "getuid")
                                                 else "gaplib-kernels")
PRIVATE_MODE = 0o700
#: A kernel's Unix sockets in its folder: ``<stem>-1`` .. ``<stem>-5`` (jupyter_client) and
#: ``<stem>`` plus this for ipykernel's subprocess pipe (gaplib.engine.kernel_app).
PIPE_SUFFIX = "-pipe"


def pid_alive(pid: int) -> bool:
    """Return True when a process with this id exists."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        return True
    return True


class ConnectionDirError(RuntimeError):
    """The kernels' connection folder exists but is not this user's private folder."""


def _private_dir(folder: Path) -> Path:
    # Made with mode 0700; one that already exists must be this user's own real folder.
    try:
        folder.mkdir(mode=PRIVATE_MODE, exist_ok=True)
    except FileExistsError:  # a file, or a link to one, in its place
        pass
    info = folder.lstat()
    if not stat.S_ISDIR(info.st_mode) or (hasattr(os, "getuid") and info.st_uid != os.getuid()):
        raise ConnectionDirError(f"{folder} is not a folder of this user's; remove it or set TMPDIR elsewhere")
    if info.st_mode & 0o777 != PRIVATE_MODE and os.name == "posix":  # jupyter_client adds the sticky bit
        folder.chmod(PRIVATE_MODE | (info.st_mode & stat.S_ISVTX))
    return folder


def connection_dir(pid: int | None = None) -> Path:
    """Return (and make) the folder of process ``pid``'s kernel connection files and sockets (default: this one).

    The folder and its per-user root have mode 0700 (on POSIX): only this user can read
    a connection file's key or connect to a kernel's socket.
    """
    return _private_dir(_private_dir(CONNECTION_ROOT) / str(pid or os.getpid()))


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


#: What a process does before it exits because its parent is gone (gaplib.engine.kernels adds the
#: shutdown of its warm kernels when it is imported); kept here so that this module imports no
#: module that imports it.
_orphan_hooks: list[Callable[[], None]] = []


def on_orphaned(hook: Callable[[], None]) -> None:
    """Run ``hook`` (before the process exits) when this process finds that its parent is gone."""
    _orphan_hooks.append(hook)


def _leave_orphaned() -> None:
    try:
        for hook in _orphan_hooks:
            hook()
    finally:
        shutil.rmtree(CONNECTION_ROOT / str(os.getpid()), ignore_errors=True)
        os._exit(70)  # no clean-up of the pool's queues: the process that owned them is gone


def watch_parent(parent_pid: int) -> None:
    def watch() -> None:
        stop = threading.Event()
        while not stop.wait(PARENT_POLL_SECONDS):
            if os.getppid() != parent_pid:
                _leave_orphaned()

    threading.Thread(target=watch, name="gaplib-parent-watch", daemon=True).start()


def ignore_interrupts() -> None:
    """In a child process: Ctrl-C is for its parent, which stops it (:func:`exit_on_interrupt`); the child
    prints no traceback of its own (for a parent that does not block Ctrl-C, such as a preview)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _start_resource_tracker() -> None:
    # multiprocessing's resource tracker, started now: started later, it unblocks Ctrl-C in the thread that
    # starts it. Its standard error is /dev/null: when Ctrl-C ends the build at once, it removes the
    # semaphores the build's pools leave and would warn about each.
    from multiprocessing import resource_tracker

    saved, quiet = os.dup(2), os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(quiet, 2)
        resource_tracker.ensure_running()
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(quiet)


def _stop_children() -> None:
    # At once and quietly (a kernel left alone would say that its parent went, after the prompt is back);
    # the resource tracker stays, to remove the pools' semaphores when this process is gone.
    import psutil
    from multiprocessing import resource_tracker

    tracker = resource_tracker._resource_tracker._pid
    for child in psutil.Process().children(recursive=True):
        if child.pid != tracker:
            with contextlib.suppress(psutil.Error):
                child.kill()


@contextmanager
def exit_on_interrupt(message: str = "interrupted (Ctrl-C)") -> Iterator[None]:
    """Within the block, Ctrl-C ends this process at once with ``message`` as its one line (exit status 130).

    Nothing waits for a chapter or a render to finish. Ctrl-C is blocked in this process's threads
    and in every process it starts meanwhile (a blocked signal stays blocked in a child, also one
    spawned afresh), so no child prints a traceback; a thread of its own waits for it. The children
    (pool workers, render and drawing processes) leave when they find this process gone
    (:func:`watch_parent`, within a quarter second) and shut down their kernels; the folders a
    build leaves half made are removed by the next (cache work folders by process id,
    gaplib.engine.outdir.clean_stale). Only in the main thread on POSIX; elsewhere it does nothing.
    """
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "pthread_sigmask"):
        yield
        return
    _start_resource_tracker()
    stop = threading.Event()
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})

    def wait() -> None:
        while not stop.is_set():
            if signal.sigtimedwait({signal.SIGINT}, 0.1) is not None:
                _stop_children()
                os.write(2, f"\nError: {message}\n".encode())
                os._exit(128 + signal.SIGINT)

    waiter = threading.Thread(target=wait, name="gaplib-interrupt", daemon=True)
    waiter.start()
    try:
        yield
    finally:
        stop.set()
        waiter.join()
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _start_worker(parent_pid: int, prestart: Callable[[], None] | None) -> None:
    ignore_interrupts()  # a forked worker inherits its parent's handler
    watch_parent(parent_pid)
    if prestart is not None:  # e.g. the worker's kernel boots now, in the background, ready for the first run
        prestart()


def worker_pool(max_workers: int, prestart: Callable[[], None] | None = None) -> ProcessPoolExecutor:
    """Return a process pool whose workers exit (with their kernels) when this process dies.

    With ``prestart`` (such as :func:`gaplib.engine.kernels.prestart`) every worker starts its
    warm kernel at once (for a pool that lives long and waits for work, such as ``gaplib
    preview``'s); otherwise at its first run.

    The workers are forked at once, from the calling thread. Forked lazily, on the first
    submit, they could be forked from a helper thread (a sweep queueing its points) while
    another thread held an import lock; the child then inherits that lock held by nobody
    and deadlocks at its first import of the same module.
    """
    pool = ProcessPoolExecutor(max_workers=max_workers, initializer=_start_worker, initargs=(os.getpid(), prestart))
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

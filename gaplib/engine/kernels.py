"""Warm Jupyter kernels: one per worker thread, reused from one chapter run to the next.

A worker keeps its kernel (gaplib.engine.warm_kernel: what a kernel is, how it starts
and how it is reset between runs) and the libraries its chapters imported.
:func:`prestart` begins starting a thread's kernel in the background, :func:`acquire`
returns it (starting one if needed), :func:`discard` drops one whose run failed, and
every kernel a process started is shut down when it exits, pool workers included.
"""

from __future__ import annotations

import atexit
import os
import threading
from concurrent.futures import Future
from multiprocessing import util as mp_util

from gaplib.engine import lifecycle, timeline
from gaplib.engine.warm_kernel import KernelError, WarmKernel


_slot = threading.local()
_all: list[WarmKernel] = []
_lock = threading.Lock()
_finalizer_pid: int | None = None


def _this_thread() -> tuple[int, int]:
    return os.getpid(), threading.get_ident()


_starts_under_way = 0
_start_finished = threading.Condition(_lock)
_leaving = False


def _start(owner: tuple[int, int]) -> WarmKernel:
    global _starts_under_way
    _register_exit()
    with _lock:
        if _leaving:
            raise KernelError("this process is shutting down its kernels")
        _starts_under_way += 1
    try:
        with timeline.span("kernel start"):
            kernel = WarmKernel(owner)
        with _lock:
            _all.append(kernel)
    finally:
        with _start_finished:
            _starts_under_way -= 1
            _start_finished.notify_all()
    return kernel


def close_for_exit(timeout_seconds: float = 10.0) -> None:
    """Refuse new kernels, wait (at most ``timeout_seconds``) for starts under way, shut every kernel down.

    For a process that is leaving: a kernel still starting is not yet known to
    :func:`shutdown_all`, and one started afterwards would outlive the clean-up.
    """
    global _leaving
    with _start_finished:
        _leaving = True
        _start_finished.wait_for(lambda: _starts_under_way == 0, timeout_seconds)
    shutdown_all()


lifecycle.on_orphaned(close_for_exit)


def prestart() -> None:
    """Begin starting this thread's kernel in the background, if it has none; :func:`acquire` waits for it.

    Lets the runner prepare a notebook while the kernel boots.
    """
    kernel = getattr(_slot, "kernel", None)
    starting = getattr(_slot, "starting", None)
    if (kernel is not None and kernel.owner == _this_thread()) or (starting and starting[0] == os.getpid()):
        return
    owner, future = _this_thread(), Future()

    def start() -> None:
        try:
            future.set_result(_start(owner))
        except BaseException as exc:  # handed to acquire(), which starts again and reports
            future.set_exception(exc)

    _slot.starting = (os.getpid(), future)  # a forked child must not wait for its parent's thread
    threading.Thread(target=start, name="gaplib-kernel-start", daemon=True).start()


def acquire() -> WarmKernel:
    """Return this thread's warm kernel, starting one if it has none (or only an inherited one)."""
    starting, _slot.starting = getattr(_slot, "starting", None), None
    if starting is not None and starting[0] == os.getpid():
        try:
            _slot.kernel = starting[1].result()
        except Exception:
            pass  # started again below, where a failure is reported
    kernel = getattr(_slot, "kernel", None)
    if kernel is not None and kernel.owner == _this_thread() and kernel.km.is_alive():
        return kernel
    if kernel is not None and kernel.owner[0] == os.getpid():
        discard()
    kernel = _start(_this_thread())
    _slot.kernel = kernel
    return kernel


def discard() -> None:
    """Shut down this thread's warm kernel (the next :func:`acquire` starts a fresh one)."""
    kernel = getattr(_slot, "kernel", None)
    _slot.kernel = None
    if kernel is not None and kernel.owner[0] == os.getpid():
        with _lock:
            if kernel in _all:
                _all.remove(kernel)
        kernel.shutdown()


def shutdown_all() -> None:
    """Shut down every warm kernel this process started."""
    with _lock:
        mine = [k for k in _all if k.owner[0] == os.getpid()]
        _all[:] = [k for k in _all if k not in mine]
    for kernel in mine:
        try:
            kernel.shutdown()
        except Exception:  # the process is exiting; a kernel that is already gone is fine
            pass
    folder = lifecycle.CONNECTION_ROOT / str(os.getpid())
    if folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()


def _register_exit() -> None:
    # Pool workers leave through multiprocessing's exit path, which runs its finalizers but
    # not atexit; a forked child starts with no finalizers, so each process registers its own.
    global _finalizer_pid
    if _finalizer_pid != os.getpid():
        _finalizer_pid = os.getpid()
        mp_util.Finalize(None, shutdown_all, exitpriority=10)


atexit.register(shutdown_all)

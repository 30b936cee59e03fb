"""Warm Jupyter kernels: one per worker thread, reused from one chapter run to the next.

Starting a kernel and importing numpy, pandas, altair, statsmodels and pandera costs
about four seconds, more than most chapters spend calculating. A worker therefore
keeps its kernel, and the libraries its chapters imported, and resets it before each
run:

* every ``gaplib`` module is dropped from ``sys.modules``, so the chapter imports
  exactly the gaplib modules it uses again and the runner's module log (see
  gaplib.engine.provenance) stays exact;
* the user namespace is emptied (``InteractiveShell.reset``) and the execution
  counter restarts at 1, so the stored notebook is the same as from a fresh kernel;
* the kernel's environment is brought to the runner's current environment plus the
  run's own variables, and its working folder to the notebook's folder.

Third-party libraries stay imported; their module state is not reset (the book's
notebooks set no global options in them). A kernel whose run failed is discarded.

Kernels are private to the user who runs the book. On Linux and macOS they talk over
Unix domain sockets (jupyter_client's ``ipc`` transport), not TCP: no port is opened,
and the sockets sit beside the connection file in the starting process's 0700 folder
(gaplib.engine.lifecycle), owner-only (gaplib.engine.kernel_app), and go with it. Windows keeps TCP on localhost.
"""

from __future__ import annotations

import atexit
import os
import queue
import sys
import threading
import time
import uuid
from collections.abc import Mapping
from concurrent.futures import Future
from multiprocessing import util as mp_util
from pathlib import Path
from typing import Any

from jupyter_client.blocking import BlockingKernelClient
from jupyter_client.kernelspec import KernelSpec, KernelSpecManager
from jupyter_client.manager import KernelManager

from gaplib.engine import lifecycle, timeline

KERNEL_NAME = "python3"
START_TIMEOUT_SECONDS = 120
#: "ipc" (Unix domain sockets) where the platform has them, else "tcp" on localhost.
TRANSPORT = "tcp" if sys.platform == "win32" else "ipc"
#: Longest Unix socket path, in bytes without the final NUL (sun_path is 104 bytes on macOS, 108 on Linux).
IPC_PATH_MAX = 103 if sys.platform == "darwin" else 107

# Runs in the kernel before each notebook.
_RESET = """
import os, sys
for _name in [n for n in sys.modules if n == "gaplib" or n.startswith("gaplib.")]:
    del sys.modules[_name]
for _name in {removed}:
    os.environ.pop(_name, None)
os.environ.update({environment})
os.chdir({cwd})
get_ipython().reset(new_session=True)  # empties this cell's names too
__import__("gc").freeze()  # what survives a reset (imported libraries) stays; later collections need not scan it
"""


class KernelError(RuntimeError):
    """A warm kernel could not be started or reset."""


class _ClientTrackingKernelManager(KernelManager):
    """A kernel manager that remembers the clients it hands out, so they can be closed.

    nbclient opens a client (with a heartbeat thread) for every notebook it executes and
    leaves it open when it does not own the kernel.
    """

    def client(self, **kwargs):
        kc = super().client(**kwargs)
        self.__dict__.setdefault("_handed_out", []).append(kc)
        return kc

    def close_clients(self) -> None:
        for kc in self.__dict__.pop("_handed_out", []):
            kc.stop_channels()


def _kernel_addresses() -> dict[str, Any]:
    """Return the connection file and transport settings of a new kernel in this process's folder.

    Connection files (and sockets) go in this process's own folder, so that a killed
    build's are found and removed (gaplib.engine.lifecycle) without touching anyone else's
    kernels. An ipc kernel's sockets are named ``<ip>-<n>`` by jupyter_client; the
    short name keeps them under the platform's socket path limit.
    """
    stem = lifecycle.connection_dir() / f"k-{uuid.uuid4().hex[:8]}"
    settings = {"connection_file": f"{stem}.json", "transport": TRANSPORT}
    if TRANSPORT == "ipc":
        longest = len(os.fsencode(f"{stem}{lifecycle.PIPE_SUFFIX}"))
        if longest > IPC_PATH_MAX:
            raise KernelError(f"the kernel's socket paths ({stem}-N, {longest} bytes) exceed the platform's "
                              f"limit of {IPC_PATH_MAX} bytes; set TMPDIR to a shorter folder")
        settings["ip"] = str(stem)
        settings["kernel_spec_manager"] = _UnixSocketKernelSpecs()
    return settings


class _UnixSocketKernelSpecs(KernelSpecManager):
    """Kernel specs whose ipykernel kernels start as gaplib.engine.kernel_app (no TCP pipe; see there)."""

    def get_kernel_spec(self, kernel_name: str) -> KernelSpec:
        spec = super().get_kernel_spec(kernel_name)
        if spec.argv[1:3] == ["-m", "ipykernel_launcher"]:
            spec.argv = [spec.argv[0], "-m", "gaplib.engine.kernel_app", *spec.argv[3:]]
        return spec


class WarmKernel:
    """A started kernel, owned by one process and thread, kept for the chapters it runs."""

    def __init__(self, owner: tuple[int, int]) -> None:
        self.owner = owner
        self.runs = 0
        # nbclient drives the kernel with an asynchronous client; starting and stopping are synchronous here.
        self.km = _ClientTrackingKernelManager(kernel_name=KERNEL_NAME, **_kernel_addresses(),
                                               client_class="jupyter_client.asynchronous.AsyncKernelClient")
        self._sent_environment = dict(os.environ)
        try:
            self.km.start_kernel(env=dict(os.environ))
        except Exception as exc:  # no kernelspec, no ipykernel, cannot spawn: all mean no kernel
            raise KernelError(f"kernel {KERNEL_NAME!r} did not start: {exc}") from exc
        # The runner's own client needs only replies (shell), not outputs (iopub): a reply
        # comes once the code has run.
        self.kc = BlockingKernelClient()
        self.kc.load_connection_info(self.km.get_connection_info())
        self.kc.start_channels(shell=True, iopub=False, stdin=False, hb=False, control=False)
        try:
            self._reply(self.kc.kernel_info(), "start")
        except KernelError:
            self.shutdown()
            raise

    def socket_files(self) -> list[Path]:
        """The Unix socket files the kernel listens on: its five channels and its subprocess pipe (none over TCP)."""
        if self.km.transport != "ipc":
            return []
        names = [f"{self.km.ip}-{port}" for port in self.km.ports] + [self.km.ip + lifecycle.PIPE_SUFFIX]
        return [Path(name) for name in names if os.path.exists(name)]

    def _reply(self, msg_id: str, what: str) -> dict:
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            if not self.km.is_alive():
                raise KernelError(f"kernel died before it could {what}")
            try:
                reply = self.kc.get_shell_msg(timeout=1)
            except queue.Empty:
                continue
            if reply["parent_header"].get("msg_id") == msg_id:
                return reply
        raise KernelError(f"kernel did not {what} within {START_TIMEOUT_SECONDS} s")

    def execute_silently(self, code: str, what: str) -> None:
        """Run ``code`` in the kernel without output or history; KernelError (saying ``what``) if it raises."""
        content = self._reply(self.kc.execute(code, silent=True, store_history=False), what)["content"]
        if content["status"] != "ok":
            raise KernelError(f"kernel did not {what}: {content.get('ename')}: {content.get('evalue')}")

    def prepare(self, environment: Mapping[str, str], cwd: Path) -> None:
        """Reset the kernel for a new run with ``os.environ`` plus ``environment``, in ``cwd``."""
        wanted = {**os.environ, **environment}
        removed = sorted(set(self._sent_environment) - set(wanted))
        self.execute_silently(_RESET.format(removed=repr(removed), environment=repr(wanted), cwd=repr(str(cwd))),
                              "reset for the next chapter")
        self._sent_environment = wanted
        self.runs += 1

    def after_run(self) -> None:
        """Close the clients the run opened (the kernel stays up)."""
        self.km.close_clients()

    def shutdown(self) -> None:
        self.kc.stop_channels()
        self.km.close_clients()
        if self.km.has_kernel:
            self.km.shutdown_kernel(now=True)  # removes the connection file and the channels' sockets
        for path in self.socket_files():  # a kernel stopped outright leaves its pipe's socket
            path.unlink(missing_ok=True)


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

"""One warm Jupyter kernel: started private and quiet, reset between runs, shut down.

Starting a kernel and importing numpy, pandas, altair and pandera costs several
seconds, more than most chapters spend calculating; a kernel therefore imports them as
it starts (:data:`WARM_IMPORTS`, in the background while the runner prepares the
notebook) and keeps them from one run to the next. Before each run it is reset:

* every ``gaplib`` module is dropped from ``sys.modules``, so the chapter imports
  exactly the gaplib modules it uses again and the runner's module log (see
  gaplib.engine.provenance) stays exact. One exception: when the kernel's previous run
  was the same notebook and none of the gaplib files that run recorded has changed
  (a sweep's points, run back to back), the modules stay: the next run would import
  the same files again, and the module log it writes names the same ones;
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

import os
import queue
import sys
import time
import uuid
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.blocking import BlockingKernelClient
from jupyter_client.kernelspec import KernelSpec, KernelSpecManager
from jupyter_client.manager import KernelManager

from gaplib.engine import lifecycle
from gaplib.engine.cache import sha256_file

KERNEL_NAME = "python3"
START_TIMEOUT_SECONDS = 120
#: "ipc" (Unix domain sockets) where the platform has them, else "tcp" on localhost.
TRANSPORT = "tcp" if sys.platform == "win32" else "ipc"
#: Longest Unix socket path, in bytes without the final NUL (sun_path is 104 bytes on macOS, 108 on Linux).
IPC_PATH_MAX = 103 if sys.platform == "darwin" else 107

#: Each kernel's numerical libraries (OpenBLAS, OpenMP) compute on one thread unless the user's
#: environment says otherwise: a build already runs one kernel per core, and a second thread per
#: kernel only contends for the same cores (a clean build took 21 s with two threads per kernel on
#: two cores, 18.5 s with one).
ONE_THREAD_PER_KERNEL = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
#: The kernel keeps no command history: IPython would otherwise write every cell of every run to
#: the user's history database, work that no one reads.
KERNEL_ARGUMENTS = ["--HistoryManager.enabled=False"]


def kernel_environment() -> dict[str, str]:
    """Return the environment a kernel gets: this process's, with one thread per kernel unless set here."""
    return {**ONE_THREAD_PER_KERNEL, **os.environ}


#: Run by a new kernel before its first run: the libraries the chapters import (through gaplib.present.publish,
#: gaplib.data and the statistics modules), and pandera's first validation, which loads its pandas
#: backends; so that a kernel started ahead of its run has them ready.
WARM_IMPORTS = """
import numpy, pandas, pandera.pandas, altair, scipy.optimize, statsmodels.api, yaml, pydantic
pandera.pandas.DataFrameSchema({"x": pandera.pandas.Column(int)}).validate(pandas.DataFrame({"x": [1]}))
"""

# Runs in the kernel before each notebook.
_RESET = """
import os, sys
for _name in [n for n in sys.modules if {drop_gaplib} and (n == "gaplib" or n.startswith("gaplib."))]:
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


class ReadyKernelClient(AsyncKernelClient):
    """The asynchronous client nbclient drives a warm kernel with, ready as soon as the kernel answers.

    jupyter_client's own wait for readiness ends by listening until IOPub has been silent
    for 0.2 s: a fifth of a second per run with the kernel idle, longer than some sweep
    points' calculations. This one sends ``kernel_info`` and is ready when the request's
    reply has come on the shell channel and its ``idle`` status on IOPub (which also shows
    that IOPub is connected; if it is not yet, the request is sent again).
    """

    async def wait_for_ready(self, timeout: float | None = None) -> None:
        timeout = START_TIMEOUT_SECONDS if timeout is None else timeout
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            msg_id = self.kernel_info()
            try:
                reply = await self._async_recv_reply(msg_id, timeout=max(0.0, deadline - time.monotonic()))
                while True:
                    msg = await self.get_iopub_msg(timeout=0.2)
                    if (msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "status"
                            and msg["content"]["execution_state"] == "idle"):
                        self._handle_kernel_info_reply(reply)
                        return
            except (queue.Empty, TimeoutError):  # IOPub not connected yet, or no reply: ask again
                pass
            if not await self._async_is_alive():
                raise RuntimeError("kernel died before replying to kernel_info")
        raise RuntimeError(f"kernel did not reply to kernel_info within {timeout} s")


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
                                               client_class=f"{__name__}.ReadyKernelClient")
        self._sent_environment = kernel_environment()
        try:
            self.km.start_kernel(env=dict(self._sent_environment), extra_arguments=KERNEL_ARGUMENTS)
        except Exception as exc:  # no kernelspec, no ipykernel, cannot spawn: all mean no kernel
            raise KernelError(f"kernel {KERNEL_NAME!r} did not start: {exc}") from exc
        # The runner's own client needs only replies (shell), not outputs (iopub): a reply
        # comes once the code has run.
        self.kc = BlockingKernelClient()
        self.kc.load_connection_info(self.km.get_connection_info())
        self.kc.start_channels(shell=True, iopub=False, stdin=False, hb=False, control=False)
        #: (notebook, {gaplib file: sha256}) of the last good run, whose modules a run of the same notebook keeps.
        self.last_run: tuple[Path, dict[str, str]] | None = None
        self.kept_modules = False  # whether the last reset kept the gaplib modules (for tests and the timeline)
        try:
            self._reply(self.kc.kernel_info(), "start")
            self.execute_silently(WARM_IMPORTS, "import the libraries every chapter uses")
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

    def prepare(self, environment: Mapping[str, str], cwd: Path, notebook: Path | None = None) -> None:
        """Reset the kernel for a new run of ``notebook`` with ``os.environ`` plus ``environment``, in ``cwd``.

        The gaplib modules stay imported only when the kernel's last good run was the same
        ``notebook`` and none of the gaplib files it recorded has changed since.
        """
        wanted = {**kernel_environment(), **environment}
        removed = sorted(set(self._sent_environment) - set(wanted))
        keep = notebook is not None and self._unchanged_since_last_run(notebook)
        self.last_run = None  # set again by remember() when this run succeeds
        self.execute_silently(_RESET.format(drop_gaplib=not keep, removed=repr(removed), environment=repr(wanted),
                                            cwd=repr(str(cwd))), "reset for the next chapter")
        self._sent_environment = wanted
        self.kept_modules = keep
        self.runs += 1

    def _unchanged_since_last_run(self, notebook: Path) -> bool:
        if self.last_run is None or self.last_run[0] != notebook:
            return False
        try:
            return all(sha256_file(Path(path)) == digest for path, digest in self.last_run[1].items())
        except OSError:  # a module file removed or unreadable: import afresh
            return False

    def after_run(self) -> None:
        """Close the clients the run opened (the kernel stays up)."""
        self.km.close_clients()

    def remember(self, notebook: Path, modules: Mapping[str, str]) -> None:
        """Note a good run of ``notebook`` and the gaplib files it recorded ({path: sha256})."""
        self.last_run = (notebook, dict(modules))

    def shutdown(self) -> None:
        self.kc.stop_channels()
        self.km.close_clients()
        if self.km.has_kernel:
            self.km.shutdown_kernel(now=True)  # removes the connection file and the channels' sockets
        for path in self.socket_files():  # a kernel stopped outright leaves its pipe's socket
            path.unlink(missing_ok=True)

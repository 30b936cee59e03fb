"""The chapters' kernel: ipykernel, with every socket on the kernel's own transport.

Started by gaplib.engine.kernels as ``python -m gaplib.engine.kernel_app -f CONNECTION_FILE`` when
the kernels talk over Unix sockets. ipykernel binds its channels on the transport the
connection file names, but it always opens one more socket, a TCP listener on
127.0.0.1, for output that forked subprocesses send back to the notebook (the IOPub
"pipe"). Here that pipe is a Unix socket beside the others (``<ip>-pipe`` in the
kernel's private folder), so the kernel listens on no TCP port at all; output from
forked subprocesses still reaches the notebook.

Its sockets are also created owner-only (umask 077 while they are bound), so no other
user could connect to them even outside their private folder; the user's umask is back
before any chapter code runs.

Kept to what it must change: the IOPub thread's pipe ends and the umask around binding. ipykernel is pinned
(requirements.txt); tests/test_kernels.py checks both that no TCP listener exists and
that a forked subprocess's output arrives.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import zmq
from ipykernel import kernelapp
from ipykernel.iostream import IOPubThread
from zmq.eventloop.zmqstream import ZMQStream

from gaplib.engine.lifecycle import PIPE_SUFFIX



class UnixPipeIOPubThread(IOPubThread):
    """An IOPub thread whose subprocess pipe is a Unix socket at ``address`` (``ipc://PATH``)."""

    address = ""  # set by UnixKernelApp before the thread is made

    def _setup_pipe_in(self) -> None:
        # As ipykernel's own, but bound to the Unix socket: messages still carry the
        # random per-kernel id that _handle_pipe_msg checks.
        self._pipe_uuid = os.urandom(16)
        pipe_in = self.socket.context.socket(zmq.PULL)
        pipe_in.linger = 0
        pipe_in.bind(self.address)
        self._pipe_in = ZMQStream(pipe_in, self.io_loop)
        self._pipe_in.on_recv(self._handle_pipe_msg)

    def _setup_pipe_out(self):
        # In a forked subprocess: a new context (zmq contexts do not survive fork).
        ctx = zmq.Context()
        pipe_out = ctx.socket(zmq.PUSH)
        pipe_out.linger = 3000  # as ipykernel: at most 3 s to deliver before exit
        pipe_out.connect(self.address)
        return ctx, pipe_out


HEARTBEAT_BIND_SECONDS = 10.0


class UnixKernelApp(kernelapp.IPKernelApp):
    """IPKernelApp whose IOPub subprocess pipe follows an ``ipc`` transport, with owner-only sockets."""

    _saved_umask: int | None = None

    def init_sockets(self):
        """Bind the channels (and, through init_iopub, the pipe) with umask 077 when the transport is ipc."""
        if self.transport == "ipc":
            self._saved_umask = os.umask(0o077)
        super().init_sockets()

    def init_heartbeat(self):
        """Start the heartbeat; once its socket exists (it binds in its own thread), restore the umask."""
        super().init_heartbeat()
        if self._saved_umask is None:
            return
        path = f"{self.ip}-{self.hb_port}"
        deadline = time.monotonic() + HEARTBEAT_BIND_SECONDS
        while not os.path.exists(path) and time.monotonic() < deadline:
            time.sleep(0.005)
        os.umask(self._saved_umask)
        self._saved_umask = None

    def init_iopub(self, context):
        """Initialise IOPub as ipykernel does, with the subprocess pipe on a Unix socket when the transport is ipc."""
        if self.transport != "ipc":
            return super().init_iopub(context)
        UnixPipeIOPubThread.address = f"ipc://{self.ip}{PIPE_SUFFIX}"
        kernelapp.IOPubThread = UnixPipeIOPubThread  # the name IPKernelApp.init_iopub constructs
        try:
            return super().init_iopub(context)
        finally:
            kernelapp.IOPubThread = IOPubThread


if __name__ == "__main__":
    # As ipykernel_launcher: the working folder leaves sys.path while the kernel loads
    # (InteractiveShellApp.init_path puts it back for the user's code).
    if sys.path[0] == "" or Path(sys.path[0]) == Path.cwd():
        del sys.path[0]
    UnixKernelApp.launch_instance()

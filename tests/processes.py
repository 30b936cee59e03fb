"""Which of a killed command's processes are still running."""

from __future__ import annotations

import psutil


def still_running(processes: list[psutil.Process], timeout_seconds: float) -> list[psutil.Process]:
    """Wait up to ``timeout_seconds`` for ``processes`` to end; return those still running.

    A zombie has ended: it holds no file, socket or memory, only a process-table entry until
    its parent collects it. Orphans are handed to PID 1, and in a container PID 1 is often a
    shell that never collects them, so a zombie can outlive the test without anything leaking.
    """
    _, alive = psutil.wait_procs(processes, timeout=timeout_seconds)
    running = []
    for process in alive:
        try:
            if process.status() != psutil.STATUS_ZOMBIE:
                running.append(process)
        except psutil.NoSuchProcess:
            pass
    return running

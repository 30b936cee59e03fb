"""Ctrl-C ends a build at once, in one line: no traceback from a worker, a render or a drawing process."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import psutil
import pytest
from processes import still_running

MAIN_SECONDS = 2.0  # the bound for the command to end
GONE_SECONDS = 10.0  # every child after it: a bound on a loaded machine, not a measured time

# Every kind of child a build has, busy: a forked worker, a spawned render process, the drawing process.
SCRIPT = textwrap.dedent("""
    import time
    from gaplib.engine import pictures
    from gaplib.engine.lifecycle import exit_on_interrupt, worker_pool
    from gaplib.engine.render_process import RenderProcess

    if __name__ == "__main__":
        with exit_on_interrupt(), worker_pool(2) as pool, RenderProcess() as render:
            drawer = pictures._Drawer()
            render.submit(time.sleep, 0).result()
            busy = [pool.submit(time.sleep, 60), render.submit(time.sleep, 60)]
            print("ready", flush=True)
            busy[0].result()
""")


def _interrupt(command: list[str], ready, cwd: Path) -> tuple[int, float, list[str], list[psutil.Process]]:
    """Start ``command`` in a session of its own, wait for ``ready(line)``, press Ctrl-C (SIGINT to the group);
    return its exit status, seconds to exit, its standard error lines and the processes still there."""
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               start_new_session=True)
    for line in process.stdout:
        if ready(line):
            break
    family = psutil.Process(process.pid).children(recursive=True)
    started = time.monotonic()
    os.killpg(process.pid, signal.SIGINT)
    status = process.wait(timeout=60)
    seconds = time.monotonic() - started
    _, err = process.communicate(timeout=60)
    alive = still_running(family, timeout_seconds=GONE_SECONDS)
    return status, seconds, [line for line in err.replace("\r", "\n").splitlines() if line.strip()], alive


def test_ctrl_c_ends_the_processes_of_a_build_at_once_in_one_line(tmp_path):
    status, seconds, lines, alive = _interrupt([sys.executable, "-c", SCRIPT], lambda line: "ready" in line, tmp_path)
    assert status == 130 and seconds < MAIN_SECONDS
    assert lines == ["Error: interrupted (Ctrl-C)"]
    assert alive == []


@pytest.mark.slow
def test_ctrl_c_during_a_build_prints_one_line_and_leaves_no_process(tmp_path):
    gaplib = str(Path(sys.executable).with_name("gaplib"))

    # Interrupted once the first chapter executed: kernels, pictures and render processes are under way.
    command = [gaplib, "build", "--force", "--out", str(tmp_path / "site")]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                               start_new_session=True)
    seen = ""
    while "1/" not in seen.replace("0/", ""):
        chunk = process.stderr.read(1)
        assert chunk, "the build ended before its first chapter"
        seen += chunk
    family = psutil.Process(process.pid).children(recursive=True)
    started = time.monotonic()
    os.killpg(process.pid, signal.SIGINT)
    status = process.wait(timeout=60)
    seconds = time.monotonic() - started
    rest = process.stderr.read()
    alive = still_running(family, timeout_seconds=GONE_SECONDS)
    lines = [line for line in (seen + rest).replace("\r", "\n").splitlines()
             if line.strip() and not line.startswith("book:")]
    assert status == 130 and seconds < MAIN_SECONDS
    assert lines == ["Error: interrupted (Ctrl-C)"]
    assert alive == []
    assert not (tmp_path / "site").exists()

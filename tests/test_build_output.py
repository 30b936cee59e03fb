"""A build prints one progress bar and a summary line, and opens no TCP port while it runs."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from gaplib.engine import warm_kernel

# These runs write the project's own chapter cache (_build/cache): one worker at a time.
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("project-cache")]

GAPLIB = str(Path(sys.executable).with_name("gaplib"))


def tcp_listeners(root: psutil.Process) -> list[tuple[int, str, str]]:
    """Return (pid, command, address) of every listening TCP socket of ``root`` and its descendants."""
    found = []
    for proc in [root, *root.children(recursive=True)]:
        try:
            found += [(proc.pid, " ".join(proc.cmdline()[:3]), f"{c.laddr.ip}:{c.laddr.port}")
                      for c in proc.net_connections(kind="inet") if c.status == psutil.CONN_LISTEN]
        except psutil.NoSuchProcess:
            pass
    return found


def run_watching_listeners(command: list[str], timeout: float = 900) -> tuple[subprocess.CompletedProcess, list]:
    """Run ``command``; return its result and every TCP listener its process tree had while it ran."""
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # bytes: keep the \r
    seen: set = set()
    deadline = time.monotonic() + timeout
    try:
        root = psutil.Process(proc.pid)
        while proc.poll() is None and time.monotonic() < deadline:
            try:
                seen.update(tcp_listeners(root))
            except psutil.NoSuchProcess:
                break
            time.sleep(0.1)
        stdout, stderr = proc.communicate(timeout=max(1.0, deadline - time.monotonic()))
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    return subprocess.CompletedProcess(command, proc.returncode, stdout.decode(), stderr.decode()), sorted(seen)


@pytest.mark.skipif(warm_kernel.TRANSPORT != "ipc", reason="Unix sockets only where the platform has them")
def test_a_clean_build_prints_one_progress_bar_and_a_summary_and_listens_on_no_tcp_port(tmp_path):
    out = tmp_path / "html"
    done, listeners = run_watching_listeners([GAPLIB, "build", "--force", "--out", str(out)])
    assert done.returncode == 0, done.stdout + done.stderr
    assert listeners == [], "kernels and workers talk over Unix sockets and pipes only"
    assert "[IPKernelApp]" not in done.stdout + done.stderr
    # stdout: the summary line only; stderr: the progress bar's updates (carriage returns), then its last newline.
    assert re.fullmatch(rf"executed: [a-z, ]+; site rendered in {re.escape(str(out))} \(\d+\.\d s\)\n", done.stdout)
    updates = [part for part in done.stderr.rstrip("\n").split("\r") if part]
    assert updates and all(part.startswith("book: ") for part in updates), done.stderr
    assert "\n" not in done.stderr.rstrip("\n"), "no line other than the progress bar"
    assert updates[-1].startswith("book: 100%") and "site rendered" in updates[-1]


def test_a_chapter_run_prints_only_its_summary(tmp_path):
    done, listeners = run_watching_listeners([GAPLIB, "run", "geopolitics", "--force", "--out", str(tmp_path)])
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stderr == ""
    assert done.stdout.startswith("geopolitics: executed in ") and "[IPKernelApp]" not in done.stdout
    if warm_kernel.TRANSPORT == "ipc":
        assert listeners == []


def test_a_failing_chapter_still_reports_its_error(tmp_path):
    code = ("from gaplib.engine import runner; from pathlib import Path; import nbformat\n"
            "nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell('raise RuntimeError(\"deliberate\")')])\n"
            "nb.metadata['kernelspec'] = {'name': 'python3', 'display_name': 'Python 3', 'language': 'python'}\n"
            f"path = Path({str(tmp_path / 'leaders.ipynb')!r}); nbformat.write(nb, path)\n"
            "runner.chapter_notebook = lambda chapter: path\n"
            f"runner.run_chapter('leaders', cache_dir=Path({str(tmp_path / 'cache')!r}))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert done.returncode != 0
    assert "chapter 'leaders' failed" in done.stderr and "RuntimeError: deliberate" in done.stderr

"""A build killed with SIGKILL leaves no process, no kernel connection file or socket and no render folder.

While it runs, its kernels listen on no TCP port and their files are the user's own.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil
import pytest

from gaplib.engine import kernels, lifecycle
from gaplib.engine.build import build_book

from processes import still_running

BUILD = ("from pathlib import Path; from gaplib.engine.build import build_book; "
         "build_book(out=Path({out!r}), cache_dir=Path({cache!r}), force={force}, progress=False)")


def start_build(out: Path, cache: Path, tmp: Path, force: bool) -> subprocess.Popen:
    tmp.mkdir(exist_ok=True)
    env = {**os.environ, "TMPDIR": str(tmp)}  # the kernels' connection files go under TMPDIR
    code = BUILD.format(out=str(out), cache=str(cache), force=force)
    return subprocess.Popen([sys.executable, "-c", code], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)


def wait_for(condition, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def kernels_of(build: psutil.Process) -> list[psutil.Process]:
    found = []
    for child in build.children(recursive=True):
        try:
            if any(part in ("ipykernel_launcher", "gaplib.engine.kernel_app") for part in child.cmdline()):
                found.append(child)
        except psutil.NoSuchProcess:
            pass
    return found


def kill_and_collect(build: subprocess.Popen) -> list[psutil.Process]:
    """SIGKILL the build; return the processes it had started that are still alive 30 s later."""
    descendants = psutil.Process(build.pid).children(recursive=True)
    build.kill()
    build.wait()
    alive = still_running(descendants, timeout_seconds=30)
    for proc in alive:
        proc.kill()
    return alive


def tcp_listeners(root: psutil.Process) -> list[tuple[int, str]]:
    """Return (pid, address) of every listening TCP socket of ``root`` and its descendants."""
    found = []
    for proc in [root, *root.children(recursive=True)]:
        try:
            found += [(proc.pid, f"{c.laddr.ip}:{c.laddr.port}") for c in proc.net_connections(kind="inet")
                      if c.status == psutil.CONN_LISTEN]
        except psutil.NoSuchProcess:
            pass
    return found


def mode(path: Path) -> int:
    """Permission bits (jupyter_client adds the sticky bit to a connection file's folder)."""
    return path.lstat().st_mode & 0o777


@pytest.fixture
def short_tmp():
    """A temporary folder with a short path: a Unix socket's path may not exceed 107 bytes, and
    pytest's own folders grow long on a machine that has run many sessions."""
    folder = Path(tempfile.mkdtemp(prefix="gk-", dir="/tmp"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.slow
def test_killed_build_leaves_no_worker_kernel_connection_file_or_socket(short_tmp):
    tmp_path = short_tmp
    connection_root = tmp_path / "tmp" / lifecycle.CONNECTION_ROOT.name
    build = start_build(tmp_path / "html", tmp_path / "cache", tmp_path / "tmp", force=True)
    try:
        wait_for(lambda: len(kernels_of(psutil.Process(build.pid))) >= 1, 180, "a kernel to start")
        pipes = wait_for(lambda: list(connection_root.rglob("k-*-pipe")), 60, "a kernel to bind its pipe")
        folder, stem = pipes[0].parent, pipes[0].name.removesuffix("-pipe")
        names = [stem + suffix for suffix in ("-1", "-2", "-3", "-4", "-5", "-pipe", ".json")]
        # The pipe is bound as the kernel starts, its five channels a moment later.
        wait_for(lambda: all(os.path.lexists(folder / name) for name in names), 60, "the kernel to bind its channels")
        assert {name: mode(folder / name) & 0o077 for name in names} == {name: 0 for name in names}, "owner-only"
        assert all((folder / name).is_socket() for name in names[:-1])
        assert mode(folder) == mode(connection_root) == 0o700
        for _ in range(10):  # while chapters execute
            assert tcp_listeners(psutil.Process(build.pid)) == [], "kernels talk over Unix sockets only"
            time.sleep(0.3)
    finally:
        alive = kill_and_collect(build)
    assert alive == [], f"still running after the build was killed: {[p.pid for p in alive]}"
    assert [str(p) for p in connection_root.rglob("*") if p.is_file() or p.is_socket()] == []


@pytest.mark.slow
def test_build_killed_while_rendering_is_cleaned_up_by_the_next(tmp_path, built_book, cache_dir):
    out = tmp_path / "html"
    build = start_build(out, cache_dir, tmp_path / "tmp", force=False)
    try:
        wait_for(lambda: list(tmp_path.glob(".html-render-*")), 180, "the render to start")
    finally:
        alive = kill_and_collect(build)
    assert alive == [], f"still running after the build was killed: {[p.pid for p in alive]}"
    assert list(tmp_path.glob(".html-render-*")), "the killed render leaves its folder"
    report = build_book(out=out, cache_dir=cache_dir, progress=False)
    assert report.rendered and report.executed == []
    assert list(tmp_path.glob(".html-render-*")) == [] and list(tmp_path.glob(".html-old-*")) == []
    assert (out / "index.html").is_file()


def test_a_pool_forks_all_its_workers_at_creation_from_the_calling_thread():
    """Forked later, from a sweep's helper thread, a worker could inherit a held import lock."""
    from gaplib.engine.lifecycle import worker_pool

    pool = worker_pool(2)
    try:
        assert len(pool._processes) == 2
    finally:
        pool.shutdown()


def test_the_connection_folder_and_its_root_are_made_private(tmp_path, monkeypatch):
    root = tmp_path / "kernels"
    root.mkdir(mode=0o755)
    root.chmod(0o755)
    monkeypatch.setattr(lifecycle, "CONNECTION_ROOT", root)
    folder = lifecycle.connection_dir(4242)
    assert folder == root / "4242" and mode(folder) == mode(root) == 0o700


def test_a_connection_root_that_is_a_link_is_refused(tmp_path, monkeypatch):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "kernels").symlink_to(elsewhere)
    monkeypatch.setattr(lifecycle, "CONNECTION_ROOT", tmp_path / "kernels")
    with pytest.raises(lifecycle.ConnectionDirError, match="not a folder of this user's"):
        lifecycle.connection_dir()
    assert list(elsewhere.iterdir()) == []


def _kernel_begun_before_the_first_task() -> bool:
    import os

    from gaplib.engine import kernels

    # A forked worker may inherit its parent's slot (a kernel the test process started earlier): only
    # a kernel this worker started, or is starting, counts.
    starting, kernel = getattr(kernels._slot, "starting", None), getattr(kernels._slot, "kernel", None)
    begun = (starting is not None and starting[0] == os.getpid()) or (kernel is not None and kernel.owner[0] == os.getpid())
    kernels.acquire()  # the kernel is up (and shut down with the worker), whichever way it started
    return begun


@pytest.mark.slow
def test_a_prestarting_pool_boots_each_workers_kernel_before_its_first_task():
    with lifecycle.worker_pool(1, prestart=kernels.prestart) as pool:
        assert pool.submit(_kernel_begun_before_the_first_task).result()
    with lifecycle.worker_pool(1) as pool:
        assert not pool.submit(_kernel_begun_before_the_first_task).result()

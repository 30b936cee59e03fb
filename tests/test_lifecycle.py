"""A build killed with SIGKILL leaves no process, no kernel connection file and no render folder."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from gaplib import lifecycle
from gaplib.build import build_book

BUILD = ("from pathlib import Path; from gaplib.build import build_book; "
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
            if any("ipykernel" in part for part in child.cmdline()):
                found.append(child)
        except psutil.NoSuchProcess:
            pass
    return found


def kill_and_collect(build: subprocess.Popen) -> list[psutil.Process]:
    """SIGKILL the build; return the processes it had started that are still alive 30 s later."""
    descendants = psutil.Process(build.pid).children(recursive=True)
    build.kill()
    build.wait()
    _, alive = psutil.wait_procs(descendants, timeout=30)
    for proc in alive:
        proc.kill()
    return alive


@pytest.mark.slow
def test_killed_build_leaves_no_worker_kernel_or_connection_file(tmp_path):
    build = start_build(tmp_path / "html", tmp_path / "cache", tmp_path / "tmp", force=True)
    try:
        wait_for(lambda: len(kernels_of(psutil.Process(build.pid))) >= 1, 180, "a kernel to start")
        connection_root = tmp_path / "tmp" / lifecycle.CONNECTION_ROOT.name
        assert list(connection_root.rglob("kernel-*.json")), "kernels write their connection files here"
    finally:
        alive = kill_and_collect(build)
    assert alive == [], f"still running after the build was killed: {[p.pid for p in alive]}"
    assert [str(p) for p in connection_root.rglob("kernel-*.json")] == []


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
    from gaplib.lifecycle import worker_pool

    pool = worker_pool(2)
    try:
        assert len(pool._processes) == 2
    finally:
        pool.shutdown()

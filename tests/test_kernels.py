"""A warm kernel gives the same chapter as a fresh one, and forgets everything between runs."""

from __future__ import annotations

import os

import nbformat
import pytest

from gaplib import kernels, runner
from gaplib.runner import ChapterFailed, run_chapter
from notebook_fixtures import write_chapter_notebook

pytestmark = pytest.mark.slow

VOLATILE = ("executed_at",)


def _stable(results: dict) -> dict:
    return {k: v for k, v in results.items() if k not in VOLATILE}


def _execution_counts(notebook) -> list:
    cells = nbformat.read(notebook, as_version=4).cells
    return [c.get("execution_count") for c in cells if c.cell_type == "code"]


def test_a_reused_kernel_gives_the_same_results_modules_and_notebook(tmp_path):
    kernels.discard()
    cold = run_chapter("geopolitics", cache_dir=tmp_path / "cold")
    kernel = kernels.acquire()
    runs_before = kernel.runs
    run_chapter("hardware", cache_dir=tmp_path / "other")  # leaves other gaplib modules and names behind
    warm = run_chapter("geopolitics", cache_dir=tmp_path / "warm")
    assert kernels.acquire() is kernel and kernel.runs == runs_before + 2  # the same kernel ran both
    assert _stable(warm.results) == _stable(cold.results)
    assert set(warm.results["modules"]) == set(cold.results["modules"])  # hardware's modules not counted
    assert _execution_counts(warm.notebook) == _execution_counts(cold.notebook)
    assert _execution_counts(warm.notebook)[0] == 1


def test_reset_empties_the_namespace_and_follows_the_environment(tmp_path, monkeypatch):
    kernel = kernels.acquire()
    kernel.prepare({"GAPLIB_TEST_RUN": "1"}, tmp_path)
    kernel.execute_silently("leftover = 1\nimport gaplib.chips", "define a name")
    monkeypatch.setenv("GAPLIB_TEST_ONLY_NOW", "yes")
    kernel.prepare({}, tmp_path)
    kernel.execute_silently(
        "import os, sys\n"
        "assert 'leftover' not in globals() and '_name' not in globals()\n"
        "assert 'gaplib.chips' not in sys.modules\n"
        "assert 'GAPLIB_TEST_RUN' not in os.environ\n"
        "assert os.environ['GAPLIB_TEST_ONLY_NOW'] == 'yes'\n"
        f"assert os.getcwd() == {str(tmp_path)!r}\n",
        "check the reset")
    kernel.prepare({}, tmp_path)
    with pytest.raises(kernels.KernelError, match="ZeroDivisionError"):
        kernel.execute_silently("1 / 0", "divide")


def test_a_timed_out_run_discards_the_kernel_and_the_next_run_gets_a_fresh_one(tmp_path, monkeypatch):
    path = write_chapter_notebook(tmp_path / "leaders.ipynb", "import time\ntime.sleep(60)")
    kernel = kernels.acquire()
    pid = kernel.km.provisioner.process.pid
    with monkeypatch.context() as patch:
        patch.setattr(runner, "chapter_notebook", lambda chapter: path)
        with pytest.raises(ChapterFailed, match="leaders"):
            run_chapter("leaders", cache_dir=tmp_path / "cache", timeout=2)
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)  # the busy kernel was shut down, not reused
    assert kernels.acquire() is not kernel
    assert not run_chapter("geopolitics", cache_dir=tmp_path / "cache").cached


def test_a_kernel_that_cannot_start_fails_the_chapter_with_a_clear_error(tmp_path, monkeypatch):
    kernels.discard()
    monkeypatch.setattr(kernels, "KERNEL_NAME", "no-such-kernel")
    with pytest.raises(ChapterFailed, match="could not start a Python kernel.*no-such-kernel"):
        run_chapter("geopolitics", cache_dir=tmp_path)
    assert not list(tmp_path.glob("geopolitics/*/geopolitics.results.json"))

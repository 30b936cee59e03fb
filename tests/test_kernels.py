"""A warm kernel gives the same chapter as a fresh one, forgets everything between runs, and is private:
Unix sockets only, no TCP port, owner-only files."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import nbformat
import psutil
import pytest
from jupyter_client.blocking import BlockingKernelClient

from gaplib.engine import kernels, lifecycle, runner, warm_kernel
from gaplib.engine.runner import ChapterFailed, run_chapter
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
    kernel.execute_silently("leftover = 1\nimport gaplib.hardware.chips", "define a name")
    monkeypatch.setenv("GAPLIB_TEST_ONLY_NOW", "yes")
    kernel.prepare({}, tmp_path)
    kernel.execute_silently(
        "import os, sys\n"
        "assert 'leftover' not in globals() and '_name' not in globals()\n"
        "assert 'gaplib.hardware.chips' not in sys.modules\n"
        "assert 'GAPLIB_TEST_RUN' not in os.environ\n"
        "assert os.environ['GAPLIB_TEST_ONLY_NOW'] == 'yes'\n"
        f"assert os.getcwd() == {str(tmp_path)!r}\n",
        "check the reset")
    kernel.prepare({}, tmp_path)
    with pytest.raises(warm_kernel.KernelError, match="ZeroDivisionError"):
        kernel.execute_silently("1 / 0", "divide")


def test_a_kernel_computes_on_one_thread_unless_the_user_says_otherwise_and_keeps_no_history(tmp_path, monkeypatch):
    monkeypatch.delenv("OPENBLAS_NUM_THREADS", raising=False)
    monkeypatch.setenv("OMP_NUM_THREADS", "3")  # the user's own setting
    kernels.discard()
    try:
        kernel = kernels.acquire()
        kernel.prepare({}, tmp_path)  # and still so after a reset
        kernel.execute_silently(
            "import os\n"
            "assert os.environ['OPENBLAS_NUM_THREADS'] == '1', os.environ.get('OPENBLAS_NUM_THREADS')\n"
            "assert os.environ['OMP_NUM_THREADS'] == '3', os.environ['OMP_NUM_THREADS']\n"
            "assert not get_ipython().history_manager.enabled\n",
            "check the kernel's threads and history")
    finally:
        kernels.discard()  # the next tests get a kernel started with the ordinary environment


def test_a_timed_out_run_discards_the_kernel_and_the_next_run_gets_a_fresh_one(tmp_path, monkeypatch):
    path = write_chapter_notebook(tmp_path / "leaders.ipynb", "import time\ntime.sleep(60)")
    kernel = kernels.acquire()
    pid = kernel.km.provisioner.process.pid
    with monkeypatch.context() as patch:
        patch.setattr(runner, "chapter_notebook", lambda chapter: path)
        with pytest.raises(ChapterFailed, match="leaders"):
            run_chapter("leaders", cache_dir=tmp_path / "cache", timeout=2)
    with pytest.raises(ProcessLookupError, match="No such process"):
        os.kill(pid, 0)  # the busy kernel was shut down, not reused
    assert kernels.acquire() is not kernel
    assert not run_chapter("geopolitics", cache_dir=tmp_path / "cache").cached


def test_a_kernel_that_cannot_start_fails_the_chapter_with_a_clear_error(tmp_path, monkeypatch):
    kernels.discard()
    monkeypatch.setattr(warm_kernel, "KERNEL_NAME", "no-such-kernel")
    with pytest.raises(ChapterFailed, match="could not start a Python kernel.*no-such-kernel"):
        run_chapter("geopolitics", cache_dir=tmp_path)
    assert not list(tmp_path.glob("geopolitics/*/geopolitics.results.json"))


def _tcp_listeners(pid: int) -> list[str]:
    return [f"{c.laddr.ip}:{c.laddr.port}" for c in psutil.Process(pid).net_connections(kind="inet")
            if c.status == psutil.CONN_LISTEN]


@pytest.mark.skipif(warm_kernel.TRANSPORT != "ipc", reason="Unix sockets only where the platform has them")
def test_a_kernel_listens_on_unix_sockets_only_with_owner_only_files():
    kernel = kernels.acquire()
    assert kernel.km.transport == "ipc" and _tcp_listeners(kernel.km.provisioner.pid) == []
    files = [Path(kernel.km.connection_file), *kernel.socket_files()]
    assert len(files) == 7 and all(p.parent == lifecycle.connection_dir() for p in files)  # 5 channels, pipe
    assert {p.name: stat.S_IMODE(p.stat().st_mode) & 0o077 for p in files} == {p.name: 0 for p in files}
    assert lifecycle.connection_dir().stat().st_mode & 0o777 == 0o700
    assert max(len(os.fsencode(p)) for p in files) <= warm_kernel.IPC_PATH_MAX


@pytest.mark.skipif(warm_kernel.TRANSPORT != "ipc", reason="Unix sockets only where the platform has them")
def test_the_kernel_runs_chapter_code_with_the_users_umask(tmp_path):
    previous = os.umask(0o022)
    os.umask(previous)
    kernel = kernels.acquire()
    kernel.prepare({}, tmp_path)
    kernel.execute_silently(f"import os\nassert os.umask(0o022) == {previous}, 'umask'\nos.umask({previous})",
                            "check the umask")


@pytest.mark.skipif(warm_kernel.TRANSPORT != "ipc", reason="Unix sockets only where the platform has them")
def test_output_of_a_forked_subprocess_reaches_the_notebook_over_the_unix_pipe():
    kernel = kernels.acquire()
    client = BlockingKernelClient()
    client.load_connection_info(kernel.km.get_connection_info())
    client.start_channels()
    outputs = []
    try:
        reply = client.execute_interactive(
            "import os\npid = os.fork()\nif pid == 0:\n    print('from the child', flush=True)\n    os._exit(0)\n"
            "os.waitpid(pid, 0)\nimport time; time.sleep(0.5)",
            timeout=60, output_hook=lambda msg: outputs.append(msg["content"].get("text", "")))
    finally:
        client.stop_channels()
    assert reply["content"]["status"] == "ok"
    assert "from the child" in "".join(outputs)


def test_a_kernel_stopped_outright_leaves_no_socket_file():
    kernels.discard()
    kernel = kernels.acquire()
    files = [Path(kernel.km.connection_file), *kernel.socket_files()]
    kernels.discard()
    assert [str(p) for p in files if os.path.lexists(p)] == []


def test_socket_paths_over_the_platform_limit_are_refused_with_a_clear_error(monkeypatch, tmp_path):
    monkeypatch.setattr(warm_kernel, "TRANSPORT", "ipc")
    monkeypatch.setattr(warm_kernel, "IPC_PATH_MAX", len(os.fsencode(lifecycle.connection_dir())) + 5)
    with pytest.raises(warm_kernel.KernelError, match="exceed the platform's limit.*TMPDIR"):
        warm_kernel.WarmKernel((os.getpid(), 0))


def test_back_to_back_runs_of_one_notebook_keep_its_gaplib_modules_and_log_the_same_ones(tmp_path):
    kernels.discard()
    first = run_chapter("geopolitics", cache_dir=tmp_path / "a")
    kernel = kernels.acquire()
    again = run_chapter("geopolitics", cache_dir=tmp_path / "b")
    assert kernels.acquire() is kernel and kernel.kept_modules  # the second run kept the imports
    assert set(again.results["modules"]) == set(first.results["modules"])
    assert _stable(again.results) | {"cache_key": 0} == _stable(first.results) | {"cache_key": 0}
    run_chapter("hardware", cache_dir=tmp_path / "c")
    assert not kernel.kept_modules  # another notebook: every gaplib module imported afresh


def test_a_changed_gaplib_file_makes_the_next_run_import_afresh(tmp_path):
    module = tmp_path / "module.py"
    module.write_text("x = 1\n")
    kernel = warm_kernel.WarmKernel.__new__(warm_kernel.WarmKernel)  # no process: only the bookkeeping
    notebook = tmp_path / "chapter.ipynb"
    kernel.remember(notebook, {str(module): warm_kernel.sha256_file(module)})
    assert kernel._unchanged_since_last_run(notebook)
    assert not kernel._unchanged_since_last_run(tmp_path / "other.ipynb")
    module.write_text("x = 2\n")
    assert not kernel._unchanged_since_last_run(notebook)
    module.unlink()
    assert not kernel._unchanged_since_last_run(notebook)


def test_the_client_a_run_drives_the_kernel_with_is_ready_once_both_channels_answer():
    import asyncio

    kernel = kernels.acquire()

    async def ready_then_run():
        client = kernel.km.client()
        assert isinstance(client, warm_kernel.ReadyKernelClient)
        client.start_channels()
        try:
            await client.wait_for_ready(timeout=60)
            # Nothing of the readiness request is left on IOPub: the next messages are the next request's.
            msg_id = client.execute("print(6 * 7)")
            outputs = []
            while True:
                msg = await client.get_iopub_msg(timeout=30)
                assert msg["parent_header"].get("msg_id") == msg_id
                if msg["msg_type"] == "stream":
                    outputs.append(msg["content"]["text"])
                if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                    return outputs
        finally:
            client.stop_channels()

    assert asyncio.run(ready_then_run()) == ["42\n"]
    kernel.km.shutdown_kernel(now=True)
    dead = kernel.km.client()
    with pytest.raises(RuntimeError, match="kernel died"):
        asyncio.run(dead.wait_for_ready(timeout=5))
    kernels.discard()

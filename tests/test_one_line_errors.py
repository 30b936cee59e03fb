"""A machine's failure (a full disk, a drawing process that dies, a planted folder) ends a command
with one line naming the cause: no traceback, and nothing left behind that keeps the disk full."""

from __future__ import annotations

import errno
import os

import pytest
from click.testing import CliRunner

from gaplib.engine import book, build, runner
from gaplib.engine.book import BookBuildError, jupyter_book
from gaplib.engine.cli import main
from gaplib.engine.execute import ChapterRun
from gaplib.engine.outdir import prepare_stage

# What Sphinx and Jupyter Book print when the disk fills while the site is written (shortened).
FULL_DISK_STDERR = (
    "Traceback (most recent call last):\n"
    '  File "/venv/lib/python3.11/site-packages/sphinx/builders/html/__init__.py", line 1231, in handle_page\n'
    "    with open(outfilename, 'w', encoding=ctx['encoding'], errors='xmlcharrefreplace') as f:\n"
    "OSError: [Errno 28] No space left on device: '/srv/book/_build/.html-render-1-x/book/_build/html/index.html'\n"
    "RuntimeError: \n=====\n\nThere was an error in building your book. Look above for the cause.\n"
)


def _one_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    assert len(lines) == 1, text
    assert "Traceback" not in text
    return lines[0]


def test_a_full_disk_while_rendering_is_named_in_one_line(tmp_path):
    with pytest.raises(BookBuildError, match=r"No space left on device \(ENOSPC\)") as info:
        jupyter_book(tmp_path, tmp_path / "work", "html", "the previous site in /srv/book/_build/html is unchanged",
                     run=lambda args: (1, "Running Jupyter-Book v1.0.4\n", FULL_DISK_STDERR))
    assert _one_line(str(info.value)) == (
        "jupyter-book stopped: No space left on device (ENOSPC): "
        "/srv/book/_build/.html-render-1-x/book/_build/html/index.html; "
        "the previous site in /srv/book/_build/html is unchanged")


def test_a_failed_build_removes_its_stage_folders_and_a_good_one_keeps_them(tmp_path):
    out = tmp_path / "html"
    with build._stages_removed_on_failure(out, ("en", "zh_CN")) as stages:
        for folder in stages.values():
            prepare_stage(folder)
    assert all(folder.is_dir() for folder in stages.values())  # kept: a PDF prints from them
    with pytest.raises(BookBuildError, match=r"No space left on device \(ENOSPC\)"):
        with build._stages_removed_on_failure(out, ("en", "zh_CN")) as stages:
            for folder in stages.values():
                prepare_stage(folder)
                (folder / "page.md").write_text("x" * 1000)
            raise BookBuildError("jupyter-book stopped: No space left on device (ENOSPC)")
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_a_folder_the_book_did_not_mark_is_not_removed_as_a_stage(tmp_path):
    foreign = tmp_path / ".html-stage"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("mine")
    with pytest.raises(RuntimeError, match="failed"):
        with build._stages_removed_on_failure(tmp_path / "html", ("en",)):
            raise RuntimeError("failed")
    assert (foreign / "notes.txt").read_text() == "mine"


def test_a_full_disk_during_run_out_names_the_file_it_could_not_write(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    cache.mkdir()
    for name in ("hardware.ipynb", "hardware.results.json", "hardware.fleet.csv"):
        (cache / name).write_text("{}")
    monkeypatch.setattr(runner, "run_chapter", lambda chapter, *a, **k: ChapterRun(chapter, {}, "k", cache, True))
    real_copy = runner.shutil.copy2

    def copy_until_full(source, target):
        if str(target).endswith(".results.json"):
            with open(target, "w") as half:
                half.write("{")
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))  # as sendfile reports it: no file name
        return real_copy(source, target)

    monkeypatch.setattr(runner.shutil, "copy2", copy_until_full)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["run", "hardware", "--out", str(out)])
    assert result.exit_code == 1
    assert _one_line(result.output) == f"Error: No space left on device: {out.resolve() / 'hardware.results.json'}"
    assert sorted(p.name for p in out.iterdir()) == ["hardware.ipynb"]  # no half-written file


def test_a_drawing_process_that_dies_ends_the_command_in_one_line(tmp_path, monkeypatch):
    from gaplib.engine import pictures

    specs = tmp_path / "run"
    specs.mkdir()
    (specs / "hardware.fleet.vl.json").write_text('{"mark": "point", "data": {"values": [{"x": 1}]}}')
    drawer = pictures._Drawer()
    drawer.process.kill()
    drawer.process.join()
    monkeypatch.setitem(pictures._DRAWERS, os.getpid(), drawer)
    monkeypatch.setattr(pictures._Drawer, "__init__", lambda self, niceness=0: (_ for _ in ()).throw(AssertionError))
    drawer.process.is_alive = lambda: True  # as between its death and the next request
    (specs / "hardware.ipynb").write_text("{}")
    (specs / "hardware.results.json").write_text("{}")
    monkeypatch.setattr(runner, "run_chapter", lambda chapter, *a, **k: ChapterRun(chapter, {}, "k", specs, True))
    result = CliRunner().invoke(main, ["run", "hardware", "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert _one_line(result.output) == f"Error: the process drawing the charts in {specs} stopped unexpectedly"


def _plant(kind: str, folder):
    if kind == "symlink":  # someone else's link in a shared /tmp, pointing where they like
        folder.symlink_to(folder.parent.parent)
    elif kind == "file":
        folder.write_text("not a folder")
    else:  # a folder owned by someone else
        if os.geteuid() != 0:
            pytest.skip("making a folder of another user's needs root")
        folder.mkdir()
        os.chown(folder, 65534, 65534)


@pytest.mark.parametrize("kind", ["symlink", "file", "foreign"])
def test_a_planted_kernel_connection_folder_ends_the_run_in_one_line(tmp_path, kind):
    import subprocess
    import sys
    from pathlib import Path

    temp = tmp_path / "tmp"
    temp.mkdir()
    planted = temp / f"gaplib-kernels-{os.getuid()}"
    _plant(kind, planted)
    done = subprocess.run([str(Path(sys.executable).with_name("gaplib")), "run", "leaders", "--force",
                           "--out", str(tmp_path / "out")], capture_output=True, text=True,
                          env={**os.environ, "TMPDIR": str(temp)}, timeout=300)
    assert done.returncode == 1
    assert _one_line(done.stderr) == (f"Error: {planted} is not a folder of this user's; remove it or set "
                                      "TMPDIR elsewhere")


@pytest.mark.parametrize("name", ["utilisation_fraction", "domestic_yield_fraction"])
def test_a_value_at_the_former_open_end_is_refused_naming_the_parameter(name):
    # 5e-324 was inside (0, 1] and overflowed the chapter to infinity; the range is now [0.01, 1].
    result = CliRunner().invoke(main, ["run", "hardware", "-p", name, "5e-324"])
    assert result.exit_code == 1
    assert result.output.splitlines()[1] == (f"  - {name}: got 5e-324 (Input should be greater than or equal to "
                                             "0.01); allowed: float in [0.01, 1.0] fraction")
    assert "Traceback" not in result.output

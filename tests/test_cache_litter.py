"""Work folders that killed runs left in the chapter cache are removed by the next run."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

from gaplib.engine.execute import work_folder

KEY = "0123456789abcdef" * 4


def test_the_work_folder_of_a_killed_run_is_removed_by_the_next(tmp_path):
    chapter = tmp_path / "hardware"
    # A run that made its work folder, wrote into it and was killed outright (no clean-up ran).
    code = ("import os, signal, sys\nfrom pathlib import Path\nfrom gaplib.engine.execute import work_folder\n"
            f"work = work_folder(Path({str(chapter)!r}), {KEY!r})\n(work / 'hardware.ipynb').write_text('half')\n"
            "print(work, flush=True)\nos.kill(os.getpid(), signal.SIGKILL)\n")
    killed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert killed.returncode == -signal.SIGKILL
    left = chapter / os.path.basename(killed.stdout.strip())
    assert left.is_dir() and left.name.startswith(f".{KEY[:12]}-")
    finished = chapter / KEY  # a stored run
    finished.mkdir()
    mine = work_folder(chapter, KEY)  # this process is alive: its folder stays while it works
    other = work_folder(chapter, "f" * 64)
    assert not left.exists()
    assert sorted(p.name for p in chapter.iterdir()) == sorted([KEY, mine.name, other.name])
    assert mine.name.startswith(f".{KEY[:12]}-{os.getpid()}-")


def test_folders_that_are_not_work_folders_are_kept(tmp_path):
    for name in (".notes", ".0123456789ab-notapid-x", "0123456789ab-1-x"):
        (tmp_path / name).mkdir()
    (tmp_path / ".0123456789ab-999999999-file").write_text("a file, not a folder")
    work_folder(tmp_path, KEY)
    assert {".notes", ".0123456789ab-notapid-x", "0123456789ab-1-x", ".0123456789ab-999999999-file"} <= {
        p.name for p in tmp_path.iterdir()}

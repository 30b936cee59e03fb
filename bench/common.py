"""What the benchmark scripts share: the interpreter, running a command with its time, gaplib's command line."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

PYTHON = sys.executable
PROJECT_DIR = Path(__file__).resolve().parents[1]


def timed(command: list[str], cwd: Path, env: dict | None = None) -> tuple[float, str]:
    """Run ``command``; return (seconds, stdout). Raises on failure with its output."""
    started = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    return seconds, done.stdout


def gaplib_command(*args: str) -> list[str]:
    """The command line of ``gaplib ARGS`` run from the clone (its sources, this environment)."""
    return [PYTHON, "-c", "from gaplib.engine.cli import main; main()", *args]


def clone(workdir: Path) -> Path:
    """A clean clone of HEAD in ``workdir/main`` (the data snapshot comes with it)."""
    target = workdir / "main"
    subprocess.run(["git", "clone", "--quiet", str(PROJECT_DIR), str(target)], check=True)
    return target


#: The clean build measured against Jupyter Book: the English edition only, as Jupyter Book's
#: own executor builds one edition.
CLEAN_BUILD_ARGS = ["build", "--lang", "en", "--jobs", str(os.cpu_count() or 1)]

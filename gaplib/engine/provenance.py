"""Recording, from inside a chapter's kernel, which gaplib modules it used.

The runner appends a hidden last cell calling :func:`record_modules`; the modules'
files and their sha256 go to the same read log as the data files, so editing a
module re-executes exactly the chapters that imported it.
"""

from __future__ import annotations

import os
import sys

from gaplib.engine.cache import sha256_file

# The environment through which the runner talks to a chapter's kernel. Kept in this
# light module so that the runner and the CLI start without importing pandas or pandera.
READ_LOG_ENV = "GAPLIB_READ_LOG"
ARTIFACT_DIR_ENV = "GAPLIB_ARTIFACT_DIR"
ARTIFACT_PREFIX_ENV = "GAPLIB_ARTIFACT_PREFIX"
CHAPTER_RESULTS_ENV = "GAPLIB_CHAPTER_RESULTS"
RUN_PARAMETERS_ENV = "GAPLIB_RUN_PARAMETERS"  # JSON of the run's parameters, for the chart files' notes
RESULTS_ONLY_ENV = "GAPLIB_RESULTS_ONLY"  # "1": a run for its results.json alone (a sweep's point); nothing is shown
SWEEPS_KEY = "__sweeps__"
# The files a chapter publishes beside its results: tables (CSV), and each chart's data, note and pictures.
ARTIFACT_PATTERNS = ("*.csv", "*.meta.json", "*.svg", "*.png")
RECORD_CELL_SOURCE = "from gaplib.engine.provenance import record_modules\nrecord_modules()"


def gaplib_module_files() -> list[str]:
    """Return the source files of every gaplib module imported in this process, sorted."""
    files = set()
    for name, module in list(sys.modules.items()):
        if name == "gaplib" or name.startswith("gaplib."):
            path = getattr(module, "__file__", None)
            if path and path.endswith(".py"):
                files.add(os.path.abspath(path))
    return sorted(files)


def record_modules() -> int:
    """Append ``path<TAB>sha256`` for each imported gaplib module to the read log.

    Returns the number of modules recorded (0 when not run by the runner).
    """
    log = os.environ.get(READ_LOG_ENV)
    if not log:
        return 0
    files = gaplib_module_files()
    with open(log, "a", encoding="utf-8") as handle:
        for path in files:
            handle.write(f"{path}\t{sha256_file(path)}\n")
    return len(files)

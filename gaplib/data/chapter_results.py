"""The results of the chapters executed in the same build, for pages that summarise them.

The runner executes the chapters first, writes their results into one JSON file
(named by its content's sha256) and points ``$GAPLIB_CHAPTER_RESULTS`` at it before it
executes a dependent page (the introduction, the claims ledger, the sensitivity page).
Sweeps the build ran for those pages travel in the same file under ``__sweeps__``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pandas as pd

from gaplib.engine.provenance import CHAPTER_RESULTS_ENV, SWEEPS_KEY

from .errors import MissingDataError
from .loaders import log_read
from .paths import fingerprint



def chapter_results() -> dict[str, dict[str, Any]]:
    """Return {chapter: its results.json as a dict} for the chapters of this build.

    A chapter that failed or was not run is simply absent. Raises MissingDataError
    when the page is executed outside the runner, which alone knows the build.
    """
    path = os.environ.get(CHAPTER_RESULTS_ENV)
    if not path or not Path(path).is_file():
        raise MissingDataError(
            "this page summarises the chapters of one build: execute it with "
            "`gaplib run <page>` or `gaplib build`, which run the chapters first "
            f"(${CHAPTER_RESULTS_ENV} is {'unset' if not path else 'a missing file: ' + path})"
        )
    log_read(Path(path).resolve(), fingerprint(path))
    bundle = json.loads(Path(path).read_text())
    return {name: results for name, results in bundle.items() if name != SWEEPS_KEY}


def sweep_results(name: str) -> pd.DataFrame:
    """Return the table of the build's sweep ``name`` (one row per point, as ``gaplib sweep`` writes it).

    Raises MissingDataError if this build ran no such sweep.
    """
    chapter_results()  # same checks and read log as the chapter results
    bundle = json.loads(Path(os.environ[CHAPTER_RESULTS_ENV]).read_text())
    sweeps = bundle.get(SWEEPS_KEY, {})
    if name not in sweeps:
        raise MissingDataError(f"this build ran no sweep named {name!r}; it ran: {sorted(sweeps) or 'none'}")
    return pd.DataFrame(sweeps[name])

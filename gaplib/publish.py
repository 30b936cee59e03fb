"""What a chapter notebook calls to publish a number into its prose and results.

Numbers are converted to plain Python numbers before gluing, so that the text repr
myst-nb stores is a literal (``3.2``, not ``np.float64(3.2)``) that the prose can
format and ``results.json`` can read back as a number.
"""

from __future__ import annotations

import math
import numbers
import os
from pathlib import Path
from typing import Any

import pandas as pd

from IPython.display import display as ipy_display
from myst_nb import glue as _myst_glue

from gaplib.engine.provenance import ARTIFACT_DIR_ENV, ARTIFACT_PREFIX_ENV
from gaplib.engine.results import GLUE_PREFIX, TEXT_MARKER


def plain(value: Any) -> Any:
    """Return ``value`` as a plain Python bool, int, float or str.

    Raises ValueError for NaN or infinite numbers: a result that cannot be computed
    must be reported as such in the prose, not published as a number.
    """
    if isinstance(value, bool | str):
        return value
    if hasattr(value, "item") and not isinstance(value, list | dict):
        value = value.item()
    if isinstance(value, bool):
        return value
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        value = float(value)
        if not math.isfinite(value):
            raise ValueError(f"refusing to publish a non-finite number: {value}")
        return value
    raise TypeError(f"publish numbers, booleans or strings, not {type(value).__name__}")


def glue(name: str, value: Any) -> None:
    """Glue ``value`` under ``name`` without displaying it.

    Returns None, so that a glue as a cell's last line shows nothing on the page.

    Strings are glued as their bare text (not their repr), so that the prose shows
    ``widening`` rather than ``'widening'``; they are marked as text for results.json.
    """
    value = plain(value)
    if isinstance(value, str):
        metadata = {"scrapbook": {"name": name, "mime_prefix": GLUE_PREFIX}, TEXT_MARKER: True}
        ipy_display({GLUE_PREFIX + "text/plain": value}, raw=True, metadata=metadata)
    else:
        _myst_glue(name, value, display=False)



def table(name: str, frame: pd.DataFrame) -> Path | None:
    """Write ``frame`` as ``<chapter>.<name>.csv`` beside the chapter's results.json.

    The runner names the folder and the chapter through environment variables; run
    outside the runner (plain papermill or Jupyter) nothing is written and None is
    returned. Returns the path written otherwise.
    """
    if not name.replace("_", "").isalnum():
        raise ValueError(f"table names are letters, digits and underscores, got {name!r}")
    folder = os.environ.get(ARTIFACT_DIR_ENV)
    if not folder:
        return None
    path = Path(folder) / f"{os.environ.get(ARTIFACT_PREFIX_ENV, 'chapter')}.{name}.csv"
    frame.to_csv(path, index=False)
    return path

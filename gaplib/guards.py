"""Guards for the book's arithmetic on data selections.

An empty selection, a fit on too few points or a zero denominator raises
:class:`EmptySelectionError`, whose message names the data (the registry id of the
source), the selection and the result that cannot be computed, e.g.

    epoch_gpu_clusters: no H100-equivalents for China among clusters with status Existing
    in Epoch's standard analysis (311 rows); the US/China ratio has a zero denominator

never a bare ZeroDivisionError or IndexError that names nothing.

Frames say where they come from in ``DataFrame.attrs`` (pandas carries attrs through
filtering, assign, explode, groupby and most other operations): ``gaplib.data.load``
sets ``attrs["source"]`` to the source id and selectors such as
``gaplib.hardware.compute.select_clusters`` set ``attrs["selection"]`` to a phrase describing
the rows kept. Functions fall back to their own defaults for frames built by hand.
"""

from __future__ import annotations

import math

import pandas as pd

SOURCE_ATTR = "source"
SELECTION_ATTR = "selection"


class EmptySelectionError(ValueError):
    """A calculation's selection of data is empty, too small, or sums to zero.

    The message names the source, the selection and the result that is undefined.
    """


def source_of(frame: pd.DataFrame | pd.Series, default: str) -> str:
    """Return the source id recorded on ``frame`` (``attrs["source"]``), else ``default``."""
    return str(frame.attrs.get(SOURCE_ATTR) or default)


def selection_of(frame: pd.DataFrame | pd.Series, default: str, *, count: bool = True) -> str:
    """Return the phrase describing ``frame``'s rows (``attrs["selection"]``), else ``default``,
    followed by the row count unless ``count`` is False, e.g. "clusters with status Existing
    (311 rows)". Leave the count out when ``frame`` is a further subset of those rows."""
    phrase = frame.attrs.get(SELECTION_ATTR) or default
    return f"{phrase} ({len(frame)} rows)" if count else phrase


def tagged(frame: pd.DataFrame, *, source: str | None = None, selection: str | None = None) -> pd.DataFrame:
    """Return ``frame`` with its source and/or selection recorded in ``attrs`` (set in place)."""
    if source is not None:
        frame.attrs[SOURCE_ATTR] = source
    if selection is not None:
        frame.attrs[SELECTION_ATTR] = selection
    return frame


def require_rows(frame: pd.DataFrame | pd.Series, need: int, *, source: str, selection: str,
                 result: str) -> pd.DataFrame | pd.Series:
    """Return ``frame`` unchanged if it has at least ``need`` rows; else raise EmptySelectionError.

    The message reads "<source>: no <selection>; <result> cannot be computed", with
    "only N" for "no" and "(at least <need> needed)" when more than one row is needed.
    """
    n = len(frame)
    if n < need:
        found = "no" if n == 0 else f"only {n}"
        needed = f" (at least {need} needed)" if need > 1 else ""
        raise EmptySelectionError(f"{source}: {found} {selection}{needed}; {result} cannot be computed")
    return frame


def divide(numerator: float, denominator: float, *, source: str, denominator_is: str, result: str) -> float:
    """Return ``numerator / denominator`` as a float; raise EmptySelectionError if the
    denominator is zero or missing (NaN), naming the source and what the denominator is.

    ``denominator_is`` describes the denominator ("the H100-equivalents US clusters
    added in ..."); ``result`` names the quotient ("the domestic supply's share of US
    additions").
    """
    den = float(denominator)
    if den == 0 or math.isnan(den):
        state = "zero" if den == 0 else "missing (NaN)"
        raise EmptySelectionError(f"{source}: {denominator_is} is {state}; {result} has a zero denominator")
    return float(numerator) / den

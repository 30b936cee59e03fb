"""Summaries of a parameter sweep for the sensitivity page."""

from __future__ import annotations

import pandas as pd


def sweep_grid(table: pd.DataFrame, x: str, y: str, value: str) -> pd.DataFrame:
    """Return one row per (x, y) grid cell with the sweep's ``value``: columns ``x``, ``y``, ``value``.

    ``table`` is a sweep table (``param.*``, ``result.*``, ``status`` columns); failed
    points are dropped, and ValueError names a lever or result the sweep lacks.
    """
    columns = {f"param.{x}": "x", f"param.{y}": "y", f"result.{value}": "value"}
    missing = sorted(set(columns) - set(table.columns))
    if missing:
        raise ValueError(f"the sweep has no column(s) {missing}")
    good = table[table["status"] == "ok"]
    return good[list(columns)].rename(columns=columns).sort_values(["x", "y"], ignore_index=True)


def cells_at_or_below(grid: pd.DataFrame, threshold: float) -> int:
    """Return how many grid cells have ``value`` at or below ``threshold``."""
    return int((grid["value"] <= threshold).sum())


def value_at(grid: pd.DataFrame, x: float, y: float) -> float:
    """Return the ``value`` of the cell (x, y); KeyError if the sweep has no such cell."""
    match = grid[(grid["x"] == x) & (grid["y"] == y)]
    if match.empty:
        raise KeyError(f"no grid cell at ({x}, {y})")
    return float(match["value"].iloc[0])

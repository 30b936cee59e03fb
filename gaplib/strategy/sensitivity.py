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


def sweep_cells(table: pd.DataFrame, x: str, y: str, values: tuple[str, ...]) -> pd.DataFrame:
    """Return one row per (x, y) cell with several of the sweep's results: columns ``x``, ``y`` and each of ``values``.

    As :func:`sweep_grid`, for results read side by side (a median and its band, a probability).
    """
    grids = [sweep_grid(table, x, y, v).rename(columns={"value": v}) for v in values]
    out = grids[0]
    for g in grids[1:]:
        out = out.merge(g, on=["x", "y"], how="inner")
    return out


def cells_within(grid: pd.DataFrame, factor: float, column: str = "value") -> int:
    """Return how many cells have ``column`` within ``factor`` of parity on either side (1/factor to factor).

    A ratio of 0.27 (China ahead 3.7 times) is not near parity at a factor of 2.
    """
    if not factor > 1:
        raise ValueError(f"a factor of parity must exceed 1, got {factor}")
    return int(grid[column].between(1.0 / factor, factor).sum())


def cells_at_or_below(grid: pd.DataFrame, threshold: float) -> int:
    """Return how many grid cells have ``value`` at or below ``threshold``."""
    return int((grid["value"] <= threshold).sum())


def value_at(grid: pd.DataFrame, x: float, y: float) -> float:
    """Return the ``value`` of the cell (x, y); KeyError if the sweep has no such cell."""
    match = grid[(grid["x"] == x) & (grid["y"] == y)]
    if match.empty:
        raise KeyError(f"no grid cell at ({x}, {y})")
    return float(match["value"].iloc[0])

"""Sweep summaries for the sensitivity page."""

import pandas as pd
import pytest

from gaplib.strategy.sensitivity import cells_at_or_below, cells_within, sweep_cells, sweep_grid, value_at


@pytest.fixture
def table():
    return pd.DataFrame({
        "param.a": [1.0, 1.0, 2.0, 2.0],
        "param.b": [5.0, 6.0, 5.0, 6.0],
        "result.r": [10.0, 2.0, 20.0, None],
        "status": ["ok", "ok", "ok", "failed"],
    })


def test_grid_keeps_good_points_only(table):
    grid = sweep_grid(table, "a", "b", "r")
    assert list(grid.columns) == ["x", "y", "value"]
    assert grid.to_dict("records") == [
        {"x": 1.0, "y": 5.0, "value": 10.0}, {"x": 1.0, "y": 6.0, "value": 2.0}, {"x": 2.0, "y": 5.0, "value": 20.0}]


def test_missing_columns_are_named(table):
    with pytest.raises(ValueError, match="param.c"):
        sweep_grid(table, "a", "c", "r")


def test_threshold_and_lookup(table):
    grid = sweep_grid(table, "a", "b", "r")
    assert cells_at_or_below(grid, 2.0) == 1
    assert cells_at_or_below(grid, 1.9) == 0
    assert value_at(grid, 2.0, 5.0) == 20.0
    with pytest.raises(KeyError, match="no grid cell at \\(2.0, 6.0\\)"):
        value_at(grid, 2.0, 6.0)


def test_cells_read_side_by_side_and_parity_on_both_sides(table):
    table = table.assign(**{"result.p": [0.0, 0.3, 0.0, None]})
    cells = sweep_cells(table, "a", "b", ("r", "p"))
    assert list(cells.columns) == ["x", "y", "r", "p"] and len(cells) == 3
    grid = pd.DataFrame({"value": [0.27, 0.6, 1.9, 2.0, 2.1]})
    assert cells_within(grid, 2.0) == 3  # 0.27 (China 3.7 times ahead) and 2.1 are not within a factor of 2
    with pytest.raises(ValueError, match="a factor of parity must exceed 1"):
        cells_within(grid, 1.0)

"""A required column refuses an empty cell, whatever its type; the same column marked nullable takes it."""

from __future__ import annotations

import math

import pytest

from gaplib import data
from gaplib.data.registry import Column, Source
from gaplib.data.schemas import build_schema

HEADER = "lab,n,country,partners\n"
GOOD = "A,1.5,United States,China\n"


def source(nullable: bool) -> Source:
    return Source(id="curated_demo", title="Demo", owner="The China AI Gap (curated)", url="data/demo.csv",
                  licence="CC BY 4.0", citation="demo", file="demo.csv", kind="curated", rows=(1, 10),
                  date_column=None,
                  columns=(Column(name="lab", as_="lab", type="str", nullable=nullable),
                           Column(name="n", as_="n", type="float", nullable=nullable),
                           Column(name="country", as_="country", type="country", nullable=nullable),
                           Column(name="partners", as_="partners", type="countries", nullable=nullable)))


@pytest.mark.parametrize("row, column, rule", [
    (",2,China,US", "lab", "not_nullable, got nan"),
    ("B,,China,US", "n", "not_nullable, got nan"),
    ("B,2,,US", "country", "not_nullable, got nan"),
    ("B,2,China,", "partners", r"at least one country, got \(\)"),
])
def test_an_empty_cell_in_a_required_column_is_refused_naming_column_rule_and_row(tmp_path, row, column, rule):
    path = tmp_path / "demo.csv"
    path.write_text(HEADER + GOOD + row + "\n")
    with pytest.raises(data.DataValidationError, match=rf"column '{column}' \({column}\): failed rule {rule} in row 2"):
        data.read_table(source(nullable=False), path)


def test_the_same_empty_cells_pass_where_the_column_is_nullable(tmp_path):
    path = tmp_path / "demo.csv"
    path.write_text(HEADER + GOOD + ",,,\n")
    frame = data.read_table(source(nullable=True), path)
    assert len(frame) == 2 and frame.loc[0, "n"] == 1.5 and math.isnan(frame.loc[1, "n"])
    assert frame.loc[1, "partners"] == ()


def test_the_schema_says_which_columns_are_required():
    required, optional = build_schema(source(nullable=False)), build_schema(source(nullable=True))
    assert {name: c.nullable for name, c in required.columns.items()} == {
        "lab": False, "n": False, "country": False, "partners": True}  # an empty list is checked by its own rule
    assert all(c.nullable for c in optional.columns.values())
    assert required.strict is True and set(required.columns) == {"lab", "n", "country", "partners"}

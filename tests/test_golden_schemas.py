"""Golden behaviour of the typed columns and their schema: each type read from text, the first bad
cell reported at its row, the date bound on both sides of its day, and each rule of the schema
accepting the value at its bound and refusing the one past it."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pandera.errors as pa_errors
import pytest

from gaplib.data.registry import Column, FutureWhen, Source
from gaplib.data.schemas import BadValue, build_schema, coerce, date_bound


def _col(type_: str, **kw) -> Column:
    return Column(name="c", as_="c", type=type_, **kw)


def _raw(*cells: str) -> pd.Series:
    return pd.Series(list(cells), dtype=object)


def _source(*columns: Column, kind: str = "curated") -> Source:
    return Source(id="demo", title="Demo", owner="Demo owner", url="data/demo.csv", licence="CC BY 4.0",
                  citation="demo", file="demo.csv", kind=kind, rows=(1, 10), columns=columns)


# --- coerce ----------------------------------------------------------------------------------------------

def test_floats_and_ints():
    out = coerce(_raw(" 1.5", "", "-2"), _col("float"))
    assert out.dtype == "float64" and out.iloc[0] == 1.5 and pd.isna(out.iloc[1]) and out.iloc[2] == -2.0
    out = coerce(_raw("3", "", "4.0"), _col("int"))
    assert str(out.dtype) == "Int64" and out.iloc[0] == 3 and pd.isna(out.iloc[1]) and out.iloc[2] == 4
    assert list(coerce(_raw("2024", "1999"), _col("year"))) == [2024, 1999]


@pytest.mark.parametrize("type_, cells, position, expected", [
    ("float", ("1", "x", "y"), 1, "float"),
    ("int", ("1", "2.5", "3"), 1, "int"),
    ("year", ("2020", "2020.5"), 1, "year"),
    ("int", ("abc",), 0, "int"),
    ("date", ("2024-01-01", "soon"), 1, "date (YYYY-MM-DD, M/D/YYYY, YYYY-MM or YYYY)"),
    ("date", ("0202-07-30",), 0, "date (YYYY-MM-DD, M/D/YYYY, YYYY-MM or YYYY)"),   # outside datetime64[ns]
    ("bool", ("yes", "maybe"), 1, "bool (True/False, Yes/No)"),
    ("country", ("China", "US, China"), 1, "a single country"),
])
def test_the_first_unreadable_cell_is_reported(type_, cells, position, expected):
    with pytest.raises(BadValue, match=r"^\(\d+, ") as err:  # BadValue's text is its fields
        coerce(_raw(*cells), _col(type_))
    assert (err.value.position, err.value.value, err.value.expected) == (position, cells[position], expected)


@pytest.mark.parametrize("cell, expected", [
    ("2024-03-05", "2024-03-05"),
    ("3/5/2024", "2024-03-05"),                      # month/day/year
    ("2024-03", "2024-03-01"),
    ("2024", "2024-01-01"),
    ("2024-03-05 10:30:00+02:00", "2024-03-05 08:30:00"),   # zoned stamps become naive UTC
    ("2024-03-05T23:30:00-02:00", "2024-03-06 01:30:00"),
    ("2024-03-05 10:30:00", "2024-03-05 10:30:00"),
    ("2024-03-05T10:30:00", "2024-03-05 10:30:00"),
])
def test_dates_in_every_accepted_format(cell, expected):
    out = coerce(_raw(cell, "", "2020-01-02"), _col("date"))
    assert str(out.dtype) == "datetime64[ns]"
    assert out.iloc[0] == pd.Timestamp(expected) and pd.isna(out.iloc[1]) and out.iloc[2] == pd.Timestamp("2020-01-02")


def test_an_all_empty_date_column_is_all_missing():
    assert coerce(_raw("", " "), _col("date")).isna().all()


def test_bools_and_countries():
    out = coerce(_raw("Yes", "f", "", "TRUE", "0"), _col("bool"))
    assert list(out.astype(object).where(out.notna(), None)) == [True, False, None, True, False]
    out = coerce(_raw("USA", "", "China"), _col("country"))
    assert out.iloc[0] == "US" and out.iloc[2] == "China"
    out = coerce(_raw("USA, China", ""), _col("countries"))
    assert out.iloc[0] == ("US", "China") and out.iloc[1] == ()


def test_defaults_fill_empty_cells_in_the_column_type():
    out = coerce(_raw("True", ""), _col("bool", default=False))
    assert str(out.dtype) == "boolean" and list(out) == [True, False]
    out = coerce(_raw("", "2"), _col("int", default=0))
    assert str(out.dtype) == "Int64" and list(out) == [0, 2]
    out = coerce(_raw("", "China"), _col("countries", default=()))
    assert out.iloc[0] == ()


# --- the date bound ----------------------------------------------------------------------------------------

def test_date_bound_prefers_the_download_then_the_snapshot_then_today():
    src = _source(_col("date"))
    d, r, t = dt.date(2024, 5, 1), dt.date(2024, 4, 1), dt.date(2024, 3, 1)
    assert date_bound(src, t, r, d) == (d, "the download date 2024-05-01")
    assert date_bound(src, t, r) == (r, "the snapshot's retrieval date 2024-04-01")
    assert date_bound(src, t) == (t, "the day of the check 2024-03-01")


def _validate(columns: tuple[Column, ...], frame: pd.DataFrame, today=dt.date(2024, 6, 30), kind="curated"):
    return build_schema(_source(*columns, kind=kind), today=today).validate(frame, lazy=False)


def test_dates_up_to_the_end_of_the_bound_day_pass():
    col = _col("date", nullable=True)
    ok = pd.DataFrame({"c": pd.to_datetime(["2024-06-30 23:59:59", None])})
    _validate((col,), ok)
    with pytest.raises(pa_errors.SchemaError, match="no date after the day of the check 2024-06-30"):
        _validate((col,), pd.DataFrame({"c": pd.to_datetime(["2024-07-01"])}))


def test_years_up_to_the_bound_year_pass():
    col = _col("year")
    _validate((col,), pd.DataFrame({"c": pd.array([2024, 1990], dtype="Int64")}))
    with pytest.raises(pa_errors.SchemaError, match="no year after"):
        _validate((col,), pd.DataFrame({"c": pd.array([2025], dtype="Int64")}))


def test_future_rows_pass_only_where_allowed():
    future = pd.to_datetime(["2030-01-01", "2020-01-01"])
    planned = _col("date", future_when=FutureWhen(column="status", values=("Planned",)))
    status = Column(name="status", as_="status", type="str")
    _validate((planned, status), pd.DataFrame({"c": future, "status": ["Planned", "Existing"]}))
    with pytest.raises(pa_errors.SchemaError, match="unless status is one of"):
        _validate((planned, status), pd.DataFrame({"c": future, "status": ["Existing", "Existing"]}))
    _validate((_col("date", allow_future=True),), pd.DataFrame({"c": future}))


# --- the column rules ---------------------------------------------------------------------------------------

def test_min_and_max_accept_their_bounds():
    col = _col("float", min=0.0, max=1.0)
    _validate((col,), pd.DataFrame({"c": [0.0, 1.0]}))
    for bad in (-0.01, 1.01):
        with pytest.raises(pa_errors.SchemaError, match="greater_than_or_equal_to|less_than_or_equal_to"):
            _validate((col,), pd.DataFrame({"c": [bad]}))


def test_allowed_values_and_uniqueness():
    col = _col("str", allowed=("a", "b"), unique=True)
    _validate((col,), pd.DataFrame({"c": ["a", "b"]}))
    with pytest.raises(pa_errors.SchemaError, match="isin"):
        _validate((col,), pd.DataFrame({"c": ["a", "z"]}))
    with pytest.raises(pa_errors.SchemaError, match="contains duplicate values"):
        _validate((col,), pd.DataFrame({"c": ["a", "a"]}))


def test_curated_tables_spell_countries_as_the_book_does_third_party_ones_as_published():
    one = _col("country")
    many = _col("countries")
    with pytest.raises(pa_errors.SchemaError, match="isin"):
        _validate((one,), pd.DataFrame({"c": ["Atlantis"]}))
    _validate((one,), pd.DataFrame({"c": ["Atlantis"]}), kind="third_party")
    with pytest.raises(pa_errors.SchemaError, match="every country must be one of the known countries"):
        _validate((many,), pd.DataFrame({"c": [("US", "Atlantis")]}))
    _validate((many,), pd.DataFrame({"c": [("US", "Atlantis")]}), kind="third_party")
    allowed = _col("countries", allowed=("US",))
    with pytest.raises(pa_errors.SchemaError, match="every country must be one of the allowed list"):
        _validate((allowed,), pd.DataFrame({"c": [("US", "China")]}), kind="third_party")


def test_a_required_country_list_needs_a_country_an_optional_one_does_not():
    frame = pd.DataFrame({"c": [("US",), ()]})
    with pytest.raises(pa_errors.SchemaError, match="at least one country"):
        _validate((_col("countries"),), frame)
    _validate((_col("countries", nullable=True),), frame)


def test_required_columns_refuse_missing_values_and_the_schema_is_strict():
    with pytest.raises(pa_errors.SchemaError, match="non-nullable"):
        _validate((_col("float"),), pd.DataFrame({"c": [1.0, float("nan")]}))
    _validate((_col("float", nullable=True),), pd.DataFrame({"c": [1.0, float("nan")]}))
    with pytest.raises((pa_errors.SchemaError, pa_errors.SchemaErrors), match="column 'extra' not in DataFrameSchema"):
        _validate((_col("float"),), pd.DataFrame({"c": [1.0], "extra": [2.0]}))


def test_the_schema_checks_types_without_converting_and_ignores_column_order():
    a, b = _col("float"), Column(name="d", as_="d", type="str")
    _validate((a, b), pd.DataFrame({"d": ["x"], "c": [1.0]}))        # another column order passes
    with pytest.raises(pa_errors.SchemaError, match="expected series 'c' to have type float64"):
        _validate((a, b), pd.DataFrame({"c": [1], "d": ["x"]}))      # an int column is not converted

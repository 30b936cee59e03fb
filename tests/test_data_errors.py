"""Damaged inputs fail with a DataValidationError naming the file, the column and a bad row."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pandas as pd
import pandera.pandas as pa
import pytest

from data_fixtures import copy_source, isolated_env, read_rows, require, set_cell, write_rows
from gaplib import data
from gaplib.data.paths import download_note
from gaplib.data.registry import Column, Source, utc_today
from gaplib.data.schemas import build_schema


@pytest.fixture
def damaged(monkeypatch, tmp_path):
    """Return a function copying a source's real file into a fresh GAPLIB_DATA_DIR."""

    def make(source_id):
        require(source_id)
        path = copy_source(source_id, tmp_path / "staging")  # located before redirecting
        data_dir, _ = isolated_env(monkeypatch, tmp_path)
        target = data_dir / data.source(source_id).file
        target.parent.mkdir(parents=True, exist_ok=True)
        path.rename(target)
        return target

    return make


def _error(source_id):
    with pytest.raises(data.DataValidationError, match=rf"^{re.escape(source_id)}[ :]") as err:
        data.load(source_id)
    return str(err.value)


def test_text_in_numeric_column(damaged):
    path = damaged("epoch_gpu_clusters")
    set_cell(path, 17, "H100 equivalents", "lots")
    msg = _error("epoch_gpu_clusters")
    assert msg.startswith(f"epoch_gpu_clusters ({path.resolve()}): column 'H100 equivalents' (h100_equivalents)")
    assert "expected float, got 'lots' in row 17" in msg
    assert "'Name':" in msg  # the first fields of the bad row are quoted


def test_missing_column(damaged):
    path = damaged("epoch_gpu_clusters")
    rows = read_rows(path)
    i = rows[0].index("Power Capacity (MW)")
    write_rows(path, [r[:i] + r[i + 1:] for r in rows])
    msg = _error("epoch_gpu_clusters")
    assert str(path.resolve()) in msg
    assert "column 'Power Capacity (MW)' (power_mw) is missing" in msg


def test_duplicate_registered_header(damaged):
    """A second 'H100 equivalents' before the real one used to be read instead of it."""
    path = damaged("epoch_gpu_clusters")
    rows = read_rows(path)
    first = rows[0].index("Max OP/s (log)")  # an unregistered column left of the real one
    second = rows[0].index("H100 equivalents")
    assert first < second
    rows[0][first] = " H100 equivalents"  # the same name once whitespace is stripped
    write_rows(path, rows)
    msg = _error("epoch_gpu_clusters")
    assert msg.startswith(f"epoch_gpu_clusters ({path.resolve()}): column 'H100 equivalents' appears twice")
    assert f"(fields {first + 1} and {second + 1})" in msg


def test_duplicate_unregistered_header(damaged):
    path = damaged("epoch_gpu_clusters")
    rows = read_rows(path)
    assert "Note" in rows[0] and "Notes" not in rows[0]
    rows[0][rows[0].index("Max OP/s (log)")] = "Note"
    write_rows(path, rows)
    msg = _error("epoch_gpu_clusters")
    assert str(path.resolve()) in msg and "column 'Note' appears twice in the header" in msg


def test_empty_file(damaged):
    path = damaged("owid_ai_patents")
    path.write_bytes(b"")
    msg = _error("owid_ai_patents")
    assert str(path.resolve()) in msg and "empty" in msg


def test_header_only(damaged):
    path = damaged("owid_ai_patents")
    path.write_text(read_rows(path)[0] and "Entity,Code,Year,All\n")
    msg = _error("owid_ai_patents")
    assert str(path.resolve()) in msg and "no data rows" in msg


def test_truncated_last_row(damaged):
    path = damaged("owid_ai_patents")
    text = path.read_text()
    path.write_text(text[: text.rstrip("\n").rfind(",")])  # cut before the last field
    msg = _error("owid_ai_patents")
    assert str(path.resolve()) in msg
    assert "row 357" in msg and "column 'All'" in msg and "truncated" in msg


def test_truncated_inside_quoted_field(damaged):
    path = damaged("epoch_ai_companies_funding_rounds")
    text = path.read_text()
    cut = text.rfind('"') - 5  # inside the last quoted field
    path.write_text(text[:cut])
    msg = _error("epoch_ai_companies_funding_rounds")
    assert str(path.resolve()) in msg and "truncated" in msg and "breaks off in column" in msg


def test_truncated_value(damaged):
    """A cut that keeps the field count but leaves half a value is caught by its type."""
    path = damaged("epoch_notable_models")
    set_cell(path, 1036, "Publication date", "1950-0")
    msg = _error("epoch_notable_models")
    assert "column 'Publication date' (publication_date)" in msg and "'1950-0'" in msg and "row 1036" in msg


def test_unparsable_date(damaged):
    path = damaged("epoch_ai_companies_funding_rounds")
    set_cell(path, 5, "Close date", "next spring")
    msg = _error("epoch_ai_companies_funding_rounds")
    assert str(path.resolve()) in msg
    assert "column 'Close date' (close_date): expected date" in msg
    assert "got 'next spring' in row 5" in msg


def test_row_count_outside_range(damaged):
    path = damaged("owid_ai_patents")
    write_rows(path, read_rows(path)[:101])
    msg = _error("owid_ai_patents")
    assert str(path.resolve()) in msg and "100 data rows, expected between 300 and 700" in msg


def test_value_below_min(damaged):
    path = damaged("epoch_gpu_clusters")
    set_cell(path, 3, "Power Capacity (MW)", "-5")
    msg = _error("epoch_gpu_clusters")
    assert str(path.resolve()) in msg
    assert "column 'Power Capacity (MW)' (power_mw)" in msg and "-5.0" in msg and "row 3" in msg


def test_value_not_allowed(damaged):
    path = damaged("epoch_gpu_clusters")
    set_cell(path, 9, "Status", "Rumoured")
    msg = _error("epoch_gpu_clusters")
    assert "column 'Status' (status)" in msg and "'Rumoured'" in msg and "row 9" in msg


CURATED_LIKE = Source(
    id="curated_demo", title="Demo", owner="The China AI Gap (curated)", url="data/demo.csv",
    licence="CC BY 4.0", citation="demo", file="demo.csv", kind="curated", rows=(1, 10),
    date_column=None,
    columns=(
        Column(name="lab", as_="lab", type="str"),
        Column(name="country", as_="country", type="country"),
        Column(name="partners", as_="partners", type="countries", nullable=True),
    ),
)


def test_unknown_country_in_curated_table(tmp_path):
    path = tmp_path / "demo.csv"
    path.write_text("lab,country,partners\nA,United States,China\nB,Chnia,\n")
    with pytest.raises(data.DataValidationError, match="column 'country' \\(country\\): failed rule isin") as err:
        data.read_table(CURATED_LIKE, path)
    msg = str(err.value)
    assert f"curated_demo ({path})" in msg and "column 'country' (country)" in msg
    assert "'Chnia'" in msg and "row 2" in msg and "'lab': 'B'" in msg


def test_unknown_country_in_curated_multi_country_cell(tmp_path):
    path = tmp_path / "demo.csv"
    path.write_text('lab,country,partners\nA,US,"China,Frnace"\n')
    with pytest.raises(data.DataValidationError, match=r"column 'partners' \(partners\).*row 1"):
        data.read_table(CURATED_LIKE, path)


def test_known_spellings_accepted_in_curated_table(tmp_path):
    path = tmp_path / "demo.csv"
    path.write_text('lab,country,partners\nA,United States of America,"Hong Kong,France"\n')
    df = data.read_table(CURATED_LIKE, path)
    assert df.loc[0, "country"] == "US" and df.loc[0, "partners"] == ("China", "France")


def test_organizations_allowed_list(tmp_path):
    src = data.source("organizations")
    path = tmp_path / "organizations.csv"
    rows = read_rows(data.CURATED_DIR / "organizations.csv")
    rows[4][1] = "Atlantis"
    write_rows(path, rows)
    with pytest.raises(data.DataValidationError, match="column 'country' \\(country\\): failed rule isin") as err:
        data.read_table(src, path)
    assert "column 'country' (country)" in str(err.value) and "'Atlantis'" in str(err.value)
    assert "row 4" in str(err.value)
    assert dataclasses.is_dataclass(src) and src.kind == "curated"


def test_registry_rejects_malformed_entry():
    from gaplib.data.registry import parse_registry

    bad = "sources:\n  - id: x\n    title: t\n"
    with pytest.raises(data.DataError, match="source 'x' is malformed"):
        parse_registry(bad, origin="test.yml")
    with pytest.raises(data.DataError, match="unknown|Input should be"):
        parse_registry(
            "sources:\n  - {id: x, title: t, owner: o, url: u, licence: l, citation: c, file: f,"
            " kind: third_party, rows: [1, 2], columns: [{name: a, as: a, type: decimal}]}\n"
        )


# Dates after the source's bound (the snapshot's retrieval date, the manifest's `retrieved`).

def _row_where(path, column, value, *, dated=True):
    """Return the 1-based data row of the first row whose ``column`` is ``value`` (with a first operational date)."""
    rows = read_rows(path)
    col, date = rows[0].index(column), rows[0].index("First Operational Date")
    return next(i for i, r in enumerate(rows[1:], 1) if r[col] == value and bool(r[date]) == dated)


def test_future_date_typo_in_a_column_that_allows_none(damaged):
    path = damaged("epoch_ml_hardware")
    set_cell(path, 12, "Release date", "2099-03-11")
    msg = _error("epoch_ml_hardware")
    assert msg.startswith(f"epoch_ml_hardware ({path.resolve()}): column 'Release date' (release_date): ")
    assert "no date after the snapshot's retrieval date 2026-07-19" in msg
    assert "got '2099-03-11' in row 12 (line " in msg and "'Hardware name':" in msg


def test_retrieval_day_itself_is_accepted_and_the_next_day_is_not(damaged):
    path = damaged("epoch_gpu_clusters")
    row = _row_where(path, "Status", "Existing")
    set_cell(path, row, "First Operational Date", "12/14/2025")  # the registered retrieval day
    assert data.load("epoch_gpu_clusters").loc[row - 1, "first_operational_date"] == pd.Timestamp("2025-12-14")
    set_cell(path, row, "First Operational Date", "12/15/2025")
    msg = _error("epoch_gpu_clusters")
    assert f"got '2025-12-15' in row {row} " in msg


def test_future_date_allowed_for_a_planned_cluster(damaged):
    path = damaged("epoch_gpu_clusters")
    row = _row_where(path, "Status", "Planned", dated=False)
    set_cell(path, row, "First Operational Date", "2099-01-01")
    df = data.load("epoch_gpu_clusters")
    assert df.loc[row - 1, "status"] == "Planned"
    assert df.loc[row - 1, "first_operational_date"] == pd.Timestamp("2099-01-01")


def test_future_date_refused_for_an_existing_cluster(damaged):
    """The column allows later dates only for planned clusters; an existing one's 2099 is a typo."""
    path = damaged("epoch_gpu_clusters")
    row = _row_where(path, "Status", "Existing")
    set_cell(path, row, "First Operational Date", "2099-01-01")
    msg = _error("epoch_gpu_clusters")
    assert msg.startswith(f"epoch_gpu_clusters ({path.resolve()}): column 'First Operational Date' (first_operational_date)")
    assert "no date after the snapshot's retrieval date 2025-12-14 unless status is one of ['Planned']" in msg
    assert f"got '2099-01-01' in row {row} (line " in msg and "'Status': 'Existing'" in msg


def test_future_date_refused_in_a_column_beside_an_allowed_one(damaged):
    """Only first_operational_date may be later for planned clusters, not their decommissioning date."""
    path = damaged("epoch_gpu_clusters")
    row = _row_where(path, "Status", "Planned", dated=False)
    set_cell(path, row, "Decommissioned Date (if applicable)", "2099-01-01")
    msg = _error("epoch_gpu_clusters")
    assert "column 'Decommissioned Date (if applicable)' (decommissioned_date)" in msg
    assert f"got '2099-01-01' in row {row} " in msg


def test_every_late_cell_is_counted(damaged):
    path = damaged("epoch_notable_models")
    for row in (3, 7, 9):
        set_cell(path, row, "Publication date", "2099-01-01")
    msg = _error("epoch_notable_models")
    assert "got '2099-01-01' in row 3 " in msg and "(and 2 more failing cells)" in msg


def test_future_year_typo(damaged):
    path = damaged("owid_ai_patents")
    set_cell(path, 40, "Year", "2099")
    msg = _error("owid_ai_patents")
    assert str(path.resolve()) in msg and "column 'Year' (year)" in msg
    assert "no year after the snapshot's retrieval date 2026-05-10" in msg and "got 2099 in row 40 " in msg


def _funding_copy(tmp_path, row, **cells):
    rows = read_rows(data.CURATED_DIR / "funding_events.csv")
    for name, value in cells.items():
        rows[row][rows[0].index(name)] = value
    path = tmp_path / "funding_events.csv"
    write_rows(path, rows)
    return path


def test_curated_planned_year_may_be_ahead_but_an_actual_one_may_not(tmp_path):
    src = data.source("funding_events")
    kinds = [r[read_rows(data.CURATED_DIR / "funding_events.csv")[0].index("kind")]
             for r in read_rows(data.CURATED_DIR / "funding_events.csv")]
    plan, actual = kinds.index("capex_plan"), kinds.index("capex_actual")
    df = data.read_table(src, _funding_copy(tmp_path, plan, year="2034"))
    assert df.loc[plan - 1, "year"] == 2034 and df.loc[plan - 1, "kind"] == "capex_plan"
    path = _funding_copy(tmp_path, actual, year="2034")
    with pytest.raises(data.DataValidationError, match="column 'year' \\(year\\): failed rule no year after the day of the check") as err:
        data.read_table(src, path)
    msg = str(err.value)
    assert f"funding_events ({path}): column 'year' (year)" in msg
    assert "no year after the day of the check" in msg and "unless kind is one of ['capex_plan']" in msg
    assert f"got 2034 in row {actual} " in msg


def test_curated_date_after_the_day_of_the_check(tmp_path):
    src = data.source("funding_events")
    path = _funding_copy(tmp_path, 1, date="2099-01-08")
    with pytest.raises(data.DataValidationError, match="column 'date' \\(date\\): failed rule no date after the day of the check") as err:
        data.read_table(src, path)
    today = utc_today().isoformat()
    assert f"column 'date' (date): failed rule no date after the day of the check {today}, got '2099-01-08' in row 1" \
        in str(err.value)


def test_schema_bound_for_curated_tables_is_the_given_day():
    src = data.source("funding_events")
    frame = data.read_table(src, data.CURATED_DIR / "funding_events.csv")
    last = max(frame[c].max() for c in ("date", "retrieved", "read_on")).date()  # the latest date in the table
    build_schema(src, today=last).validate(frame)  # the day itself passes
    with pytest.raises(pa.errors.SchemaError, match="no date after the day of the check"):
        build_schema(src, today=last - dt.timedelta(days=1)).validate(frame)


def test_downloaded_file_is_bounded_by_its_download_date(damaged):
    """A fetched newer vintage may hold dates after the registered snapshot, not after its download."""
    path = damaged("epoch_gpu_clusters")
    row = _row_where(path, "Status", "Existing")
    set_cell(path, row, "First Operational Date", "2026-03-01")
    assert "got '2026-03-01'" in _error("epoch_gpu_clusters")
    download_note(path).write_text("2026-04-01\n")
    assert data.load("epoch_gpu_clusters").loc[row - 1, "first_operational_date"] == pd.Timestamp("2026-03-01")
    download_note(path).write_text("2026-02-01\n")
    assert "no date after the download date 2026-02-01" in _error("epoch_gpu_clusters")
    download_note(path).write_text("soon\n")
    msg = _error("epoch_gpu_clusters")
    assert msg.startswith("epoch_gpu_clusters: ") and "expected a date (YYYY-MM-DD), got 'soon'" in msg


def test_registry_rules_for_keys_and_later_dates():
    from gaplib.data.registry import parse_registry

    entry = ("sources:\n  - {id: x, title: t, owner: o, url: u, licence: l, citation: c, file: f,"
             " kind: third_party, rows: [1, 2], %s columns: [{name: d, as: d, type: %s%s}]}\n")
    assert parse_registry(entry % ("key: [d],", "date", ""))[0].key == ("d",)
    with pytest.raises(data.RegistryError, match=r"key \['e'\] must name registered columns.*not registered: \['e'\]"):
        parse_registry(entry % ("key: [e],", "date", ""))
    with pytest.raises(data.RegistryError, match="must name registered columns"):
        parse_registry(entry % ("key: [],", "date", ""))
    # the retrieval date of a copy is the manifest's, not the registry's
    with pytest.raises(data.RegistryError, match="retrieved"):
        parse_registry(entry % ("retrieved: 2025-01-31,", "date", ""))
    with pytest.raises(data.RegistryError, match="future_when names 'status', which is not a registered column"):
        parse_registry(entry % ("", "date", ", future_when: {column: status, values: [P]}"))
    with pytest.raises(data.RegistryError, match="allow_future/future_when need type date or year"):
        parse_registry(entry % ("", "str", ", allow_future: true"))
    allowed = parse_registry(entry % ("", "date", ", allow_future: true"))[0]
    assert allowed.columns[0].allow_future and allowed.dated


def test_allow_future_column_accepts_any_later_date(tmp_path):
    src = Source(
        id="targets", title="t", owner="o", url="u", licence="l", citation="c", file="t.csv",
        kind="third_party", rows=(1, 10),
        columns=(Column(name="stated", as_="stated", type="date"),
                 Column(name="target", as_="target", type="date", allow_future=True)),
    )
    path = tmp_path / "t.csv"
    path.write_text("stated,target\n2025-01-02,2030-01-01\n")
    retrieved = dt.date(2025, 1, 31)
    assert data.read_table(src, path, retrieved=retrieved).loc[0, "target"] == pd.Timestamp("2030-01-01")
    path.write_text("stated,target\n2030-01-02,2030-01-01\n")
    with pytest.raises(data.DataValidationError, match=r"column 'stated' \(stated\).*got '2030-01-02' in row 1"):
        data.read_table(src, path, retrieved=retrieved)

"""Damaged inputs fail with a DataValidationError naming the file, the column and a bad row."""

from __future__ import annotations

import dataclasses

import pytest

from data_fixtures import copy_source, isolated_env, read_rows, require, set_cell, write_rows
from gaplib import data
from gaplib.data.registry import Column, Source


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
    with pytest.raises(data.DataValidationError) as err:
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
    with pytest.raises(data.DataValidationError) as err:
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
    with pytest.raises(data.DataValidationError) as err:
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

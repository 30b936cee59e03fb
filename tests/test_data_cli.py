"""`gaplib data check|page` through click's CliRunner, and the sources page builds in Sphinx."""

from __future__ import annotations

import subprocess
import sys

import pytest
from click.testing import CliRunner

from data_fixtures import copy_source, isolated_env, require, set_cell
from gaplib import data
from gaplib.data.sources_page import escape, render_sources_page
from gaplib.engine.cli_data import data as data_group


def test_check_all_sources():
    require("epoch_notable_models")
    result = CliRunner().invoke(data_group, ["check"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    for src in data.sources():
        assert any(line.startswith(src.id + " ") for line in lines), src.id
    notable = next(line for line in lines if line.startswith("epoch_notable_models "))
    assert "1036 rows" in notable and "1950-07-02 .. 2026-07-15" in notable
    assert data.fingerprint(data.locate("epoch_notable_models"))[:12] in notable
    assert "All LMArena organisations are mapped to a country." in result.output
    # provenance is reported (claims.csv is re-sourced on its own branch, so its lines may still appear)
    report = [line.strip() for line in lines if line.startswith("  ")]
    assert not [line for line in report if not line.startswith("claims.csv ")], report
    assert ("No curated row cites a relay site" in result.output) == (not report)


def test_check_stops_on_missing(monkeypatch, tmp_path):
    isolated_env(monkeypatch, tmp_path)
    result = CliRunner().invoke(data_group, ["check"])
    assert result.exit_code == 1
    assert "epoch_notable_models" in result.output and "GAPLIB_DATA_DIR" in result.output


def test_check_stops_on_invalid(monkeypatch, tmp_path):
    require("epoch_notable_models")
    path = copy_source("epoch_notable_models", tmp_path / "data")
    isolated_env(monkeypatch, tmp_path)  # tmp/data (holding the copy) and tmp/cache
    set_cell(path, 2, "Training compute (FLOP)", "a lot")
    result = CliRunner().invoke(data_group, ["check"])
    assert result.exit_code == 1
    assert "column 'Training compute (FLOP)' (training_compute_flop)" in result.output
    assert "'a lot' in row 2" in result.output


def test_sources_page_content():
    require("epoch_notable_models")
    page = render_sources_page()
    assert page.startswith("# Data and sources\n")
    headings = [line for line in page.splitlines() if line.startswith("#")]
    assert len(headings) == len(set(headings))
    assert "### Notable AI Models" in page
    assert "<https://epoch.ai/data/notable_ai_models.csv>" in page
    assert f"`{data.fingerprint(data.locate('epoch_notable_models'))[:16]}`" in page
    assert "Rows: 1,036" in page and "both" in page
    assert "- Retrieved: 2025-12-14 (no date in the file may be later, except `first_operational_date` " \
           "where `status` is Planned)" in page
    assert page.count("- Licence:") == len(data.sources())
    assert escape("a|b {role}`x` $5 *y*") == r"a\|b \{role\}\`x\` \$5 \*y\*"


def test_sources_page_builds_without_warnings(tmp_path):
    pytest.importorskip("myst_nb")
    require("epoch_notable_models")
    (tmp_path / "sources.md").write_text(render_sources_page(), encoding="utf-8")
    (tmp_path / "index.md").write_text("# Book\n\n```{toctree}\nsources\n```\n", encoding="utf-8")
    (tmp_path / "conf.py").write_text(
        'extensions = ["myst_nb"]\n'
        'myst_enable_extensions = ["colon_fence", "dollarmath", "linkify", "substitution"]\n'
        'master_doc = "index"\n'
    )
    proc = subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "-n", "--keep-going", "-q", "-b", "html",
         str(tmp_path), str(tmp_path / "_build")],
        capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    html = (tmp_path / "_build" / "sources.html").read_text(encoding="utf-8")
    assert "Data and sources" in html and "Epoch AI" in html


def test_page_command_writes_file(tmp_path):
    require("epoch_notable_models")
    out = tmp_path / "sources.md"
    result = CliRunner().invoke(data_group, ["page", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("# Data and sources")

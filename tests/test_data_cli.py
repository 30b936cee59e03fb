"""`gaplib data check|fetch|page` through click's CliRunner, and the sources page builds in Sphinx."""

from __future__ import annotations

import io
import subprocess
import sys
import urllib.error
import urllib.request
import zipfile

import pytest
from click.testing import CliRunner

from data_fixtures import copy_source, isolated_env, require, set_cell
from gaplib import data
from gaplib.cli_data import data as data_group
from gaplib.data.fetch import FetchError, fetch_source
from gaplib.data.paths import download_note
from gaplib.data.registry import utc_today
from gaplib.data.sources_page import escape, render_sources_page


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


def _offline(*args, **kwargs):
    raise urllib.error.URLError("[Errno -3] Temporary failure in name resolution")


def test_fetch_offline_names_source_and_url(monkeypatch, tmp_path):
    isolated_env(monkeypatch, tmp_path)
    monkeypatch.setattr(urllib.request, "urlopen", _offline)
    result = CliRunner().invoke(data_group, ["fetch"])
    assert result.exit_code == 1
    assert "epoch_notable_models: could not download https://epoch.ai/data/notable_ai_models.csv" in result.output
    assert "offline" in result.output
    # sources without a direct download say where to get the file by hand
    assert "lmarena_text_snapshots: no direct download URL" in result.output


def test_fetch_skips_present_files(monkeypatch):
    require("owid_ai_patents")
    monkeypatch.setattr(urllib.request, "urlopen", _offline)
    result = fetch_source(data.source("owid_ai_patents"))
    assert result.status == "present" and result.path == data.locate("owid_ai_patents")


class _Response(io.BytesIO):
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def test_fetch_downloads_into_cache(monkeypatch, tmp_path):
    require("epoch_large_scale_models")
    notable = data.locate("epoch_notable_models").read_bytes()
    large = data.locate("epoch_large_scale_models").read_bytes()
    zipped = io.BytesIO()
    with zipfile.ZipFile(zipped, "w") as zf:
        zf.writestr("ai_models/large_scale_ai_models.csv", large)
        zf.writestr("ai_models/notable_ai_models.csv", b"x")
    calls = []

    def fake_urlopen(url, timeout):
        calls.append((url, timeout))
        return _Response(zipped.getvalue() if url.endswith(".zip") else notable)

    _, cache = isolated_env(monkeypatch, tmp_path)
    monkeypatch.setattr(urllib.request, "urlopen", fake_urlopen)
    for sid, expected in (("epoch_notable_models", notable), ("epoch_large_scale_models", large)):
        result = fetch_source(data.source(sid))
        assert result.status == "downloaded"
        assert result.path == cache / data.source(sid).file
        assert result.path.read_bytes() == expected
        # the download date, which bounds the dates of this newer vintage
        assert download_note(result.path).read_text() == f"{utc_today().isoformat()}\n"
    assert [t for _, t in calls] == [30, 30]
    # the cache is a staging area: used only when GAPLIB_DATA_DIR names it
    monkeypatch.setenv("GAPLIB_DATA_DIR", str(cache))
    assert len(data.load("epoch_large_scale_models")) == 484
    with pytest.raises(FetchError, match="no direct download URL"):
        fetch_source(data.source("epoch_frontier_data_centers"))


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

"""The runner re-executes exactly when a chapter's inputs change, and exports its outputs."""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

from gaplib.data.paths import SNAPSHOT_DIR
from gaplib.engine.cli import main
from gaplib.engine.runner import CHAPTERS_DIR, export_run, run_chapter

pytestmark = pytest.mark.slow


@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    """A private copy of the third-party data, used through GAPLIB_DATA_DIR."""
    copy = tmp_path / "data"
    shutil.copytree(SNAPSHOT_DIR, copy)
    monkeypatch.setenv("GAPLIB_DATA_DIR", str(copy))
    return copy


def test_only_a_change_to_a_file_the_chapter_read_re_executes_it(data_copy, tmp_path):
    cache = tmp_path / "cache"
    first = run_chapter("hardware", cache_dir=cache)
    assert not first.cached
    assert str(data_copy / "epoch" / "gpu_clusters.csv") in first.results["data"]

    with open(data_copy / "owid" / "artificial-intelligence-patents-submitted.csv", "a") as handle:
        handle.write("\n")  # a file the hardware chapter does not read
    assert run_chapter("hardware", cache_dir=cache).cached

    with open(data_copy / "epoch" / "gpu_clusters.csv", "a") as handle:
        handle.write("\n")  # same rows, different bytes
    again = run_chapter("hardware", cache_dir=cache)
    assert not again.cached
    assert again.results["us_china_h100e_ratio"] == first.results["us_china_h100e_ratio"]
    assert again.results["data"] != first.results["data"]


@pytest.mark.xdist_group("project-cache")  # runs into the project's own cache, as test_build_output does
def test_cli_run_writes_notebook_and_results_and_never_into_chapters(tmp_path):
    out = tmp_path / "run"
    result = CliRunner().invoke(main, ["run", "hardware", "-p", "frontier_growth_per_year", "3", "--out", str(out)])
    assert result.exit_code == 0, result.output
    results = json.loads((out / "hardware.results.json").read_text())
    assert results["parameters"]["frontier_growth_per_year"] == 3.0
    assert (out / "hardware.ipynb").is_file()
    with pytest.raises(ValueError, match="chapters/"):
        export_run(run_chapter("hardware", {"frontier_growth_per_year": 3}), CHAPTERS_DIR)


def test_modules_the_chapter_imported_are_recorded_and_checked(tmp_path):
    cache = tmp_path / "cache"
    first = run_chapter("hardware", cache_dir=cache)
    modules = {path.rsplit("/", 1)[-1] for path in first.results["modules"]}
    assert {"compute.py", "charts.py", "publish.py"} <= modules
    assert "sweep.py" not in modules and "book.py" not in modules
    assert not any(path.endswith(".py") for path in first.results["data"])  # modules are not data
    import nbformat
    executed = nbformat.read(first.notebook, as_version=4)
    assert "record_modules" not in "".join(cell.source for cell in executed.cells)

    # Pretend compute.py was edited since: its recorded digest no longer matches.
    reads = first.directory / "reads.tsv"
    lines = [line if not line.split("\t")[0].endswith("/gaplib/hardware/compute.py") else line.split("\t")[0] + "\t" + "0" * 64
             for line in reads.read_text().splitlines()]
    reads.write_text("\n".join(lines) + "\n")
    assert not run_chapter("hardware", cache_dir=cache).cached


def test_a_page_that_marks_stale_rows_is_keyed_by_the_build_date_and_a_chapter_is_not(tmp_path, monkeypatch):
    """The intro's stale marks are computed against the build date: a run cached one day is not reused the next."""
    import datetime as dt

    from gaplib.data import registry
    from gaplib.engine import runner

    upstream = tmp_path / "upstream.json"
    upstream.write_text("{}\n")
    keys = {}
    for day in (dt.date(2026, 12, 7), dt.date(2026, 12, 8)):
        monkeypatch.setattr(registry, "utc_today", lambda day=day: day)
        keys[day] = {page: runner.prepare(page, upstream=upstream)[1] for page in ("intro", "claims")}
        keys[day]["hardware"] = runner.prepare("hardware")[1]
        assert runner.prepare("intro", upstream=upstream)[1] == keys[day]["intro"]  # the same day, the same key
    first, second = keys.values()
    assert first["intro"] != second["intro"] and first["claims"] != second["claims"]
    assert first["hardware"] == second["hardware"]

"""Parameter sweeps: validation, local and Dask runs, failures and resume."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from click.testing import CliRunner

from gaplib.engine import sweep
from gaplib.engine.cli import main
from gaplib.engine.outdir import OutDirError
from gaplib.engine.sweep import expand_grid, run_sweep, validate_points
from gaplib.params import ParameterError

GRID = {"grid": {"frontier_growth_per_year": [3.0, 6.0]}, "rows": [{"frontier_growth_per_year": 9.0}]}


def test_expand_grid_is_a_cartesian_product_plus_rows():
    points = expand_grid({"grid": {"a": [1, 2], "b": [True, False]}, "rows": [{"a": 9}]})
    assert points == [{"a": 1, "b": True}, {"a": 1, "b": False}, {"a": 2, "b": True}, {"a": 2, "b": False}, {"a": 9}]


@pytest.mark.parametrize("bad, fragment", [
    ({}, "needs a 'grid'"),
    ({"grid": {"a": []}}, "non-empty list"),
    ({"grid": {"a": 3}}, "non-empty list"),
    ({"rows": [1, 2]}, "list of mappings"),
    ({"grid": {"a": [1]}, "extra": 1}, "unknown keys"),
])
def test_bad_grid_files_are_rejected(bad, fragment):
    with pytest.raises(ParameterError, match=fragment):
        expand_grid(bad)


def test_one_bad_point_is_named_and_nothing_runs(tmp_path):
    grid = {"grid": {"frontier_growth_per_year": [3.0, 50.0]}}
    with pytest.raises(ParameterError, match=r"grid point 1 \{'frontier_growth_per_year': 50.0\}"):
        run_sweep("hardware", grid, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_duplicate_points_run_once():
    points = validate_points("hardware", [{"frontier_growth_per_year": 3}, {"frontier_growth_per_year": 3.0}])
    assert len(points) == 1


def test_cli_rejects_a_bad_grid_naming_the_point(tmp_path):
    grid = tmp_path / "grid.yaml"
    grid.write_text("grid:\n  frontier_growth_per_year: [3.0, fast]\n")
    result = CliRunner().invoke(main, ["sweep", "hardware", "--grid", str(grid), "--out", str(tmp_path / "o")])
    assert result.exit_code != 0 and "grid point 1" in result.output and "frontier_growth_per_year" in result.output


def result_columns(table: pd.DataFrame) -> pd.DataFrame:
    columns = ["point_id", *sorted(c for c in table.columns if c.startswith(("param.", "result.")))]
    return table[columns].sort_values("point_id", ignore_index=True)


@pytest.fixture(scope="module")
def local_sweep(tmp_path_factory):
    out = tmp_path_factory.mktemp("sweep-local")
    table = run_sweep("hardware", GRID, out, jobs=2, cache_dir=tmp_path_factory.mktemp("cache-local"))
    return out, table


@pytest.mark.slow
def test_local_sweep_writes_one_row_and_folder_per_point(local_sweep):
    out, table = local_sweep
    assert list(table["status"]) == ["ok", "ok", "ok"]
    assert list(table["param.frontier_growth_per_year"]) == [3.0, 6.0, 9.0]
    months = list(table["result.gap_time_equivalent_months"])
    assert months[0] > months[1] > months[2]
    assert pd.read_parquet(out / "sweep.parquet").shape == table.shape
    assert pd.read_csv(out / "sweep.csv").shape[0] == 3
    for point_id in table["point_id"]:
        assert (out / point_id / "hardware.ipynb").is_file()
        assert json.loads((out / point_id / "hardware.results.json").read_text())["chapter"] == "hardware"


@pytest.mark.slow
def test_dask_cluster_gives_identical_results(local_sweep, tmp_path):
    distributed = pytest.importorskip("distributed")
    _, local_table = local_sweep
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, host="127.0.0.1",
                                  dashboard_address=None, processes=True) as cluster:
        table = run_sweep("hardware", GRID, tmp_path / "out", scheduler=cluster.scheduler_address,
                          cache_dir=tmp_path / "cache")
    assert list(table["status"]) == ["ok", "ok", "ok"]
    pd.testing.assert_frame_equal(result_columns(table), result_columns(local_table))


def _raise_for_six(chapter, parameters, **kwargs):
    if parameters["frontier_growth_per_year"] == 6.0:
        raise RuntimeError("simulated failure at growth 6")
    return REAL_RUN_CHAPTER(chapter, parameters, **kwargs)


REAL_RUN_CHAPTER = sweep.run_chapter


@pytest.mark.slow
def test_a_failing_point_is_recorded_and_the_sweep_goes_on(tmp_path, monkeypatch):
    monkeypatch.setattr(sweep, "run_chapter", _raise_for_six)
    table = run_sweep("hardware", GRID, tmp_path / "out", jobs=1, cache_dir=tmp_path / "cache")
    assert list(table["status"]) == ["ok", "failed", "ok"]
    assert "simulated failure at growth 6" in table.loc[1, "error"]
    assert not (tmp_path / "out" / table.loc[1, "point_id"]).exists()

    monkeypatch.setattr(sweep, "run_chapter", REAL_RUN_CHAPTER)
    resumed = run_sweep("hardware", GRID, tmp_path / "out", jobs=1, cache_dir=tmp_path / "cache")
    assert list(resumed["status"]) == ["ok", "ok", "ok"]


@pytest.mark.slow
def test_resume_reruns_only_points_without_a_good_result(local_sweep, tmp_path):
    import shutil

    source, table = local_sweep
    out = tmp_path / "out"
    shutil.copytree(source, out)
    lost = table.loc[2, "point_id"]
    shutil.rmtree(out / lost)  # interrupted before this point finished
    (out / ".partial-leftover").mkdir()  # a temporary folder an interruption left behind
    kept = {pid: (out / pid / "point.json").read_text() for pid in table["point_id"] if pid != lost}
    # A fresh cache: re-executing a kept point would rewrite its point.json (new duration).
    resumed = run_sweep("hardware", GRID, out, jobs=1, cache_dir=tmp_path / "cache")
    assert list(resumed["status"]) == ["ok", "ok", "ok"]
    assert {pid: (out / pid / "point.json").read_text() for pid in kept} == kept
    assert (out / lost / "hardware.results.json").is_file()
    pd.testing.assert_frame_equal(result_columns(resumed), result_columns(table))


@pytest.mark.slow
def test_cached_rows_equal_the_executed_sweep_and_need_every_point_cached(tmp_path):
    cache = tmp_path / "cache"
    table = run_sweep("hardware", GRID, tmp_path / "out", jobs=1, cache_dir=cache)
    points = validate_points("hardware", expand_grid(GRID))
    rows = sweep.cached_rows("hardware", points, cache)
    assert rows is not None
    cached = sweep.sweep_table(rows)
    columns = sorted(set(table.columns) - {"duration_s"})  # executed results keep glue order, cached are sorted
    pd.testing.assert_frame_equal(cached[columns], table[columns])
    one_more = validate_points("hardware", [*expand_grid(GRID), {"frontier_growth_per_year": 4.0}])
    assert sweep.cached_rows("hardware", one_more, cache) is None


@pytest.mark.slow
def test_a_results_only_sweep_runs_its_points_back_to_back_in_one_warm_kernel(local_sweep, tmp_path, monkeypatch):
    spans = tmp_path / "timeline.jsonl"
    monkeypatch.setenv("GAPLIB_TIMELINE", str(spans))  # the pool's workers inherit it
    out = tmp_path / "out"
    table = run_sweep("hardware", GRID, out, jobs=1, cache_dir=tmp_path / "cache", results_only=True)
    pd.testing.assert_frame_equal(result_columns(table), result_columns(local_sweep[1]))
    for point_id in table["point_id"]:  # the results, and no table or chart files
        assert sorted(p.name for p in (out / point_id).iterdir()) == [
            "hardware.ipynb", "hardware.results.json", "point.json"]
    events = [json.loads(line) for line in spans.read_text().splitlines()]
    ready = [e for e in events if e["name"] == "kernel ready hardware"]
    assert [e["name"] for e in events].count("kernel start") == 1
    assert [e["kept_modules"] for e in ready] == [False, True, True]  # gaplib imported once, not per point
    assert sweep.cached_rows("hardware", validate_points("hardware", expand_grid(GRID)), tmp_path / "cache") is None


def test_a_results_only_run_has_a_cache_key_of_its_own():
    from gaplib.engine.runner import prepare

    assert prepare("hardware")[1] != prepare("hardware", results_only=True)[1]


@pytest.mark.slow
def test_the_builds_sweep_takes_the_point_with_the_chapters_own_parameters_from_its_run(tmp_path):
    from gaplib.engine.notebook_runs import build_sweep, with_chapter_point
    from gaplib.engine.runner import run_chapter

    grid = tmp_path / "grid.yaml"
    grid.write_text("grid:\n  frontier_growth_per_year: [3.0, 4.5]\n  include_planned: [false]\n")  # 4.5: the default
    cache = tmp_path / "cache"
    rows, shared = build_sweep("hardware", grid, {}, cache, jobs=1)
    assert [row["param.frontier_growth_per_year"] for row in rows] == [3.0]
    assert shared.parameters["frontier_growth_per_year"] == 4.5 and shared.index == 1
    chapter = run_chapter("hardware", cache_dir=cache)
    table = with_chapter_point(rows, shared, chapter)
    assert [(row["point_index"], row["param.frontier_growth_per_year"]) for row in table] == [(0, 3.0), (1, 4.5)]
    alone = run_chapter("hardware", cache_dir=cache, results_only=True).results  # what running the point gives
    assert table[1] == {**table[1], **{f"result.{k}": v for k, v in alone.items() if f"result.{k}" in table[1]}}
    assert sum(k.startswith("result.") for k in table[1]) > 10
    # A variant's own point is its own parameters: the default is then a point to run.
    rows, shared = build_sweep("hardware", grid, {"frontier_growth_per_year": 3.0}, cache, jobs=1)
    assert [row["param.frontier_growth_per_year"] for row in rows] == [4.5] and shared.index == 0


# --- a sweep folder is the sweep's own; a resumed point is reused only while it is fresh ---

def test_a_folder_with_a_users_files_is_refused_and_kept(tmp_path):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "sweep.csv").write_text("my own table\n")
    point_id = validate_points("hardware", expand_grid(GRID))[0].point_id
    (out / point_id).mkdir()
    (out / point_id / "notes.txt").write_text("mine too\n")
    with pytest.raises(OutDirError, match="holds files the sweep did not write"):
        run_sweep("hardware", GRID, out)
    assert (out / "sweep.csv").read_text() == "my own table\n" and (out / point_id / "notes.txt").is_file()
    result = CliRunner().invoke(main, ["sweep", "hardware", "--grid", str(_grid_file(tmp_path)), "--out", str(out)])
    assert result.exit_code == 1 and "did not write (" in result.output and "Traceback" not in result.output


def test_new_and_marked_folders_are_the_sweeps(tmp_path):
    fresh = sweep.claim_sweep_dir(tmp_path / "new")
    assert (fresh / sweep.SWEEP_MARKER).is_file()
    (fresh / "sweep.csv").write_text("a table the sweep wrote\n")
    assert sweep.claim_sweep_dir(fresh) == fresh


def _grid_file(tmp_path):
    path = tmp_path / "grid.yaml"
    path.write_text("grid:\n  frontier_growth_per_year: [3.0]\n")
    return path


def _store_point(out, point, run_key, reads, value):
    folder = out / point.point_id
    folder.mkdir(parents=True)
    row = {**sweep.result_row("hardware", point, {"gap": value}), "run_key": run_key, "reads": reads}
    (folder / sweep.POINT_FILE).write_text(json.dumps(row))


def test_a_resumed_point_is_recomputed_when_what_it_read_changed(tmp_path, monkeypatch):
    from concurrent.futures import ThreadPoolExecutor

    from gaplib.engine.cache import sha256_file
    from gaplib.engine.runner import prepare

    grid = {"rows": [{"frontier_growth_per_year": 3.0}]}
    point = validate_points("hardware", expand_grid(grid))[0]
    data_file = tmp_path / "upstream.csv"
    data_file.write_text("model,flop\nA,1\n")
    out = sweep.claim_sweep_dir(tmp_path / "out")
    _store_point(out, point, prepare("hardware", point.parameters)[1], {str(data_file): sha256_file(data_file)}, 6.02)
    executed = []

    def fake_run_point(chapter, point, *args):
        executed.append(point.point_id)
        return sweep.result_row(chapter, point, {"gap": 0.046})

    monkeypatch.setattr(sweep, "run_point", fake_run_point)
    with ThreadPoolExecutor(1) as pool:
        table = run_sweep("hardware", grid, out, pool=pool)
        assert executed == [] and table.attrs["stale"] == 0 and list(table["result.gap"]) == [6.02]
        data_file.write_text("model,flop\nA,2\n")  # a data update
        table = run_sweep("hardware", grid, out, pool=pool)
        assert executed == [point.point_id] and table.attrs["stale"] == 1 and list(table["result.gap"]) == [0.046]


@pytest.mark.parametrize("stored_key, reads", [("0" * 64, {}), (None, {}), ("KEY", None)])
def test_a_point_from_other_code_or_without_fingerprints_is_stale(tmp_path, stored_key, reads):
    from gaplib.engine.runner import prepare

    point = validate_points("hardware", [{"frontier_growth_per_year": 3.0}])[0]
    key = prepare("hardware", point.parameters)[1]
    stored = {"status": "ok", "run_key": key if stored_key == "KEY" else stored_key, "reads": reads}
    assert not sweep.is_fresh(stored, "hardware", point)
    assert sweep.is_fresh({**stored, "run_key": key, "reads": {}}, "hardware", point)
    assert not sweep.is_fresh({**stored, "run_key": key, "reads": {}}, "hardware", point, results_only=True)


def test_the_cli_says_how_many_points_were_recomputed(tmp_path, monkeypatch):
    table = pd.DataFrame([{"point_index": 0, "status": "ok"}])
    table.attrs["stale"] = 1
    monkeypatch.setattr(sweep, "run_sweep", lambda *args, **kwargs: table)
    result = CliRunner().invoke(main, ["sweep", "hardware", "--grid", str(_grid_file(tmp_path)),
                                       "--out", str(tmp_path / "o")])
    assert result.exit_code == 0 and "1 points, 0 failed, 1 recomputed because their data" in result.output


def test_a_grid_above_the_maximum_is_refused_with_its_count_before_expanding():
    huge = {"grid": {f"p{i}": list(range(10)) for i in range(12)}, "rows": [{"a": 1}]}  # 10**12 + 1 points
    with pytest.raises(ParameterError, match=r"describes 1,000,000,000,001 points, more than the maximum of 100,000"):
        expand_grid(huge)
    with pytest.raises(ParameterError, match="describes 6 points, more than the maximum of 5"):
        expand_grid({"grid": {"a": [1, 2, 3], "b": [1, 2]}}, max_points=5)
    assert len(expand_grid({"grid": {"a": [1, 2, 3], "b": [1, 2]}}, max_points=6)) == 6


def test_the_cli_names_the_grids_size_and_the_override(tmp_path):
    grid = tmp_path / "grid.yaml"
    grid.write_text("grid:\n  frontier_growth_per_year: [3.0, 4.0, 5.0]\n  utilisation_fraction: [0.3, 0.4]\n")
    result = CliRunner().invoke(main, ["sweep", "hardware", "--grid", str(grid), "--max-points", "4",
                                       "--out", str(tmp_path / "o")])
    assert result.exit_code == 1 and "describes 6 points, more than the maximum of 4" in result.output
    assert "--max-points" in result.output and not (tmp_path / "o").exists()

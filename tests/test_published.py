"""A published site names files by their path in the project, never by the build machine's folders."""

import json

import pytest

from gaplib.engine.cache import PROJECT_DIR
from gaplib.engine.editions import code_fingerprints, data_fingerprints
from gaplib.engine.published import DATA_DIR_LABEL, copy_published, published, write_published
from gaplib.engine.variants import compare_results

RESULTS = {
    "chapter": "hardware",
    "data": {f"{PROJECT_DIR}/data/chips_supplement.csv": "a1",
             f"{PROJECT_DIR}/data/upstream/epoch/gpu_clusters.csv": "b2"},
    "modules": {f"{PROJECT_DIR}/gaplib/hardware/compute.py": "c3"},
    "ratio": 11.4,
    "note": f"read {PROJECT_DIR}/data/chips_supplement.csv",
}


def test_project_paths_become_relative_in_keys_and_text():
    out = published(RESULTS)
    assert out["data"] == {"data/chips_supplement.csv": "a1", "data/upstream/epoch/gpu_clusters.csv": "b2"}
    assert out["modules"] == {"gaplib/hardware/compute.py": "c3"}
    assert out["note"] == "read data/chips_supplement.csv"
    assert out["ratio"] == 11.4
    assert str(PROJECT_DIR) not in json.dumps(out)
    assert RESULTS["data"][f"{PROJECT_DIR}/data/chips_supplement.csv"] == "a1"  # the input is left alone


def test_a_folder_that_only_starts_like_the_project_is_not_cut():
    other = f"{PROJECT_DIR}-copy/data/x.csv"
    assert published({"p": other, "q": str(PROJECT_DIR)}) == {"p": other, "q": "."}


def test_data_dir_files_are_named_by_their_path_there(tmp_path, monkeypatch):
    monkeypatch.setenv("GAPLIB_DATA_DIR", str(tmp_path))
    out = published({"data": {f"{tmp_path}/epoch/gpu_clusters.csv": "b2"}})
    assert out == {"data": {f"{DATA_DIR_LABEL}/epoch/gpu_clusters.csv": "b2"}}
    # ... which still names its source, as the absolute path did
    files = {"epoch/gpu_clusters.csv": "epoch_gpu_clusters"}
    internal = {f"{tmp_path}/epoch/gpu_clusters.csv": "b2"}
    assert data_fingerprints(out["data"], files) == data_fingerprints(internal, files)


def test_a_notebooks_papermill_paths_become_file_names(tmp_path):
    work = tmp_path / "cache" / "hardware" / ".abc-123"
    notebook = {"nbformat": 4, "cells": [], "metadata": {"papermill": {
        "input_path": f"{work}/source-hardware.ipynb", "output_path": f"{work}/hardware.ipynb", "duration": 1.5}}}
    source = tmp_path / "in.ipynb"
    source.write_text(json.dumps(notebook))
    copy_published(source, tmp_path / "out.ipynb")
    papermill = json.loads((tmp_path / "out.ipynb").read_text())["metadata"]["papermill"]
    assert papermill == {"input_path": "source-hardware.ipynb", "output_path": "hardware.ipynb", "duration": 1.5}
    assert str(tmp_path) not in (tmp_path / "out.ipynb").read_text()
    assert notebook["metadata"]["papermill"]["input_path"].startswith(str(work))  # the caller's copy unchanged


def test_published_and_internal_results_compare_alike(tmp_path):
    """`gaplib compare` of a published site against a run folder sees only the numbers that moved."""
    internal = {key: value for key, value in RESULTS.items() if key != "note"}
    moved = {**internal, "ratio": 12.0}
    write_published(moved, tmp_path / "hardware.results.json")
    site = json.loads((tmp_path / "hardware.results.json").read_text())
    assert code_fingerprints(site["modules"]) == code_fingerprints(RESULTS["modules"]) == {
        "gaplib/hardware/compute.py": "c3"}
    files = {"chips_supplement.csv": "chips_supplement", "epoch/gpu_clusters.csv": "epoch_gpu_clusters"}
    changes = compare_results({"hardware": internal}, {"hardware": site}, files)
    assert [(c.chapter, [m.name for m in c.moved]) for c in changes] == [("hardware", ["ratio"])]
    assert all(not c.data and not c.code for c in changes)


@pytest.mark.slow
def test_no_file_of_the_built_site_names_the_build_machines_folders(built_book, cache_dir):
    _, site = built_book
    files = [path for path in site.rglob("*") if path.is_file()]
    naming = [path.relative_to(site).as_posix() for path in files
              if str(PROJECT_DIR).encode() in path.read_bytes() or str(cache_dir).encode() in path.read_bytes()]
    assert naming == []
    assert len([p for p in files if p.name.endswith(".results.json")]) >= 22  # both editions'
    results = json.loads((site / "hardware.results.json").read_text())
    assert "data/upstream/epoch/gpu_clusters.csv" in results["data"]
    assert "gaplib/hardware/compute.py" in results["modules"]


def test_a_cache_outside_the_project_is_named_by_its_label(tmp_path):
    from gaplib.engine.published import CACHE_LABEL, cache_folder

    run_directory = tmp_path / "cache" / "intro" / "0123abcd"
    results = {"data": {f"{tmp_path}/cache/_upstream/c745.json": "d1", f"{PROJECT_DIR}/data/x.csv": "d2"}}
    out = published(results, folders=cache_folder(run_directory))
    assert out == {"data": {f"{CACHE_LABEL}/_upstream/c745.json": "d1", "data/x.csv": "d2"}}
    # The project's own cache is named by its path in the project.
    inside = published({"p": f"{PROJECT_DIR}/_build/cache/_upstream/c745.json"},
                       folders=cache_folder(PROJECT_DIR / "_build" / "cache" / "intro" / "0123abcd"))
    assert inside == {"p": "_build/cache/_upstream/c745.json"}
    assert data_fingerprints(out["data"], {}) == data_fingerprints(results["data"], {})  # same identity

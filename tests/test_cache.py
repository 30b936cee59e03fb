"""The runner's cache key: each input invalidates, nothing else does."""

import shutil

import pytest

from gaplib.engine.cache import (
    code_files, combine, params_digest, parse_read_log, reads_unchanged, run_key, sha256_file,
)


@pytest.fixture
def project(tmp_path):
    """A minimal project tree: a notebook, gaplib sources, a registry, requirements."""
    (tmp_path / "gaplib" / "sub").mkdir(parents=True)
    (tmp_path / "gaplib" / "a.py").write_text("A = 1\n")
    (tmp_path / "gaplib" / "sub" / "b.py").write_text("B = 2\n")
    (tmp_path / "gaplib" / "engine").mkdir()
    (tmp_path / "gaplib" / "engine" / "runner.py").write_text("R = 1\n")
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "sources.yml").write_text("sources: []\n")
    (tmp_path / "data" / "table.csv").write_text("x\n1\n")
    (tmp_path / "requirements.txt").write_text("pandas==3.1.1\n")
    (tmp_path / "chapters").mkdir()
    (tmp_path / "chapters" / "c.ipynb").write_text('{"cells": []}')
    (tmp_path / "README.md").write_text("readme\n")
    return tmp_path


def key(project, params=None):
    return run_key(project / "chapters" / "c.ipynb", params or {"g": 4.5}, project)


def test_key_is_stable(project):
    assert key(project) == key(project)
    assert len(key(project)) == 64


@pytest.mark.parametrize(
    "change",
    [
        lambda p: (p / "chapters" / "c.ipynb").write_text('{"cells": [1]}'),
        lambda p: (p / "gaplib" / "engine" / "runner.py").write_text("R = 2\n"),
        lambda p: (p / "data" / "sources.yml").write_text("sources: [x]\n"),
        lambda p: (p / "requirements.txt").write_text("pandas==3.1.0\n"),
    ],
    ids=["notebook", "runner module", "registry", "requirements"],
)
def test_each_input_changes_the_key(project, change):
    before = key(project)
    change(project)
    assert key(project) != before


def test_a_copy_of_the_project_elsewhere_has_keys_of_its_own(project, tmp_path_factory):
    """Read logs name files by absolute path: a run cached by one clone, checked in another, would be
    checked against the first clone's modules (a changed chart module in the second went unseen)."""
    copy = tmp_path_factory.mktemp("clone") / "project"
    shutil.copytree(project, copy)
    assert key(copy) != key(project)
    assert key(copy) == key(copy)


def test_parameters_change_the_key_but_not_their_order(project):
    assert key(project, {"g": 4.5}) != key(project, {"g": 4.0})
    assert key(project, {"a": 1, "b": 2}) == key(project, {"b": 2, "a": 1})


@pytest.mark.parametrize(
    "change",
    [
        lambda p: (p / "README.md").write_text("other\n"),
        lambda p: (p / "data" / "table.csv").write_text("x\n2\n"),
        lambda p: shutil.copy(p / "README.md", p / "notes.txt"),
        lambda p: (p / "gaplib" / "a.pyc").write_bytes(b"\0"),
        lambda p: (p / "gaplib" / "a.py").write_text("A = 2\n"),
        lambda p: (p / "gaplib" / "new.py").write_text(""),
    ],
    ids=["readme", "data file (read log)", "new unrelated file", "bytecode",
         "calculation module (read log)", "new module (read log)"],
)
def test_unrelated_changes_keep_the_key(project, change):
    before = key(project)
    change(project)
    assert key(project) == before


def test_code_files_lists_runner_registries_and_requirements(project):
    names = [p.relative_to(project).as_posix() for p in code_files(project)]
    assert names == ["gaplib/engine/runner.py", "data/sources.yml", "requirements.txt"]


def test_read_log_detects_changed_and_missing_files(tmp_path):
    data = tmp_path / "d.csv"
    data.write_text("x\n1\n")
    reads = parse_read_log(f"{data}\t{sha256_file(data)}\n\n")
    assert reads == {str(data): sha256_file(data)}
    assert reads_unchanged(reads)
    data.write_text("x\n2\n")
    assert not reads_unchanged(reads)
    data.unlink()
    assert not reads_unchanged(reads)
    assert reads_unchanged({})


def test_combine_and_params_digest_are_order_sensitive_where_they_should_be():
    assert combine([("a", "1"), ("b", "2")]) != combine([("b", "2"), ("a", "1")])
    assert params_digest({"a": 1, "b": 2}) == params_digest({"b": 2, "a": 1})
    assert params_digest({"a": 1}) != params_digest({"a": 1.5})


def test_the_data_location_is_part_of_the_key(project, monkeypatch):
    monkeypatch.delenv("GAPLIB_DATA_DIR", raising=False)
    before = key(project)
    monkeypatch.setenv("GAPLIB_DATA_DIR", "/elsewhere/data")
    assert key(project) != before

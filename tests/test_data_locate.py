"""Lookup order, fingerprints, the read log and the in-process cache."""

from __future__ import annotations

import hashlib
import time

import pytest

import gaplib.data.paths as paths_mod
from data_fixtures import isolated_env, require
from gaplib import data

SID = "owid_ai_patents"  # a small third-party file
FILE = "owid/artificial-intelligence-patents-submitted.csv"


@pytest.fixture
def env(monkeypatch, tmp_path):
    require(SID)
    original = paths_mod.SNAPSHOT_DIR / FILE
    data_dir, cache = isolated_env(monkeypatch, tmp_path)
    return {"data": data_dir, "cache": cache, "original": original}


def _put(root, original):
    target = root / FILE
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(original.read_bytes())
    return target


def test_data_dir_overrides_the_snapshot(env):
    expected = _put(env["data"], env["original"])
    assert data.locate(SID) == expected.resolve()


def test_snapshot_when_no_env_and_the_download_cache_is_never_read(env, monkeypatch):
    monkeypatch.delenv("GAPLIB_DATA_DIR")
    _put(env["cache"], env["original"])
    assert data.locate(SID) == env["original"].resolve()
    assert paths_mod.SNAPSHOT_DIR == data.PROJECT_DIR / "data" / "upstream"


def test_missing_names_the_path_and_the_way_out(env):
    _put(env["cache"], env["original"])  # a download in the cache does not count
    with pytest.raises(data.MissingDataError, match="owid_ai_patents: file .* not found") as err:
        data.locate(SID)
    msg = str(err.value)
    assert SID in msg and str(env["data"] / FILE) in msg and str(env["cache"]) not in msg
    assert "restore it with git, or set GAPLIB_DATA_DIR" in msg
    with pytest.raises(data.MissingDataError, match="owid_ai_patents: file .* not found"):
        data.load(SID)


def test_default_cache_dir(monkeypatch, tmp_path):
    monkeypatch.delenv("GAPLIB_CACHE_DIR", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert data.cache_dir() == tmp_path / ".cache" / "gaplib" / "data"


def test_curated_ignores_data_dir(env):
    assert data.locate("organizations") == (data.CURATED_DIR / "organizations.csv").resolve()
    assert data.CURATED_DIR == data.PROJECT_DIR / "data"
    assert (data.PROJECT_DIR / "gaplib" / "data" / "__init__.py").is_file()


def test_fingerprint(tmp_path):
    p = tmp_path / "x.csv"
    p.write_bytes(b"a,b\n1,2\n")
    assert data.fingerprint(p) == hashlib.sha256(b"a,b\n1,2\n").hexdigest()


def test_read_log_every_load(env, monkeypatch, tmp_path):
    copy = _put(env["data"], env["original"])
    log = tmp_path / "reads.log"
    data.load(SID)  # before the variable is set: not logged
    monkeypatch.setenv("GAPLIB_READ_LOG", str(log))  # read at call time, not import time
    data.load(SID)
    data.load(SID)  # served from the in-process cache, still logged
    lines = log.read_text().splitlines()
    digest = data.fingerprint(copy)
    assert lines == [f"{copy.resolve()}\t{digest}"] * 2


def test_read_log_lmarena_includes_organizations(monkeypatch, tmp_path):
    require("lmarena_text_snapshots")
    log = tmp_path / "reads.log"
    monkeypatch.setenv("GAPLIB_READ_LOG", str(log))
    data.load("lmarena_text_snapshots")
    paths = [line.split("\t")[0] for line in log.read_text().splitlines()]
    assert str(data.locate("lmarena_text_snapshots")) in paths
    assert str(data.CURATED_DIR / "organizations.csv") in paths


def test_cache_is_fast_and_safe(env):
    copy = _put(env["data"], env["original"])
    data.clear_cache()
    t0 = time.perf_counter()
    first = data.load(SID)
    t1 = time.perf_counter()
    first.loc[0, "patents"] = -1.0  # mutating a result must not leak into the cache
    second = data.load(SID)
    t2 = time.perf_counter()
    assert second.loc[0, "patents"] != -1.0
    assert t2 - t1 < t1 - t0 + 0.05
    # a changed file (new sha256) is parsed again
    rows = copy.read_text().splitlines()
    copy.write_text("\n".join(rows[:-1]) + "\n")
    assert len(data.load(SID)) == len(second) - 1

"""The snapshot in data/upstream/ and its manifest: every file held to its fingerprint."""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner

import gaplib.data.paths as paths_mod
from gaplib import data
from gaplib.data import snapshot
from gaplib.data.paths import MANIFEST_FILE, SNAPSHOT_DIR, fingerprint
from gaplib.engine.cli import main


def test_manifest_lists_every_third_party_file_with_its_fingerprint():
    manifest = snapshot.read_manifest()
    third_party = {s.file: s for s in data.sources() if s.kind == "third_party"}
    assert set(manifest) == set(third_party)
    for file, row in manifest.items():
        assert row["sha256"] == fingerprint(SNAPSHOT_DIR / file), file
        assert row["source_id"] == third_party[file].id and row["licence"] == third_party[file].licence
        assert int(row["rows"]) > 0 and row["mirrored_from"]
    gpu = manifest["epoch/gpu_clusters.csv"]
    assert (gpu["rows"], gpu["date_min"][:7], gpu["mirrored_from"]) == ("786", "2010-11", "sr3-k/data @ d62de22b")


def test_recording_again_gives_the_same_manifest(tmp_path):
    out = snapshot.record_manifest(tmp_path / "manifest.csv")
    assert out.read_bytes() == MANIFEST_FILE.read_bytes()


@pytest.fixture
def snapshot_copy(tmp_path, monkeypatch):
    """A private copy of the snapshot, used as the snapshot (not through GAPLIB_DATA_DIR)."""
    copy = tmp_path / "upstream"
    shutil.copytree(SNAPSHOT_DIR, copy)
    monkeypatch.delenv("GAPLIB_DATA_DIR", raising=False)
    monkeypatch.setattr(paths_mod, "SNAPSHOT_DIR", copy)
    monkeypatch.setattr(paths_mod, "MANIFEST_FILE", copy / "manifest.csv")
    data.clear_cache()
    yield copy
    data.clear_cache()


def test_an_edited_snapshot_file_is_refused_naming_it_and_the_command(snapshot_copy):
    target = snapshot_copy / "owid/artificial-intelligence-patents-submitted.csv"
    assert len(data.load("owid_ai_patents")) > 0
    target.write_bytes(target.read_bytes().replace(b"China", b"Chine", 1))
    with pytest.raises(snapshot.SnapshotMismatchError, match="owid_ai_patents: .* differs from the snapshot") as err:
        data.load("owid_ai_patents")
    message = str(err.value)
    assert "owid_ai_patents" in message and str(target) in message
    assert "expected sha256" in message and "gaplib data snapshot" in message
    result = CliRunner().invoke(main, ["data", "check"])
    assert result.exit_code == 1 and "differs from the snapshot" in result.output


def test_a_file_missing_from_the_manifest_is_refused(snapshot_copy):
    manifest = snapshot_copy / "manifest.csv"
    manifest.write_text("".join(line for line in manifest.read_text().splitlines(keepends=True)
                                if "patents" not in line))
    with pytest.raises(snapshot.SnapshotMismatchError, match="not in the snapshot's manifest"):
        data.load("owid_ai_patents")


def test_gaplib_data_dir_files_are_not_held_to_the_manifest(tmp_path, monkeypatch):
    copy = tmp_path / "vintage"
    shutil.copytree(SNAPSHOT_DIR, copy)
    target = copy / "owid/artificial-intelligence-patents-submitted.csv"
    target.write_bytes(target.read_bytes() + b"\n")
    monkeypatch.setenv("GAPLIB_DATA_DIR", str(copy))
    data.clear_cache()
    assert data.locate("owid_ai_patents") == target.resolve()
    assert len(data.load("owid_ai_patents")) > 0
    data.clear_cache()


def _set_manifest_cell(manifest, file, column, value):
    rows = snapshot.read_manifest(manifest)
    rows[file][column] = value
    snapshot.write_manifest(list(rows.values()), manifest)


def test_the_manifest_retrieval_date_bounds_a_snapshot_file(snapshot_copy):
    """The manifest is the one record of when a copy was taken; the loader bounds its dates by it."""
    file = "epoch/ml_hardware.csv"
    manifest = snapshot_copy / "manifest.csv"
    assert snapshot.read_manifest(manifest)[file]["retrieved"] == "2026-07-19"
    assert len(data.load("epoch_ml_hardware")) == 176
    _set_manifest_cell(manifest, file, "retrieved", "2026-03-10")  # the day before the latest release date
    data.clear_cache()
    with pytest.raises(data.DataValidationError, match="no date after the snapshot's retrieval date 2026-03-10"):
        data.load("epoch_ml_hardware")
    _set_manifest_cell(manifest, file, "retrieved", "")
    with pytest.raises(snapshot.SnapshotMismatchError, match="epoch_ml_hardware: the manifest row of "
                                                              "epoch/ml_hardware.csv has no retrieval date"):
        data.load("epoch_ml_hardware")
    _set_manifest_cell(manifest, file, "retrieved", "2999-01-01")
    with pytest.raises(snapshot.SnapshotMismatchError, match="retrieved 2999-01-01, which is in the future"):
        data.load("epoch_ml_hardware")
    _set_manifest_cell(manifest, file, "retrieved", "July")
    with pytest.raises(snapshot.SnapshotMismatchError, match="retrieved 'July', expected a date"):
        data.load("epoch_ml_hardware")


def test_recording_keeps_each_unchanged_files_retrieval_and_dates_a_changed_one_today(snapshot_copy):
    from gaplib.data.registry import utc_today

    target = snapshot_copy / "owid/artificial-intelligence-patents-submitted.csv"
    rows = target.read_text(encoding="utf-8").splitlines(keepends=True)
    target.write_text("".join(rows[:-1]), encoding="utf-8")  # one row fewer
    before = snapshot.read_manifest(snapshot_copy / "manifest.csv")
    after = snapshot.read_manifest(snapshot.record_manifest())
    changed = after["owid/artificial-intelligence-patents-submitted.csv"]
    assert (changed["retrieved"], changed["mirrored_from"], changed["rows"]) == (
        utc_today().isoformat(), snapshot.LOCAL_COPY, "356")
    assert changed["sha256"] == fingerprint(target)
    assert {f: r for f, r in after.items() if "patents" not in f} == {f: r for f, r in before.items() if "patents" not in f}
    data.clear_cache()
    assert len(data.load("owid_ai_patents")) == 356

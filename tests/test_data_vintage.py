"""`gaplib data import`: copies mirrored from git repositories, checked, matched and swapped in.

Every test that applies works on a private copy of the snapshot (paths.SNAPSHOT_DIR and
MANIFEST_FILE point at it) and builds its own vintage folder with a PROVENANCE.txt.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

import gaplib.data.paths as paths_mod
from gaplib.data import DataError, clear_cache, load
from gaplib.data.snapshot import read_manifest
from gaplib.data.stack import StackError, append_version
from gaplib.data.update import apply
from gaplib.data.vintage import VintageError, parse_provenance, read_copies, stage_folder
from gaplib.engine.cli import main

COMMIT = "ab" * 20
PATENTS_FILE = "owid/artificial-intelligence-patents-submitted.csv"


def _provenance(name: str, raw: bytes, *, repo: str = "https://github.com/someone/mirror",
                commit: str = COMMIT, date: str = "2026-02-03 10:00:00 +0100",
                path: str = "data/x.csv") -> str:
    return (f"file: {name}\n  repo: {repo}\n  commit: {commit}\n  commit date: {date}\n  path: {path}\n"
            f"  sha256: {hashlib.sha256(raw).hexdigest()}\n\n")


@pytest.fixture
def snapshot_copy(tmp_path, monkeypatch):
    """A private copy of the snapshot the loader and the import read and write."""
    copy = tmp_path / "upstream"
    shutil.copytree(paths_mod.SNAPSHOT_DIR, copy)
    monkeypatch.delenv("GAPLIB_DATA_DIR", raising=False)
    monkeypatch.setattr(paths_mod, "SNAPSHOT_DIR", copy)
    monkeypatch.setattr(paths_mod, "MANIFEST_FILE", copy / "manifest.csv")
    clear_cache()
    yield copy
    clear_cache()


def _vintage(tmp_path: Path, folder: str, files: dict[str, bytes], **prov) -> Path:
    root = tmp_path / "vintage"
    (root / folder).mkdir(parents=True)
    text = ""
    for name, raw in files.items():
        (root / folder / name).write_bytes(raw)
        text += _provenance(name, raw, **prov)
    (root / folder / "PROVENANCE.txt").write_text(text, encoding="utf-8")
    return root


def _patents_plus_row(year: int) -> bytes:
    raw = (paths_mod.SNAPSHOT_DIR / PATENTS_FILE).read_bytes()
    return raw.rstrip(b"\r\n") + f"\nTestland,,{year},5\n".encode()


def test_provenance_blocks_are_parsed(tmp_path):
    text = _provenance("a.csv", b"x", path="csv/a.csv") + _provenance("b.md", b"y", commit="cd" * 20)
    copies = parse_provenance(text, tmp_path)
    assert [c.path.name for c in copies] == ["a.csv", "b.md"]
    assert copies[0].repo == "someone/mirror" and copies[0].repo_path == "csv/a.csv"
    assert copies[0].commit_date == dt.date(2026, 2, 3)
    assert copies[1].mirrored_from == "someone/mirror @ " + "cd" * 20


@pytest.mark.parametrize("bad, message", [
    ("commit: abc", "not 40 hex digits"),
    ("commit date: yesterday", "is not 'YYYY-MM-DD"),
    ("repo: https://example.org/x/y", "not a GitHub repository"),
])
def test_malformed_provenance_is_refused(tmp_path, bad, message):
    field = bad.split(":")[0]
    lines = [f"  {bad}" if line.strip().startswith(field + ":") else line
             for line in _provenance("a.csv", b"x").splitlines()]
    with pytest.raises(VintageError, match=message):
        parse_provenance("\n".join(lines), tmp_path)


def test_a_block_without_its_sha256_is_refused(tmp_path):
    text = "\n".join(line for line in _provenance("a.csv", b"x").splitlines() if "sha256" not in line)
    with pytest.raises(VintageError, match="lacks sha256"):
        parse_provenance(text, tmp_path)


def test_a_copy_whose_bytes_differ_from_its_provenance_is_refused(tmp_path):
    root = _vintage(tmp_path, "owid_ai_patents", {"artificial-intelligence-patents-submitted.csv": b"a,b\n"})
    (root / "owid_ai_patents" / "artificial-intelligence-patents-submitted.csv").write_bytes(b"a,b\n1,2\n")
    with pytest.raises(VintageError, match="differs from"):
        read_copies(root)


def test_a_folder_without_provenance_is_refused(tmp_path):
    with pytest.raises(VintageError, match="no \\*/PROVENANCE.txt"):
        read_copies(tmp_path)


def test_import_records_mirror_and_commit_date(tmp_path, snapshot_copy):
    new = _patents_plus_row(2020)
    root = _vintage(tmp_path, "owid_ai_patents", {"artificial-intelligence-patents-submitted.csv": new,
                                                  "README.md": b"readme\n"})
    staged, unmatched = stage_folder(root)
    assert [s.src.id for s in staged] == ["owid_ai_patents"]
    assert [c.path.name for c in unmatched] == ["README.md"]
    assert staged[0].report.diff.added == 1
    apply(staged, dt.date(2026, 12, 7))
    row = read_manifest()[PATENTS_FILE]
    assert row["mirrored_from"] == f"someone/mirror @ {COMMIT}"
    assert row["retrieved"] == "2026-02-03"  # the commit date, not the day of the import
    assert row["sha256"] == hashlib.sha256(new).hexdigest()
    assert (snapshot_copy / PATENTS_FILE).read_bytes() == new
    assert "Testland" in set(load("owid_ai_patents")["entity"])


def test_a_copy_dated_after_its_commit_is_refused_and_nothing_changes(tmp_path, snapshot_copy):
    before = (snapshot_copy / "manifest.csv").read_bytes()
    root = _vintage(tmp_path, "owid_ai_patents",
                    {"artificial-intelligence-patents-submitted.csv": _patents_plus_row(2027)})
    with pytest.raises(DataError, match="2027"):
        stage_folder(root)
    assert (snapshot_copy / "manifest.csv").read_bytes() == before


def test_cli_import_reports_and_applies(tmp_path, snapshot_copy):
    root = _vintage(tmp_path, "owid_ai_patents",
                    {"artificial-intelligence-patents-submitted.csv": _patents_plus_row(2019)})
    dry = CliRunner().invoke(main, ["data", "import", str(root)])
    assert dry.exit_code == 0, dry.output
    assert "1 of 1 copied file(s) changed: not applied" in dry.output
    assert read_manifest()[PATENTS_FILE]["mirrored_from"] != f"someone/mirror @ {COMMIT}"
    done = CliRunner().invoke(main, ["data", "import", str(root), "--apply"])
    assert done.exit_code == 0, done.output
    assert read_manifest()[PATENTS_FILE]["retrieved"] == "2026-02-03"


STACK = (b"snapshot_version,commit,commit_date,source_path,rank,model,arena_score,votes\n"
         b"2025-08-04,c1,2025-08-06,csv/a.csv,1,M1,1400.0,10\n")


def test_a_version_is_appended_with_its_tags_and_the_stacks_columns():
    version = b"rank,model,votes\n1,M2,7\n2,M3,5\n"
    out = append_version(STACK, version, version=dt.date(2025, 10, 3), commit="c2",
                         commit_date=dt.date(2025, 10, 3), source_path="data/b.csv")
    rows = list(csv.DictReader(io.StringIO(out.decode())))
    assert out.startswith(STACK)
    assert [r["model"] for r in rows] == ["M1", "M2", "M3"]
    assert rows[2] == {"snapshot_version": "2025-10-03", "commit": "c2", "commit_date": "2025-10-03",
                       "source_path": "data/b.csv", "rank": "2", "model": "M3", "arena_score": "",
                       "votes": "5"}


@pytest.mark.parametrize("version, commit, message", [
    (b"rank,model,votes,extra\n1,M2,7,x\n", "c2", "columns the stack lacks: extra"),
    (b"rank,model,votes\n1,M2,7\n", "c1", "already in the stack"),
    (b"rank,model,votes\n", "c2", "no rows"),
])
def test_a_version_that_cannot_be_stacked_is_refused(version, commit, message):
    with pytest.raises(StackError, match=message):
        append_version(STACK, version, version=dt.date(2025, 10, 3), commit=commit,
                       commit_date=dt.date(2025, 10, 3), source_path="data/b.csv")


def test_the_snapshot_records_the_2026_vintage_with_its_commits():
    rows = {r["source_id"]: r for r in read_manifest().values()}
    assert rows["epoch_ai_chip_sales_nvidia"]["mirrored_from"] == (
        "epoch-research/ai-chip-counts @ d1b1bc311479ed385befa400e94533afc8b59fb7")
    assert rows["epoch_ai_chip_sales_nvidia"]["retrieved"] == "2026-04-22"
    assert rows["epoch_large_scale_models"]["retrieved"] == "2026-03-30"
    assert rows["lmarena_text_snapshots"]["date_max"] == "2025-10-03"
    # the timelines run on to planned dates after the copy, as their registry entry allows
    assert rows["epoch_frontier_data_center_timelines"]["date_max"] > rows[
        "epoch_frontier_data_center_timelines"]["retrieved"]

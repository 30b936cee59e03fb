"""Recording the gaplib modules a chapter imported."""

import gaplib.hardware.compute  # noqa: F401  (imported so that it must be recorded)
from gaplib.engine.cache import parse_read_log, sha256_file
from gaplib.engine.provenance import gaplib_module_files, record_modules


def test_module_files_are_gaplib_sources_only():
    files = gaplib_module_files()
    assert any(path.endswith("/gaplib/hardware/compute.py") for path in files)
    assert all("/gaplib/" in path and path.endswith(".py") for path in files)
    assert files == sorted(files)


def test_record_appends_path_and_digest(tmp_path, monkeypatch):
    log = tmp_path / "reads.tsv"
    log.write_text("/data/x.csv\tabc\n")
    monkeypatch.setenv("GAPLIB_READ_LOG", str(log))
    count = record_modules()
    reads = parse_read_log(log.read_text())
    assert reads.pop("/data/x.csv") == "abc"
    assert len(reads) == count > 0
    assert all(sha256_file(path) == digest for path, digest in reads.items())


def test_record_outside_the_runner_does_nothing(monkeypatch):
    monkeypatch.delenv("GAPLIB_READ_LOG", raising=False)
    assert record_modules() == 0

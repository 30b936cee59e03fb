"""`gaplib data update` against a local HTTP server on 127.0.0.1 serving modified copies.

Every test works on a private copy of the snapshot (paths.SNAPSHOT_DIR and MANIFEST_FILE
point at it) and a temporary registry in which the sources download from the local server.
"""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import io
import shutil
import threading
import time
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

import gaplib.data.fetch as fetch_mod
import gaplib.data.paths as paths_mod
import gaplib.data.update as update_mod
from gaplib import data
from gaplib.data import snapshot
from gaplib.data.registry import utc_today
from gaplib.engine.cli import main

PATENTS, SYSTEMS, HARDWARE = "owid_ai_patents", "owid_large_scale_systems", "epoch_ml_hardware"


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (the http.server API)
        route = self.server.routes.get(self.path)
        if route is None:
            self.send_error(404, "Not Found")
            return
        kind, body = route
        if kind in ("drip", "endless"):  # no length announced; a byte every 50 ms, or megabytes without end
            self.send_response(200)
            self.end_headers()
            try:
                for _ in range(2000):
                    self.wfile.write(b"x" if kind == "drip" else b"x" * (1 << 20))
                    self.wfile.flush()
                    time.sleep(0.05 if kind == "drip" else 0)
            except (BrokenPipeError, ConnectionResetError):  # the client gave up, as it should
                pass
            return
        if kind == "slow":
            time.sleep(2)
        self.send_response(200)
        # "cut" announces more bytes than it sends, as a connection that drops mid-file
        self.send_header("Content-Length", str(len(body) + (1000 if kind == "cut" else 0)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)  # a free port, this machine only
    httpd.daemon_threads = True
    # A client that gives up (a timeout) leaves the handler writing into a closed socket; not worth a traceback
    # on stderr, which a later test's command would capture.
    httpd.handle_error = lambda request, client_address: None
    httpd.routes = {}
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def _digests(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def env(tmp_path, monkeypatch, server):
    """A snapshot copy, a download cache and a registry whose served sources point at the server."""
    copy = tmp_path / "upstream"
    shutil.copytree(paths_mod.SNAPSHOT_DIR, copy)
    monkeypatch.delenv("GAPLIB_DATA_DIR", raising=False)
    monkeypatch.setenv("GAPLIB_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(paths_mod, "SNAPSHOT_DIR", copy)
    monkeypatch.setattr(paths_mod, "MANIFEST_FILE", copy / "manifest.csv")
    server.routes.clear()
    registry: dict[str, data.Source] = {}
    monkeypatch.setattr(update_mod, "sources", lambda: list(registry.values()))
    base = f"http://127.0.0.1:{server.server_address[1]}"

    def serve(source_id, body=None, kind="ok", member=None):
        """Serve ``body`` (default: the snapshot's bytes) for the source; None body with kind 404 serves nothing."""
        src = data.source(source_id)
        path = f"/{source_id}/{Path(src.file).name}" + (".zip" if member else "")
        registry[source_id] = dataclasses.replace(src, download=base + path, member=member)
        if kind != "404":
            server.routes[path] = (kind, (copy / src.file).read_bytes() if body is None else body)
        return base + path

    data.clear_cache()
    yield {"snapshot": copy, "serve": serve, "cache": tmp_path / "cache", "base": base}
    data.clear_cache()


def rows_of(env, source_id):
    text = (env["snapshot"] / data.source(source_id).file).read_text(encoding="utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def as_csv(rows) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode()


def patents_edited(env):
    """The patents table with 3 rows added, 1 removed and 2 changed (Entity, Year is its key)."""
    rows = rows_of(env, PATENTS)
    header, body = rows[0], rows[1:]
    assert header == ["Entity", "Code", "Year", "All"]
    removed = body.pop(10)
    body[0][3] = str(float(body[0][3]) + 1)
    assert body[5][3] != "1234567"
    body[5][3] = "1234567"
    body += [["Atlantis", "", str(year), "7"] for year in (2015, 2016, 2017)]
    return as_csv([header] + body), removed


def update(*args):
    return CliRunner().invoke(main, ["data", "update", *args])


def test_unchanged_download_says_so_and_apply_changes_nothing(env):
    env["serve"](PATENTS)
    before = _digests(env["snapshot"])
    result = update("--apply")
    assert result.exit_code == 0, result.output
    assert f"### {PATENTS} (`owid/artificial-intelligence-patents-submitted.csv`)\n\nUnchanged (sha256 `fd5f947b825a`)" \
        in result.stdout
    assert "Every downloaded file (1) is unchanged" in result.stdout
    assert _digests(env["snapshot"]) == before


def test_added_removed_and_changed_rows_are_counted_by_key(env):
    body, removed = patents_edited(env)
    env["serve"](PATENTS, body)
    before = _digests(env["snapshot"])
    result = update(PATENTS)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "1 of 1 downloaded file(s) changed: not applied" in out
    assert "- Rows: 357 → 359 (+3 added, −1 removed, 2 changed; matched by Entity, Year)" in out
    assert "e.g. added: `Atlantis / 2015`; `Atlantis / 2016`; `Atlantis / 2017`" in out
    assert f"e.g. removed: `{removed[0]} / {removed[2]}`" in out
    assert "- Columns: unchanged" in out and "- Dates: 2015 .. 2020 → 2015 .. 2020" in out
    assert f"- sha256: `fd5f947b825a` → `{hashlib.sha256(body).hexdigest()[:12]}`" in out
    assert _digests(env["snapshot"]) == before  # without --apply nothing changes
    kept = env["cache"] / "update" / data.source(PATENTS).file
    assert kept.read_bytes() == body and (kept.parent / (kept.name + ".downloaded")).is_file()


def test_added_and_dropped_columns_are_reported(env):
    rows = rows_of(env, HARDWARE)
    gone = rows[0].index("Base clock (MHz)")  # a column the book does not use
    env["serve"](HARDWARE, as_csv([r[:gone] + r[gone + 1:] + (["Chiplets"] if i == 0 else ["1"])
                                   for i, r in enumerate(rows)]))
    result = update(HARDWARE)
    assert result.exit_code == 0, result.output
    assert "- Columns: added `Chiplets`; dropped `Base clock (MHz)`" in result.stdout
    # no row changed in the columns both versions have
    assert "- Rows: 176 → 176 (+0 added, −0 removed, 0 changed; matched by Hardware name)" in result.stdout


def test_a_renamed_column_fails_its_schema_and_nothing_is_applied(env):
    rows = rows_of(env, PATENTS)
    rows[0][3] = "Patents"
    env["serve"](PATENTS, as_csv(rows))
    before = _digests(env["snapshot"])
    result = update("--apply")
    assert result.exit_code == 1
    assert "**Not applied: 1 source(s) failed.** The snapshot is unchanged." in result.stdout
    assert f"{PATENTS} (" in result.stderr and "column 'All' (patents) is missing from the header" in result.stderr
    assert str(env["cache"] / "update" / data.source(PATENTS).file) in result.stderr  # the download, kept
    assert _digests(env["snapshot"]) == before


@pytest.mark.parametrize("kind", ["truncated", "cut"])
def test_a_truncated_file_is_refused(env, kind):
    raw = (env["snapshot"] / data.source(PATENTS).file).read_bytes()
    if kind == "truncated":  # a short file sent whole: it ends inside a row
        env["serve"](PATENTS, raw[: raw.index(b",", len(raw) // 2) + 1])
        expected = "has 2 fields but the header has 4; column 'Year' is the first affected (truncated row"
    else:  # the connection ends before the announced length
        env["serve"](PATENTS, raw, kind="cut")
        expected = "the response was cut off"
    before = _digests(env["snapshot"])
    result = update(PATENTS, "--apply")
    assert result.exit_code == 1 and expected in result.stderr and PATENTS in result.stderr
    assert _digests(env["snapshot"]) == before


def test_http_errors_refused_connections_and_timeouts_name_the_source(env, monkeypatch):
    url = env["serve"](PATENTS, kind="404")
    env["serve"](SYSTEMS, kind="slow")
    monkeypatch.setattr(fetch_mod, "TIMEOUT_S", 0.3)
    before = _digests(env["snapshot"])
    result = update()
    assert result.exit_code == 1
    assert f"{PATENTS}: could not download {url}: HTTP 404 Not Found" in result.stderr
    assert f"{SYSTEMS}: could not download" in result.stderr and "timed out" in result.stderr
    with socket_closed() as port:  # nothing listens there: the connection is refused
        src = dataclasses.replace(data.source(PATENTS), download=f"http://127.0.0.1:{port}/x.csv")
        with pytest.raises(fetch_mod.FetchError, match=r"owid_ai_patents: could not download .*refused"):
            fetch_mod.download(src)
    assert _digests(env["snapshot"]) == before


class socket_closed:
    """A port on 127.0.0.1 that was free a moment ago and has no listener."""

    def __enter__(self):
        import socket

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            return s.getsockname()[1]

    def __exit__(self, *exc):
        return False


def test_unknown_and_unserved_ids_are_refused_naming_the_known_ones(env, monkeypatch):
    env["serve"](PATENTS)
    result = update("nope")
    assert result.exit_code == 1 and "unknown third-party source id(s) nope; known: owid_ai_patents" in result.stderr
    monkeypatch.setattr(update_mod, "sources", data.sources)  # the real registry
    result = update("lmarena_text_snapshots")
    assert result.exit_code == 1
    assert "no direct download URL is registered for lmarena_text_snapshots" in result.stderr


def test_default_selection_skips_sources_without_a_download_url():
    chosen, skipped = update_mod.select()
    assert {s.id for s in chosen} == {"epoch_notable_models", "epoch_large_scale_models", "epoch_capabilities_index",
                                      "epoch_gpu_clusters", "epoch_ml_hardware", "owid_ai_private_investment",
                                      "owid_large_scale_systems", "owid_ai_publications", "owid_ai_patents"}
    assert {sid for sid, _ in skipped} == {"epoch_frontier_data_centers", "epoch_ai_companies",
                                           "epoch_ai_companies_funding_rounds", "epoch_ai_companies_compute_spend",
                                           "lmarena_text_snapshots", "reference_facts",
                                           # taken from their repositories at a commit (gaplib data import)
                                           "epoch_frontier_data_center_timelines", "epoch_ai_chip_sales_nvidia",
                                           "epoch_ai_chip_sales_tpu", "epoch_ai_chip_sales_amd",
                                           "epoch_ai_chip_sales_trainium", "epoch_ai_chip_sales_nvidia_owners",
                                           "epoch_ai_chip_sales_nvidia_owners_cumulative",
                                           "epoch_ai_chip_sales_nvidia_other_cumulative"}


def test_apply_replaces_files_and_manifest_rows_and_the_loader_accepts_them(env):
    body, _ = patents_edited(env)
    env["serve"](PATENTS, body)
    env["serve"](SYSTEMS)  # unchanged: its row stays as it was
    rows = rows_of(env, HARDWARE)
    today = utc_today()
    # a chip released after the snapshot's retrieval date (2026-07-19): valid in a copy taken today
    rows.append([rows[1][0] + " (new)"] + rows[1][1:])
    rows[-1][rows[0].index("Release date")] = today.isoformat()
    hardware = as_csv(rows)
    zipped = io.BytesIO()
    with zipfile.ZipFile(zipped, "w") as zf:
        zf.writestr("bundle/ml_hardware.csv", hardware)
        zf.writestr("bundle/other.csv", b"a\n1\n")
    hardware_url = env["serve"](HARDWARE, zipped.getvalue(), member="ml_hardware.csv")
    old_manifest = (env["snapshot"] / "manifest.csv").read_text().splitlines()
    result = update("--apply", "--report", str(env["cache"] / "report.md"))
    assert result.exit_code == 0, result.output
    assert "2 of 3 downloaded file(s) changed: replaced in the snapshot." in result.stdout
    assert (env["cache"] / "report.md").read_text() == result.stdout
    assert (env["snapshot"] / data.source(PATENTS).file).read_bytes() == body
    assert (env["snapshot"] / data.source(HARDWARE).file).read_bytes() == hardware
    manifest = snapshot.read_manifest()
    for sid in (PATENTS, HARDWARE, SYSTEMS):
        file = data.source(sid).file
        assert manifest[file]["sha256"] == data.fingerprint(env["snapshot"] / file)
    hw = manifest[data.source(HARDWARE).file]
    assert (hw["retrieved"], hw["mirrored_from"], hw["rows"]) == (today.isoformat(), f"upstream download: {hardware_url}",
                                                                  "177")
    assert hw["date_max"] == today.isoformat()
    new_manifest = (env["snapshot"] / "manifest.csv").read_text().splitlines()
    untouched = [line for line in old_manifest if "patents" not in line and "ml_hardware" not in line]
    assert untouched == [line for line in new_manifest if "patents" not in line and "ml_hardware" not in line]
    data.clear_cache()
    assert len(data.load(PATENTS)) == 359 and len(data.load(HARDWARE)) == 177  # the manifest check passes
    assert not list(env["snapshot"].parent.glob(".upstream-update-*"))  # no work folder left


def test_apply_is_all_or_nothing_when_the_second_source_fails(env):
    body, _ = patents_edited(env)
    env["serve"](PATENTS, body)  # would change
    rows = rows_of(env, SYSTEMS)
    rows[0][3] = "Systems"  # fails its schema
    env["serve"](SYSTEMS, as_csv(rows))
    before = _digests(env["snapshot"])
    result = update(PATENTS, SYSTEMS, "--apply")
    assert result.exit_code == 1 and SYSTEMS in result.stderr
    assert "+3 added" in result.stdout  # the first is still reported, but not applied
    assert _digests(env["snapshot"]) == before


def test_a_failure_while_assembling_leaves_the_snapshot_identical(env, monkeypatch):
    body, _ = patents_edited(env)
    env["serve"](PATENTS, body)

    def disk_full(rows, path):
        raise OSError(28, "No space left on device", str(path))

    monkeypatch.setattr(update_mod, "write_manifest", disk_full)
    before = _digests(env["snapshot"])
    result = update("--apply")
    assert result.exit_code == 1 and "not applied, the snapshot is unchanged" in result.stderr
    assert _digests(env["snapshot"]) == before
    assert not list(env["snapshot"].parent.glob(".upstream-update-*"))


def test_apply_without_an_atomic_exchange_uses_two_renames(env, monkeypatch):
    body, _ = patents_edited(env)
    env["serve"](PATENTS, body)
    monkeypatch.setattr(update_mod, "_exchange", lambda a, b: False)
    result = update("--apply")
    assert result.exit_code == 0, result.output
    assert (env["snapshot"] / data.source(PATENTS).file).read_bytes() == body
    data.clear_cache()
    assert len(data.load(PATENTS)) == 359


# --- an upstream server is not trusted: a total deadline, a size limit while reading, zip bombs ---

def test_a_server_that_drips_is_cut_off_at_the_deadline(env):
    env["serve"](PATENTS, kind="drip")
    src = update_mod.sources()[0]
    started = time.monotonic()
    with pytest.raises(fetch_mod.FetchError, match=r"owid_ai_patents: could not download .*not finished within 0.5 s"):
        fetch_mod.download(src, timeout_s=5, deadline_s=0.5)
    assert time.monotonic() - started < 3  # each byte arrives well within the read timeout of 5 s


def test_an_endless_body_is_refused_once_it_passes_the_limit(env):
    env["serve"](PATENTS, kind="endless")
    src = update_mod.sources()[0]
    with pytest.raises(fetch_mod.FetchError, match=r"the download of .* is larger than 3,000,000 bytes"):
        fetch_mod.download(src, max_bytes=3_000_000)


def test_an_announced_length_above_the_limit_is_refused_before_reading(env):
    env["serve"](PATENTS, body=b"x" * 5000)
    with pytest.raises(fetch_mod.FetchError, match="larger than 4,999 bytes"):
        fetch_mod.download(update_mod.sources()[0], max_bytes=4999)
    assert fetch_mod.download(update_mod.sources()[0], max_bytes=5000) == b"x" * 5000


def _zip(name: str, payload: bytes) -> bytes:
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, payload)
    return out.getvalue()


def test_a_zip_bomb_member_is_refused(env):
    bomb = _zip("a.csv", b"0" * 6_000_000)
    assert len(bomb) < 10_000  # six megabytes of zeros pack into a few kilobytes
    env["serve"](PATENTS, body=bomb, member="a.csv")
    src = update_mod.sources()[0]
    with pytest.raises(fetch_mod.FetchError, match=r"member 'a.csv' of .* is larger than 1,000,000 bytes"):
        fetch_mod.download(src, max_bytes=1_000_000)
    assert len(fetch_mod.download(src, max_bytes=6_000_000)) == 6_000_000


def test_a_member_that_declares_a_small_size_is_still_stopped_at_the_limit(monkeypatch):
    import zipfile

    src = dataclasses.replace(data.source(PATENTS), member="a.csv")
    archive = _zip("a.csv", b"0" * 3_000_000)
    real_infolist = zipfile.ZipFile.infolist

    def lying(self):
        infos = real_infolist(self)
        for info in infos:
            info.file_size = 10  # what a crafted header could claim
        return infos

    monkeypatch.setattr(zipfile.ZipFile, "infolist", lying)
    with pytest.raises(fetch_mod.FetchError, match="(larger than 1,000,000 bytes|cannot be read)"):
        fetch_mod._extract(archive, src, "http://x/a.zip", max_bytes=1_000_000)

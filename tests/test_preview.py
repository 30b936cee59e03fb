"""gaplib preview: rebuild on change, serve the last good site, reload the open page after a good build."""

from __future__ import annotations

import shutil
import threading
import urllib.request
from pathlib import Path

import nbformat
import pytest

from gaplib.engine import book, cache, runner
from gaplib.engine.build import BuildReport, build_book
from gaplib.engine.live_render import LiveRenderer
from gaplib.engine.preview import VERSION_PATH, Preview, is_watched, serve, watch_and_rebuild, with_reload_script
from gaplib.engine.runner import ChapterFailed
from notebook_fixtures import write_chapter_notebook

WAIT_SECONDS = 60  # an upper bound for a file event to arrive on a loaded machine, not a measured time


def _report() -> BuildReport:
    return BuildReport(runs={}, rendered=True, seconds=0.0)


def _get(base: str, path: str) -> bytes:
    with urllib.request.urlopen(base + path, timeout=WAIT_SECONDS) as response:
        return response.read()


@pytest.fixture
def site(tmp_path):
    folder = tmp_path / "html"
    folder.mkdir()
    (folder / "index.html").write_text("<html><body><p>first</p></body></html>")
    (folder / "data.json").write_text('{"a": 1}')
    return folder


@pytest.fixture
def served(site):
    """A preview whose build can be told to fail, served over HTTP; yields (preview, base URL, outcomes)."""
    outcomes: list = []

    def build():
        if outcomes and isinstance(outcomes[-1], Exception):
            raise outcomes[-1]
        return _report()

    preview = Preview(build, report=lambda line: None)
    server = serve(site, preview, 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield preview, f"http://127.0.0.1:{server.server_address[1]}", outcomes
    finally:
        server.shutdown()
        server.server_close()


def test_the_reload_script_goes_before_the_end_of_the_body_or_at_the_end():
    html = with_reload_script(b"<html><body><p>x</p></BODY></html>", 7)
    assert html.index(b"<script>") < html.index(b"</BODY>") and b'"7"' in html
    assert with_reload_script(b"<p>fragment</p>", 1).startswith(b"<p>fragment</p><script>")


@pytest.mark.parametrize("path, watched", [
    ("chapters/hardware.ipynb", True), ("gaplib/algorithms/trends.py", True), ("reproduce.md", True),
    ("_build/html/index.html", False), ("gaplib/__pycache__/trends.cpython-311.pyc", False),
    ("chapters/.ipynb_checkpoints/hardware-checkpoint.ipynb", False), ("reproduce.md~", False),
])
def test_build_output_caches_and_editor_leftovers_do_not_trigger_a_rebuild(path, watched):
    assert is_watched(Path("/project") / path) is watched


def test_only_a_good_build_advances_the_version():
    results = [_report(), ChapterFailed("leaders", "deliberate"), _report()]
    messages: list[str] = []

    def build():
        result = results.pop(0)
        if isinstance(result, Exception):
            raise result
        return result

    preview = Preview(build, report=messages.append)
    assert preview.rebuild().error is None and preview.version == 1
    failed = preview.rebuild(["chapters/leaders.ipynb"])
    assert isinstance(failed.error, ChapterFailed) and preview.version == 1
    assert any("still serving the last good site" in m and "deliberate" in m for m in messages)
    assert preview.rebuild().error is None and preview.version == 2


def test_pages_are_served_with_the_reload_script_and_other_files_untouched(served):
    preview, base, _ = served
    page = _get(base, "/")
    assert b"<p>first</p>" in page and VERSION_PATH.encode() in page and b'"0"' in page
    assert _get(base, "/data.json") == b'{"a": 1}'
    assert _get(base, VERSION_PATH) == b"0"


def test_a_failed_build_keeps_serving_the_last_good_site(served, site):
    preview, base, outcomes = served
    preview.rebuild()
    site.joinpath("index.html").write_text("<html><body><p>second</p></body></html>")  # what a good build wrote
    outcomes.append(ChapterFailed("leaders", "deliberate"))
    assert preview.rebuild().error is not None
    assert _get(base, VERSION_PATH) == b"1"  # the open page does not reload onto a failed build
    assert b"<p>second</p>" in _get(base, "/")


def test_a_change_to_a_watched_file_rebuilds(tmp_path):
    (tmp_path / "chapters").mkdir()
    done = threading.Event()

    def build():
        done.set()
        return _report()

    preview = Preview(build, report=lambda line: None)
    stop = threading.Event()
    watcher = threading.Thread(target=watch_and_rebuild, args=(preview, [tmp_path / "chapters"], stop), daemon=True)
    watcher.start()
    try:
        # Written until seen: the watcher may still be starting when the first write lands.
        for attempt in range(WAIT_SECONDS):
            (tmp_path / "chapters" / "new.ipynb").write_text(f"{attempt}")
            if done.wait(1):
                break
        assert done.is_set() and preview.version == 1
    finally:
        stop.set()
        watcher.join(WAIT_SECONDS)


@pytest.mark.slow
def test_markdown_and_chapter_changes_rebuild_only_what_they_touch(built_book, cache_dir, tmp_path, monkeypatch,
                                                                   request):
    _, published = built_book
    out = tmp_path / "html"
    shutil.copytree(published, out)
    renderer = LiveRenderer(out)
    request.addfinalizer(renderer.close)
    preview = Preview(lambda: build_book(out=out, cache_dir=cache_dir, progress=False, languages=("en",),
                                         renderer=renderer), report=lambda line: None)

    # The copied site is brought up to date with the shared cache first (tests that ran
    # earlier in the session may have added to it); then a rebuild with nothing changed does nothing.
    assert preview.rebuild().report.executed == []
    nothing = preview.rebuild().report
    assert nothing.executed == [] and not nothing.rendered

    # A markdown-only change: re-rendered, nothing executed.
    project = tmp_path / "project"
    project.mkdir()
    for name in book.BOOK_FILES:
        shutil.copy2(cache.PROJECT_DIR / name, project / name)
    with open(project / "reproduce.md", "a") as handle:
        handle.write("\nA sentence added while previewing.\n")
    monkeypatch.setattr(book, "PROJECT_DIR", project)
    others = ("claims.html", "chapters/hardware.html")
    written = lambda: {name: (out / name).stat().st_mtime_ns  # noqa: E731  (pages keep their render's time)
                       for name in ("reproduce.html", *others)}
    before = written()
    markdown = preview.rebuild([str(project / "reproduce.md")]).report
    assert markdown.executed == [] and markdown.rendered
    assert "A sentence added while previewing." in (out / "reproduce.html").read_text()
    after = written()  # only the changed page was rendered again; the site is still swapped in whole
    assert after["reproduce.html"] > before["reproduce.html"]
    assert [after[name] for name in others] == [before[name] for name in others]

    # A change to one chapter: that chapter alone executes (its results, and so the pages, are unchanged).
    source = nbformat.read(runner.chapter_notebook("leaders"), as_version=4)
    source.cells.append(nbformat.v4.new_markdown_cell("A paragraph added while previewing."))
    edited = tmp_path / "leaders.ipynb"
    nbformat.write(source, edited)
    original = runner.chapter_notebook
    monkeypatch.setattr(runner, "chapter_notebook", lambda chapter: edited if chapter == "leaders" else original(chapter))
    chapter = preview.rebuild([str(edited)]).report
    assert chapter.executed == ["leaders"] and chapter.rendered
    good = (out / "chapters" / "leaders.html").read_bytes()
    assert b"A paragraph added while previewing." in good

    # A chapter that fails: the error is returned and the last good page stays.
    (tmp_path / "broken").mkdir()
    broken = write_chapter_notebook(tmp_path / "broken" / "leaders.ipynb", "raise RuntimeError('deliberate failure')")
    monkeypatch.setattr(runner, "chapter_notebook", lambda chapter: broken if chapter == "leaders" else original(chapter))
    failed = preview.rebuild([str(broken)])
    assert isinstance(failed.error, ChapterFailed) and "deliberate failure" in str(failed.error)
    assert (out / "chapters" / "leaders.html").read_bytes() == good and preview.version == 4


def test_a_second_preview_on_a_busy_port_fails_before_it_builds_anything(monkeypatch):
    import socket

    from click.testing import CliRunner

    from gaplib.engine import build, lifecycle
    from gaplib.engine.cli import main

    started = []
    monkeypatch.setattr(build, "build_book", lambda *a, **k: started.append("build"))
    monkeypatch.setattr(lifecycle, "worker_pool", lambda *a, **k: started.append("pool"))
    with socket.socket() as first:  # the first preview's server
        first.bind(("127.0.0.1", 0))
        first.listen()
        port = first.getsockname()[1]
        result = CliRunner().invoke(main, ["preview", "--port", str(port)])
    assert result.exit_code == 1 and started == []
    assert result.output == (f"Error: cannot serve on 127.0.0.1:{port}: Address already in use; "
                             "choose another port with --port (0 picks a free one)\n")

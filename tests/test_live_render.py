"""The preview's render: only changed sources are copied for Sphinx, a failure keeps the site and starts afresh."""

from __future__ import annotations

import os

import pytest

from gaplib.engine.book import BookBuildError, is_current
from gaplib.engine.live_render import LiveRenderer, sync_tree
from gaplib.engine.outdir import SITE_MARKER
from gaplib.engine.render_process import jupyter_book_in_process


def _tree(root):
    return {p.relative_to(root).as_posix(): p.read_text() for p in sorted(root.rglob("*")) if p.is_file()}


def test_sync_writes_only_what_changed_and_removes_what_went(tmp_path):
    source, target = tmp_path / "stage", tmp_path / "sources"
    (source / "chapters").mkdir(parents=True)
    (source / "intro.md").write_text("intro")
    (source / "chapters" / "a.ipynb").write_text("a")
    assert sync_tree(source, target) == ["chapters/a.ipynb", "intro.md"]
    old = (target / "intro.md").stat().st_mtime_ns
    os.utime(target / "intro.md", ns=(old - 10**9, old - 10**9))  # as if written a second earlier
    (source / "chapters" / "a.ipynb").write_text("a, edited")
    (source / "chapters" / "a.ipynb").unlink()
    (source / "b.md").write_text("b")
    (target / "locales").mkdir()
    (target / "locales" / "intro.mo").write_text("compiled by Sphinx")
    assert sync_tree(source, target) == ["b.md", "chapters/a.ipynb"]
    assert _tree(target) == {"b.md": "b", "intro.md": "intro", "locales/intro.mo": "compiled by Sphinx"}
    assert (target / "intro.md").stat().st_mtime_ns == old - 10**9  # untouched: Sphinx does not read it again
    assert not (target / "chapters").exists()
    assert sync_tree(source, target) == []


def _parts(args):
    """(source, work, builder) of a jupyter-book command line (gaplib.engine.book.jupyter_book_args)."""
    return args[1], args[args.index("--path-output") + 1], args[args.index("--builder") + 1]


def _stage(tmp_path, text):
    stage = tmp_path / "stage"
    stage.mkdir(exist_ok=True)
    (stage / "page.md").write_text(text)
    return stage


def test_a_render_swaps_the_site_in_and_a_current_site_is_left_alone(tmp_path):
    calls = []

    def run(args):
        source, work, builder = _parts(args)
        calls.append(open(os.path.join(source, "page.md")).read())
        built = os.path.join(work, "_build", builder)
        os.makedirs(built, exist_ok=True)
        with open(os.path.join(built, "page.html"), "w") as handle:
            handle.write(f"<p>{calls[-1]}</p>")
        return 0, "", ""

    out = tmp_path / "html"
    with LiveRenderer(out, run=run) as renderer:
        assert renderer.render(_stage(tmp_path, "one"))
        assert (out / "page.html").read_text() == "<p>one</p>" and (out / SITE_MARKER).is_file()
        assert not renderer.render(_stage(tmp_path, "one")) and calls == ["one"]
        assert renderer.render(_stage(tmp_path, "two")) and (out / "page.html").read_text() == "<p>two</p>"
        assert renderer.workspace.is_dir()
    assert not renderer.workspace.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["html", "stage"]  # no render folder left


def test_a_site_already_current_fills_the_workspace_in_the_background(tmp_path):
    calls = []

    def run(args):
        source, work, builder = _parts(args)
        calls.append(open(os.path.join(source, "page.md")).read())
        os.makedirs(os.path.join(work, "_build", builder), exist_ok=True)
        return 0, "", ""

    out = tmp_path / "html"
    with LiveRenderer(out, run=run) as first:
        first.render(_stage(tmp_path, "one"))
    with LiveRenderer(out, run=run) as renderer:  # a new preview of the site the last one left
        assert not renderer.render(_stage(tmp_path, "one"))
        renderer._wait_for_fill()
        assert calls == ["one", "one"] and (renderer.workspace / "sources" / "page.md").is_file()
        assert renderer.render(_stage(tmp_path, "two")) and calls[-1] == "two"


def test_a_failed_render_keeps_the_site_and_starts_afresh_next_time(tmp_path):
    def good(args):
        _, work, builder = _parts(args)
        os.makedirs(os.path.join(work, "_build", builder), exist_ok=True)
        return 0, "", ""

    def bad(args):
        return 2, "", "WARNING: undefined label: 'nowhere'\n"

    out = tmp_path / "html"
    renderer = LiveRenderer(out, run=good)
    try:
        renderer.render(_stage(tmp_path, "one"))
        site = _tree(out)
        renderer._run = bad
        with pytest.raises(BookBuildError, match="undefined label") as failed:
            renderer.render(_stage(tmp_path, "two"))
        assert "previous site" in str(failed.value) and _tree(out) == site
        assert not renderer.workspace.exists()  # the next render reads every page again
        assert not is_current(out, "anything")
    finally:
        renderer.close()


def test_jupyter_book_failures_come_back_as_a_status_and_output(tmp_path):
    status, stdout, stderr = jupyter_book_in_process(["build", str(tmp_path / "missing"), "--builder", "html"])
    assert status != 0 and (stdout + stderr).strip()


def test_a_render_process_that_dies_fails_one_render_and_is_replaced(tmp_path):
    out = tmp_path / "html"
    with LiveRenderer(out) as renderer:
        renderer._process.submit(os._exit, 9)  # the render process dies
        with pytest.raises(BookBuildError, match="stopped unexpectedly"):
            renderer.render(_stage(tmp_path, "one"))
        assert renderer._process.submit(os.getpid).result() != os.getpid()  # a new render process
    assert not out.exists()


def test_a_build_renders_each_edition_with_its_own_process_and_keeps_the_site_if_one_fails(tmp_path):
    from gaplib.engine.book import render

    def writes(page):
        def run(args):
            _, work, builder = _parts(args)
            os.makedirs(os.path.join(work, "_build", builder))
            with open(os.path.join(work, "_build", builder, "index.html"), "w") as handle:
                handle.write(page)
            return 0, "", ""
        return run

    out = tmp_path / "html"
    english, chinese = _stage(tmp_path, "en"), tmp_path / "stage-zh"
    chinese.mkdir()
    (chinese / "page.md").write_text("zh")
    assert render(english, out, editions={"zh_CN": chinese}, runs={"en": writes("book"), "zh_CN": writes("书")})
    assert (out / "index.html").read_text() == "book" and (out / "zh_CN" / "index.html").read_text() == "书"
    site = _tree(out)
    (chinese / "page.md").write_text("zh, edited")
    failing = {"en": writes("book"), "zh_CN": lambda args: (1, "", "WARNING: a Chinese page failed\n")}
    with pytest.raises(BookBuildError, match="a Chinese page failed"):
        render(english, out, editions={"zh_CN": chinese}, runs=failing)
    assert _tree(out) == site


def _writes(page, calls=None):
    def run(args):
        _, work, builder = _parts(args)
        if calls is not None:
            calls.append(page)
        os.makedirs(os.path.join(work, "_build", builder), exist_ok=True)
        with open(os.path.join(work, "_build", builder, "index.html"), "w") as handle:
            handle.write(page)
        return 0, "", ""
    return run


def test_a_preview_of_the_site_make_book_built_keeps_its_chinese_edition(tmp_path):
    from gaplib.engine.book import render

    out = tmp_path / "html"
    english, chinese = _stage(tmp_path, "en"), tmp_path / "stage-zh"
    chinese.mkdir()
    (chinese / "page.md").write_text("zh")
    assert render(english, out, editions={"zh_CN": chinese}, runs={"en": _writes("book"), "zh_CN": _writes("书")})
    calls = []
    with LiveRenderer(out, run=_writes("book, previewed", calls)) as renderer:
        # Nothing changed since the build: the site is current for the English the preview renders.
        assert not renderer.render(english)
        renderer._wait_for_fill()
        assert (out / "zh_CN" / "index.html").read_text() == "书"
        # A change: English is rendered again; the Chinese edition stays until the next build.
        assert renderer.render(_stage(tmp_path, "en, edited"))
        assert (out / "index.html").read_text() == "book, previewed"
        assert (out / "zh_CN" / "index.html").read_text() == "书"
    # The next build sees a site that is not its own render any more, and renders both editions again.
    assert not is_current(out, "anything")
    assert render(english, out, editions={"zh_CN": chinese}, runs={"en": _writes("book"), "zh_CN": _writes("书 2")})
    assert (out / "zh_CN" / "index.html").read_text() == "书 2"

"""The preview's render process imported the book's Sphinx extensions at its first render; when their source (or a
``gaplib`` module they import) changes, it is replaced before the next render, as ``gaplib build`` renders again."""

from __future__ import annotations

import os

import pytest

from gaplib.engine.live_render import EXTENSIONS_CHANGED, LiveRenderer
from gaplib.engine.render_process import RenderProcess

PLANTED = {
    "gaplib/__init__.py": "",
    "gaplib/engine/__init__.py": "",
    "gaplib/engine/ext.py": "from gaplib.engine import helper\n\ndef setup(app):\n    return {}\n",
    "gaplib/engine/helper.py": "WORD = 'gap'\n",
    "gaplib/engine/unused.py": "X = 1\n",
}


def _parts(args):
    """(source, work, builder) of a jupyter-book command line (gaplib.engine.book.jupyter_book_args)."""
    return args[1], args[args.index("--path-output") + 1], args[args.index("--builder") + 1]


@pytest.fixture
def planted(plant_project):
    """A package tree taken as the project, and a stage whose config loads ``gaplib.engine.ext``;
    returns (root, stage)."""
    return plant_project(PLANTED, ["gaplib.engine.ext"], {"page.md": "one"})


class FakeProcess:
    """Stands in for a render process: notes each render (its number, the page, whether Sphinx's environment in
    the work folder was new) and writes the page."""

    def __init__(self, number: int, renders: list) -> None:
        self.number, self.renders, self.closed = number, renders, False

    def __call__(self, args):
        assert not self.closed, "a closed render process was asked to render"
        source, work, builder = _parts(args)
        environment = os.path.join(work, "environment.pickle")
        page = open(os.path.join(source, "page.md")).read()
        self.renders.append((self.number, page, not os.path.exists(environment)))
        os.makedirs(os.path.join(work, "_build", builder), exist_ok=True)
        with open(environment, "w") as handle:
            handle.write(page)
        with open(os.path.join(work, "_build", builder, "page.html"), "w") as handle:
            handle.write(f"<p>{page}</p>")
        return 0, "", ""

    def close(self) -> None:
        self.closed = True


@pytest.fixture
def fakes():
    """(a factory of FakeProcess, the processes it made, the renders they did)."""
    made: list[FakeProcess] = []
    renders: list = []

    def new_process() -> FakeProcess:
        made.append(FakeProcess(len(made), renders))
        return made[-1]

    return new_process, made, renders


def _edit(path, text="# edited\n"):
    path.write_text(path.read_text() + text)


@pytest.mark.parametrize("changed", ["gaplib/engine/ext.py", "gaplib/engine/helper.py"])
def test_a_changed_extension_restarts_the_render_process_and_writes_every_page_again(planted, fakes, tmp_path,
                                                                                    changed):
    root, stage = planted
    new_process, made, renders = fakes
    said: list[str] = []
    out = tmp_path / "html"
    with LiveRenderer(out, new_process=new_process, report=said.append) as renderer:
        assert renderer.render(stage)
        (stage / "page.md").write_text("two")
        assert renderer.render(stage)
        _edit(root / changed)
        (stage / "page.md").write_text("three")
        assert renderer.render(stage)
        assert said == [EXTENSIONS_CHANGED]
        assert [p.closed for p in made] == [True, False]
        # The first process rendered twice (the second time incrementally); the new one starts afresh.
        assert renders == [(0, "one", True), (0, "two", False), (1, "three", True)]
        assert (out / "page.html").read_text() == "<p>three</p>"
    assert made[1].closed and not renderer.workspace.exists()


def test_an_unchanged_extension_keeps_the_render_process(planted, fakes, tmp_path):
    root, stage = planted
    new_process, made, renders = fakes
    said: list[str] = []
    with LiveRenderer(tmp_path / "html", new_process=new_process, report=said.append) as renderer:
        assert renderer.render(stage)
        _edit(root / "gaplib/engine/unused.py")  # a module no extension imports
        (stage / "page.md").write_text("two")
        assert renderer.render(stage)
        assert not renderer.render(stage)  # current: nothing rendered
        assert said == [] and len(made) == 1 and not made[0].closed
        assert renders == [(0, "one", True), (0, "two", False)]


def test_an_extension_changed_back_before_a_render_keeps_the_render_process(planted, fakes, tmp_path):
    root, stage = planted
    new_process, made, renders = fakes
    said: list[str] = []
    with LiveRenderer(tmp_path / "html", new_process=new_process, report=said.append) as renderer:
        assert renderer.render(stage)
        original = (root / "gaplib/engine/ext.py").read_text()
        _edit(root / "gaplib/engine/ext.py")
        (root / "gaplib/engine/ext.py").write_text(original)  # undone before the preview rendered
        (stage / "page.md").write_text("two")
        assert renderer.render(stage)
        assert said == [] and len(made) == 1 and renders[-1] == (0, "two", False)


def test_a_preview_of_a_current_site_restarts_the_process_that_filled_its_workspace(planted, fakes, tmp_path):
    root, stage = planted
    new_process, made, renders = fakes
    out = tmp_path / "html"
    with LiveRenderer(out, new_process=new_process, report=lambda line: None) as first:
        first.render(stage)
    said: list[str] = []
    with LiveRenderer(out, new_process=new_process, report=said.append) as renderer:  # a new preview
        assert not renderer.render(stage)  # the site is current: the workspace is filled in the background
        renderer._wait_for_fill()
        assert renders[-1] == (1, "one", True)
        _edit(root / "gaplib/engine/ext.py")
        assert renderer.render(stage)  # the key covers the extensions: not current any more
        assert said == [EXTENSIONS_CHANGED] and made[1].closed
        assert renders[-1] == (2, "one", True)


class PidProcess(RenderProcess):
    """A real render process that notes its process id instead of rendering; the page is written here."""

    pids: list[int] = []

    def __call__(self, args):
        self.pids.append(self.submit(os.getpid).result())
        _, work, builder = _parts(args)
        os.makedirs(os.path.join(work, "_build", builder), exist_ok=True)
        return 0, "", ""


def test_the_restart_stops_the_old_render_process_and_renders_in_a_new_one(planted, tmp_path, monkeypatch):
    root, stage = planted
    monkeypatch.setattr(PidProcess, "pids", [])
    with LiveRenderer(tmp_path / "html", new_process=PidProcess, report=lambda line: None) as renderer:
        renderer.render(stage)
        _edit(root / "gaplib/engine/helper.py")
        renderer.render(stage)
        old, new = PidProcess.pids
        assert old != new != os.getpid()
        with pytest.raises(ProcessLookupError, match="No such process"):  # stopped, and reaped by its pool
            os.kill(old, 0)

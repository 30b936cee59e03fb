"""Shared fixtures: one cache and one built book per test session; how the suite splits over processes.

``make test`` runs the suite on pytest-xdist workers with ``--dist loadgroup``: the tests that
share a session fixture (the chapter cache, the built book) run in one worker, so the book is
built and the chapters executed once; the tests of a module with a module-scoped fixture stay
together, so that fixture is made once; everything else is spread test by test.
"""

from __future__ import annotations

import os

import pytest
import yaml
from hypothesis import settings

from gaplib.engine import extension_key
from gaplib.engine.build import build_book
from rule_tables import threshold_table

# Examples are judged by what they compute, never by how fast a loaded machine computes them;
# derandomized so that a run of the suite (and of bench/mutation.py) sees the same examples.
settings.register_profile("gaplib", deadline=None, derandomize=True)
settings.load_profile(os.environ.get("GAPLIB_HYPOTHESIS_PROFILE", "gaplib"))

#: The xdist group of the tests that use a session fixture of the suite (see the module docstring).
SESSION_GROUP = "session-cache"


def _xdist_group(item: pytest.Item) -> str | None:
    """The worker group ``item`` belongs to, or None when it may run in any worker."""
    group = None
    for defs in getattr(item, "_fixtureinfo").name2fixturedefs.values():
        fixture = defs[-1]
        if not fixture.baseid:  # pytest's own and plugins' fixtures (tmp_path_factory, ...) are cheap
            continue
        if fixture.scope == "session":
            return SESSION_GROUP
        if fixture.scope in ("module", "package", "class"):
            group = item.nodeid.split("::", 1)[0]
    return group


@pytest.hookimpl(tryfirst=True)  # before xdist reads the marks into the test ids it schedules by
def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.get_closest_marker("xdist_group") is None and (group := _xdist_group(item)):
            item.add_marker(pytest.mark.xdist_group(group))


@pytest.fixture(scope="session")
def cache_dir(tmp_path_factory):
    """A chapter cache private to this test session (chapters execute at least once)."""
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(scope="session")
def built_book(tmp_path_factory, cache_dir):
    """The whole book built with default parameters, warnings as errors; returns the report and site."""
    out = tmp_path_factory.mktemp("site") / "html"
    report = build_book(out=out, cache_dir=cache_dir, progress=False)
    return report, out


@pytest.fixture
def threshold_rows():
    """The threshold rows R01-R03 of the export-rules table (a fresh frame per test)."""
    return threshold_table()


@pytest.fixture
def plant_project(tmp_path, monkeypatch):
    """A function ``plant(files, extensions, pages)``: writes ``files`` (path: text) under ``tmp_path/root``,
    taken as the project whose source the render keys hash (gaplib.engine.extension_key), and a stage whose
    ``_config.yml`` loads ``extensions``, with ``pages`` (name: text); returns (root, stage)."""
    def plant(files, extensions, pages):
        root = tmp_path / "root"
        for name, text in files.items():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_text(text)
        stage = tmp_path / "stage"
        stage.mkdir()
        (stage / "_config.yml").write_text(yaml.safe_dump({"sphinx": {"extra_extensions": list(extensions)}}))
        for name, text in pages.items():
            (stage / name).write_text(text)
        monkeypatch.setattr(extension_key, "PROJECT_DIR", root)
        return root, stage

    return plant

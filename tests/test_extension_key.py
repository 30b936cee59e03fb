"""A render's key covers the source of the book's Sphinx extensions (gaplib.engine.extension_key), so a change
to one makes ``gaplib build`` render again instead of saying the site is current."""

from __future__ import annotations

from pathlib import Path

import pytest

from gaplib.engine import extension_key
from gaplib.engine.book import render_key
from gaplib.engine.cache import PROJECT_DIR
from gaplib.engine.extension_key import book_extensions, extension_sources, staged_extensions_key
from gaplib.engine.language_edition import edition_config

PLANTED = {
    "gaplib/__init__.py": "",
    "gaplib/engine/__init__.py": "",
    "gaplib/engine/ext.py": "import os\nfrom gaplib.present import words\nfrom . import helper\nfrom .deep import CONSTANT\n",
    "gaplib/engine/helper.py": "import gaplib.engine.ext\n",  # a circle ends
    "gaplib/engine/deep.py": "CONSTANT = 1\n",
    "gaplib/engine/unused.py": "X = 2\n",
    "gaplib/present/__init__.py": "",
    "gaplib/present/words.py": "from ..engine import deep\n",
    "gaplib/present/other.py": "Y = 3\n",
    "gaplib/engine/first_paint.py": "from .finishing import step\n",  # the step after the render
    "gaplib/engine/finishing.py": "def step(): pass\n",
}


@pytest.fixture
def planted(plant_project):
    """A package tree taken as the project, and a stage whose config loads ``gaplib.engine.ext``."""
    return plant_project(PLANTED, ["gaplib.engine.ext", "sphinx_design"], {"intro.md": "# Intro\n"})


def test_sources_are_the_extension_and_what_it_imports_transitively(planted):
    root, _ = planted
    sources = [path.relative_to(root).as_posix() for path in extension_sources(["gaplib.engine.ext"])]
    assert sources == ["gaplib/__init__.py", "gaplib/engine/__init__.py", "gaplib/engine/deep.py",
                       "gaplib/engine/ext.py", "gaplib/engine/helper.py", "gaplib/present/__init__.py",
                       "gaplib/present/words.py"]


@pytest.mark.parametrize("changed", ["gaplib/engine/ext.py", "gaplib/present/words.py", "gaplib/engine/deep.py",
                                     "gaplib/engine/__init__.py",
                                     # the step that finishes the rendered pages, and what it imports
                                     "gaplib/engine/first_paint.py", "gaplib/engine/finishing.py"])
def test_a_change_to_an_extension_the_finishing_step_or_their_imports_changes_the_render_key(planted, changed):
    root, stage = planted
    before = render_key(stage)
    (root / changed).write_text((root / changed).read_text() + "# changed\n")
    assert render_key(stage) != before


@pytest.mark.parametrize("changed", ["gaplib/engine/unused.py", "gaplib/present/other.py"])
def test_a_module_no_extension_imports_leaves_the_key(planted, changed):
    root, stage = planted
    before = render_key(stage)
    (root / changed).write_text("Z = 4\n")
    assert render_key(stage) == before


def test_staged_files_still_change_the_key(planted):
    _, stage = planted
    before = render_key(stage)
    (stage / "intro.md").write_text("# Introduction\n")
    assert render_key(stage) != before


def test_a_stage_without_config_has_the_key_of_no_extension(tmp_path):
    assert staged_extensions_key(tmp_path) == extension_key.extensions_key({})


def test_the_books_editions_name_their_extensions():
    english = book_extensions(edition_config("en"))
    assert "gaplib.engine.page_assets" in english and english == sorted(english)
    chinese = book_extensions(edition_config("zh_CN"))
    assert {"gaplib.engine.page_assets", "gaplib.engine.glue_i18n", "gaplib.engine.cjk_spacing"} <= set(chinese)
    sources = {path.relative_to(PROJECT_DIR).as_posix() for path in extension_sources(chinese)}
    # glue_i18n formats numbers with the presentation's modules: a change there changes the page too.
    assert {"gaplib/engine/page_assets.py", "gaplib/engine/glue_i18n.py", "gaplib/present/i18n.py"} <= sources
    assert all(Path(PROJECT_DIR, source).is_file() for source in sources)

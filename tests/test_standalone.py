"""A re-run chapter as a page of its own (`gaplib run CHAPTER --html`)."""

import re

import pytest
from click.testing import CliRunner

from browser import load
from gaplib.engine.local_site import serve
from gaplib.engine import standalone
from gaplib.engine.cli import main
from gaplib.engine.outdir import STAGE_MARKER, OutDirError
from gaplib.engine.runner import ChapterRun, run_chapter
from gaplib.params import ParameterError


def test_changed_parameters_lists_only_what_differs():
    assert standalone.changed_parameters("research", {"first_year": 2018}) == {"first_year": (2016, 2018)}
    assert standalone.changed_parameters("research", {"first_year": 2016}) == {}


def test_variant_note_names_each_changed_parameter_and_its_default():
    note = standalone.variant_note("research", {"first_year": 2018})
    assert "`first_year` = `2018` (default `2016`)" in note and note.startswith(":::{note}")
    assert "default parameters" in standalone.variant_note("research", {"first_year": 2016})


def test_page_config_drops_launch_buttons_and_names_the_page():
    config = standalone.page_config({"title": "Book", "launch_buttons": {"binderhub_url": "x"}, "sphinx": {"config": {"a": 1}}},
                                    "hardware")
    assert "launch_buttons" not in config and config["title"] == "Book: hardware (re-run)"
    assert config["sphinx"]["config"]["a"] == 1


def test_a_summary_page_is_refused(tmp_path):
    run = ChapterRun("intro", {}, "k", tmp_path, cached=True)
    with pytest.raises(ParameterError, match="is a page of the whole book"):
        standalone.stage_page(run, tmp_path / "stage", tmp_path / "bundle.js")
    result = CliRunner().invoke(main, ["run", "intro", "--html", "--out", str(tmp_path / "out")])
    assert result.exit_code != 0 and "page of the whole book" in result.output


def test_a_foreign_folder_is_never_used_as_the_stage(tmp_path):
    stage = tmp_path / "stage"
    stage.mkdir()
    (stage / "notes.md").write_text("mine")
    run = ChapterRun("research", {}, "k", tmp_path, cached=True)
    with pytest.raises(OutDirError, match="not a gaplib staging folder"):
        standalone.stage_page(run, stage, tmp_path / "bundle.js")
    assert (stage / "notes.md").read_text() == "mine" and not (stage / STAGE_MARKER).exists()


@pytest.mark.slow
def test_a_rerun_page_says_what_changed_and_draws_its_charts_offline(tmp_path, cache_dir):
    run = run_chapter("research", {"first_year": 2018}, cache_dir=cache_dir)
    page = standalone.render_page(run, tmp_path / "html")
    html = page.read_text()
    assert "<code class=\"docutils literal notranslate\"><span class=\"pre\">first_year</span></code>" in html
    assert "(re-run)" in html and "launch" not in html.lower().split("</header>")[0][-2000:]
    assert page == tmp_path / "html" / "chapters" / "research.html"
    with serve(tmp_path / "html") as url:
        loaded = load(f"{url}/chapters/research.html")
    assert loaded.external_requests == []
    assert loaded.drawn_charts == 2
    for link in re.findall(r'href="\.\./(research\.[a-z_]+\.(?:csv|png|svg|meta\.json))"', html):
        assert (tmp_path / "html" / link).stat().st_size > 0, f"the page links {link}, which is missing"
    assert 'href="../research.publications_chart.csv"' in html
    assert not list(tmp_path.glob(".html-stage*")), "the staging folder is removed after rendering"

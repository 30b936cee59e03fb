"""Summary pages read the chapter results of their own build, and only through the runner."""

import json
from pathlib import Path

import pytest

from gaplib.data import MissingDataError, chapter_results
from gaplib.engine.runner import ChapterRun, prepare, write_upstream
from gaplib.params import PAGES, SUMMARIES


def fake_run(tmp_path, chapter, results):
    return ChapterRun(chapter, {}, "k" * 64, tmp_path, cached=True, results=results)


def test_upstream_file_is_content_addressed_and_ignores_execution_time(tmp_path):
    first = write_upstream({"hardware": fake_run(tmp_path, "hardware", {"r": 1.0, "executed_at": "t1"})}, tmp_path)
    again = write_upstream({"hardware": fake_run(tmp_path, "hardware", {"r": 1.0, "executed_at": "t2"})}, tmp_path)
    other = write_upstream({"hardware": fake_run(tmp_path, "hardware", {"r": 2.0, "executed_at": "t1"})}, tmp_path)
    assert first == again and first != other
    assert json.loads(first.read_text()) == {"hardware": {"r": 1.0}}


def test_page_key_follows_the_chapter_results(tmp_path):
    one = write_upstream({"hardware": fake_run(tmp_path, "hardware", {"r": 1.0})}, tmp_path)
    two = write_upstream({"hardware": fake_run(tmp_path, "hardware", {"r": 2.0})}, tmp_path)
    assert prepare("claims", {}, one)[1] != prepare("claims", {}, two)[1]
    assert prepare("claims", {}, one)[1] == prepare("claims", {}, one)[1]
    with pytest.raises(ValueError, match="summarises the chapters"):
        prepare("claims", {})


def test_a_page_that_reads_no_chapter_results_is_keyed_without_them(tmp_path):
    one = write_upstream({"hardware": fake_run(tmp_path, "hardware", {"r": 1.0})}, tmp_path)
    two = write_upstream({"hardware": fake_run(tmp_path, "hardware", {"r": 2.0})}, tmp_path)
    assert prepare("replications", {}, one)[1] == prepare("replications", {}, two)[1] == prepare("replications")[1]


@pytest.mark.parametrize("page", sorted(PAGES))
def test_exactly_the_summary_pages_read_chapter_results(page):
    source = (Path(__file__).parents[1] / "pages" / f"{page}.ipynb").read_text()
    reads = "chapter_results(" in source or "sweep_results(" in source
    assert reads == (page in SUMMARIES)


def test_chapter_results_outside_the_runner_is_a_clear_error(monkeypatch):
    monkeypatch.delenv("GAPLIB_CHAPTER_RESULTS", raising=False)
    with pytest.raises(MissingDataError, match="gaplib run"):
        chapter_results()


def test_chapter_results_reads_and_logs_the_bundle(tmp_path, monkeypatch):
    bundle = write_upstream({"funding": fake_run(tmp_path, "funding", {"x": 3})}, tmp_path)
    log = tmp_path / "reads.tsv"
    monkeypatch.setenv("GAPLIB_CHAPTER_RESULTS", str(bundle))
    monkeypatch.setenv("GAPLIB_READ_LOG", str(log))
    assert chapter_results() == {"funding": {"x": 3}}
    assert str(bundle.resolve()) in log.read_text()


def test_sweep_results_travel_with_the_chapter_results(tmp_path, monkeypatch):
    from gaplib.data import sweep_results

    rows = [{"point_id": "a", "param.g": 3.0, "result.r": 1.5, "status": "ok", "duration_s": 1.0}]
    bundle = write_upstream({"strategy": fake_run(tmp_path, "strategy", {"x": 1})}, tmp_path, {"sensitivity": rows})
    monkeypatch.setenv("GAPLIB_CHAPTER_RESULTS", str(bundle))
    assert chapter_results() == {"strategy": {"x": 1}}
    table = sweep_results("sensitivity")
    assert table.to_dict("records") == [{"point_id": "a", "param.g": 3.0, "result.r": 1.5, "status": "ok"}]
    with pytest.raises(MissingDataError, match="no sweep named 'other'"):
        sweep_results("other")


def test_sources_page_is_rendered_once_per_data_state(tmp_path):
    from gaplib.engine.build_pages import sources_page

    first = sources_page(tmp_path)
    cached = list((tmp_path / "_sources").glob("*.md"))
    assert len(cached) == 1 and first.startswith("# Data and sources")
    cached[0].write_text(first + "marker\n")  # a second call must come from this file
    assert sources_page(tmp_path).endswith("marker\n")

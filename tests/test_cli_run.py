"""`gaplib run` says what moved against the published book and where its files are; parameter mistakes are
answered in plain words."""

import json

import pytest
from click.testing import CliRunner

from gaplib.engine import cli_run, runner
from gaplib.engine.cli import main
from gaplib.engine.editions import make_edition
from gaplib.engine.execute import ChapterRun
from gaplib.engine.run_report import MANIFEST_NAME, compare_with_edition, headline_lines, manifest_text


def invoke(*args):
    return CliRunner().invoke(main, list(args))


def _edition(results, parameters=None):
    return make_edition("2026-12", "2026-12-01", {"hardware": {
        "results": results, "parameters": parameters or {"frontier_growth_per_year": 4.5}, "data": {}, "code": {}}})


WORDS = {"us_china_h100e_ratio": "US/China ratio of installed AI compute", "us_h100e": "US installed AI compute"}


def test_headlines_are_the_moved_results_with_words_from_to():
    published = _edition({"us_china_h100e_ratio": 11.4, "us_h100e": 1_250_000.0, "rows": 10})
    run = {"us_china_h100e_ratio": 9.0, "us_h100e": 1_250_000.0, "rows": 12,
           "parameters": {"frontier_growth_per_year": 3.0}}
    comparison = compare_with_edition("hardware", run, published, {}, WORDS)
    assert comparison.edition == "2026-12"
    assert [(text, m.before, m.after) for text, m in comparison.headlines] == [
        ("US/China ratio of installed AI compute", 11.4, 9.0)]
    assert comparison.other_moved == 1  # "rows" moved but has no words
    lines = headline_lines(comparison, "hardware")
    assert lines[0] == "Headline numbers that differ from the published book (edition 2026-12):"
    assert lines[1] == "  US/China ratio of installed AI compute: 11.4 → 9"
    assert "1 other published number(s)" in lines[2]
    assert "frontier_growth_per_year changed from 4.5 to 3.0" in lines[3]


def test_nothing_moved_is_said_and_a_missing_edition_too():
    published = _edition({"us_h100e": 5.0})
    same = compare_with_edition("hardware", {"us_h100e": 5.0}, published, {}, WORDS)
    assert headline_lines(same, "hardware") == [
        "No headline number of hardware differs from the published book (edition 2026-12)."]
    none = compare_with_edition("hardware", {"us_h100e": 5.0}, None, {}, WORDS)
    assert "no published edition" in headline_lines(none, "hardware")[0]


def test_manifest_lists_files_relative_and_sorted(tmp_path):
    text = manifest_text("hardware", tmp_path, [tmp_path / "b.csv", tmp_path / "html" / "a.html", tmp_path / "a.csv"])
    assert text.splitlines()[1:] == ["a.csv", "b.csv", "html/a.html"]


def test_run_prints_headlines_and_the_files_and_writes_the_rest_to_a_manifest(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    cache.mkdir()
    files = [cache / "hardware.ipynb", cache / "hardware.results.json"]
    files += [cache / f"hardware.table{i}.csv" for i in range(30)]
    for path in files:
        path.write_text("{}")
    results = {"us_china_h100e_ratio": 1.0, "chapter": "hardware", "parameters": {"frontier_growth_per_year": 3.0}}
    seen = {}

    def fake_run(chapter, overrides, **kwargs):
        seen.update(kwargs)
        return ChapterRun(chapter, {}, "k", cache, cached=False, seconds=2.0, results=results)

    monkeypatch.setattr(runner, "run_chapter", fake_run)
    monkeypatch.setattr(runner, "export_run", lambda run, out: [out / p.name for p in files])
    out = tmp_path / "out"
    monkeypatch.setattr(cli_run, "at_terminal", lambda: True)  # a person at a terminal sees the bar
    result = invoke("run", "hardware", "-p", "frontier_growth_per_year", "3", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert seen["progress"] is True
    assert "Headline numbers that differ from the published book" in result.output
    assert "US/China ratio of installed AI compute: " in result.output and "→ 1" in result.output
    assert f"  {out / 'hardware.results.json'}" in result.output
    assert "hardware.table7.csv" not in result.output  # the long list is in the manifest
    assert f"32 file(s) in all, listed in {out / MANIFEST_NAME}" in result.output
    assert "hardware.table7.csv" in (out / MANIFEST_NAME).read_text()


def test_html_help_names_the_real_page_path():
    from gaplib.engine.standalone import render_page

    assert "OUT/html/chapters/CHAPTER.html" in invoke("run", "--help").output
    assert 'out_dir / "chapters" / f"{run.chapter}.html"' in __import__("inspect").getsource(render_page)


def test_misspelled_chapter_gets_a_suggestion():
    result = invoke("run", "hardwre")
    assert result.exit_code == 2 and "did you mean 'hardware'?" in result.output
    assert "did you mean" not in invoke("run", "economy").output
    assert "did you mean 'strategy'?" in invoke("params", "strategi").output


def test_misspelled_parameter_gets_a_suggestion():
    result = invoke("run", "hardware", "-p", "frontier_growth_per_yeer", "3")
    assert result.exit_code == 1 and "did you mean 'frontier_growth_per_year'?" in result.output


def test_a_build_params_file_given_to_run_is_recognised(tmp_path):
    variant = tmp_path / "variant.yaml"
    variant.write_text("hardware:\n  frontier_growth_per_year: 3.0\nstrategy:\n  end_year: 2035\n")
    result = invoke("run", "hardware", "-f", str(variant))
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "as `gaplib build --params` reads" in result.output
    assert f"gaplib build --params {variant}" in result.output and "lines under `hardware:`" in result.output
    assert "it sets nothing for funding" in invoke("run", "funding", "-f", str(variant)).output


def test_yaml_errors_name_file_line_and_column(tmp_path):
    bad = tmp_path / "p.yaml"
    bad.write_text("frontier_growth_per_year: 3\ninclude_planned: yes: no\n")
    result = invoke("run", "hardware", "-f", str(bad))
    assert result.exit_code == 1
    assert f"{bad}: not valid YAML at line 2, column 21: mapping values are not allowed here" in result.output
    assert "<unicode string>" not in result.output


@pytest.mark.parametrize("word, expected", [("yes", True), ("True", True), ("ON", True), ("1", True),
                                            ("no", False), ("False", False), ("off", False)])
def test_booleans_in_their_common_forms_are_accepted(word, expected):
    from gaplib.params import read_bools, validate_params

    values = read_bools("hardware", {"include_planned": word})
    assert validate_params("hardware", values).include_planned is expected


def test_a_quoted_yes_in_a_file_is_read_and_other_words_get_the_accepted_forms(tmp_path):
    from gaplib.params import read_bools

    assert read_bools("hardware", {"include_planned": "yes", "frontier_growth_per_year": "1"}) == {
        "include_planned": True, "frontier_growth_per_year": "1"}  # only true/false parameters are read
    result = invoke("run", "hardware", "-p", "include_planned", "maybe")
    assert result.exit_code == 1
    assert "include_planned: got 'maybe'; allowed: true or false (also yes/no, on/off, 1/0" in result.output


def test_unknown_edition_chapter_is_reported_without_a_traceback(tmp_path):
    published = make_edition("e", "2026-01-01", {})
    comparison = compare_with_edition("hardware", {"x": 1}, published, {}, {})
    assert comparison.headlines == () and json.dumps(headline_lines(comparison, "hardware"))

"""A variant set against the published book: the comparison, its page and `gaplib compare`."""

import json

import pytest
from click.testing import CliRunner

from browser import load
from gaplib.engine.local_site import serve
from gaplib.engine import variants
from gaplib.engine.book import toc_with_variant_page
from gaplib.engine.build import build_book
from gaplib.engine.cli import main

DEFAULT = {"research": {"chapter": "research", "parameters": {"first_year": 2016}, "data": {}, "modules": {},
                        "publications_us": 50039.0, "first_year": 2016, "publications_leader": "China"}}
VARIANT = {"research": {**DEFAULT["research"], "parameters": {"first_year": 2018}, "first_year": 2018,
                        "publications_us": 40000.0}}


def test_compare_results_lists_moved_numbers_with_their_parameter_as_cause():
    [chapter] = variants.compare_results(DEFAULT, VARIANT)
    assert {m.name: (m.before, m.after) for m in chapter.moved} == {
        "first_year": (2016, 2018), "publications_us": (50039.0, 40000.0)}
    assert chapter.causes == ("parameter first_year changed from 2016 to 2018",)


def test_identical_results_move_nothing():
    assert variants.compare_results(DEFAULT, DEFAULT) == []


def test_differing_parameters_only_lists_changes():
    got = variants.differing_parameters({"research": {"first_year": 2016}, "leaders": {"seed": 1}},
                                        {"research": {"first_year": 2018}, "leaders": {"seed": 1}})
    assert got == [("research", "first_year", 2016, 2018)]


def test_variant_page_with_and_without_changes():
    page = variants.render_variant_page([("research", "first_year", 2016, 2018)],
                                        variants.compare_results(DEFAULT, VARIANT))
    assert page.startswith("# This variant against the published book")
    assert "| research | `first_year` | `2016` | `2018` |" in page
    assert "**2 numbers moved in 1 chapter.**" in page
    # a result is shown in words from the words registry; one without words keeps its name
    assert "| US AI publications a year | 50,039 | 40,000 | -10,039 | -20.1 |" in page
    assert "| `first_year` |" in page
    same = variants.render_variant_page([], [])
    assert "No parameter differs" in same and "**Nothing moved.**" in same


def test_format_table_aligns_and_writes_years_plainly():
    table = variants.format_table(variants.table_rows(variants.compare_results(DEFAULT, VARIANT)))
    lines = table.splitlines()
    assert lines[0].split() == ["chapter", "result", "words", "before", "after", "change", "change_pct"]
    assert lines[1].split() == ["research", "first_year", "—", "2016", "2018", "2", "+0.0992"]
    assert "US AI publications a year" in lines[2]
    assert variants.format_table([]) == "Nothing moved."


def test_read_results_from_a_file_a_folder_and_refusals(tmp_path):
    (tmp_path / "research.results.json").write_text(json.dumps(DEFAULT["research"]))
    assert variants.read_results(tmp_path) == variants.read_results(tmp_path / "research.results.json") == DEFAULT
    with pytest.raises(variants.ResultsError, match="no results found"):
        variants.read_results(tmp_path / "empty-dir-that-is-missing")
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "x.results.json").write_text("{not json")
    with pytest.raises(variants.ResultsError, match="not a results.json file"):
        variants.read_results(tmp_path / "bad")
    (tmp_path / "bad" / "x.results.json").write_text("[1, 2]")
    with pytest.raises(variants.ResultsError, match="no 'chapter' entry"):
        variants.read_results(tmp_path / "bad")


def test_compare_command_table_and_csv(tmp_path):
    for side, results in (("a", DEFAULT), ("b", VARIANT)):
        (tmp_path / side).mkdir()
        (tmp_path / side / "research.results.json").write_text(json.dumps(results["research"]))
    table = CliRunner().invoke(main, ["compare", str(tmp_path / "a"), str(tmp_path / "b")])
    assert table.exit_code == 0 and "publications_us" in table.output and "-20.1" in table.output
    csv_out = CliRunner().invoke(main, ["compare", str(tmp_path / "a"), str(tmp_path / "b"), "--format", "csv"])
    assert csv_out.output.splitlines()[0] == "chapter,result,before,after,change,change_pct,words"
    assert "research,publications_us,50039.0,40000.0,-10039.0," in csv_out.output
    assert csv_out.output.rstrip().endswith(",US AI publications a year")
    same = CliRunner().invoke(main, ["compare", str(tmp_path / "a"), str(tmp_path / "a")])
    assert same.output.strip() == "Nothing moved."
    missing = CliRunner().invoke(main, ["compare", str(tmp_path / "a"), str(tmp_path)])
    assert missing.exit_code == 1 and "no results found" in missing.output


def test_the_variant_page_comes_first_after_the_introduction():
    toc = toc_with_variant_page({"root": "intro", "parts": [{"caption": "Chapters", "chapters": [{"file": "x"}]}]})
    assert toc["parts"][0] == {"caption": "This variant", "chapters": [{"file": "variant"}]}
    assert toc["parts"][1]["caption"] == "Chapters"


@pytest.mark.slow
def test_a_variant_build_lists_what_moved_and_an_unchanged_one_says_nothing_did(tmp_path, cache_dir, built_book):
    moved = build_book({"research": {"first_year": 2018}}, out=tmp_path / "variant", cache_dir=cache_dir,
                       progress=False)
    assert moved.rendered
    html = (tmp_path / "variant" / "variant.html").read_text()
    assert "first_year" in html and "publications_us_china_ratio_first" in html
    assert "Nothing moved" not in html
    with serve(tmp_path / "variant") as url:
        for page in ("variant.html", "chapters/research.html"):
            loaded = load(f"{url}/{page}")
            assert loaded.external_requests == [], page
        assert load(f"{url}/chapters/research.html").drawn_charts == 2
    same = build_book({}, out=tmp_path / "same", cache_dir=cache_dir, progress=False)
    assert same.rendered
    html = (tmp_path / "same" / "variant.html").read_text()
    assert "Nothing moved" in html and "No parameter differs" in html
    _, default_site = built_book
    assert not (default_site / "variant.html").exists()

"""Chart pictures drawn from the specs a run wrote: where, in which languages, once, and whole."""

import json
import multiprocessing
import re
from pathlib import Path

import altair as alt
import pandas as pd
import pytest

from gaplib.engine import pictures
from gaplib.engine.execute import ChapterRun
from gaplib.engine.runner import export_run

SPEC = alt.Chart(pd.DataFrame({"country": ["US", "China"], "h100e": [1_250_987.0, 109_611.0]})).mark_bar().encode(
    x="country:N", y="h100e:Q").properties(width=300, height=200).to_dict()


def _specs(folder, *names):
    folder.mkdir(exist_ok=True)
    for name in names:
        (folder / name).write_text(json.dumps(SPEC))
    return folder


def test_the_language_of_a_spec_is_its_tag_when_a_translation_has_it():
    assert pictures.spec_language(Path("hardware.fleet.vl.json")) == "en"
    assert pictures.spec_language(Path("hardware.fleet.zh_CN.vl.json")) == "zh_CN"
    assert pictures.spec_language(Path("hardware.fleet_2030.vl.json")) == "en"


def test_each_edition_shows_its_own_pictures_and_the_english_where_a_chart_has_no_translation(tmp_path):
    _specs(tmp_path, "h.fleet.vl.json", "h.fleet.zh_CN.vl.json", "h.ratio.vl.json")
    assert [p.name for p in pictures.edition_specs(tmp_path, "en")] == ["h.fleet.vl.json", "h.ratio.vl.json"]
    assert [p.name for p in pictures.edition_specs(tmp_path, "zh_CN")] == ["h.fleet.zh_CN.vl.json", "h.ratio.vl.json"]
    assert [p.name for p in pictures.undrawn(tmp_path, ["zh_CN"])] == ["h.fleet.zh_CN.vl.json", "h.ratio.vl.json"]


def test_missing_pictures_are_drawn_in_the_languages_asked_only_and_once(tmp_path):
    _specs(tmp_path, "hardware.fleet.vl.json", "hardware.fleet.zh_CN.vl.json")
    assert pictures.draw_missing(tmp_path, ["en"]) == [tmp_path / "hardware.fleet.vl.json"]
    svg = (tmp_path / "hardware.fleet.svg").read_text()
    png = (tmp_path / "hardware.fleet.png").read_bytes()
    assert svg.startswith("<svg") and png[:8] == b"\x89PNG\r\n\x1a\n"
    width = float(re.search(r'<svg[^>]* width="([0-9.]+)"', svg)[1])
    assert int.from_bytes(png[16:20], "big") == round(2 * width)  # the PNG at twice the SVG's size
    assert not (tmp_path / "hardware.fleet.zh_CN.png").exists()
    assert pictures.draw_missing(tmp_path, ["en"]) == []
    assert pictures.draw_missing(tmp_path) == [tmp_path / "hardware.fleet.zh_CN.vl.json"]
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []  # no partial file left


def test_a_chart_with_one_of_its_two_pictures_is_drawn_again(tmp_path):
    _specs(tmp_path, "hardware.fleet.vl.json")
    (tmp_path / "hardware.fleet.svg").write_text("<svg/>")  # a build killed between the two files
    assert pictures.undrawn(tmp_path, ["en"]) == [tmp_path / "hardware.fleet.vl.json"]
    pictures.draw_missing(tmp_path, ["en"])
    assert (tmp_path / "hardware.fleet.png").is_file() and len((tmp_path / "hardware.fleet.svg").read_text()) > 100


def test_the_picture_process_draws_what_is_submitted_once_and_reports_a_failure(tmp_path):
    good = _specs(tmp_path / "good", "c.a.vl.json", "c.a.zh_CN.vl.json")
    with pictures.PictureProcess() as process:
        process.submit(good, ["en"])
        process.submit(good, ["en"])  # already under way: not drawn twice
        assert len(process._futures) == 1
        process.wait()
        assert (good / "c.a.png").is_file() and not (good / "c.a.zh_CN.png").exists()
        bad = _specs(tmp_path / "bad")
        (bad / "c.b.vl.json").write_text('{"mark": "no such mark", "data": {"values": []}}')
        process.submit(bad, ["en"])
        with pytest.raises(pictures.PictureError, match=r"could not draw the chart in .*c\.b\.vl\.json"):
            process.wait()


def test_an_exported_run_carries_its_pictures_in_every_language(tmp_path):
    run_dir = _specs(tmp_path / "run", "hardware.fleet.vl.json", "hardware.fleet.zh_CN.vl.json")
    for name in ("hardware.ipynb", "hardware.results.json", "hardware.fleet.csv"):
        (run_dir / name).write_text("{}")
    run = ChapterRun("hardware", {}, "k", run_dir, cached=True)
    written = {p.name for p in export_run(run, tmp_path / "out")}
    assert {"hardware.fleet.png", "hardware.fleet.svg", "hardware.fleet.zh_CN.png", "hardware.fleet.zh_CN.svg",
            "hardware.fleet.csv"} <= written
    assert not any(name.endswith(".vl.json") for name in written)


def _draw_in_child(folder):
    pictures.draw_missing(folder)


def test_a_process_forked_after_its_parent_drew_draws_too(tmp_path):
    # vl-convert's runtime does not survive a fork: drawing in the caller's process would hang the child here.
    pictures.draw_missing(_specs(tmp_path / "parent", "c.a.vl.json"))
    child_folder = _specs(tmp_path / "child", "c.b.vl.json")
    child = multiprocessing.get_context("fork").Process(target=_draw_in_child, args=(child_folder,))
    child.start()
    child.join(timeout=120)
    if child.is_alive():
        child.kill()
    assert child.exitcode == 0 and (child_folder / "c.b.png").is_file()

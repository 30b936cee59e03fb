"""Editions and the page "What changed since the last edition"."""

from __future__ import annotations

import copy
import json

import pytest
from click.testing import CliRunner

from gaplib.engine import editions
from gaplib.engine.build_pages import changes_page, current_edition
from gaplib.engine.cache import PROJECT_DIR
from gaplib.engine.changes import Moved
from gaplib.engine.editions import (
    EditionError, chapter_record, compare, data_fingerprints, latest, load_editions, make_edition,
    render_changes_page, source_ids_by_file, write_edition,
)

FILES = source_ids_by_file([("epoch_gpu_clusters", "epoch/gpu_clusters.csv"), ("chips", "chips_supplement.csv")])


def results(**values):
    base = {"chapter": "hardware", "parameters": {"growth": 4.5}, "executed_at": "x", "cache_key": "k",
            "versions": {}, "data": {"/somewhere/epoch/gpu_clusters.csv": "aaa", "/p/data/chips_supplement.csv": "ccc"},
            "modules": {str(PROJECT_DIR / "gaplib" / "hardware" / "compute.py"): "m1"}, "ratio": 11.4, "trend": "widening"}
    return {**base, **values}


def edition(name="e1", recorded="2026-12-01", **values):
    return make_edition(name, recorded, {"hardware": chapter_record(results(**values), FILES, "nb1")})


def test_record_keeps_results_and_keys_inputs_by_source():
    record = chapter_record(results(), FILES, "nb1")
    assert record["results"] == {"ratio": 11.4, "trend": "widening"}
    assert record["parameters"] == {"growth": 4.5}
    assert record["data"] == {"chips": "ccc", "epoch_gpu_clusters": "aaa"}
    assert record["code"] == {"notebook": "nb1", "gaplib/hardware/compute.py": "m1"}


def test_unregistered_data_file_is_kept_by_name():
    assert data_fingerprints({"/x/y/other.csv": "d"}, FILES) == {"other.csv": "d"}


def test_nothing_moved_says_so():
    previous = edition()
    assert compare(previous, edition()) == []
    page = render_changes_page(previous, [])
    assert "Nothing moved" in page and "e1" in page and "2026-12-01" in page


def test_noise_below_the_tolerance_is_not_a_move():
    assert compare(edition(), edition(ratio=11.4 * (1 + 1e-12))) == []


def test_a_moved_number_is_listed_with_its_parameter_cause():
    now = edition(ratio=12.0, parameters={"growth": 5.0})
    [changes] = compare(edition(), now)
    assert changes.chapter == "hardware"
    assert changes.moved == (Moved("ratio", 11.4, 12.0),)
    assert changes.moved[0].change == pytest.approx(0.6)
    assert changes.moved[0].change_pct == pytest.approx(100 * 0.6 / 11.4)
    assert changes.causes == ("parameter growth changed from 4.5 to 5.0",)
    page = render_changes_page(edition(), [changes])
    assert "1 number moved in 1 chapter" in page
    assert "| `ratio` | 11.4 | 12 | 0.6 | +5.26 |" in page
    assert "parameter growth changed from 4.5 to 5.0" in page


def test_a_parameter_one_edition_lacks_is_added_or_removed_never_none():
    from gaplib.present.i18n import Translator

    now = edition(ratio=12.0, parameters={"cap": 1.3})
    [changes] = compare(edition(), now)
    assert changes.causes == ("parameter cap added, set to 1.3", "parameter growth removed (it was 4.5)")
    assert not any("None" in cause for cause in changes.causes)
    tr = Translator("zh_CN", {"parameter {name} added, set to {new}": "新增参数 {name}，取值为 {new}",
                              "parameter {name} removed (it was {old})": "删除参数 {name}（原为 {old}）"})
    assert editions._causes([("cap", None, 1.3), ("growth", 4.5, None)], [], [], tr) == (
        "新增参数 cap，取值为 1.3", "删除参数 growth（原为 4.5）")


def test_data_and_code_causes_are_named():
    data = results()["data"] | {"/elsewhere/epoch/gpu_clusters.csv": "bbb"}
    del data["/somewhere/epoch/gpu_clusters.csv"]
    now = make_edition("now", "", {"hardware": chapter_record(results(ratio=9.0, data=data), FILES, "nb2")})
    [changes] = compare(edition(), now)
    assert changes.data == ("epoch_gpu_clusters",) and changes.code == ("notebook",)
    assert "data file of source epoch_gpu_clusters changed (new fingerprint)" in changes.causes
    assert "code changed: `notebook`" in changes.causes


def test_words_and_new_results_are_listed_and_unexplained_moves_say_so():
    [changes] = compare(edition(), edition(trend="narrowing", extra=3))
    assert {m.name: (m.before, m.after) for m in changes.moved} == {"extra": (None, 3), "trend": ("widening", "narrowing")}
    assert changes.causes[0].startswith("no recorded input changed")
    page = render_changes_page(edition(), [changes])
    assert "| `trend` | widening | narrowing | — | — |" in page and "| `extra` | — | 3 | — | new |" in page


def test_latest_is_by_date_then_name():
    assert latest([edition("b", "2026-01-01"), edition("a", "2026-06-01")])["edition"] == "a"
    assert latest([]) is None
    assert "No edition has been recorded yet" in render_changes_page(None, [])


def test_edition_files_round_trip_and_are_not_overwritten(tmp_path):
    path = write_edition(edition(), tmp_path)
    assert path.name == "e1.json" and load_editions(tmp_path) == [json.loads(path.read_text())]
    with pytest.raises(EditionError, match="already recorded"):
        write_edition(edition(), tmp_path)
    write_edition(edition(ratio=1.0), tmp_path, replace=True)
    assert load_editions(tmp_path)[0]["chapters"]["hardware"]["results"]["ratio"] == 1.0


@pytest.mark.parametrize("name", ["", "../up", "a b", ".hidden", "x" * 65])
def test_bad_names_are_refused(name):
    with pytest.raises(EditionError, match="edition names"):
        make_edition(name, "2026-01-01", {})


def test_malformed_edition_file_is_named(tmp_path):
    (tmp_path / "bad.json").write_text("{")
    with pytest.raises(EditionError, match="bad.json: not valid JSON"):
        load_editions(tmp_path)
    (tmp_path / "bad.json").write_text("[]")
    with pytest.raises(EditionError, match="bad.json: not an edition file"):
        load_editions(tmp_path)


def test_the_committed_editions_load():
    assert load_editions(), "the first edition is recorded in editions/"


@pytest.mark.slow
def test_changes_page_of_a_build_against_a_fabricated_edition(built_book, tmp_path):
    report, site = built_book
    assert (site / "changes.html").is_file()
    same = current_edition(report.runs, "same", "2026-01-01")
    write_edition(same, tmp_path)
    assert "Nothing moved" in changes_page(report.runs, tmp_path)
    older = copy.deepcopy(same) | {"edition": "older", "recorded": "2026-02-01"}
    hardware = older["chapters"]["hardware"]
    hardware["results"]["us_china_h100e_ratio"] = 2.0
    hardware["parameters"]["frontier_growth_per_year"] = 3.0
    write_edition(older, tmp_path)
    page = changes_page(report.runs, tmp_path)
    assert "compared with the edition **older**" in page and "1 number moved in 1 chapter" in page
    assert "| US/China ratio of installed AI compute | 2 |" in page  # in words (data/result_words.yml)
    assert "parameter frontier_growth_per_year changed from 3.0 to 4.5" in page


def test_cli_records_an_edition(monkeypatch, tmp_path):
    import gaplib.engine.runner

    fake = {"hardware": type("Run", (), {"results": results()})()}
    monkeypatch.setattr(gaplib.engine.runner, "run_chapters", lambda requests: fake)
    monkeypatch.setattr(editions, "EDITIONS_DIR", tmp_path)
    from gaplib.engine.cli import main

    result = CliRunner().invoke(main, ["edition", "record", "first", "--date", "2026-12-01"])
    assert result.exit_code == 0, result.output
    [stored] = load_editions(tmp_path)
    assert stored["edition"] == "first" and stored["recorded"] == "2026-12-01"
    assert stored["chapters"]["hardware"]["results"]["ratio"] == 11.4
    result = CliRunner().invoke(main, ["edition", "record", "first"])
    assert result.exit_code == 1 and "already recorded" in result.output


def test_cli_prints_what_changed_since_the_last_edition(monkeypatch, tmp_path):
    from gaplib.engine.cli import main
    import gaplib.engine.runner

    fake = {"hardware": type("Run", (), {"results": results(ratio=12.0)})()}
    monkeypatch.setattr(gaplib.engine.runner, "run_chapters", lambda requests: fake)
    monkeypatch.setattr(editions, "EDITIONS_DIR", tmp_path)
    result = CliRunner().invoke(main, ["edition", "changes"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("# What changed since the last edition\n") and "No edition has been recorded" \
        in result.output
    write_edition(make_edition("before", "2026-12-01", {"hardware": chapter_record(results(), FILES, "nb1")}), tmp_path)
    out = tmp_path / "changes.md"
    result = CliRunner().invoke(main, ["edition", "changes", "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text()
    assert "compared with the edition **before**" in text and "1 number moved in 1 chapter" in text
    assert "| `ratio` | 11.4 | 12 | 0.6 | +5.26 |" in text
    fake["hardware"].results = results()  # the same numbers as the edition
    result = CliRunner().invoke(main, ["edition", "changes"])
    assert "**Nothing moved.**" in result.output


def test_a_date_after_today_is_refused_before_anything_runs(monkeypatch, tmp_path):
    import datetime as dt

    import gaplib.engine.runner
    from gaplib.engine.cli import main

    ran = []
    monkeypatch.setattr(gaplib.engine.runner, "run_chapters", lambda requests: ran.append(requests))
    monkeypatch.setattr(editions, "EDITIONS_DIR", tmp_path)
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    for date, why in (("2099-01-01", "is after today"), (tomorrow, "is after today"), ("2026-13-01", "not a date"),
                      ("soon", "not a date")):
        result = CliRunner().invoke(main, ["edition", "record", "future", "--date", date])
        assert result.exit_code == 2 and "--date" in result.output and why in result.output
        assert "Traceback" not in result.output
    assert ran == [] and list(tmp_path.iterdir()) == []
    assert editions.check_date(dt.date.today().isoformat()) == dt.date.today().isoformat()


def test_an_edition_file_dated_after_today_is_named(tmp_path):
    import datetime as dt

    write_edition(edition("planted", "2099-01-01"), tmp_path)
    with pytest.raises(EditionError, match=r"planted.json: the edition date 2099-01-01 is after today"):
        load_editions(tmp_path)
    assert load_editions(tmp_path, today=dt.date(2099, 1, 1))[0]["edition"] == "planted"


def test_editions_of_one_day_are_ordered_by_the_time_they_were_recorded():
    morning = edition("z-morning", "2026-06-01") | {"recorded_at": "2026-06-01T08:00:00+00:00"}
    evening = edition("a-evening", "2026-06-01") | {"recorded_at": "2026-06-01T20:00:00+00:00"}
    undated = edition("m-old", "2026-06-01")
    assert latest([evening, morning, undated])["edition"] == "a-evening"
    assert latest([morning, undated])["edition"] == "z-morning"
    assert latest([evening, edition("b", "2026-06-02")])["edition"] == "b"


def test_machine_readable_results_are_not_rows_of_the_changes_table():
    from gaplib.engine.changes import ChapterChanges, is_data

    assert is_data('[{"name": "a", "value": 1}]') and is_data("{}")
    assert not is_data("[not json") and not is_data("widening") and not is_data(3.0)
    asked = []

    def tr(text, **fields):
        asked.append(text)
        return text.format(**fields) if fields else text

    changes = [ChapterChanges("hardware", (Moved("compute_ratio_specs", '[{"value": 1}]', '[{"value": 2}]'),
                                           Moved("trend", "widening", "narrowing")))]
    lines = editions.changes_tables(changes, tr=tr)
    assert not any("compute_ratio_specs" in line for line in lines)
    assert any("narrowing" in line for line in lines)
    assert not any(text.startswith("[") for text in asked)


def test_a_changes_cell_reads_on_the_wan_yi_ladder_in_chinese():
    from gaplib.engine.change_cells import format_value
    from gaplib.present.numerals import parse_value

    cells = {2_000_000: ("2 m", "200 万"), 2_120_000: ("2.12 m", "212 万"), 1.17e9: ("1.17 bn", "11.7 亿"),
             109_611: ("109,611", "10.9611 万"), 12_000: ("12,000", "1.2 万"), -1959.0: ("-1,959", "-1959"),
             -24.3: ("-24.3", "-24.3")}
    for value, (english, chinese) in cells.items():
        assert format_value(value) == english
        assert format_value(value, language="zh_CN") == chinese
        assert parse_value(chinese) == parse_value(english.replace(" m", "m").replace(" bn", "bn")) == \
            float(format_value(value).replace(",", "").split(" ")[0]) * {" m": 1e6, "bn": 1e9}.get(english[-2:], 1)
    assert format_value(2023, "first_year", "zh_CN") == "2023"
    assert format_value(None, language="zh_CN") == "—"


def test_a_parameters_value_is_written_in_each_editions_number_form():
    from gaplib.engine.change_cells import parameter_value
    from gaplib.present.i18n import Translator
    from gaplib.present.numerals import parse_value

    cases = {550_000_000_000.0: ("550,000,000,000", "5500 亿"), 20_000: ("20,000", "2 万"), 0.7: ("0.7", "0.7"),
             5.0: ("5.0", "5.0"), 1.5e-05: ("1.5e-05", "1.5e-05"), 1_234_567.5: ("1234567.5", "1234567.5"),
             20_260_331: ("20260331", "20260331"), 200_000: ("200,000", "20 万"), -30_000.0: ("-30,000", "-3 万")}
    for value, (english, chinese) in cases.items():
        assert parameter_value(value) == english
        assert parameter_value(value, "zh_CN") == chinese
        assert parse_value(chinese) == value
    assert parameter_value("upper", "zh_CN") == "'upper'" and parameter_value(True) == "True"
    tr = Translator("zh_CN", {"parameter {name} added, set to {new}": "新增参数 {name}，取值为 {new}",
                              "parameter {name} changed from {old} to {new}": "参数 {name} 从 {old} 改为 {new}"})
    assert editions._causes([("us_capex_usd_per_year", None, 550_000_000_000.0)], [], []) == (
        "parameter us_capex_usd_per_year added, set to 550,000,000,000",)
    assert editions._causes([("us_capex_usd_per_year", None, 550_000_000_000.0), ("x", 20_000.0, 30_000)], [], [], tr) == (
        "新增参数 us_capex_usd_per_year，取值为 5500 亿", "参数 x 从 2 万改为 3 万")


def test_the_changes_page_gives_the_editions_recording_date_in_its_prose_form():
    from gaplib.present.i18n import Translator

    tr = Translator("zh_CN", {"This build is compared with the edition {edition}, recorded on {recorded}: every number "
                              "the chapters publish, read from each chapter's {file}, against the same number in the "
                              "edition. Where a number moved, the chapter's recorded inputs say why: its parameters, "
                              "the fingerprints of the data files it read, and the fingerprints of its notebook and "
                              "the gaplib modules it imported.": "本次构建与 {recorded} 记录的 {edition} 版进行对比（{file}）。"})
    page = render_changes_page(edition(), [], tr)
    assert f"{edition()['recorded'][:4]} 年" in page and edition()["recorded"] not in page

"""What a notebook publishes besides numbers: tables and charts, with their files when run by the runner."""

import json
import re

import altair as alt
import pandas as pd
import pytest

from gaplib.engine.provenance import ARTIFACT_DIR_ENV, ARTIFACT_PREFIX_ENV, RESULTS_ONLY_ENV, RUN_PARAMETERS_ENV
from gaplib.present import publish
from gaplib.present.i18n import TRANSLATIONS_KEY

FRAME = pd.DataFrame({"country": ["US", "China"], "year": [2025, 2025], "h100e": [1_250_987.0, 109_611.0],
                      "extra": ["a", "b"]})


def chart():
    return alt.Chart(FRAME).mark_bar().encode(x=alt.X("country:N", title="Country"),
                                              y=alt.Y("h100e:Q", title="H100-equivalents"))


@pytest.fixture
def runner_env(tmp_path, monkeypatch):
    monkeypatch.setenv(ARTIFACT_DIR_ENV, str(tmp_path))
    monkeypatch.setenv(ARTIFACT_PREFIX_ENV, "hardware")
    monkeypatch.setenv(RUN_PARAMETERS_ENV, json.dumps({"include_planned": False}))
    return tmp_path


def test_a_figure_writes_its_data_note_and_spec_and_links_its_files(runner_env):
    fig = publish.figure("fleet", chart(), title="The US holds 11x China's fleet", credit="Data: Epoch AI, CC BY 4.0")
    drawn = pd.read_csv(runner_env / "hardware.fleet.csv")
    assert list(drawn.columns) == ["country", "h100e"] and drawn["h100e"].tolist() == [1_250_987.0, 109_611.0]
    note = json.loads((runner_env / "hardware.fleet.meta.json").read_text())
    assert note["chapter"] == "hardware" and note["parameters"] == {"include_planned": False}
    assert note["source"] == "Data: Epoch AI, CC BY 4.0" and note["columns"] == ["country", "h100e"]
    spec = json.loads((runner_env / "hardware.fleet.vl.json").read_text())
    assert spec["title"]["text"] and not list(runner_env.glob("*.png")) + list(runner_env.glob("*.svg"))
    page = fig._repr_mimebundle_()[0]["text/html"]
    for name in ("fleet.csv", "fleet.meta.json", "fleet.png", "fleet.svg"):
        assert f'href="../hardware.{name}"' in page
    # The description reads the values to three figures, in words (1,250,987 and 109,611).
    assert fig.description.endswith("across Country: US 1.25 million, China 110,000.")


def test_summary_pages_link_their_files_from_the_site_root(runner_env, monkeypatch):
    monkeypatch.setenv(ARTIFACT_PREFIX_ENV, "intro")
    page = publish.figure("ratios", chart(), title="T", credit="C")._repr_mimebundle_()[0]["text/html"]
    assert 'href="intro.ratios.csv"' in page


def test_two_publications_under_one_name_are_refused(runner_env):
    publish.table("fleet", FRAME)
    with pytest.raises(ValueError, match="hardware.fleet.csv was already published"):
        publish.figure("fleet", chart(), title="T", credit="C")


def test_a_table_writes_every_column_and_shows_the_labelled_ones(runner_env):
    shown = publish.table("fleet_table", FRAME, labels={"country": "Country", "h100e": "H100e"}).data["text/html"]
    assert list(pd.read_csv(runner_env / "hardware.fleet_table.csv").columns) == list(FRAME.columns)
    assert "<th >Country</th>" in shown and "extra" not in shown and "../hardware.fleet_table.csv" in shown


def test_outside_the_runner_nothing_is_written_and_jupyter_gets_the_chart(tmp_path, monkeypatch):
    monkeypatch.delenv(ARTIFACT_DIR_ENV, raising=False)
    monkeypatch.chdir(tmp_path)
    fig = publish.figure("fleet", chart(), title="T", credit="C")
    bundle = json.dumps(fig._repr_mimebundle_(), default=str)
    assert "gap-figure" not in bundle and "vega" in bundle  # altair's own rendering, for Jupyter
    assert "Data (CSV)" not in publish.table("t", FRAME).data["text/html"]
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name", ["results", "bad name", "x/y"])
def test_names_must_be_plain_and_not_results(name, runner_env):
    with pytest.raises(ValueError, match="names are letters"):
        publish.table(name, FRAME)


def test_a_figure_is_made_again_in_chinese_with_its_own_pictures(runner_env):
    fig = publish.figure("fleet", chart(), title="The US holds 11x China's fleet", credit="Data: Epoch AI, CC BY 4.0")
    data, metadata = fig._repr_mimebundle_()
    chinese = metadata[TRANSLATIONS_KEY]["zh_CN"]
    assert chinese["data"]["text/plain"].endswith("图表按国家比较 H100 当量：美国 125 万、中国 11 万。")
    assert "US" in chinese["asked"] and 'href="../hardware.fleet.zh_CN.png"' in chinese["data"]["text/html"]
    assert 'href="../hardware.fleet.csv"' in chinese["data"]["text/html"]  # the same data file
    assert "美国" in (runner_env / "hardware.fleet.zh_CN.vl.json").read_text(encoding="utf-8")
    assert "美国" not in (runner_env / "hardware.fleet.vl.json").read_text(encoding="utf-8")
    assert "美国" not in data["text/html"]


def test_a_glued_word_carries_its_translation_and_a_number_none(runner_env, monkeypatch):
    shown = []
    monkeypatch.setattr(publish, "ipy_display", lambda data, raw, metadata: shown.append((data, metadata)))
    publish.glue("partner", "US")
    (data, metadata), = shown
    assert list(data.values()) == ["US"]
    assert list(metadata[TRANSLATIONS_KEY]["zh_CN"]["data"].values()) == ["美国"]


def test_a_pages_own_html_is_made_in_every_language():
    def render(rows, tr=lambda text, **fields: text.format(**fields) if fields else text):
        return f"<p>{tr('US')}: {rows}</p>"

    data, metadata = publish.html(render, 3)._repr_mimebundle_()
    assert data == {"text/html": "<p>US: 3</p>"}
    assert metadata[TRANSLATIONS_KEY]["zh_CN"]["data"] == {"text/html": "<p>美国: 3</p>"}
    assert metadata[TRANSLATIONS_KEY]["zh_CN"]["asked"] == ["US"]


def test_a_results_only_run_makes_no_table_chart_or_translation(runner_env, monkeypatch):
    monkeypatch.setenv(ARTIFACT_DIR_ENV, "")
    monkeypatch.setenv(RESULTS_ONLY_ENV, "1")
    shown = []
    monkeypatch.setattr(publish, "ipy_display", lambda data, raw, metadata: shown.append((data, metadata)))
    assert publish.results_only()
    assert publish.figure("fleet", chart(), title="T", credit="C") is None
    assert publish.table("fleet_table", FRAME) is None
    assert publish.html(lambda tr=None: "<p>US</p>") is None
    publish.glue("partner", "US")
    (data, metadata), = shown
    assert list(data.values()) == ["US"] and TRANSLATIONS_KEY not in metadata
    assert list(runner_env.iterdir()) == []


def test_the_chinese_edition_links_its_own_about_the_data_note(runner_env):
    fig = publish.figure("fleet", chart(), title="The US holds 11x China's fleet", credit="Data: Epoch AI, CC BY 4.0")
    note = json.loads((runner_env / "hardware.fleet.zh_CN.meta.json").read_text(encoding="utf-8"))
    english = json.loads((runner_env / "hardware.fleet.meta.json").read_text())
    assert note["language"] == "zh_CN" and note["columns"] == english["columns"]
    assert note["description"] != english["description"] and re.search(r"[\u4e00-\u9fff]", note["description"])
    chinese_page = fig.editions["zh_CN"]["data"]["text/html"]
    assert 'href="../hardware.fleet.zh_CN.meta.json"' in chinese_page
    assert 'href="../hardware.fleet.meta.json"' not in chinese_page

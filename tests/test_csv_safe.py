"""Every CSV the site publishes opens in a spreadsheet without running a formula; numbers stay numbers."""

from __future__ import annotations

import csv
import json

import altair as alt
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from gaplib.data.csv_safe import TRIGGERS, neutralise_cell, neutralise_frame, write_csv
from gaplib.engine.provenance import ARTIFACT_DIR_ENV, ARTIFACT_PREFIX_ENV, RUN_PARAMETERS_ENV
from gaplib.present import publish

ATTACK = "=cmd|'/C calc'!A0"


@pytest.mark.parametrize("cell, written", [
    (ATTACK, "'" + ATTACK), ("+1+cmd", "'+1+cmd"), ("-2+3", "'-2+3"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=1", "'\t=1"), ("\r=1", "'\r=1"),
    ("-0.5", "-0.5"), ("+3e2", "+3e2"), ("-", "-"), ("DeepSeek-V3", "DeepSeek-V3"), ("", ""),
    (-0.5, -0.5), (3, 3), (None, None),
])
def test_cells(cell, written):
    assert neutralise_cell(cell) == written


@given(st.text())
def test_no_text_cell_starts_a_formula_after_neutralising(text):
    safe = neutralise_cell(text)
    assert not (isinstance(safe, str) and len(safe) > 1 and safe.startswith(TRIGGERS)) or float(safe) == float(text)


def test_a_frame_keeps_its_numbers_and_neutralises_text_names_and_index(tmp_path):
    frame = pd.DataFrame({"model": [ATTACK, "GPT-4"], "flop": [-1e25, 2e25], "year": [2024, 2025],
                          "=HYPERLINK(\"x\")": ["a", "@b"]}, index=pd.Index(["-x1", "y"], name="@id"))
    safe = neutralise_frame(frame)
    assert list(safe["model"]) == ["'" + ATTACK, "GPT-4"]
    assert safe["flop"].dtype == frame["flop"].dtype and list(safe["flop"]) == [-1e25, 2e25]
    assert list(safe.columns)[-1] == "'=HYPERLINK(\"x\")" and list(safe.index) == ["'-x1", "y"]
    assert safe.index.name == "'@id" and frame.loc["-x1", "model"] == ATTACK  # the original is untouched
    path = write_csv(frame, tmp_path / "t.csv", index=True)
    rows = list(csv.reader(path.open()))
    assert rows[1] == ["'-x1", "'" + ATTACK, "-1e+25", "2024", "a"]
    assert pd.read_csv(path)["flop"].tolist() == [-1e25, 2e25]


@pytest.fixture
def runner_env(tmp_path, monkeypatch):
    monkeypatch.setenv(ARTIFACT_DIR_ENV, str(tmp_path))
    monkeypatch.setenv(ARTIFACT_PREFIX_ENV, "hardware")
    monkeypatch.setenv(RUN_PARAMETERS_ENV, json.dumps({}))
    return tmp_path


def test_a_published_table_and_a_charts_data_are_neutralised(runner_env):
    frame = pd.DataFrame({"model": [ATTACK, "Qwen"], "flop": [1e24, -3.0]})
    publish.table("models", frame, labels={"model": "Model"})
    chart = alt.Chart(frame).mark_bar().encode(x="model:N", y="flop:Q")
    publish.figure("models_chart", chart, title="Models", credit="test")
    for name in ("hardware.models.csv", "hardware.models_chart.csv"):
        written = pd.read_csv(runner_env / name)
        assert sorted(written["model"]) == sorted(["'" + ATTACK, "Qwen"])
        assert sorted(written["flop"]) == [-3.0, 1e24]

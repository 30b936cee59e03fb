"""Glued values come back out of executed notebooks as numbers."""

import numpy as np
import pytest

from gaplib.engine.results import GLUE_PREFIX, glued_values
from gaplib.present.publish import plain


def glue_output(name, data):
    return {"output_type": "display_data", "metadata": {"scrapbook": {"name": name}}, "data": data}


def test_plain_and_rich_glues():
    notebook = {
        "cells": [
            {"cell_type": "code", "outputs": [
                glue_output("ratio", {GLUE_PREFIX + "text/plain": "12.5"}),
                glue_output("count", {"text/plain": "7"}),
                glue_output("label", {GLUE_PREFIX + "text/plain": "'widening'"}),
                glue_output("chart", {GLUE_PREFIX + "text/html": "<div/>", GLUE_PREFIX + "text/plain": "Chart"}),
                {"output_type": "stream", "text": "x"},
            ]},
            {"cell_type": "markdown"},
            {"cell_type": "code", "outputs": [glue_output("ratio", {GLUE_PREFIX + "text/plain": ["13", ".0"]})]},
        ]
    }
    assert glued_values(notebook) == {"ratio": 13.0, "count": 7, "label": "widening"}


def test_unparsable_text_is_kept_as_text():
    notebook = {"cells": [{"outputs": [glue_output("v", {"text/plain": "np.float64(1.0)"})]}]}
    assert glued_values(notebook) == {"v": "np.float64(1.0)"}


@pytest.mark.parametrize(
    "value, expected",
    [(np.float64(2.5), 2.5), (np.int64(3), 3), (np.bool_(True), True), (4, 4), ("x", "x"), (1.0, 1.0)],
)
def test_plain_converts_numpy_scalars(value, expected):
    result = plain(value)
    assert result == expected and type(result) is type(expected)


@pytest.mark.parametrize("value", [float("nan"), np.inf, np.float64("nan")])
def test_plain_refuses_non_finite(value):
    with pytest.raises(ValueError, match="non-finite"):
        plain(value)


def test_plain_refuses_containers():
    with pytest.raises(TypeError, match="publish numbers, booleans or strings, not list"):
        plain([1, 2])


def test_text_glues_keep_their_text_even_when_it_looks_like_a_number():
    notebook = {"cells": [{"outputs": [
        {"metadata": {"scrapbook": {"name": "lever"}, "gaplib_text": True},
         "data": {GLUE_PREFIX + "text/plain": "12"}},
    ]}]}
    assert glued_values(notebook) == {"lever": "12"}

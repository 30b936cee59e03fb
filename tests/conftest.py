"""Shared fixtures: one cache and one built book per test session."""

from __future__ import annotations

import pytest

from gaplib.engine.build import build_book
from rule_tables import threshold_table


@pytest.fixture(scope="session")
def cache_dir(tmp_path_factory):
    """A chapter cache private to this test session (chapters execute at least once)."""
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(scope="session")
def built_book(tmp_path_factory, cache_dir):
    """The whole book built with default parameters, warnings as errors; returns the report and site."""
    out = tmp_path_factory.mktemp("site") / "html"
    report = build_book(out=out, cache_dir=cache_dir, progress=False)
    return report, out


@pytest.fixture
def threshold_rows():
    """The threshold rows R01-R03 of the export-rules table (a fresh frame per test)."""
    return threshold_table()

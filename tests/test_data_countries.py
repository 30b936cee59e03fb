"""Country normalisation: aliases, multi-country cells, Hong Kong, flags and properties."""

from __future__ import annotations


import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from gaplib import data
from gaplib.data.countries import KNOWN_COUNTRIES


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("United States of America,China", ("US", "China")),
        ("China,United States of America", ("China", "US")),
        ("United States", ("US",)),
        ("USA", ("US",)),
        ("US", ("US",)),
        ("China (mainland)", ("China",)),
        ("People's Republic of China", ("China",)),
        ("Hong Kong", ("China",)),
        ("China,Hong Kong,Hong Kong,China", ("China",)),
        ("United States of America,United States of America", ("US",)),
        (" United Kingdom ", ("United Kingdom",)),
        ("Ukraine,Ukraine,Poland,Ukraine", ("Ukraine", "Poland")),
        ("Korea (Republic of),United States of America", ("Korea (Republic of)", "US")),
        ("", ()),
        ("  ", ()),
        (None, ()),
        (float("nan"), ()),
        (pd.NA, ()),
        (("USA", "Hong Kong"), ("US", "China")),
    ],
)
def test_normalise_countries(cell, expected):
    assert data.normalise_countries(cell) == expected


def test_single_country_and_flags():
    assert data.normalise_country(" united states of america ") == "US"
    assert data.us_china_flags(("US", "China")) == (True, True, True)
    assert data.us_china_flags(("US",)) == (True, False, False)
    assert data.us_china_flags(("China", "Singapore")) == (False, True, False)
    assert data.us_china_flags(()) == (False, False, False)
    # flags normalise too, so a raw spelling cannot slip through
    assert data.us_china_flags(("United States of America", "Hong Kong")) == (True, True, True)


def test_joint_rule_is_stated():
    assert "both" in data.JOINT_RULE and "joint" in data.JOINT_RULE
    assert "Hong Kong" in data.JOINT_RULE
    assert "Hong Kong" in data.countries.__doc__  # the rule is documented where it is applied


def test_every_third_party_country_is_known():
    """Curated tables are checked against KNOWN_COUNTRIES: it must cover the Epoch spellings."""
    from data_fixtures import require

    seen = set()
    for sid in ("epoch_notable_models", "epoch_large_scale_models", "epoch_capabilities_index",
                "epoch_gpu_clusters"):
        require(sid)
        for tup in data.load(sid)["countries"]:
            seen.update(tup)
    assert seen - KNOWN_COUNTRIES == set()


names = st.sampled_from(
    ["United States of America", "USA", "US", "China", "Hong Kong", "China (mainland)",
     "France", "United Kingdom", "Japan", "India", " Israel "]
)
cells = st.lists(names, max_size=6).map(",".join)


@given(cells)
def test_normalise_is_idempotent(cell):
    once = data.normalise_countries(cell)
    assert data.normalise_countries(once) == once
    assert data.normalise_countries(",".join(once)) == once


@given(cells)
def test_no_duplicates_and_first_seen_order(cell):
    out = data.normalise_countries(cell)
    assert len(out) == len(set(out))
    mapped = [data.normalise_country(p) for p in cell.split(",") if p.strip()]
    firsts = [m for i, m in enumerate(mapped) if m not in mapped[:i]]
    assert list(out) == firsts
    assert all(c == c.strip() and c for c in out)


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40))
def test_any_text_gives_clean_tuple(cell):
    out = data.normalise_countries(cell)
    assert isinstance(out, tuple)
    assert all(isinstance(c, str) and c and "," not in c for c in out)

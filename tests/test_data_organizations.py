"""data/organizations.csv: every LMArena organisation mapped, Epoch-derived rows agree with Epoch."""

from __future__ import annotations

import re
from collections import Counter, defaultdict

import pandas as pd

from data_fixtures import require
from gaplib import data

EPOCH_SOURCE = re.compile(r"^Epoch AI notable/large-scale models(?: \(as '(?P<alias>.+)'\))?$")


def test_no_shipped_organisation_is_unmapped():
    require("lmarena_text_snapshots")
    lm = data.load("lmarena_text_snapshots")
    assert data.unmapped_organizations(lm, data.organization_countries(data.load("organizations"))) == []
    assert (lm["country"] != "Unmapped").all()


def test_table_is_complete_and_sourced():
    orgs = data.load("organizations")
    assert orgs["organization"].is_unique
    assert (orgs["retrieved"] == pd.Timestamp("2026-11-29")).all()
    assert orgs["url"].str.startswith("https://").all()
    web = orgs[~orgs["source"].str.match(EPOCH_SOURCE.pattern)]
    assert len(web) == 10 and not web["source"].str.contains("Epoch").any()
    assert set(orgs.loc[orgs["organization"].isin(["DeepSeek", "Alibaba", "Moonshot"]), "country"]) == {"China"}
    assert set(orgs.loc[orgs["organization"].isin(["OpenAI", "Anthropic", "Google"]), "country"]) == {"US"}


def test_epoch_derived_rows_match_epoch_pairs():
    require("epoch_notable_models")
    pairs: dict[str, Counter] = defaultdict(Counter)
    for sid in ("epoch_notable_models", "epoch_large_scale_models"):
        df = data.load(sid)
        for org, countries in zip(df["organization"].fillna(""), df["countries"]):
            names = [o.strip() for o in org.split(",")]
            if len(names) == 1 and len(countries) == 1:
                pairs[names[0]][countries[0]] += 1
    orgs = data.load("organizations")
    checked = 0
    for row in orgs.itertuples():
        m = EPOCH_SOURCE.match(row.source)
        if not m:
            continue
        epoch_name = m.group("alias") or row.organization
        assert pairs[epoch_name], f"{epoch_name} not in Epoch"
        assert pairs[epoch_name].most_common(1)[0][0] == row.country, row.organization
        assert row.url == "https://epoch.ai/data/notable_ai_models.csv"
        checked += 1
    assert checked == 41


def test_unmapped_organisation_keeps_rows():
    df = pd.DataFrame({
        "organization": ["OpenAI", "NewLab", "DeepSeek"],
        "arena_score": [1300.0, None, 1250.0],
        "arena_elo": [None, 1200.0, None],
    })
    mapping = {"OpenAI": "US", "DeepSeek": "China"}
    out = data.add_lmarena_columns(df, mapping)
    assert list(out["country"]) == ["US", "Unmapped", "China"]
    assert list(out["score"]) == [1300.0, 1200.0, 1250.0]
    assert data.unmapped_organizations(df, mapping) == ["NewLab"]
    assert len(out) == len(df) and "country" not in df  # pure: input untouched

"""Every registered source loads, validates and has the numbers the book relies on."""

from __future__ import annotations

import pandas as pd
import pytest

from data_fixtures import require
from gaplib import data

ALL_IDS = [s.id for s in data.sources()]
THIRD_PARTY = [s.id for s in data.sources() if s.kind == "third_party"]

# id -> exact row count of the files the book is built from (the snapshot in data/upstream/)
EXPECTED_ROWS = {
    "epoch_notable_models": 1036,
    "epoch_large_scale_models": 491,  # 2026 vintage: 13 added, 6 renamed away
    "epoch_capabilities_index": 608,  # 2026 vintage: 25 model versions added
    "epoch_gpu_clusters": 786,
    "epoch_ml_hardware": 176,
    "epoch_frontier_data_centers": 18,
    "epoch_frontier_data_center_timelines": 129,
    "epoch_ai_companies": 7,
    "epoch_ai_companies_funding_rounds": 36,
    "epoch_ai_companies_compute_spend": 11,
    "lmarena_text_snapshots": 16236,  # + the 224 rows of the 2025-10-03 version
    "epoch_ai_chip_sales_nvidia": 17,
    "epoch_ai_chip_sales_tpu": 13,
    "epoch_ai_chip_sales_amd": 8,
    "epoch_ai_chip_sales_trainium": 8,
    "epoch_ai_chip_sales_nvidia_owners": 102,
    "epoch_ai_chip_sales_nvidia_owners_cumulative": 102,
    "epoch_ai_chip_sales_nvidia_other_cumulative": 17,
    "owid_ai_private_investment": 952,
    "owid_large_scale_systems": 176,
    "owid_ai_publications": 1631,
    "owid_ai_patents": 357,
    "reference_facts": 75,  # + F081-F086, the AI Index figures the replications check
    "organizations": 51,
}


def test_registry_shape():
    kinds = [s.kind for s in data.sources()]
    assert kinds == sorted(kinds, key=lambda k: k != "third_party")  # third-party first
    assert set(EXPECTED_ROWS) <= set(ALL_IDS)
    assert len(ALL_IDS) == len(set(ALL_IDS))
    src = data.source("epoch_notable_models")
    assert src.owner == "Epoch AI" and src.licence == "CC BY 4.0" and src.kind == "third_party"
    assert src.rows == (900, 1500) and src.date_column == "publication_date"
    assert src.column("training_compute_flop").name == "Training compute (FLOP)"
    with pytest.raises(data.DataError, match="unknown source id 'nope'"):
        data.source("nope")


@pytest.mark.parametrize("source_id", ALL_IDS)
def test_source_loads_and_matches_registry(source_id):
    src = data.source(source_id)
    if src.kind == "third_party":
        require(source_id)
    df = data.load(source_id)
    registered = [c.as_ for c in src.columns]
    assert list(df.columns[: len(registered)]) == registered
    lo, hi = src.rows
    assert lo <= len(df) <= hi
    if source_id in EXPECTED_ROWS:
        assert len(df) == EXPECTED_ROWS[source_id]
    for col in src.columns:
        s = df[col.as_]
        if col.type == "float":
            assert s.dtype == "float64", col.as_
        elif col.type in ("int", "year"):
            assert s.dtype == "Int64", col.as_
        elif col.type == "date":
            assert pd.api.types.is_datetime64_any_dtype(s), col.as_
        elif col.type == "bool":
            assert s.dtype == "boolean", col.as_
        elif col.type == "countries":
            assert s.map(lambda t: isinstance(t, tuple)).all(), col.as_
        if not col.nullable and col.type != "countries":
            assert s.notna().all(), col.as_


def _us_china_counts(df):
    flags = df["countries"].map(data.us_china_flags)
    return sum(f[0] for f in flags), sum(f[1] for f in flags), sum(f[2] for f in flags)


@pytest.mark.parametrize(
    ("source_id", "min_us", "min_china", "joint"),
    [
        ("epoch_notable_models", 600, 150, 31),
        ("epoch_large_scale_models", 200, 180, 0),
        ("epoch_capabilities_index", 300, 100, 2),
        ("epoch_gpu_clusters", 200, 200, 0),
    ],
)
def test_us_and_china_rows(source_id, min_us, min_china, joint):
    require(source_id)
    us, cn, both = _us_china_counts(data.load(source_id))
    assert us >= min_us and cn >= min_china and both == joint


def test_notable_models_values():
    require("epoch_notable_models")
    df = data.load("epoch_notable_models")
    v3 = df[df["model"] == "DeepSeek-V3"].iloc[0]
    assert v3["countries"] == ("China",)
    assert v3["training_compute_flop"] == pytest.approx(3.3e24)
    assert v3["publication_date"] == pd.Timestamp("2024-12-24")
    assert df["training_compute_flop"].isna().sum() > 300  # blank for many models: kept as NaN
    assert df["publication_date"].min() == pd.Timestamp("1950-07-02")
    assert set(df["open_weights"].dropna().unique()) == {True, False}
    assert df["frontier_model"].notna().all() and df["frontier_model"].sum() == 123


def test_gpu_clusters_values():
    require("epoch_gpu_clusters")
    df = data.load("epoch_gpu_clusters")
    assert df["status"].value_counts().to_dict() == {"Existing": 609, "Planned": 171, "Decommissioned": 6}
    assert df["h100_equivalents"].dtype == "float64" and df["h100_equivalents"].max() > 1e7
    assert df["power_mw"].max() == 5000
    # Epoch writes dates as M/D/YYYY here: parsed, not left as text
    assert df["first_operational_date"].max() == pd.Timestamp("2025-10-15")


def test_ml_hardware_values():
    require("epoch_ml_hardware")
    df = data.load("epoch_ml_hardware").set_index("hardware_name")
    h100 = df.loc["NVIDIA H100 SXM5 80GB"]
    assert h100["tensor_fp16_flops"] == pytest.approx(9.894e14)
    assert h100["die_size_mm2"] == 814 and h100["tdp_w"] == 700
    huawei = df[df["manufacturer"] == "Huawei"]
    assert len(huawei) == 19 and huawei["die_size_mm2"].isna().sum() == 16


def test_lmarena_score_and_country():
    require("lmarena_text_snapshots")
    df = data.load("lmarena_text_snapshots")
    assert df["score"].notna().all()
    early = df[df["snapshot_date"] == pd.Timestamp("2024-06-19")]
    assert early["arena_score"].isna().all() and (early["score"] == early["arena_elo"]).all()
    assert df["snapshot_date"].min() == pd.Timestamp("2024-06-19")
    counts = df["country"].value_counts()
    assert counts["US"] > 10_000 and counts["China"] > 3_000
    assert "Unmapped" not in counts
    assert df.loc[df["organization"] == "DeepSeek", "country"].eq("China").all()


def test_owid_values():
    require("owid_ai_private_investment")
    inv = data.load("owid_ai_private_investment")
    us = inv[(inv["entity"] == "United States")].set_index("year")
    assert us.loc[2024, "investment_usd"] == pytest.approx(1.483451e11, rel=1e-5)
    assert pd.isna(us.loc[2025, "investment_usd"]) and us.loc[2025, "investment_projected_usd"] > 2e11
    assert {"China", "United States", "World"} <= set(inv["entity"])  # aggregates kept as published
    pubs = data.load("owid_ai_publications")
    assert pubs["year"].min() == 2015 and pubs["year"].max() == 2023


def test_facts_values():
    require("reference_facts")
    facts = data.load("reference_facts").set_index("id")
    assert facts["value"].dtype == "str"
    f039 = facts.loc["F039"]
    assert f039["value"] == "~800" and f039["low"] == 780 and f039["high"] == 800
    assert set(facts["verified"]) == {"read", "unverified"}


def test_credit():
    assert data.credit("epoch_notable_models") == "Data: Epoch AI, CC BY 4.0"
    assert data.credit("epoch_notable_models", "epoch_gpu_clusters", "owid_ai_private_investment") == (
        "Data: Epoch AI, CC BY 4.0; Our World in Data (CSET), CC BY 4.0"
    )
    assert data.credit("lmarena_text_snapshots") == "Data: LMArena, Apache-2.0"
    with pytest.raises(ValueError, match="credit\\(\\) needs at least one source id"):
        data.credit()


@pytest.mark.parametrize("registry", ["sources.yml", "curated.yml"])
def test_the_fast_yaml_loader_reads_the_registries_exactly_as_the_reference_loader(registry):
    import yaml

    from gaplib.data.registry import _SAFE_LOADER
    from gaplib.engine.cache import PROJECT_DIR

    text = (PROJECT_DIR / "data" / registry).read_text()
    assert yaml.load(text, Loader=_SAFE_LOADER) == yaml.load(text, Loader=yaml.SafeLoader)

"""Epoch AI's chip estimates: the registered files load, stack by vendor and keep their numbers."""

from __future__ import annotations

import csv

import pandas as pd
import pytest

from gaplib.data import load
from gaplib.data.chip_sales import ESTIMATE_COLUMNS, nvidia_owner_quarters, vendor_totals
from gaplib.data.paths import SNAPSHOT_DIR

REPO = SNAPSHOT_DIR / "epoch" / "ai-chip-counts"


def _raw_rows(relative: str) -> list[dict[str, str]]:
    with open(REPO / relative, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def totals() -> pd.DataFrame:
    return vendor_totals()


def test_every_vendor_is_stacked_with_its_quarters(totals):
    counts = totals.groupby("vendor", sort=False).size()
    assert list(counts.index) == ["NVIDIA", "Google TPU", "AMD", "Amazon Trainium"]
    assert counts.to_dict() == {"NVIDIA": 17, "Google TPU": 13, "AMD": 8, "Amazon Trainium": 8}
    assert totals.groupby("vendor")["end_date"].max().to_dict() == {
        "NVIDIA": pd.Timestamp("2026-03-31"), "Google TPU": pd.Timestamp("2026-03-31"),
        "AMD": pd.Timestamp("2025-12-31"), "Amazon Trainium": pd.Timestamp("2025-12-31")}


def test_values_are_the_files_own(totals):
    # read independently of the registry: the last NVIDIA row, and Trainium's differently named columns
    nvidia = _raw_rows("csv_export/nvidia_cumulative_totals.csv")[-1]
    trainium = _raw_rows("csv_export/trainium_cumulative_totals.csv")[-1]
    last = totals.groupby("vendor").tail(1).set_index("vendor")
    assert last.loc["NVIDIA", "h100e_median"] == float(nvidia["Compute estimate in H100e (median)"]) == 14510043
    assert last.loc["NVIDIA", "power_mw_p95"] == float(nvidia["Power in MW (95th percentile)"])
    assert last.loc["Amazon Trainium", "units_median"] == float(trainium["Number of Units"]) == 1856963
    assert last.loc["Amazon Trainium", "h100e_p5"] == float(trainium["H100e (5th percentile)"])


def test_percentiles_bracket_the_median_and_totals_accumulate(totals):
    for measure in ("units", "h100e", "power_mw"):
        assert (totals[f"{measure}_p5"] <= totals[f"{measure}_median"]).all()
        assert (totals[f"{measure}_median"] <= totals[f"{measure}_p95"]).all()
    for _, group in totals.groupby("vendor"):
        assert group["h100e_median"].is_monotonic_increasing  # cumulative since the first quarter
    assert totals[list(ESTIMATE_COLUMNS)].notna().all().all()


def test_only_quarters_short_of_fiscal_data_are_flagged_incomplete(totals):
    flagged = totals[totals["incomplete"]]
    assert sorted(flagged["vendor"]) == ["Google TPU", "NVIDIA"]
    assert set(flagged["end_date"]) == {pd.Timestamp("2026-03-31")}


def test_owner_quarters_include_china_and_add_up_to_the_file():
    owners = nvidia_owner_quarters()
    assert sorted(owners["owner"].unique()) == ["Amazon", "China", "Google", "Meta", "Microsoft", "Oracle"]
    rows = _raw_rows("owners_csv_export/nvidia_owners_quarters.csv")
    china_raw = sum(float(r["Compute estimate in H100e (median)"]) for r in rows if r["Owner"] == "China")
    china = owners[owners["owner"] == "China"]
    assert china["h100e_median"].sum() == china_raw == 399739
    assert len(china) == 17 and china["end_date"].is_monotonic_increasing
    # the file estimates no NVIDIA chips added in China after Q3 2025
    assert china.loc[china["end_date"] > "2025-09-30", "h100e_median"].eq(0).all()


def test_an_unknown_owner_is_refused(tmp_path, monkeypatch):
    src = REPO / "owners_csv_export" / "nvidia_owners_quarters.csv"
    target = tmp_path / "epoch" / "ai-chip-counts" / "owners_csv_export" / "nvidia_owners_quarters.csv"
    target.parent.mkdir(parents=True)
    target.write_text(src.read_text(encoding="utf-8").replace(",Oracle,", ",Orcale,", 1), encoding="utf-8")
    monkeypatch.setenv("GAPLIB_DATA_DIR", str(tmp_path))
    from gaplib.data import DataValidationError, clear_cache

    clear_cache()
    with pytest.raises(DataValidationError, match="Orcale"):
        load("epoch_ai_chip_sales_nvidia_owners")
    clear_cache()

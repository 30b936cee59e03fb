"""gaplib.algorithms.model_output: notable and large-scale models per country and year, against OWID."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from data_fixtures import require
from gaplib import data
from gaplib.algorithms import model_output as mo
from gaplib.data.snapshot import read_manifest, retrieval_date
from gaplib.guards import EmptySelectionError


def _models(rows):
    """rows: (countries tuple, publication date or None, training compute FLOP or None)."""
    frame = pd.DataFrame(rows, columns=["countries", "publication_date", "training_compute_flop"])
    frame["publication_date"] = pd.to_datetime(frame["publication_date"])
    frame["training_compute_flop"] = frame["training_compute_flop"].astype(float)
    return frame.assign(model=[f"m{i}" for i in range(len(frame))])


@pytest.fixture
def models():
    return _models([
        (("US",), "2021-03-01", 2e23),
        (("US",), "2021-07-01", None),
        (("China",), "2022-01-01", 5e22),
        (("US", "China"), "2023-05-01", 3e24),   # joint: counts for both
        (("France",), "2023-01-01", 1e25),
        (("US",), None, 1e24),                   # undated: left out
        (("US",), "2024-02-01", 1e23),           # exactly 1e23 is not above the threshold
    ])


def test_counts_per_year_and_cumulative(models):
    out = mo.models_per_year(models).set_index(["country", "year"])
    assert list(out.loc["US", "n_models"]) == [2, 0, 1, 1]
    assert list(out.loc["US", "cumulative"]) == [2, 2, 3, 4]
    assert list(out.loc["China", "n_models"]) == [0, 1, 1, 0]
    assert list(out.loc["China", "cumulative"]) == [0, 1, 2, 2]
    assert list(out.loc["China"].index) == [2021, 2022, 2023, 2024]


def test_through_year_cuts_and_extends(models):
    cut = mo.models_per_year(models, through_year=2022)
    assert cut["year"].max() == 2022 and len(cut) == 4
    longer = mo.models_per_year(models, through_year=2025).set_index(["country", "year"])
    assert longer.loc[("US", 2025), "n_models"] == 0 and longer.loc[("US", 2025), "cumulative"] == 4


def test_compute_threshold_keeps_models_strictly_above(models):
    out = mo.models_per_year(models, min_compute_flop=1e23, through_year=2024).set_index(["country", "year"])
    assert out.loc[("US", 2021), "n_models"] == 1        # the model without a compute figure is out
    assert out.loc[("US", 2024), "n_models"] == 0        # 1e23 itself is not above
    assert out.loc[("China", 2023), "cumulative"] == 1   # the joint 3e24 model; the 5e22 one is out


def test_results_names_and_values(models):
    per_year = mo.models_per_year(models)
    out = mo.model_output_results(per_year, per_year, 2023, years=(2022, 2023))
    assert out == {"notable_models_2022_us": 0, "notable_models_2022_china": 1,
                   "notable_models_2023_us": 1, "notable_models_2023_china": 1,
                   "large_scale_models_cumulative_us": 3, "large_scale_models_cumulative_china": 2}
    with pytest.raises(EmptySelectionError, match="no count for US in 2030"):
        mo.model_output_results(per_year, per_year, 2030)


def test_bad_inputs_are_named(models):
    with pytest.raises(ValueError, match="counts exist for US, China only, got France"):
        mo.models_per_year(models, countries=("France",))
    with pytest.raises(EmptySelectionError, match=r"no dated US or China model above 1e\+30 FLOP"):
        mo.models_per_year(models, min_compute_flop=1e30)


def test_last_full_year():
    assert mo.last_full_year(dt.date(2026, 1, 20)) == 2025
    assert mo.last_full_year(dt.date(2025, 12, 31)) == 2025
    assert mo.last_full_year(dt.date(2025, 12, 30)) == 2024


def test_compare_with_owid(models):
    per_year = mo.models_per_year(models)
    owid = pd.DataFrame({"entity": ["United States", "United States", "China", "Hong Kong", "China"],
                         "year": [2022, 2023, 2023, 2023, 2030], "cumulative_systems": [2, 5, 1, 1, 9]})
    out = mo.compare_with_owid(per_year, owid).set_index(["country", "year"])
    assert out.loc[("US", 2023), "book_cumulative"] == 3 and out.loc[("US", 2023), "difference"] == -2
    assert out.loc[("China", 2023), "owid_cumulative"] == 1
    assert out.loc[("China incl. Hong Kong", 2023), "owid_cumulative"] == 2
    assert ("China", 2030) not in out.index   # only years both hold


def test_real_data_counts_and_owid():
    for source in ("epoch_notable_models", "epoch_large_scale_models", "owid_large_scale_systems"):
        require(source)
    manifest = read_manifest()

    def retrieved(source_id):
        return retrieval_date(source_id, manifest.get(data.source(source_id).file))

    assert retrieved("epoch_large_scale_models") == dt.date(2026, 3, 30)  # the 2026 vintage's commit date
    year = mo.last_full_year(retrieved("epoch_large_scale_models"))
    assert year == mo.last_full_year(retrieved("epoch_notable_models")) == 2025
    notable = mo.models_per_year(data.load("epoch_notable_models"), through_year=year)
    large = mo.models_per_year(data.load("epoch_large_scale_models"), through_year=year)
    results = mo.model_output_results(notable, large, year, years=(2023, 2024, 2025))
    assert results == {"notable_models_2023_us": 86, "notable_models_2023_china": 24,
                       "notable_models_2024_us": 57, "notable_models_2024_china": 32,
                       "notable_models_2025_us": 60, "notable_models_2025_china": 35,
                       # 2026 vintage: China +2 (MiMo-V2-Flash, DeepSeek-V3 (Mar 2025); a Qwen3 rename is neutral),
                       # US +5 added (Gemini 2.5 Flash, o1-pro, SAM 3, Nemotron 3, GPT-3.5 Turbo Instruct) -4 (the
                       # four dated Gemini 2.5 Flash rows merged into it)
                       "large_scale_models_cumulative_us": 215, "large_scale_models_cumulative_china": 195}
    stated = mo.models_per_year(data.load("epoch_large_scale_models"), through_year=year, min_compute_flop=1e23)
    assert mo.count_in(stated, "US", year, "cumulative") == 125
    # China: the two added models and Hunyuan-TurboS, whose training compute (5.4e24) is now given
    assert mo.count_in(stated, "China", year, "cumulative") == 125
    owid = mo.compare_with_owid(large, data.load("owid_large_scale_systems")).set_index(["country", "year"])
    # OWID's chart did not change; the book's counts moved with the 2026 copy of Epoch's table
    assert owid.loc[("US", 2025), "owid_cumulative"] == 214 and owid.loc[("US", 2025), "difference"] == 1
    assert owid.loc[("China", 2025), "owid_cumulative"] == 190 and owid.loc[("China", 2025), "difference"] == 5
    assert owid.loc[("China incl. Hong Kong", 2025), "difference"] == -2
    assert owid["difference"].abs().max() == 5


def test_last_full_year_of_a_loaded_table_and_of_a_hand_built_one():
    assert mo.last_full_year_of(data.load("epoch_large_scale_models")) == 2025
    with pytest.raises(ValueError, match="date its copy was taken is unknown"):
        mo.last_full_year_of(pd.DataFrame({"model": ["x"]}))

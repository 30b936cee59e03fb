"""Frontier trends, US vs China: which models make the frontier, and the algorithmic growth rate.

Inputs are the tidy frames of ``gaplib.data`` (model tables with a ``countries``
tuple per row). A model credited to several countries counts in full for each of
them (the book's joint rule). Every function is pure: no I/O, no printing.

Conventions: dates become decimal years (``year``); training compute is fitted as
``log10_compute_flop``; growth rates are multiplicative per year (``x/year``);
lags are in months. The fits (``frontier_fit``), capability lags (``capability``) and
open-weight shares (``open_weights``) live in their own modules of this wing.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from gaplib.algorithms.conventions import COUNTRIES, MODELS_SOURCE, decimal_year, has_country
from gaplib.guards import source_of, tagged


def models_by_country(models: pd.DataFrame, countries: tuple[str, ...] = COUNTRIES,
                      start_year: int | None = None) -> pd.DataFrame:
    """Return one row per (model, country) for models with a date and a training compute.

    Columns: ``model``, ``country``, ``publication_date``, ``year`` (decimal),
    ``training_compute_flop`` and ``log10_compute_flop``. A joint US-China model
    appears once for each country. ``start_year`` drops models published earlier.
    """
    keep = models.dropna(subset=["publication_date", "training_compute_flop"])
    keep = keep[keep["training_compute_flop"] > 0]
    if start_year is not None:
        keep = keep[keep["publication_date"].dt.year >= start_year]
    parts = []
    for country in countries:
        rows = keep[keep["countries"].map(lambda c, k=country: has_country(c, k))]
        parts.append(rows[["model", "publication_date", "training_compute_flop"]].assign(country=country))
    out = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
    out["year"] = decimal_year(out["publication_date"])
    out["log10_compute_flop"] = np.log10(out["training_compute_flop"])
    out = out[["model", "country", "publication_date", "year", "training_compute_flop", "log10_compute_flop"]]
    since = f" published from {start_year}" if start_year is not None else ""
    return tagged(out, source=source_of(models, MODELS_SOURCE),
                  selection=f"models with a publication date and training compute{since}")


def combine_model_tables(notable: pd.DataFrame, large_scale: pd.DataFrame) -> pd.DataFrame:
    """Return the union of Epoch's notable and large-scale model tables, one row per model name.

    Models are matched on their lower-cased, stripped name; where both tables hold a
    model, the notable-models row is kept. Columns: ``model``, ``countries``,
    ``publication_date``, ``training_compute_flop``.
    """
    cols = ["model", "countries", "publication_date", "training_compute_flop"]
    both = pd.concat([notable[cols], large_scale[cols]], ignore_index=True)
    key = both["model"].str.lower().str.strip()
    out = both[~key.duplicated(keep="first")].reset_index(drop=True)
    # concat keeps attrs only when both inputs agree: name both sources for error messages
    sources = dict.fromkeys([source_of(notable, "epoch_notable_models"), source_of(large_scale, "epoch_large_scale_models")])
    return tagged(out, source=" + ".join(sources))


def select_model_table(notable: pd.DataFrame, large_scale: pd.DataFrame, which: str) -> pd.DataFrame:
    """Return the model table named by ``which``: ``"combined"``, ``"notable"`` or ``"large_scale"``."""
    if which == "combined":
        return combine_model_tables(notable, large_scale)
    if which == "notable":
        return notable
    if which == "large_scale":
        return large_scale
    raise ValueError(f"unknown model table {which!r}")


def frontier_top_k(models: pd.DataFrame, k: int) -> pd.DataFrame:
    """Return the ``k`` models with most training compute per country and calendar year.

    ``models`` is the output of :func:`models_by_country`; ties keep the earlier row.
    """
    if k < 1:
        raise ValueError(f"k must be at least 1, got {k}")
    cal = models["publication_date"].dt.year
    ranked = models.assign(_cal=cal).sort_values("training_compute_flop", ascending=False, kind="stable")
    top = ranked.groupby(["country", "_cal"], sort=False).head(k)
    return top.drop(columns="_cal").sort_values(["country", "year"]).reset_index(drop=True)


def frontier_rolling_quantile(models: pd.DataFrame, quantile: float, window_months: float) -> pd.DataFrame:
    """Return the models at or above the ``quantile`` of their own country's trailing window.

    A model is on the frontier when its compute is at least the ``quantile`` (0-1)
    of the compute of the same country's models published in the ``window_months``
    before it (itself included). ``models`` is the output of :func:`models_by_country`.
    """
    if not 0.0 <= quantile <= 1.0:
        raise ValueError(f"quantile must lie in [0, 1], got {quantile}")
    window = window_months / 12.0
    keep: list = []
    for _, rows in models.groupby("country"):
        years = rows["year"].to_numpy()
        logs = rows["log10_compute_flop"].to_numpy()
        for i, index in enumerate(rows.index):
            mask = (years <= years[i]) & (years > years[i] - window)
            if logs[i] >= np.quantile(logs[mask], quantile) - 1e-12:
                keep.append(index)
    return models.loc[keep].sort_values(["country", "year"]).reset_index(drop=True)


def algorithmic_growth_per_year(halving_time_months: float) -> float:
    """Return the compute-equivalent efficiency gain per year, x/year, from a halving time in months.

    An 8-month halving of the compute needed for a given performance is 2^(12/8), about 2.83x/year.
    """
    if halving_time_months <= 0:
        raise ValueError(f"halving time must be positive, got {halving_time_months}")
    return 2.0 ** (12.0 / halving_time_months)

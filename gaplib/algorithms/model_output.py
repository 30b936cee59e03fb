"""Model output by country: how many notable and large-scale models the US and China release.

Counts come from Epoch AI's model tables (``epoch_notable_models``,
``epoch_large_scale_models``). A model credited to both the US and China counts once
for each (the book's joint rule, :data:`gaplib.data.JOINT_RULE`); Hong Kong is China.
Years are calendar years of the publication date. Our World in Data publishes
Epoch's large-scale count as a cumulative series by country
(``owid_large_scale_systems``), which :func:`compare_with_owid` lines up against the
book's count.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from gaplib.data import us_china_flags
from gaplib.data.loaders import RETRIEVED_ATTR
from gaplib.guards import require_rows, source_of, tagged

COUNTRIES = ("US", "China")
LARGE_SCALE_FLOP = 1e23
"""Epoch's large-scale threshold: models trained with more than 1e23 FLOP."""
OWID_ENTITIES: dict[str, tuple[str, ...]] = {"US": ("United States",), "China": ("China",),
                                              "China incl. Hong Kong": ("China", "Hong Kong")}
_FLAG = {"US": 0, "China": 1}


def last_full_year(retrieved: dt.date) -> int:
    """Return the last calendar year a snapshot taken on ``retrieved`` covers in full.

    ``retrieved`` is the snapshot's retrieval date, the ``retrieved`` column of
    data/upstream/manifest.csv (``gaplib.data.snapshot.retrieval_date``).
    """
    return retrieved.year if (retrieved.month, retrieved.day) == (12, 31) else retrieved.year - 1


def last_full_year_of(models: pd.DataFrame) -> int:
    """Return the last calendar year a loaded model table covers in full, from the date its copy
    was taken (``attrs["retrieved"]``, set by ``gaplib.data.load``); ValueError when it is unknown."""
    retrieved = models.attrs.get(RETRIEVED_ATTR)
    if not retrieved:
        raise ValueError(f"{source_of(models, 'the model table')}: the date its copy was taken is unknown, "
                         "so the last full year cannot be told; load it with gaplib.data.load")
    return last_full_year(dt.date.fromisoformat(retrieved))


def models_per_year(models: pd.DataFrame, *, countries: tuple[str, ...] = COUNTRIES,
                    through_year: int | None = None, min_compute_flop: float | None = None) -> pd.DataFrame:
    """Return the number of models each country published per calendar year, and the running total.

    Tidy columns ``country``, ``year``, ``n_models``, ``cumulative``; one row per country
    and year from the first year any of ``countries`` published a model to
    ``through_year`` (default: the last year in the data), zeros included; the running
    total starts at the table's first model. ``min_compute_flop`` keeps only models
    with a stated training compute above it (models without a compute figure are then
    left out). Raises EmptySelectionError when no dated model of ``countries`` remains.
    """
    unknown = [c for c in countries if c not in _FLAG]
    if unknown:
        raise ValueError(f"counts exist for {', '.join(_FLAG)} only, got {', '.join(unknown)}")
    rows = models.dropna(subset=["publication_date"])
    if min_compute_flop is not None:
        rows = rows[rows["training_compute_flop"].notna() & (rows["training_compute_flop"] > min_compute_flop)]
    flags = rows["countries"].map(us_china_flags)
    parts = [pd.DataFrame({"country": c, "year": rows.loc[flags.map(lambda f, i=_FLAG[c]: f[i]),
                                                           "publication_date"].dt.year})
             for c in countries]
    tall = pd.concat(parts, ignore_index=True)
    above = f" above {min_compute_flop:g} FLOP" if min_compute_flop is not None else ""
    require_rows(tall, 1, source=source_of(models, "Epoch AI model tables"),
                 selection=f"dated {' or '.join(countries)} model{above}", result="the model counts per year")
    last = int(tall["year"].max()) if through_year is None else int(through_year)
    grid = pd.MultiIndex.from_product([list(countries), range(int(tall["year"].min()), last + 1)],
                                      names=["country", "year"])
    counts = tall.groupby(["country", "year"]).size().reindex(grid, fill_value=0).rename("n_models")
    out = counts.reset_index()
    out = out[out["year"] <= last]
    out["cumulative"] = out.groupby("country")["n_models"].cumsum()
    out["n_models"] = out["n_models"].astype(int)
    out["cumulative"] = out["cumulative"].astype(int)
    return tagged(out.reset_index(drop=True), source=source_of(models, "Epoch AI model tables"))


def count_in(per_year: pd.DataFrame, country: str, year: int, column: str = "n_models") -> int:
    """Return ``column`` (``n_models`` or ``cumulative``) of ``country`` in ``year`` of a :func:`models_per_year` frame.

    Raises EmptySelectionError when the frame has no such row (the year is outside it).
    """
    match = per_year.loc[(per_year["country"] == country) & (per_year["year"] == year), column]
    require_rows(match, 1, source=source_of(per_year, "Epoch AI model tables"),
                 selection=f"count for {country} in {year}", result=f"the {column} of {country} in {year}")
    return int(match.iloc[0])


def model_output_results(notable_per_year: pd.DataFrame, large_scale_per_year: pd.DataFrame,
                         through_year: int, years: tuple[int, ...] | None = None) -> dict[str, int]:
    """Return the results: ``notable_models_<year>_us`` and ``_china`` for each of ``years``
    (default: ``through_year`` only) and ``large_scale_models_cumulative_us`` / ``_china``,
    the running totals through ``through_year``. Counts of models."""
    out: dict[str, int] = {}
    for year in (years or (through_year,)):
        for country in COUNTRIES:
            out[f"notable_models_{year}_{country.lower()}"] = count_in(notable_per_year, country, year)
    for country in COUNTRIES:
        out[f"large_scale_models_cumulative_{country.lower()}"] = count_in(
            large_scale_per_year, country, through_year, "cumulative")
    return out


def compare_with_owid(per_year: pd.DataFrame, owid: pd.DataFrame) -> pd.DataFrame:
    """Return the book's cumulative large-scale counts beside OWID's, per country and year.

    ``per_year`` is :func:`models_per_year` of the large-scale table; ``owid`` the
    ``owid_large_scale_systems`` table. Columns ``country``, ``year``,
    ``book_cumulative``, ``owid_cumulative`` (summed over the OWID entities of
    :data:`OWID_ENTITIES`; "China incl. Hong Kong" adds OWID's separate Hong Kong
    entity, which double-counts a model credited to both), ``difference`` (book minus
    OWID). Only years both hold.
    """
    rows = []
    for label, entities in OWID_ENTITIES.items():
        book_country = "China" if label.startswith("China") else label
        theirs = owid[owid["entity"].isin(entities)].groupby("year")["cumulative_systems"].sum()
        ours = per_year[per_year["country"] == book_country].set_index("year")["cumulative"]
        for year in sorted(set(theirs.index) & set(ours.index)):
            rows.append({"country": label, "year": int(year), "book_cumulative": int(ours[year]),
                         "owid_cumulative": int(theirs[year])})
    out = pd.DataFrame(rows, columns=["country", "year", "book_cumulative", "owid_cumulative"])
    out["difference"] = out["book_cumulative"] - out["owid_cumulative"]
    return out

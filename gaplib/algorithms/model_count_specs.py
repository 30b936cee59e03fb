"""The US/China ratio of model counts under each of its defensible definitions (a specification curve).

Choices: the **table** (Epoch AI's notable models, chosen for their influence whatever their size;
its large-scale models, trained with more than 1e23 FLOP), the **period** (the data's last full
year; the last three full years; every year to the last full one) and the **attribution** of a
model credited to several countries (to each of them; to none but a model's only country; in
equal fractions). The default follows the published analysis the book replicates: the AI Index
counts notable models released in a year by country from Epoch's table, a model credited to
several countries counting for each (:mod:`gaplib.replications.ai_index`).

Values are US/China ratios of counts (x). Each carries the evidence of its direction: the ratio
of the same period shape ending ``first_year`` years earlier, then today (``ratio_change``); a
specification whose earlier ratio cannot be formed (no Chinese model then) has no direction.
"""

from __future__ import annotations

import math

import pandas as pd

from gaplib.data import normalise_countries
from gaplib.guards import require_rows, source_of
from gaplib.specs import Estimate, Spec

NOTABLE, LARGE_SCALE = "notable", "large-scale"
EACH, SOLE, FRACTIONAL = "each credited country", "only country", "fractional"
TABLE_REASONS = {NOTABLE: "Epoch's notable models: influence, whatever the size (the AI Index's count)",
                 LARGE_SCALE: "Epoch's large-scale models: trained with more than 1e23 FLOP, the frontier by size"}
ATTRIBUTION_REASONS = {EACH: "a model counts for every country credited with it (the AI Index's rule)",
                       SOLE: "a model credited to several countries is nobody's alone and is left out",
                       FRACTIONAL: "a model credited to k countries counts 1/k for each (fractional counting)"}
PERIOD_REASONS = {"year": "the latest full year's releases: today's pace",
                  "three": "three full years: a pace less moved by one year's releases",
                  "cumulative": "every year to the last full one: the stock of models released"}


def _weights(countries: pd.Series, country: str, attribution: str) -> pd.Series:
    """Return each model's weight for ``country`` (1, 0 or 1/k) under ``attribution``."""
    def weight(credited: tuple[str, ...]) -> float:
        names = set(normalise_countries(tuple(credited)))
        if country not in names:
            return 0.0
        if attribution == EACH:
            return 1.0
        if attribution == SOLE:
            return 1.0 if len(names) == 1 else 0.0
        return 1.0 / len(names)
    return countries.map(weight).astype(float)


def count_models(models: pd.DataFrame, country: str, *, first_year: int | None, last_year: int,
                 attribution: str = EACH) -> float:
    """Return how many models ``country`` ("US" or "China") published from ``first_year`` (None: the table's
    start) to ``last_year``, both included, under ``attribution`` (models; fractional under FRACTIONAL)."""
    if attribution not in ATTRIBUTION_REASONS:
        raise ValueError(f"attribution must be one of {', '.join(ATTRIBUTION_REASONS)}, got {attribution!r}")
    years = models["publication_date"].dt.year
    inside = models["publication_date"].notna() & (years <= last_year)
    if first_year is not None:
        inside &= years >= first_year
    return float(_weights(models.loc[inside, "countries"], country, attribution).sum())


def _ratio(models: pd.DataFrame, first_year: int | None, last_year: int, attribution: str) -> float:
    us = count_models(models, "US", first_year=first_year, last_year=last_year, attribution=attribution)
    china = count_models(models, "China", first_year=first_year, last_year=last_year, attribution=attribution)
    return us / china if china > 0 else math.nan


def _periods(last_year: int) -> dict[str, tuple[str, int | None]]:
    return {f"{last_year}": ("year", last_year), f"{last_year - 2}-{last_year}": ("three", last_year - 2),
            f"to {last_year}": ("cumulative", None)}


def model_count_estimates(notable: pd.DataFrame, large_scale: pd.DataFrame, *, last_year: int,
                          earlier_year: int) -> list[Estimate]:
    """Return the US/China ratio of model counts (x) under every specification, the default (notable models of
    ``last_year``, each credited country) first.

    Each estimate's direction evidence is the same definition's ratio for the period ending ``earlier_year``
    (a one-year count in that year, a three-year one ending then, a cumulative one to then). Raises
    ValueError unless ``earlier_year`` is before ``last_year``; EmptySelectionError when a table has no dated model.
    """
    if earlier_year >= last_year:
        raise ValueError(f"the earlier year ({earlier_year}) must come before the last full year ({last_year})")
    out = []
    for table, models in ((NOTABLE, notable), (LARGE_SCALE, large_scale)):
        require_rows(models.dropna(subset=["publication_date"]), 1, source=source_of(models, "Epoch AI model tables"),
                     selection="dated models", result=f"the {table} model counts")
        for attribution in (EACH, SOLE, FRACTIONAL):
            for label, (shape, first) in _periods(last_year).items():
                then_first = None if first is None else first - (last_year - earlier_year)
                value = _ratio(models, first, last_year, attribution)
                before = _ratio(models, then_first, earlier_year, attribution)
                evidence = ("ratio_change", before, value) if math.isfinite(before) and before > 0 else ()
                default = (table, attribution, shape) == (NOTABLE, EACH, "year")
                spec = Spec(f"{table.capitalize()} models, {label}, {attribution}",
                            {"table": table, "period": label, "attribution": attribution},
                            f"{TABLE_REASONS[table]}; {PERIOD_REASONS[shape]}; {ATTRIBUTION_REASONS[attribution]}",
                            default)
                out.append(Estimate(spec, value, evidence=evidence))
    return sorted(out, key=lambda e: not e.spec.default)

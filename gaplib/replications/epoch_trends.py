"""Epoch AI's China compute trends (B. Cottier, 22 Jan 2025), reproduced on the book's model table.

Published: "Chinese language models have scaled up more slowly than their global
counterparts", code at github.com/epoch-research/china-ai-trends (``compute_analysis.ipynb``
at its default parameters). The method as that code applies it:

1. Models with a publication date, a country and a training compute. China = any
   organisation country is China or Hong Kong (the book's country names already map Hong
   Kong to China); every other model is Non-China. With ``comparison="us"`` the other
   category is instead the non-Chinese models with a US organisation (the book's question).
2. Drop AlphaGo Master and AlphaGo Zero and every model with a ``base_model`` (fine-tunes).
3. Rolling top 10 by training compute within each category, across all domains: a model is
   kept if it was among its category's 10 largest models published up to its release date
   (an expanding window; ties go to the earlier row). Epoch's "kick-start" seeds the ranking
   with the overall top 10 before 1950-01-01, which holds no model, so it is left out.
4. Keep models whose domain list names Language or Multimodal, published after 2018-01-01.
5. Per category, the segmented fits and selection rule of :mod:`gaplib.algorithms.segmented`.
6. Bootstrap: each category's models are resampled with replacement ``n_boot`` times,
   replicate 0 being the data themselves, and refitted; a replicate where a kind that fits the
   data has no valid fit is redrawn (at most 10 times). Intervals are percentiles (90% by
   default) of the selected kind's last slope.
7. Lag (years) at the last model date of the frame: the other category's fitted value minus
   China's, divided by China's last slope *of the fit to the data* (Epoch divides every
   replicate by that one slope).

Where the code differs from a summary of it: the selection rule also requires the simpler
kind's 10-fold cross-validated error to be within 0.01 of the best-BIC kind's; the interval
of the growth rate is that of the kind chosen on the data, not re-chosen per replicate.
Epoch resamples the selected frame as a whole (both categories together, so a category's size
varies between replicates), each replicate drawn with pandas ``sample`` seeded from
``default_rng(i)``. Here each category is resampled on its own, at its own size, from its own
seeded stream (:data:`STREAMS`): China's fit then has one interval whichever category it is
compared with and on whichever page it appears (with the whole frame resampled, the same China
fit got three intervals from three comparisons). Epoch's cross-validation inside every
replicate (for error intervals it only displays) is not repeated.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from gaplib.algorithms import segmented
from gaplib.data.errors import DataValidationError
from gaplib.guards import EmptySelectionError, require_rows, source_of, tagged

CHINA, NON_CHINA, US = "China", "Non-China", "US"
COMPARISONS = {"non_china": NON_CHINA, "us": US}
OUTLIERS = ("AlphaGo Master", "AlphaGo Zero")
DOMAINS = ("Language", "Multimodal")
TOP_N = 10
START_DATE = "2018-01-01"
SNAPSHOT_DATE = "2025-01-22"  # the data insight's publication date
CI_LEVEL = 0.90
N_BOOT = 1000
SEED = 20250103  # Epoch's bootstrap seed constant in compute_analysis.ipynb
MAX_REDRAWS = 10
MODELS_SOURCE = "epoch_notable_models"
#: Each category's bootstrap stream: ``default_rng([seed, STREAMS[category]])``.
STREAMS = {CHINA: 0, NON_CHINA: 1, US: 2}
NEEDED = ("model", "countries", "publication_date", "training_compute_flop", "domain", "base_model")


def category_of(countries: object, comparison: str) -> str | None:
    """Return ``China``, the other category (``Non-China`` or ``US``) or None (no country / not compared)."""
    if not isinstance(countries, tuple) or not countries:
        return None
    if CHINA in countries:
        return CHINA
    other = COMPARISONS[comparison]
    return other if other == NON_CHINA or US in countries else None


def rolling_top(frame: pd.DataFrame, n: int) -> np.ndarray:
    """Return a mask of the rows that were among the ``n`` largest ``training_compute_flop`` of
    their ``category`` published up to their own date (rows ordered by date; ties: earlier row)."""
    keep = np.zeros(len(frame), dtype=bool)
    for _, rows in frame.groupby("category", sort=False):
        pos = frame.index.get_indexer(rows.index)
        d = rows["publication_date"].to_numpy()
        f = rows["training_compute_flop"].to_numpy(float)
        order = np.arange(len(rows))
        # at the model's own date every model up to that date competes; later ones only push it down
        earlier = d[None, :] <= d[:, None]
        bigger = (f[None, :] > f[:, None]) | ((f[None, :] == f[:, None]) & (order[None, :] < order[:, None]))
        keep[pos] = (earlier & bigger).sum(axis=1) < n
    return keep


def select_frontier(models: pd.DataFrame, *, comparison: str = "non_china", top_n: int = TOP_N,
                    start_date: str = START_DATE, as_of: str | None = None) -> pd.DataFrame:
    """Return Epoch's frontier language models, one row per model, with a ``category`` column.

    ``comparison``: ``"non_china"`` (Epoch) or ``"us"``. ``as_of`` keeps only models published
    on or before that date (the data as they stood then, as far as the table's vintage allows).
    Columns: ``model``, ``category``, ``publication_date``, ``training_compute_flop``,
    ``log10_compute_flop`` (log10 FLOP), ``domain``; sorted by date.
    """
    if comparison not in COMPARISONS:
        raise ValueError(f"comparison is one of {sorted(COMPARISONS)}, got {comparison!r}")
    if top_n < 1:
        raise ValueError(f"top_n must be at least 1, got {top_n}")
    missing = [c for c in NEEDED if c not in models.columns]
    if missing:
        raise DataValidationError(f"{source_of(models, MODELS_SOURCE)}: the Epoch trend selection needs the columns "
                                  f"{missing}, which the model table lacks")
    keep = models.dropna(subset=["publication_date", "training_compute_flop"])
    keep = keep[keep["training_compute_flop"] > 0]
    if as_of is not None:
        keep = keep[keep["publication_date"] <= pd.Timestamp(as_of)]
    keep = keep[~keep["model"].isin(OUTLIERS) & keep["base_model"].isna()]
    keep = keep.assign(category=keep["countries"].map(lambda c: category_of(c, comparison))).dropna(subset=["category"])
    keep = keep.sort_values("publication_date", kind="stable").reset_index(drop=True)
    keep = keep[rolling_top(keep, top_n)]
    pattern = "|".join(DOMAINS)
    keep = keep[keep["domain"].fillna("").str.contains(pattern) & (keep["publication_date"] > pd.Timestamp(start_date))]
    out = keep.assign(log10_compute_flop=np.log10(keep["training_compute_flop"].astype(float)))[
        ["model", "category", "publication_date", "training_compute_flop", "log10_compute_flop", "domain"]]
    when = f", published by {as_of}" if as_of else ""
    return tagged(out.reset_index(drop=True), source=source_of(models, MODELS_SOURCE),
                  selection=f"rolling top-{top_n} language/multimodal base models per category after {start_date}{when}")


@dataclass(frozen=True)
class CategoryTrend:
    """One category's chosen trend: growth (x/year) of the last segment with its interval, the break.

    ``kinds`` has one row per kind: ``kind``, ``bic``, ``cv_mse``, ``growth_per_year``,
    ``ci_low``, ``ci_high``, ``breakpoint``, ``break_ci_low``, ``break_ci_high``.
    """

    category: str
    kind: str
    n_points: int
    growth_per_year: float
    ci_low: float
    ci_high: float
    breakpoint: pd.Timestamp | None
    kinds: pd.DataFrame
    first_date: pd.Timestamp
    last_date: pd.Timestamp


@dataclass(frozen=True)
class TrendComparison:
    """China against the other category, with per-replicate draws for catch-up calculations.

    ``lag_years``: how long China's chosen trend line takes to reach the other line's value at
    ``end_date`` (negative: China's line is above). ``gap_draws_log10`` and the slope draws
    (log10/year) are per bootstrap replicate, replicate 0 the data: the other line minus China's
    line at ``end_date`` and each chosen kind's last slope; ``china_fit`` and ``other_fit`` hold
    the chosen kinds' fits to every replicate; ``frontier`` the models fitted.
    """

    china: CategoryTrend
    other: CategoryTrend
    lag_years: float
    lag_ci_low: float
    lag_ci_high: float
    end_date: pd.Timestamp
    ci_level: float
    n_boot: int
    n_failed: int
    gap_draws_log10: np.ndarray
    china_slope_draws: np.ndarray
    other_slope_draws: np.ndarray
    china_fit: segmented.BatchFit
    other_fit: segmented.BatchFit
    frontier: pd.DataFrame


def _day(x: float) -> pd.Timestamp | None:
    return None if not math.isfinite(x) else pd.Timestamp.fromordinal(int(x))


def _fit_category(s: segmented.Series, draw, n_boot: int, quantiles: list[float], end_day: float):
    """Fit every kind on the data and on ``n_boot`` resamples (``draw(k)``: k rows of counts per point);
    return (kinds table, chosen kind, its fit to every replicate, its fitted value at ``end_day``), or None."""
    data_fits = {k: segmented.fit_kind(k, s) for k in segmented.KINDS}
    fitted = [k for k, f in data_fits.items() if f.valid[0]]
    if not fitted:
        return None
    w = draw(n_boot)
    w[0] = 1.0
    fits = {k: segmented.fit_kind(k, s, w) for k in fitted}
    for _ in range(MAX_REDRAWS):
        bad = ~np.logical_and.reduce([fits[k].valid for k in fitted])
        if not bad.any():
            break
        w[bad] = draw(int(bad.sum()))
        redo = {k: segmented.fit_kind(k, s, w[bad]) for k in fitted}
        for k in fitted:
            f = fits[k]
            for name in ("bic", "slope", "break_day", "coef"):
                getattr(f, name)[bad] = getattr(redo[k], name)
    bic = {k: float(data_fits[k].bic[0]) for k in segmented.KINDS}
    cv = {k: segmented.cv_mse(k, s) if k in fitted else math.nan for k in segmented.KINDS}
    rows = []
    for k in segmented.KINDS:
        f = fits.get(k)
        growth = 10.0 ** f.slope if f is not None else np.full(1, np.nan)
        lo, hi = np.nanquantile(growth, quantiles) if f is not None and np.isfinite(growth).any() else (math.nan,) * 2
        br = f.break_day[np.isfinite(f.break_day)] if f is not None else np.empty(0)
        blo, bhi = (np.quantile(br, quantiles) if len(br) else (math.nan, math.nan))
        rows.append({"kind": k, "epoch_name": segmented.EPOCH_NAMES[k], "bic": bic[k], "cv_mse": cv[k],
                     "growth_per_year": 10.0 ** float(data_fits[k].slope[0]), "ci_low": float(lo), "ci_high": float(hi),
                     "breakpoint": _day(float(data_fits[k].break_day[0])),
                     "break_ci_low": _day(float(blo)), "break_ci_high": _day(float(bhi))})
    chosen = segmented.select_kind(bic, cv)
    f = fits[chosen]
    return pd.DataFrame(rows), chosen, f, f.predict(end_day)[:, 0]


def compare_trends(frontier: pd.DataFrame, *, n_boot: int = N_BOOT, seed: int = SEED,
                   ci_level: float = CI_LEVEL) -> TrendComparison:
    """Fit Epoch's segmented trends to China and the other category of ``frontier`` and bootstrap them.

    ``frontier`` is :func:`select_frontier`'s output. Returns growth rates (x/year) of each
    chosen kind's last segment with ``ci_level`` percentile intervals, and the lag in years.
    Raises EmptySelectionError when a category has too few points for any fit.
    """
    if n_boot < 2:
        raise ValueError(f"n_boot must be at least 2, got {n_boot}")
    if not 0.0 < ci_level < 1.0:
        raise ValueError(f"ci_level must lie in (0, 1), got {ci_level}")
    cats = [c for c in (CHINA, NON_CHINA, US) if (frontier["category"] == c).any()]
    other = next((c for c in cats if c != CHINA), None)
    for cat in (CHINA, other or "the compared category"):
        require_rows(frontier[frontier["category"] == cat], segmented.MIN_SEGMENT_POINTS,
                     source=source_of(frontier, MODELS_SOURCE), result="the segmented trend fit",
                     selection=f"{cat} models in the {frontier.attrs.get('selection', 'frontier')}")
    end_day = float(frontier["publication_date"].max().toordinal())
    quantiles = [(1 - ci_level) / 2, (1 + ci_level) / 2]
    out = {}
    for cat in (CHINA, other):
        idx = np.flatnonzero(frontier["category"].to_numpy() == cat)
        part = frontier.iloc[idx]
        s = segmented.Series.from_dates(part["publication_date"], part["log10_compute_flop"].to_numpy())

        rng = np.random.default_rng([seed, STREAMS[cat]])

        def draw(size: int, n: int = len(idx), rng: np.random.Generator = rng) -> np.ndarray:  # this category only
            return rng.multinomial(n, np.full(n, 1.0 / n), size=size).astype(float)

        fitted = _fit_category(s, draw, n_boot, quantiles, end_day)
        if fitted is None:
            raise EmptySelectionError(f"{source_of(frontier, MODELS_SOURCE)}: the {len(idx)} {cat} models admit no "
                                      f"trend with at least {segmented.MIN_SEGMENT_POINTS} points per segment")
        kinds, chosen, fit, pred_end = fitted
        row = kinds.set_index("kind").loc[chosen]
        trend = CategoryTrend(category=cat, kind=chosen, n_points=len(idx), growth_per_year=float(row["growth_per_year"]),
                              ci_low=float(row["ci_low"]), ci_high=float(row["ci_high"]),
                              breakpoint=None if pd.isna(row["breakpoint"]) else pd.Timestamp(row["breakpoint"]),
                              kinds=kinds, first_date=part["publication_date"].min(),
                              last_date=part["publication_date"].max())
        out[cat] = (trend, fit, pred_end)
    (cn, cn_fit, cn_end), (ot, ot_fit, ot_end) = out[CHINA], out[other]
    cn_slope, ot_slope = cn_fit.slope, ot_fit.slope
    gap = ot_end - cn_end
    # a flat or falling Chinese trend never reaches the other line: the lag is undefined
    lags = gap / cn_slope[0] if cn_slope[0] > 0 else np.full_like(gap, np.nan)
    finite = np.isfinite(lags)
    lo, hi = np.quantile(lags[finite], quantiles) if finite.any() else (math.nan, math.nan)
    return TrendComparison(china=cn, other=ot, lag_years=float(lags[0]), lag_ci_low=float(lo), lag_ci_high=float(hi),
                           end_date=frontier["publication_date"].max(), ci_level=ci_level, n_boot=n_boot,
                           n_failed=int((~finite).sum()), gap_draws_log10=gap, china_slope_draws=cn_slope,
                           other_slope_draws=ot_slope, china_fit=cn_fit, other_fit=ot_fit,
                           frontier=frontier)


def summary(comparison: TrendComparison) -> pd.DataFrame:
    """Return one row per category: chosen kind, points, growth (x/year) and interval, breakpoint, dates."""
    rows = []
    for t in (comparison.other, comparison.china):
        rows.append({"category": t.category, "kind": t.kind, "n_points": t.n_points, "growth_per_year": t.growth_per_year,
                     "ci_low": t.ci_low, "ci_high": t.ci_high,
                     "breakpoint": t.breakpoint.strftime("%Y-%m") if t.breakpoint is not None else "",
                     "first_date": t.first_date.date(), "last_date": t.last_date.date()})
    return pd.DataFrame(rows)


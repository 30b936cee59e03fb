"""Which levers of the scenario model matter: sensitivity swings, scenario-weight grids, the audit list.

Built on :mod:`gaplib.strategy.scenario_paths`; every comparison holds the seed (common random
numbers), so differences come from the lever, not the draws. Ratios are US/China
effective compute (x); growth is x/year.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

import numpy as np
import pandas as pd

from gaplib.strategy.scenario_paths import BASE_YEAR, END_YEAR, FORCED_WINDOW_YEARS, SCENARIOS, Levers, ratio_at, simulate


#: Low and high values of each lever for the sensitivity chart, with their basis. The growth
#: ranges here are the frontier training-run trend; the strategy chapter replaces them with the
#: supply side's ranges (the scenario sets' growths and the US additions' prediction interval).
#: Export policy is not a lever here: the scenario sets carry it.
SENSITIVITY_RANGES: dict[str, tuple[float, float, str]] = {
    "us_compute_growth_per_year": (4.0, 5.0, "F003: 4-5x/year"),
    "china_compute_growth_per_year": (4.0, 5.0, "F003: 4-5x/year"),
    "algorithmic_progress_per_year": (2 ** (12 / 14), 2 ** (12 / 5), "F001: halving 5-14 months"),
    "algorithmic_lag_years": (0.0, 1.5, "F015-F017, F026"),
    "domestic_share_of_additions": (0.6, 0.75, "F044"),
    "domestic_yield_start": (0.2, 0.6, "F042"),
    "domestic_yield_gain_per_year": (0.0, 0.1, "F042"),
    "china_pooling_gain": (1.0, 2.0, "judgement"),
    "algorithmic_shift_prob_per_year": (0.0, 0.2, "judgement"),
    "us_cost_shock_prob_per_year": (0.0, 0.3, "judgement"),
    "china_cost_shock_prob_per_year": (0.0, 0.3, "judgement"),
    "cost_shock_growth_loss": (0.25, 0.75, "judgement"),
}


#: A lever in words, for titles a reader sees; the chapter's prose and tables keep the parameter
#: names, which are what ``gaplib run strategy -p <lever> <value>`` takes.
LEVER_WORDS: dict[str, str] = {
    "us_compute_growth_per_year": "US compute growth",
    "china_compute_growth_per_year": "China's compute growth",
    "algorithmic_progress_per_year": "Algorithmic progress",
    "algorithmic_lag_years": "China's algorithmic lag",
    "domestic_share_of_additions": "The domestic share of China's additions",
    "domestic_yield_start": "China's domestic chip yield",
    "domestic_yield_gain_per_year": "The yearly gain in China's domestic chip yield",
    "china_pooling_gain": "China's compute pooling gain",
    "algorithmic_shift_prob_per_year": "The chance of an algorithmic shift",
    "us_cost_shock_prob_per_year": "The chance of a US cost shock",
    "china_cost_shock_prob_per_year": "The chance of a Chinese cost shock",
    "cost_shock_growth_loss": "The growth lost to a cost shock",
}


def lever_words(lever: str) -> str:
    """Return ``lever`` (a parameter name) in words for a title; a lever without words raises KeyError naming it."""
    try:
        return LEVER_WORDS[lever]
    except KeyError:
        raise KeyError(f"lever {lever!r} has no words in scenario_levers.LEVER_WORDS") from None


def with_growth_ranges(us, china, ranges: Mapping[str, tuple] | None = None) -> dict[str, tuple]:
    """Return sensitivity ranges whose growth levers span the measured fleet-growth intervals.

    ``us`` and ``china`` are :class:`gaplib.hardware.fleet_timeline.FleetGrowth` fits (``low``, ``high`` in
    x/year, ``level``, ``first_year``, ``last_year``); the other levers keep ``ranges``
    (default :data:`SENSITIVITY_RANGES`).
    """
    out = dict(SENSITIVITY_RANGES if ranges is None else ranges)
    for lever, fit in (("us_compute_growth_per_year", us), ("china_compute_growth_per_year", china)):
        out[lever] = (fit.low, fit.high, f"{fit.country} documented fleet {fit.first_year}-{fit.last_year}, "
                                          f"{100 * fit.level:.0f}% interval")
    return out


#: Levers the supply-side sets carry themselves (the domestic ramp is output, yield included).
CARRIED_BY_SETS = ("domestic_share_of_additions", "domestic_yield_start", "domestic_yield_gain_per_year")


def supply_ranges(us: tuple[float, float], china: tuple[float, float],
                  ranges: Mapping[str, tuple] | None = None) -> dict[str, tuple]:
    """Return sensitivity ranges for the supply-anchored model.

    The growth levers span ``us`` (low, high: the US stock growth under the ceiling's
    range) and ``china`` (the scenario sets' growths), both x/year; the levers the sets
    carry (:data:`CARRIED_BY_SETS`) are left out; the others keep ``ranges`` (default
    :data:`SENSITIVITY_RANGES`).
    """
    out = {k: v for k, v in (SENSITIVITY_RANGES if ranges is None else ranges).items() if k not in CARRIED_BY_SETS}
    out["us_compute_growth_per_year"] = (*us, "supply: the stock under a ceiling growing 1.15-1.5x/year")
    out["china_compute_growth_per_year"] = (*china, "supply: the four scenario sets")
    return out


def growth_against_levers(fits, levers: Levers) -> pd.DataFrame:
    """Return each measured fleet growth beside the growth lever it informs.

    ``fits`` are :class:`gaplib.hardware.fleet_timeline.FleetGrowth` for the US and China. Columns
    ``country``, ``years`` (e.g. "2020-2024"), ``measured_per_year``, ``low``, ``high``
    (x/year, the fit's interval), ``lever``, ``lever_value`` (x/year) and ``inside``
    (whether the lever lies in the interval).
    """
    rows = []
    for fit in fits:
        lever = {"US": "us_compute_growth_per_year", "China": "china_compute_growth_per_year"}.get(fit.country)
        if lever is None:
            raise ValueError(f"no growth lever for {fit.country!r}; the levers are for the US and China")
        value = getattr(levers, lever)
        rows.append({"country": fit.country, "years": f"{fit.first_year}-{fit.last_year}",
                     "measured_per_year": fit.growth_per_year, "low": fit.low, "high": fit.high,
                     "lever": lever, "lever_value": value, "inside": bool(fit.low <= value <= fit.high)})
    return pd.DataFrame(rows)


def sensitivity(levers: Levers, *, year: int, ranges: Mapping[str, tuple] | None = None, **sim_kwargs) -> pd.DataFrame:
    """Return how far each lever moves the median ratio in ``year`` across its range.

    Every lever is set to its low and high value with the others held at ``levers``, on
    the same seed (common random numbers). Columns ``lever``, ``low_value``,
    ``high_value``, ``basis``, ``median_at_low``, ``median_at_high``, ``median_base``,
    ``swing`` (|high - low| of the median, x); sorted by swing, largest first.
    """
    ranges = SENSITIVITY_RANGES if ranges is None else ranges
    # Only years up to ``year`` are needed. Paths are the same on a shorter horizon as long
    # as it holds the forced-event window (the window's draws depend on the horizon).
    base_year = sim_kwargs.get("base_year", BASE_YEAR)
    end_year = sim_kwargs.get("end_year", END_YEAR)
    sim_kwargs = {**sim_kwargs, "end_year": min(end_year, max(year, base_year + FORCED_WINDOW_YEARS))}
    base = ratio_at(simulate(levers, **sim_kwargs), year, 50)
    rows = []
    for name, (low, high, *basis) in ranges.items():
        at = [ratio_at(simulate(replace(levers, **{name: value}), **sim_kwargs), year, 50) for value in (low, high)]
        rows.append({"lever": name, "low_value": low, "high_value": high, "basis": basis[0] if basis else "",
                     "median_at_low": at[0], "median_at_high": at[1], "median_base": base,
                     "swing": abs(at[1] - at[0])})
    return pd.DataFrame(rows).sort_values("swing", ascending=False, ignore_index=True)


def weight_grid(levers: Levers, *, vary: tuple[str, str] = ("algorithmic_shift", "cost_shock"),
                steps_pct: tuple[int, ...] = tuple(range(0, 55, 5)), base_weights: Mapping[str, float],
                qs: tuple[float, ...] = (10, 50, 90), **sim_kwargs) -> pd.DataFrame:
    """Return ratio percentiles per year for a grid of scenario weights (for a browser slider).

    Each scenario is simulated once on its own; a mixture's percentiles are weighted
    percentiles of the pooled paths. The two scenarios in ``vary`` take every pair of
    weights in ``steps_pct`` (percent); the remaining weight is shared by the other
    scenarios in the proportions of ``base_weights`` (all of it to the status quo when
    ``base_weights`` gives the other scenarios none, e.g. one varied scenario at weight 1). Columns ``w_<vary[0]>_pct``,
    ``w_<vary[1]>_pct``, ``year``, ``p10``, ``p50``, ``p90``.
    """
    n = int(sim_kwargs.pop("n_paths", 20_000))
    sims = [simulate(levers, n_paths=n, weights={s: float(s == name) for s in SCENARIOS}, **sim_kwargs)
            for name in SCENARIOS]
    years = sims[0].years
    pooled = np.concatenate([s.ratio for s in sims])  # (4n, T+1)
    order = np.argsort(pooled, axis=0)
    sorted_vals = np.take_along_axis(pooled, order, axis=0)
    owner = order // n  # scenario of each sorted value
    # paths of each scenario at or below each sorted position: the cumulative weight of a
    # mixture is then a dot product, so every mixture, year and quantile is searched at once
    counts = np.stack([np.cumsum(owner == k, axis=0, dtype=np.int64) for k in range(len(SCENARIOS))], axis=-1)
    others = [s for s in SCENARIOS if s not in vary]
    shares = {s: float(base_weights[s]) for s in others}
    if sum(shares.values()) <= 0:  # the base gives the others no weight: the rest follows the status quo
        shares = {s: float(s == "status_quo") for s in others} if "status_quo" in others else dict.fromkeys(others, 1.0)
    other_total = sum(shares.values())
    pairs = [(a, b) for a in steps_pct for b in steps_pct if (a + b) / 100 <= 1.0 + 1e-9]
    mixtures = np.empty((len(pairs), len(SCENARIOS)))
    for row, (a, b) in enumerate(pairs):
        w = {vary[0]: a / 100, vary[1]: b / 100}
        w.update({s: (1.0 - (a + b) / 100) * shares[s] / other_total for s in others})
        mixtures[row] = [w[s] / n for s in SCENARIOS]
    n_years, cols = len(years), np.arange(len(years))
    total = counts[-1] @ mixtures.T  # (T+1, mixtures)
    target = np.asarray(qs, dtype=float)[:, None, None] / 100 * total  # (q, T+1, mixtures)
    # first sorted position whose cumulative weight reaches the target (binary search)
    lo = np.zeros(target.shape, dtype=np.int64)
    hi = np.full(target.shape, len(pooled) - 1, dtype=np.int64)
    while (lo < hi).any():
        mid = (lo + hi) // 2
        weight_at_mid = np.einsum("qtmk,mk->qtm", counts[mid, cols[None, :, None]], mixtures)
        reached = weight_at_mid >= target
        hi = np.where(reached, mid, hi)
        lo = np.where(reached, lo, mid + 1)
    values = sorted_vals[lo, cols[None, :, None]]  # (q, T+1, mixtures)
    rows = [{f"w_{vary[0]}_pct": a, f"w_{vary[1]}_pct": b, "year": int(years[j]),
             **{f"p{q:g}": float(values[i, j, m]) for i, q in enumerate(qs)}}
            for m, (a, b) in enumerate(pairs) for j in range(n_years)]
    return pd.DataFrame(rows)


#: What an organisation should measure, the lever each number moves, and the source to
#: check it against.
AUDIT_ITEMS = [
    ("Accelerators sold, made and installed, in H100-equivalents, by quarter",
     "us_compute_growth_per_year / china_compute_growth_per_year", "Epoch chip sales; Epoch GPU clusters; F029"),
    ("Share of new accelerators that are domestic chips", "domestic_share_of_additions", "F041, F044"),
    ("Yield and good-die output of domestic accelerators", "domestic_yield_start / domestic_yield_gain_per_year",
     "F042, F045"),
    ("Compute-equivalent efficiency of training recipes against the published frontier",
     "algorithmic_progress_per_year / algorithmic_lag_years", "F001, F015-F018"),
    ("Compute reachable by one training run across partners (pooled)", "china_pooling_gain",
     "Epoch GPU clusters (largest cluster vs fleet)"),
    ("Licensed H200-class shipments to China against the cap, and China's customs and purchase guidance",
     "china_compute_growth_per_year", "data/chip_policy.csv P01-P07; export_rules R07, R08, R12"),
    ("Power secured per planned cluster and its price", "us_cost_shock_prob_per_year / cost_shock_growth_loss",
     "F073-F080"),
]


def audit_checklist(sens: pd.DataFrame) -> pd.DataFrame:
    """Return the compute-audit checklist ranked by the sensitivity of the levers each item moves.

    Columns ``rank``, ``track``, ``levers``, ``sources``, ``swing`` (largest swing of the
    2030 median, x, among the item's levers).
    """
    swing = dict(zip(sens["lever"], sens["swing"]))
    rows = [{"track": track, "levers": lev, "sources": src,
             "swing": max(swing.get(name.strip(), 0.0) for name in lev.split("/"))}
            for track, lev, src in AUDIT_ITEMS]
    out = pd.DataFrame(rows).sort_values("swing", ascending=False, ignore_index=True)
    out.insert(0, "rank", range(1, len(out) + 1))
    return out

"""A vectorised Monte Carlo engine for the US/China effective-compute ratio.

Effective compute = hardware fleet x algorithmic efficiency. Each simulated path starts
from the measured US/China fleet ratio (Epoch's GPU clusters, as in the hardware chapter)
in ``base_year`` and steps one year at a time to ``end_year``:

* US fleet: grows ``us_growth_per_year`` (per-path draw around the lever).
* China's fleet: grows ``china_growth_per_year`` at today's domestic yield, times
  ``m_t = (1 - s) + s * y_t / y_0``: ``s`` is the domestic share of new compute and
  ``y_t`` the domestic chip yield, which rises by ``domestic_yield_gain_per_year`` up to
  ``YIELD_CAP``. The yield ramp scales the fleet's level (bounded by
  ``(1 - s) + s * YIELD_CAP / y_0``), not its growth rate: exact for a fleet made of
  recent additions, an overstatement of the ramp for an older one (a fleet growing g
  times a year holds a share 1 - 1/g of it from the last year: 0.44 at 1.8x).
* Algorithmic efficiency grows ``algorithmic_progress_per_year`` in both countries but
  reaches China ``algorithmic_lag_years`` later, a constant factor ``a ** lag`` on the
  ratio, until an *algorithmic shift* removes the lag.
* Events, each with a probability per year and each happening at most once (its first
  occurrence is drawn): export-control relaxation (China's fleet x (1 + e)), tightening
  (x (1 - e)), algorithmic shift, and cost shocks to either country (the country
  permanently loses ``cost_shock_growth_loss`` of one year's growth, in log terms).
* Pooling compute across a consortium multiplies China's usable compute by
  ``china_pooling_gain`` from the first projected year.
* Weighted scenarios: each path is assigned a named scenario with the given weights;
  the non-status-quo scenarios force their event in a year drawn uniformly from the
  first ``FORCED_WINDOW_YEARS`` projected years (in addition to the yearly odds).

Uncertain inputs drawn per path: each country's growth (lognormal), the starting
ratio (lognormal), the algorithmic halving time (lognormal, F001's interval) and the
starting domestic yield (uniform +/- 50%). Everything is numpy, vectorised over paths
and years, seeded: the same seed gives identical output.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace

import numpy as np
import pandas as pd

from gaplib.guards import divide, selection_of, source_of

SCENARIOS = ("status_quo", "hardware_relaxation", "algorithmic_shift", "cost_shock")
SCENARIO_LABELS = {
    "status_quo": "Status quo",
    "hardware_relaxation": "Hardware relaxation",
    "algorithmic_shift": "Algorithmic shift",
    "cost_shock": "US cost shock",
}
FORCED_WINDOW_YEARS = 5
BASE_YEAR, END_YEAR = 2025, 2035  # simulate's default horizon
CHUNK_PATHS = 16_384
YIELD_CAP = 0.7  # ~70% is the yield typical of commercial viability (F042)
#: log-sd of the algorithmic halving time: F001's 95% interval of 5-14 months around 8.
HALVING_LOG_SD = (np.log(14.0) - np.log(5.0)) / (2 * 1.96)


@dataclass(frozen=True)
class Levers:
    """The model's levers; names match the strategy chapter's parameters."""

    us_compute_growth_per_year: float = 4.5
    china_compute_growth_per_year: float = 4.5
    growth_uncertainty_log_sd: float = 0.0
    start_ratio_log_sd: float = 0.0
    algorithmic_progress_per_year: float = 2.8
    algorithmic_lag_years: float = 0.0
    domestic_share_of_additions: float = 0.0
    domestic_yield_start: float = 0.4
    domestic_yield_gain_per_year: float = 0.0
    china_pooling_gain: float = 1.0
    export_relaxation_prob_per_year: float = 0.0
    export_tightening_prob_per_year: float = 0.0
    export_event_fleet_effect: float = 0.0
    algorithmic_shift_prob_per_year: float = 0.0
    us_cost_shock_prob_per_year: float = 0.0
    china_cost_shock_prob_per_year: float = 0.0
    cost_shock_growth_loss: float = 0.0

    @classmethod
    def from_params(cls, params) -> Levers:
        """Return the levers named in a parameter object (e.g. the chapter's validated params)."""
        return cls(**{f.name: getattr(params, f.name) for f in fields(cls)})


def scenario_weights(weights: Mapping[str, float] | None) -> np.ndarray:
    """Return the weights of ``SCENARIOS`` as an array, checking that they are probabilities.

    ``None`` means status quo only. Raises ValueError naming the problem when a name is
    unknown, a weight is negative, or the weights do not sum to 1 (tolerance 1e-6).
    """
    if weights is None:
        return np.array([1.0, 0.0, 0.0, 0.0])
    unknown = set(weights) - set(SCENARIOS)
    if unknown:
        raise ValueError(f"unknown scenario(s) {sorted(unknown)}; scenarios are {', '.join(SCENARIOS)}")
    values = np.array([float(weights.get(name, 0.0)) for name in SCENARIOS])
    if np.any(values < 0) or not np.all(np.isfinite(values)):
        raise ValueError(f"scenario weights must be non-negative numbers, got {dict(weights)}")
    if abs(values.sum() - 1.0) > 1e-6:
        raise ValueError(f"scenario weights must sum to 1, got {values.sum():.6g} from {dict(weights)}")
    return values


def weights_from_params(params) -> dict[str, float]:
    """Return {scenario: weight} from parameters named ``weight_<scenario>``."""
    return {name: getattr(params, f"weight_{name}") for name in SCENARIOS}


@dataclass(frozen=True)
class Simulation:
    """Simulated paths: ``years`` (T+1,), ``ratio`` (paths, T+1) US/China effective compute,
    ``scenario`` (paths,) index into ``SCENARIOS``."""

    years: np.ndarray
    ratio: np.ndarray
    scenario: np.ndarray


def _first_event_year(u: np.ndarray, prob_per_year: float) -> np.ndarray:
    """Years until the first event (1, 2, ...) from uniforms ``u``; inf if the probability is 0."""
    if prob_per_year <= 0:
        return np.full(u.shape, np.inf)
    if prob_per_year >= 1:
        return np.ones(u.shape)
    return np.floor(np.log1p(-u) / np.log1p(-prob_per_year)) + 1.0


def simulate(levers: Levers, *, start_fleet_ratio: float, base_year: int = BASE_YEAR, end_year: int = END_YEAR,
             n_paths: int = 100_000, seed: int = 0, weights: Mapping[str, float] | None = None) -> Simulation:
    """Simulate ``n_paths`` yearly paths of the US/China effective-compute ratio.

    ``start_fleet_ratio`` is the measured US/China hardware ratio in ``base_year``
    (H100-equivalents). Returns a ``Simulation`` whose ``ratio`` has one column per year
    from ``base_year`` to ``end_year``; the first column is the starting effective ratio
    (fleet ratio x algorithmic lag factor, with the starting-ratio uncertainty).
    """
    if start_fleet_ratio <= 0:
        raise ValueError(f"start_fleet_ratio must be positive, got {start_fleet_ratio}")
    if end_year <= base_year:
        raise ValueError(f"end_year ({end_year}) must be after base_year ({base_year})")
    if n_paths < 1:
        raise ValueError(f"n_paths must be at least 1, got {n_paths}")
    w = scenario_weights(weights)
    lv = levers
    n, horizon = int(n_paths), end_year - base_year
    rng = np.random.default_rng(seed)
    z = rng.standard_normal((4, n))
    u = rng.random((10, n))
    scenario = np.minimum(np.searchsorted(np.cumsum(w), u[0], side="right"), len(SCENARIOS) - 1)
    forced_year = 1.0 + np.floor(u[1] * min(FORCED_WINDOW_YEARS, horizon))

    log_g_us = np.log(lv.us_compute_growth_per_year) + lv.growth_uncertainty_log_sd * z[0]
    g_cn = lv.china_compute_growth_per_year * np.exp(lv.growth_uncertainty_log_sd * z[1])
    log_a = np.log(lv.algorithmic_progress_per_year) * np.exp(-HALVING_LOG_SD * z[3])
    lag_log = lv.algorithmic_lag_years * log_a
    log_start = np.log(start_fleet_ratio) + lv.start_ratio_log_sd * z[2]

    relax = _first_event_year(u[2], lv.export_relaxation_prob_per_year)
    tight = _first_event_year(u[3], lv.export_tightening_prob_per_year)
    shift = _first_event_year(u[4], lv.algorithmic_shift_prob_per_year)
    us_shock = _first_event_year(u[5], lv.us_cost_shock_prob_per_year)
    cn_shock = _first_event_year(u[6], lv.china_cost_shock_prob_per_year)
    relax = np.where(scenario == 1, np.minimum(relax, forced_year), relax)
    shift = np.where(scenario == 2, np.minimum(shift, forced_year), shift)
    us_shock = np.where(scenario == 3, np.minimum(us_shock, forced_year), us_shock)

    t = np.arange(1, horizon + 1, dtype=float)
    loss = lv.cost_shock_growth_loss
    s = lv.domestic_share_of_additions
    ramp = s > 0 and lv.domestic_yield_gain_per_year > 0
    y0 = lv.domestic_yield_start * (0.5 + u[7])
    e = lv.export_event_fleet_effect
    log_relax, log_tight = np.log1p(e), np.log1p(-min(e, 1 - 1e-12))
    level = log_start - np.log(lv.china_pooling_gain) + lag_log
    diff = log_g_us - np.log(g_cn)
    out = np.empty((n, horizon + 1))
    out[:, 0] = log_start + lag_log
    for lo in range(0, n, CHUNK_PATHS):  # chunks keep the (paths x years) work in cache
        sl = slice(lo, min(lo + CHUNK_PATHS, n))
        block = np.multiply.outer(diff[sl], t)  # growth: trend difference
        block += level[sl, None]
        if loss > 0:  # a cost shock permanently removes part of one year's growth
            block -= (t >= us_shock[sl, None]) * (loss * log_g_us[sl])[:, None]
            block += (t >= cn_shock[sl, None]) * (loss * np.log(g_cn[sl]))[:, None]
        if ramp:  # domestic yield ramp scales China's fleet by m_t
            yield_t = np.minimum(np.add.outer(y0[sl], lv.domestic_yield_gain_per_year * t),
                                 np.maximum(YIELD_CAP, y0[sl])[:, None])
            block -= np.log((1.0 - s) + (s * yield_t) / y0[sl, None])
        if e > 0:
            block -= (t >= relax[sl, None]) * log_relax
            block -= (t >= tight[sl, None]) * log_tight
        block -= (t >= shift[sl, None]) * lag_log[sl, None]
        out[sl, 1:] = block
    np.exp(out, out=out)
    return Simulation(np.arange(base_year, end_year + 1), out, scenario)


# ---------------------------------------------------------------- summaries

def percentiles(sim: Simulation, qs: tuple[float, ...] = (10, 25, 50, 75, 90)) -> pd.DataFrame:
    """Return per-year percentiles of the ratio: columns ``year`` and ``p10``, ``p25``, ... (x)."""
    values = np.percentile(sim.ratio, qs, axis=0)
    out = pd.DataFrame({"year": sim.years})
    for q, row in zip(qs, values):
        out[f"p{q:g}"] = row
    return out


def ratio_at(sim: Simulation, year: int, q: float) -> float:
    """Return the ``q``-th percentile (0-100) of the ratio in ``year``."""
    return float(np.percentile(sim.ratio[:, _column(sim, year)], q))


def _column(sim: Simulation, year: int) -> int:
    idx = np.flatnonzero(sim.years == year)
    if not len(idx):
        raise ValueError(f"year {year} is outside the simulation ({sim.years[0]}-{sim.years[-1]})")
    return int(idx[0])


def prob_below(sim: Simulation, threshold: float, by_year: int) -> float:
    """Return the share of paths whose ratio falls below ``threshold`` in any year up to ``by_year``."""
    col = _column(sim, by_year)
    return float(np.mean(sim.ratio[:, 1:col + 1].min(axis=1) < threshold)) if col > 0 else float(
        np.mean(sim.ratio[:, 0] < threshold))


def scenario_summary(sim: Simulation, year: int, threshold: float = 2.0) -> pd.DataFrame:
    """Return per scenario: ``scenario`` (label), ``share_of_paths``, ``median_ratio`` in ``year``,
    ``prob_below`` (share of its paths below ``threshold`` by ``year``)."""
    col = _column(sim, year)
    rows = []
    for i, name in enumerate(SCENARIOS):
        mask = sim.scenario == i
        if not mask.any():
            continue
        sub = sim.ratio[mask]
        rows.append({"scenario": SCENARIO_LABELS[name], "share_of_paths": float(mask.mean()),
                     "median_ratio": float(np.median(sub[:, col])),
                     "prob_below": float(np.mean(sub[:, 1:col + 1].min(axis=1) < threshold))})
    return pd.DataFrame(rows)


def algorithmic_lag_multiplier(progress_per_year: float, lag_years: float) -> float:
    """Return the factor an algorithmic lag puts on the US/China compute ratio (x).

    Efficiency grows ``progress_per_year`` (x/year) in both countries and reaches China
    ``lag_years`` later, so China's effective compute is ``progress_per_year ** lag_years``
    times smaller: an assumption layered on the measured fleet ratio, not part of it.
    """
    if progress_per_year < 1:
        raise ValueError(f"algorithmic progress must be at least 1x/year, got {progress_per_year}")
    if lag_years < 0:
        raise ValueError(f"an algorithmic lag cannot be negative, got {lag_years} years")
    return float(progress_per_year ** lag_years)


def fleet_only(levers: Levers) -> Levers:
    """Return ``levers`` without the algorithmic lag: simulated, they give the hardware ratio alone.

    Every other lever and (with the same seed) every random draw stays, so the difference
    between the two simulations is the lag's multiplier and the algorithmic-shift events.
    """
    return replace(levers, algorithmic_lag_years=0.0)


#: Low and high values of each lever for the sensitivity chart, with their basis. The growth
#: ranges here are the frontier training-run trend; the strategy chapter replaces them with the
#: 95% intervals of the measured fleet growth (:func:`with_growth_ranges`).
SENSITIVITY_RANGES: dict[str, tuple[float, float, str]] = {
    "us_compute_growth_per_year": (4.0, 5.0, "F003: 4-5x/year"),
    "china_compute_growth_per_year": (4.0, 5.0, "F003: 4-5x/year"),
    "algorithmic_progress_per_year": (2 ** (12 / 14), 2 ** (12 / 5), "F001: halving 5-14 months"),
    "algorithmic_lag_years": (0.0, 1.5, "F015-F017, F026"),
    "domestic_share_of_additions": (0.6, 0.75, "F044"),
    "domestic_yield_start": (0.2, 0.6, "F042"),
    "domestic_yield_gain_per_year": (0.0, 0.1, "F042"),
    "china_pooling_gain": (1.0, 2.0, "judgement"),
    "export_relaxation_prob_per_year": (0.0, 0.4, "judgement"),
    "export_tightening_prob_per_year": (0.0, 0.4, "judgement"),
    "export_event_fleet_effect": (0.2, 0.3, "F044"),
    "algorithmic_shift_prob_per_year": (0.0, 0.2, "judgement"),
    "us_cost_shock_prob_per_year": (0.0, 0.3, "judgement"),
    "china_cost_shock_prob_per_year": (0.0, 0.3, "judgement"),
    "cost_shock_growth_loss": (0.25, 0.75, "judgement"),
}


def with_growth_ranges(us, china, ranges: Mapping[str, tuple] | None = None) -> dict[str, tuple]:
    """Return sensitivity ranges whose growth levers span the measured fleet-growth intervals.

    ``us`` and ``china`` are :class:`gaplib.compute.FleetGrowth` fits (``low``, ``high`` in
    x/year, ``level``, ``first_year``, ``last_year``); the other levers keep ``ranges``
    (default :data:`SENSITIVITY_RANGES`).
    """
    out = dict(SENSITIVITY_RANGES if ranges is None else ranges)
    for lever, fit in (("us_compute_growth_per_year", us), ("china_compute_growth_per_year", china)):
        out[lever] = (fit.low, fit.high, f"{fit.country} documented fleet {fit.first_year}-{fit.last_year}, "
                                          f"{100 * fit.level:.0f}% interval")
    return out


def growth_against_levers(fits, levers: Levers) -> pd.DataFrame:
    """Return each measured fleet growth beside the growth lever it informs.

    ``fits`` are :class:`gaplib.compute.FleetGrowth` for the US and China. Columns
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


def weight_grid(levers: Levers, *, vary: tuple[str, str] = ("hardware_relaxation", "algorithmic_shift"),
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
    ("Installed and contracted accelerators, in H100-equivalents, by quarter",
     "us_compute_growth_per_year / china_compute_growth_per_year", "Epoch GPU clusters; F029"),
    ("Share of new accelerators that are domestic chips", "domestic_share_of_additions", "F041, F044"),
    ("Yield and good-die output of domestic accelerators", "domestic_yield_start / domestic_yield_gain_per_year",
     "F042, F045"),
    ("Compute-equivalent efficiency of training recipes against the published frontier",
     "algorithmic_progress_per_year / algorithmic_lag_years", "F001, F015-F018"),
    ("Compute reachable by one training run across partners (pooled)", "china_pooling_gain",
     "Epoch GPU clusters (largest cluster vs fleet)"),
    ("Exposure to export-control changes: share of fleet in controlled or licensed chips",
     "export_relaxation_prob_per_year / export_tightening_prob_per_year / export_event_fleet_effect",
     "data/export_rules.csv; F063, F070, F071"),
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


def pooling_ceiling(clusters: pd.DataFrame, country: str) -> float:
    """Return a country's documented fleet over its largest documented cluster (x).

    The most a consortium pooling every documented cluster could multiply the compute of
    one effort by (ignoring losses from distance). ``clusters`` is a ``gaplib.data`` GPU
    cluster frame with a ``countries`` tuple per row; a joint cluster counts for each country.
    """
    mine = clusters[clusters["countries"].map(lambda c: country in c)]["h100_equivalents"].dropna()
    largest = mine.max() if len(mine) else 0.0
    return divide(mine.sum(), largest, source=source_of(clusters, "epoch_gpu_clusters"),
                  denominator_is=(f"the largest {country} cluster's H100-equivalents among "
                                  f"{selection_of(clusters, 'the clusters given')}"),
                  result=f"{country}'s pooling ceiling")

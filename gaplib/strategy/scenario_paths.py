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
  occurrence is drawn): algorithmic shift, and cost shocks to either country (the country
  permanently loses ``cost_shock_growth_loss`` of one year's growth, in log terms). Export
  policy is not an event here: the strategy chapter's scenario sets carry it in each
  country's growth (:mod:`gaplib.strategy.supply_growth`), sized to the rules.
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

import functools
from collections.abc import Mapping
from dataclasses import dataclass, fields

import numpy as np

SCENARIOS = ("status_quo", "algorithmic_shift", "cost_shock")
SCENARIO_LABELS = {
    "status_quo": "Status quo",
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
    algorithmic_shift_prob_per_year: float = 0.0
    us_cost_shock_prob_per_year: float = 0.0
    china_cost_shock_prob_per_year: float = 0.0
    cost_shock_growth_loss: float = 0.0

    @classmethod
    def from_params(cls, params) -> Levers:
        """Return the levers named in a parameter object (e.g. the chapter's validated params).

        A lever the object does not name keeps its default here (the chapter computes the
        growth spread from the supply fit instead of taking it as a parameter).
        """
        return cls(**{f.name: getattr(params, f.name) for f in fields(cls) if hasattr(params, f.name)})


def scenario_weights(weights: Mapping[str, float] | None) -> np.ndarray:
    """Return the weights of ``SCENARIOS`` as an array, checking that they are probabilities.

    ``None`` means status quo only. Raises ValueError naming the problem when a name is
    unknown, a weight is negative, or the weights do not sum to 1 (tolerance 1e-6).
    """
    if weights is None:
        return np.eye(len(SCENARIOS))[0]
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


#: Draws of up to this many paths are kept for the next call (22 MB at the chapter's 200,000).
KEPT_DRAWS_MAX_PATHS = 250_000


def _draws(seed: int, n_paths: int) -> tuple[np.ndarray, np.ndarray]:
    """Return a seed's per-path draws: standard normals (4, n_paths) and uniforms (10, n_paths), read-only.

    The last ones (up to KEPT_DRAWS_MAX_PATHS paths) are kept for the next call with the
    same seed and size: the sensitivity and the weight grid simulate dozens of times on
    the same draws (common random numbers), a fifth of each call's time when drawn again.
    """
    return _kept_draws(seed, n_paths) if n_paths <= KEPT_DRAWS_MAX_PATHS else _new_draws(seed, n_paths)


def _new_draws(seed: int, n_paths: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    z = rng.standard_normal((4, n_paths))
    u = rng.random((10, n_paths))
    z.flags.writeable = u.flags.writeable = False
    return z, u


_kept_draws = functools.lru_cache(maxsize=1)(_new_draws)


def _first_event_year(u: np.ndarray, prob_per_year: float) -> np.ndarray:
    """Years until the first event (1, 2, ...) from uniforms ``u``; inf if the probability is 0."""
    if prob_per_year <= 0:
        return np.full(u.shape, np.inf)
    if prob_per_year >= 1:
        return np.ones(u.shape)
    return np.floor(np.log1p(-u) / np.log1p(-prob_per_year)) + 1.0


def simulate(levers: Levers, *, start_fleet_ratio: float, base_year: int = BASE_YEAR, end_year: int = END_YEAR,
             n_paths: int = 100_000, seed: int = 0, weights: Mapping[str, float] | None = None,
             us_growth_cap_per_year: float | None = None) -> Simulation:
    """Simulate ``n_paths`` yearly paths of the US/China effective-compute ratio.

    ``start_fleet_ratio`` is the measured US/China hardware ratio in ``base_year``
    (H100-equivalents). Returns a ``Simulation`` whose ``ratio`` has one column per year
    from ``base_year`` to ``end_year``; the first column is the starting effective ratio
    (fleet ratio x algorithmic lag factor, with the starting-ratio uncertainty).
    ``us_growth_cap_per_year`` caps every path's US growth draw (the capex and power ceiling).
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
    z, u = _draws(seed, n)
    scenario = np.minimum(np.searchsorted(np.cumsum(w), u[0], side="right"), len(SCENARIOS) - 1)
    forced_year = 1.0 + np.floor(u[1] * min(FORCED_WINDOW_YEARS, horizon))

    log_g_us = np.log(lv.us_compute_growth_per_year) + lv.growth_uncertainty_log_sd * z[0]
    if us_growth_cap_per_year is not None:
        log_g_us = np.minimum(log_g_us, np.log(us_growth_cap_per_year))
    g_cn = lv.china_compute_growth_per_year * np.exp(lv.growth_uncertainty_log_sd * z[1])
    log_a = np.log(lv.algorithmic_progress_per_year) * np.exp(-HALVING_LOG_SD * z[3])
    lag_log = lv.algorithmic_lag_years * log_a
    log_start = np.log(start_fleet_ratio) + lv.start_ratio_log_sd * z[2]

    # u[2] and u[3] drew the export events of an earlier version; they stay drawn so that
    # the other draws of a seed are unchanged.
    shift = _first_event_year(u[4], lv.algorithmic_shift_prob_per_year)
    us_shock = _first_event_year(u[5], lv.us_cost_shock_prob_per_year)
    cn_shock = _first_event_year(u[6], lv.china_cost_shock_prob_per_year)
    shift = np.where(scenario == SCENARIOS.index("algorithmic_shift"), np.minimum(shift, forced_year), shift)
    us_shock = np.where(scenario == SCENARIOS.index("cost_shock"), np.minimum(us_shock, forced_year), us_shock)

    t = np.arange(1, horizon + 1, dtype=float)
    loss = lv.cost_shock_growth_loss
    s = lv.domestic_share_of_additions
    ramp = s > 0 and lv.domestic_yield_gain_per_year > 0
    y0 = lv.domestic_yield_start * (0.5 + u[7])
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
        block -= (t >= shift[sl, None]) * lag_log[sl, None]
        out[sl, 1:] = block
    np.exp(out, out=out)
    return Simulation(np.arange(base_year, end_year + 1), out, scenario)


def ratio_at(sim: Simulation, year: int, q: float) -> float:
    """Return the ``q``-th percentile (0-100) of the ratio in ``year``."""
    return float(np.percentile(sim.ratio[:, year_column(sim, year)], q))


def year_column(sim: Simulation, year: int) -> int:
    """Return the index of ``year`` in ``sim.years``; ValueError when it is outside the simulation."""
    idx = np.flatnonzero(sim.years == year)
    if not len(idx):
        raise ValueError(f"year {year} is outside the simulation ({sim.years[0]}-{sim.years[-1]})")
    return int(idx[0])

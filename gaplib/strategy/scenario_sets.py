"""The strategy chapter's main model: the scenario engine run once per supply-side scenario set.

Each named set of :data:`gaplib.strategy.supply_growth.SCENARIO_SETS` gives each country's
stock growth (x/year) from the supply side; :func:`gaplib.strategy.supply_growth.anchored`
moves them to the chapter's growth levers; each set is then simulated by
:func:`gaplib.strategy.scenario_paths.simulate` on the same seed, with

* the per-path spread of growth from the US additions' fit (the predictive sd of the
  average growth to the first reported year, not one year's and not the fit's standard error),
* the US growth of every path capped by what capex and power buy (the ceiling's stock growth),
* the domestic yield ramp off: the sets' domestic ramp is already output, yield included.

Ratios are US/China effective compute (x).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

import numpy as np
import pandas as pd

from gaplib.strategy.scenario_paths import Levers, Simulation, simulate
from gaplib.strategy.supply_growth import SCENARIO_SETS, SET_LABELS, anchored, set_growth


def ceiling_stock_growth(settings: Mapping[str, float]) -> float:
    """Return the US stock's average growth (x/year) if every projected year adds the ceiling.

    ``settings`` as for :func:`gaplib.strategy.supply_growth.set_growth` (``us_stock``,
    ``ceiling``, ``ceiling_growth``, ``years``).
    """
    years = int(settings["years"])
    if years < 1 or not settings["us_stock"] > 0:
        raise ValueError("the ceiling's growth needs a positive US stock and at least one projected year")
    adds = settings["ceiling"] * settings["ceiling_growth"] ** np.arange(years)
    return float(((settings["us_stock"] + adds.sum()) / settings["us_stock"]) ** (1.0 / years))


def set_growths(settings: Mapping[str, float]) -> pd.DataFrame:
    """Return each set's supply-side growth: ``set`` (key), ``scenario_set`` (label), ``us_growth``,
    ``china_growth`` (x/year) and ``us_capped_from`` (first year at the ceiling, 0 when never)."""
    rows = [{"set": name, "scenario_set": SET_LABELS[name], **set_growth(settings, spec["imports"], spec["ramp"])}
            for name, spec in SCENARIO_SETS.items()]
    return pd.DataFrame(rows)


def simulate_sets(levers: Levers, growths: pd.DataFrame, *, us_growth: float, china_growth: float,
                  growth_log_sd: float, us_growth_cap: float, start_ratio: float, **sim_kwargs
                  ) -> tuple[dict[str, Simulation], pd.DataFrame]:
    """Simulate every set and return ({label: Simulation}, the growths anchored to the levers).

    ``levers`` holds the chapter's other levers; ``us_growth`` and ``china_growth`` are the
    growth levers (x/year; at their supply-side defaults the sets keep their own growths);
    ``growth_log_sd`` the per-path spread (ln units); ``us_growth_cap`` the ceiling's stock
    growth (x/year), raised to ``us_growth`` when a reader sets the lever above it;
    ``start_ratio`` the supply-side ratio in the base year. ``sim_kwargs`` go to ``simulate``
    (``base_year``, ``end_year``, ``n_paths``, ``seed``, ``weights``).
    """
    table = anchored(growths, us_growth, china_growth)
    base = replace(levers, growth_uncertainty_log_sd=growth_log_sd, domestic_yield_gain_per_year=0.0)
    sims = {}
    for row in table.itertuples():
        lv = replace(base, us_compute_growth_per_year=row.us_lever_growth,
                     china_compute_growth_per_year=row.china_lever_growth)
        sims[row.scenario_set] = simulate(lv, start_fleet_ratio=start_ratio,
                                          us_growth_cap_per_year=max(us_growth_cap, row.us_lever_growth), **sim_kwargs)
    return sims, table


def pooled(sims: Mapping[str, Simulation]) -> Simulation:
    """Return the sets' paths pooled with equal weight (equal numbers of paths per set)."""
    if not sims:
        raise ValueError("no scenario sets to pool")
    first = next(iter(sims.values()))
    if any(s.ratio.shape != first.ratio.shape for s in sims.values()):
        raise ValueError("pooling with equal weight needs the same paths and years in every set")
    return Simulation(first.years, np.concatenate([s.ratio for s in sims.values()]),
                      np.concatenate([s.scenario for s in sims.values()]))

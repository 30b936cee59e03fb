"""Fleet growth from the supply side, a capex and power ceiling, and named scenario sets.

Each country's fleet grows by what it can obtain each year (chips added), not by the trend
of one documented-cluster series:

* the US adds NVIDIA chips at the growth of its yearly additions (Epoch's chip sales, a
  log-linear fit with a t-based prediction interval), up to a ceiling of what capex and
  power buy each year;
* China adds domestic chips on a ramp (low/high from published estimates) plus NVIDIA
  chips: a yearly floor while controls hold (the run rate after the H20 episode of 2025 and
  China's own curbs on buying NVIDIA chips), or, from the first year China's customs let them
  in, a share of the January 2026 rule's cap (H200-class exports up to 50% of US volumes).

A scenario set turns into the scenario engine's growth levers (x/year over the projection,
the growth of the cumulative stock) through :func:`stock_growth`. Units: H100e, H100e per
year, USD, GW.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from gaplib.guards import EmptySelectionError


@dataclass(frozen=True)
class GrowthFit:
    """Log-linear growth of yearly additions: ``growth_per_year`` (x/year), ``low``/``high`` of the
    ``level`` prediction interval for one year's growth, ``predictive_log_sd`` (sd of ln growth,
    scaled so a normal draw has the t interval's width), ``df``, the fitted ``years``, the
    slope's standard error ``slope_se`` and the residual sd ``resid_sd`` (both in ln units)."""

    growth_per_year: float
    low: float
    high: float
    predictive_log_sd: float
    df: int
    level: float
    first_year: int
    last_year: int
    slope_se: float = 0.0
    resid_sd: float = 0.0

    def average_growth_log_sd(self, years: int) -> float:
        """Return the predictive sd of ln of the average growth over ``years`` years (ln units).

        The average of ``years`` yearly growths is the slope plus the difference of two
        residuals divided by ``years``: ``sqrt(se_b^2 + 2 s^2 / years^2)``, scaled like
        ``predictive_log_sd`` so a normal draw has the t interval's width. One year gives
        ``predictive_log_sd``; a decade, little more than the slope's own uncertainty.
        """
        if years < 1:
            raise ValueError(f"an average growth needs at least one year, got {years}")
        sd = float(np.sqrt(self.slope_se ** 2 + 2 * self.resid_sd ** 2 / years ** 2))
        return sd * float(stats.t.ppf(0.5 + self.level / 2, self.df) / stats.norm.ppf(0.5 + self.level / 2))


def yearly_additions(cumulative: pd.Series) -> pd.Series:
    """Return additions per calendar year from a cumulative series indexed by year-end dates (H100e/year).

    The first year's addition is its cumulative value (the series starts from zero).
    """
    ye = cumulative[cumulative.index.month == 12].sort_index()
    if ye.empty:
        raise EmptySelectionError("no year-end values in the cumulative series")
    out = ye.diff()
    out.iloc[0] = ye.iloc[0]
    out.index = ye.index.year
    return out


def growth_fit(additions: pd.Series, level: float = 0.8) -> GrowthFit:
    """Fit ln(additions) on year and return the growth with a t-based prediction interval.

    The interval is for the growth of one future year (the slope's standard error and the
    residual scatter of a year both count): ``exp(b +- t * sqrt(se_b^2 + 2 s^2))``, where a
    year-on-year change carries two years' residuals. Needs at least 3 positive years.
    """
    a = additions[additions > 0]
    if len(a) < 3:
        raise EmptySelectionError(f"a growth fit with an interval needs 3 positive years, got {len(a)}")
    x, y = np.asarray(a.index, dtype=float), np.log(a.to_numpy(dtype=float))
    fit = stats.linregress(x, y)
    df = len(a) - 2
    resid = y - (fit.intercept + fit.slope * x)
    s2 = float(resid @ resid / df)
    sd = float(np.sqrt(fit.stderr ** 2 + 2 * s2))
    t = float(stats.t.ppf(0.5 + level / 2, df))
    z = float(stats.norm.ppf(0.5 + level / 2))
    return GrowthFit(float(np.exp(fit.slope)), float(np.exp(fit.slope - t * sd)), float(np.exp(fit.slope + t * sd)),
                     sd * t / z, df, level, int(x[0]), int(x[-1]), float(fit.stderr), float(np.sqrt(s2)))


def ceiling_additions(capex_usd: float, accelerator_share: float, usd_per_h100e: float,
                      power_added_gw: float, h100e_per_mw: float) -> dict[str, float]:
    """Return the H100e a year that capex and power can add, and which binds.

    Keys ``capex_h100e`` (capex x share spent on accelerators / USD per H100e),
    ``power_h100e`` (GW added x 1,000 x H100e per MW), ``ceiling_h100e`` (the smaller) and
    ``binding`` ("capex" or "power").
    """
    for name, v in (("capex_usd", capex_usd), ("usd_per_h100e", usd_per_h100e), ("power_added_gw", power_added_gw),
                    ("h100e_per_mw", h100e_per_mw)):
        if not v > 0:
            raise ValueError(f"{name} must be positive, got {v}")
    if not 0 < accelerator_share <= 1:
        raise ValueError(f"accelerator_share must be in (0, 1], got {accelerator_share}")
    capex = capex_usd * accelerator_share / usd_per_h100e
    power = power_added_gw * 1000.0 * h100e_per_mw
    return {"capex_h100e": capex, "power_h100e": power, "ceiling_h100e": min(capex, power),
            "binding": "capex" if capex <= power else "power"}


def stock_path(start_stock: float, first_additions: float, growth: float, years: int,
               ceiling: float | None = None, ceiling_growth: float = 1.0) -> np.ndarray:
    """Return the cumulative stock at the end of each of ``years`` projected years (H100e).

    Additions start at ``first_additions`` x ``growth`` and grow ``growth`` a year; with a
    ``ceiling`` (H100e a year in the first projected year, growing ``ceiling_growth``)
    each year's additions are at most the ceiling.
    """
    t = np.arange(1, years + 1, dtype=float)
    adds = first_additions * growth ** t
    if ceiling is not None:
        adds = np.minimum(adds, ceiling * ceiling_growth ** (t - 1))
    return start_stock + np.cumsum(adds)


def stock_growth(start_stock: float, path: np.ndarray) -> float:
    """Return the stock's average growth over the path, x/year: (end / start) ** (1 / years)."""
    if start_stock <= 0 or len(path) == 0:
        raise ValueError("the stock growth needs a positive start and at least one year")
    return float((path[-1] / start_stock) ** (1.0 / len(path)))


def first_capped_year(first_additions: float, growth: float, years: int, ceiling: float,
                      ceiling_growth: float, base_year: int) -> int | None:
    """Return the first projected year whose uncapped additions exceed the ceiling, or None."""
    t = np.arange(1, years + 1, dtype=float)
    over = first_additions * growth ** t > ceiling * ceiling_growth ** (t - 1)
    return int(base_year + t[over][0]) if over.any() else None


#: Named scenario sets: China's NVIDIA imports and its domestic ramp. ``imports``: "floor" (a
#: yearly floor, controls hold) or "cap" (a share ``uptake`` of the January 2026 rule's cap of
#: 50% of US volumes, from the year China lets them in); ``ramp``: "low" or "high" domestic growth.
SCENARIO_SETS: dict[str, dict[str, str]] = {
    "controls_hold_ramp_low": {"imports": "floor", "ramp": "low"},
    "controls_hold_ramp_high": {"imports": "floor", "ramp": "high"},
    "h200_cap_ramp_low": {"imports": "cap", "ramp": "low"},
    "h200_cap_ramp_high": {"imports": "cap", "ramp": "high"},
}
SET_LABELS = {
    "controls_hold_ramp_low": "Controls hold, domestic ramp low",
    "controls_hold_ramp_high": "Controls hold, domestic ramp high",
    "h200_cap_ramp_low": "H200 exports at the rule's cap, ramp low",
    "h200_cap_ramp_high": "H200 exports at the rule's cap, ramp high",
}


def china_path(start_stock: float, domestic_additions: float, ramp: float, nvidia_floor: float,
               us_additions: np.ndarray, imports: str, cap_share: float, uptake: float,
               ramp_years: int | None = None, cap_from: int = 1) -> np.ndarray:
    """Return China's cumulative stock per projected year (H100e) for one scenario set.

    Domestic additions start at ``domestic_additions`` x ``ramp`` and grow ``ramp`` a year
    for ``ramp_years`` (all years when None), then stay flat;
    NVIDIA additions are ``nvidia_floor`` a year ("floor"), or ("cap") the floor until
    projected year ``cap_from`` (1 = the first) and from then ``uptake`` x ``cap_share`` x
    the US's additions that year (the January 2026 rule caps China's volumes at half of US
    volumes; China's own curbs on buying NVIDIA chips set how much of it is taken up).
    """
    if imports not in ("floor", "cap"):
        raise ValueError(f"imports must be 'floor' or 'cap', got {imports!r}")
    if cap_from < 1:
        raise ValueError(f"cap_from counts projected years from 1, got {cap_from}")
    t = np.arange(1, len(us_additions) + 1, dtype=float)
    domestic = domestic_additions * ramp ** (t if ramp_years is None else np.minimum(t, ramp_years))
    nvidia = np.full(len(t), float(nvidia_floor))
    if imports == "cap":
        nvidia = np.where(t >= cap_from, uptake * cap_share * us_additions, nvidia)
    return start_stock + np.cumsum(domestic + nvidia)


def set_growth(settings: Mapping[str, float], imports: str, ramp: str) -> dict[str, float]:
    """Return the stock growth of each country (x/year) and the US ceiling year for one scenario set.

    ``settings`` holds ``years``, ``base_year``, ``us_stock``, ``us_additions``,
    ``us_growth``, ``ceiling``, ``ceiling_growth``, ``china_stock``, ``china_domestic``,
    ``ramp_low``, ``ramp_high``, ``china_nvidia_floor``, ``cap_share``, ``uptake`` and optionally
    ``ramp_years`` and ``cap_from_year`` (the first calendar year of H200-class imports under the cap).
    Keys ``us_growth``, ``china_growth``, ``us_capped_from`` (year, or 0 when never).
    """
    s = settings
    years = int(s["years"])
    us = stock_path(s["us_stock"], s["us_additions"], s["us_growth"], years, s["ceiling"], s["ceiling_growth"])
    us_adds = np.diff(np.concatenate([[s["us_stock"]], us]))
    cn = china_path(s["china_stock"], s["china_domestic"], s[f"ramp_{ramp}"], s["china_nvidia_floor"], us_adds,
                    imports, s["cap_share"], s["uptake"], s.get("ramp_years"),
                    max(1, int(s.get("cap_from_year", s["base_year"] + 1)) - int(s["base_year"])))
    capped = first_capped_year(s["us_additions"], s["us_growth"], years, s["ceiling"], s["ceiling_growth"],
                               int(s["base_year"]))
    return {"us_growth": stock_growth(s["us_stock"], us), "china_growth": stock_growth(s["china_stock"], cn),
            "us_capped_from": capped or 0}


def us_additions_in(settings: Mapping[str, float], year: int) -> float:
    """Return the US's additions (H100e) in calendar ``year`` on the capped path of ``settings``.

    ``settings`` as for :func:`set_growth`; ``year`` must be a projected year.
    """
    s = settings
    years, base = int(s["years"]), int(s["base_year"])
    if not base < year <= base + years:
        raise ValueError(f"{year} is not a projected year ({base + 1}-{base + years})")
    us = stock_path(s["us_stock"], s["us_additions"], s["us_growth"], years, s["ceiling"], s["ceiling_growth"])
    return float(np.diff(np.concatenate([[s["us_stock"]], us]))[year - base - 1])


def central_growth(growths) -> float:
    """Return the geometric mean of growth factors (x/year): the centre of the scenario sets' growths."""
    g = np.asarray(list(growths), dtype=float)
    if not len(g) or np.any(g <= 0):
        raise ValueError("a central growth needs positive growth factors")
    return float(np.exp(np.log(g).mean()))


def anchored(set_growths: pd.DataFrame, us_growth: float, china_growth: float) -> pd.DataFrame:
    """Return the sets' growths moved to the chapter's growth levers (x/year).

    ``set_growths`` has ``us_growth`` and ``china_growth`` per set (from :func:`set_growth`).
    Every set takes ``us_growth`` for the US (the sets differ in China's supply only), and
    China's growth is scaled so the sets' central growth (:func:`central_growth`) equals
    ``china_growth``: with the levers at their defaults, which follow the supply side,
    nothing moves; a reader's other value shifts every set and keeps their spread.
    Adds columns ``us_lever_growth`` and ``china_lever_growth``.
    """
    if not us_growth > 0 or not china_growth > 0:
        raise ValueError(f"growth levers must be positive, got {us_growth} and {china_growth}")
    scale = china_growth / central_growth(set_growths["china_growth"])
    return set_growths.assign(us_lever_growth=us_growth, china_lever_growth=set_growths["china_growth"] * scale)

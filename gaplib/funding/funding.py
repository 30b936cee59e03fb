"""Money into AI, US vs China: private investment, capital expenditure and IPO proceeds.

Pure functions over the frames of ``gaplib.data`` (OWID/CSET private investment, the
curated ``funding_events`` table and the sourced facts). Amounts are in US dollars
(``_usd``). What the money buys in compute is :mod:`gaplib.funding.compute_spend`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
import statsmodels.api as sm

from gaplib.data import normalise_countries
from gaplib.guards import EmptySelectionError, divide, require_rows, source_of

#: Multi-year totals in funding_events that the capex series spreads evenly over years.
#: E18: Alibaba's RMB 380bn plan covers three fiscal years (FY2026-FY2028).
MULTI_YEAR_EVENTS = {"E18": 3}

#: The AI Index figures for private investment (facts.csv ids, Stanford HAI AI Index 2025).
AI_INDEX_FACTS = {"US": "F049", "China": "F050"}
AI_INDEX_YEAR = 2024


# ---------------------------------------------------------------- private investment

def private_investment(owid: pd.DataFrame) -> pd.DataFrame:
    """Return US and China private AI investment per year from the OWID/CSET frame.

    Columns ``year``, ``country`` ("US"/"China"), ``investment_usd`` (the measured value,
    else the projection) and ``projected`` (True where only a projection exists, i.e. 2025).
    Aggregates such as "World" or "North America" are dropped by normalising the
    ``entity`` column and keeping exactly the two countries.
    """
    countries = owid["entity"].map(normalise_countries)
    keep = countries.map(lambda c: len(c) == 1 and c[0] in ("US", "China"))
    frame = owid[keep].assign(country=countries[keep].map(lambda c: c[0]))
    measured = frame["investment_usd"]
    out = pd.DataFrame({
        "year": frame["year"].astype(int),
        "country": frame["country"],
        "investment_usd": measured.fillna(frame["investment_projected_usd"]).astype(float),
        "projected": measured.isna(),
    }).dropna(subset=["investment_usd"])
    return out.sort_values(["country", "year"], ignore_index=True)


def investment_ratio(investment: pd.DataFrame) -> pd.DataFrame:
    """Return one row per year: ``us_usd``, ``china_usd``, ``ratio`` (US/China) and ``projected``.

    Only years with both countries count. Raises EmptySelectionError when China's
    investment is zero in one of them (that year's ratio would be infinite).
    """
    wide = investment.pivot(index="year", columns="country", values="investment_usd")
    projected = investment.groupby("year")["projected"].any()
    out = pd.DataFrame({"us_usd": wide.get("US"), "china_usd": wide.get("China")}, index=wide.index).dropna()
    zero = out.index[out["china_usd"] == 0]
    if len(zero):
        raise EmptySelectionError(
            f"{source_of(investment, 'owid_ai_private_investment')}: China's private AI investment is 0 in "
            f"{', '.join(str(y) for y in zero)}; the US/China investment ratio has a zero denominator")
    out["ratio"] = out["us_usd"] / out["china_usd"]
    out["projected"] = projected.reindex(out.index).fillna(False).astype(bool)
    return out.reset_index()


@dataclass(frozen=True)
class RatioTrend:
    """An exponential trend of the US/China investment ratio fitted on measured years.

    ``change_per_year`` is the fitted yearly factor (1.05 = the ratio grows 5% a year),
    ``change_low``/``change_high`` its 95% confidence interval, ``n_years`` the years
    fitted, ``fitted`` a frame with ``year``, ``ratio_fit``, ``ratio_low``, ``ratio_high``
    (95% confidence band of the mean) over all years including projected ones.
    """

    change_per_year: float
    change_low: float
    change_high: float
    p_value: float
    n_years: int
    fitted: pd.DataFrame


def fit_ratio_trend(ratios: pd.DataFrame) -> RatioTrend:
    """Fit ln(ratio) = a + b * year by OLS on the measured (not projected) years."""
    measured = ratios[~ratios["projected"]]
    # three points leave one degree of freedom for the confidence interval
    require_rows(measured, 3, source=source_of(ratios, "owid_ai_private_investment"),
                 selection="measured (not projected) years with US and Chinese investment",
                 result="the trend of the US/China investment ratio")
    x0 = float(measured["year"].min())
    design = sm.add_constant(measured["year"].to_numpy(float) - x0)
    model = sm.OLS(np.log(measured["ratio"].to_numpy(float)), design).fit()
    low, high = model.conf_int(alpha=0.05)[1]
    grid = sm.add_constant(ratios["year"].to_numpy(float) - x0, has_constant="add")
    pred = model.get_prediction(grid).summary_frame(alpha=0.05)
    fitted = pd.DataFrame({
        "year": ratios["year"].to_numpy(),
        "ratio_fit": np.exp(pred["mean"].to_numpy()),
        "ratio_low": np.exp(pred["mean_ci_lower"].to_numpy()),
        "ratio_high": np.exp(pred["mean_ci_upper"].to_numpy()),
    })
    return RatioTrend(math.exp(model.params[1]), math.exp(low), math.exp(high),
                      float(model.pvalues[1]), len(measured), fitted)


def fact_value_usd(facts: pd.DataFrame, fact_id: str, scale: float = 1e9) -> float:
    """Return a single-number fact from facts.csv times ``scale`` (billions to USD by default)."""
    row = facts.loc[facts["id"] == fact_id]
    if row.empty:
        raise KeyError(f"fact {fact_id} not in the facts table")
    return float(row["value"].iloc[0]) * scale


def compare_sources(investment: pd.DataFrame, facts: pd.DataFrame, year: int = AI_INDEX_YEAR) -> pd.DataFrame:
    """Return OWID/CSET against the AI Index (facts F049/F050) for ``year``.

    One row per country: ``country``, ``cset_usd``, ``ai_index_usd``,
    ``difference_pct`` (CSET relative to AI Index, percent), ``fact_id``, ``verified``.
    The AI Index figures exist only for 2024: another ``year`` gives an empty frame.
    """
    if year != AI_INDEX_YEAR:
        return pd.DataFrame(columns=["country", "cset_usd", "ai_index_usd", "difference_pct",
                                     "fact_id", "verified"])
    rows = []
    for country, fact_id in AI_INDEX_FACTS.items():
        cset = investment.loc[(investment["country"] == country) & (investment["year"] == year),
                              "investment_usd"]
        ai_index = fact_value_usd(facts, fact_id)
        cset_usd = float(cset.iloc[0]) if len(cset) else math.nan
        rows.append({
            "country": country, "cset_usd": cset_usd, "ai_index_usd": ai_index,
            "difference_pct": 100.0 * (cset_usd / ai_index - 1.0),
            "fact_id": fact_id,
            "verified": str(facts.loc[facts["id"] == fact_id, "verified"].iloc[0]),
        })
    return pd.DataFrame(rows)


# ---------------------------------------------------------------- capital expenditure

def _members(entity: str) -> frozenset[str] | None:
    """Companies named in a group entity ("A + B"); None for an unnamed group ("... (combined)")."""
    if "(combined)" in entity:
        return None
    return frozenset(part.strip() for part in entity.split("+"))


CAPEX_KINDS = ("capex_actual", "capex_plan")


def capex_rows_read(events: pd.DataFrame) -> tuple[int, int]:
    """Return (capex rows read at their source, all capex rows) of the funding events (``verified``)."""
    capex = events[events["kind"].isin(CAPEX_KINDS)]
    return int((capex["verified"] == "read").sum()), len(capex)


def capex_by_year(events: pd.DataFrame) -> pd.DataFrame:
    """Return capital expenditure per country, year and basis, without double counting.

    Uses rows of kind ``capex_actual`` (basis "actual") and ``capex_plan`` (basis "plan":
    guidance, plans and analyst forecasts). Within each country, year and basis: each
    entity's latest-dated row is kept; a row whose companies are all covered by a broader
    row is dropped; an unnamed group ("US Big Tech (combined)") covers every other row
    of its country, year and basis. Multi-year totals (``MULTI_YEAR_EVENTS``) are spread
    evenly. Columns: ``country``, ``year``, ``basis``, ``capex_low_usd``,
    ``capex_high_usd``, ``capex_mid_usd``, ``entities`` (joined with "; "), ``event_ids``.
    """
    capex = events[events["kind"].isin(CAPEX_KINDS)].copy()
    capex["basis"] = capex["kind"].str.replace("capex_", "", regex=False)
    years = capex["event_id"].map(MULTI_YEAR_EVENTS).fillna(1.0)
    capex["low"] = capex["amount_usd_low"] / years
    capex["high"] = capex["amount_usd_high"] / years
    rows = []
    for (country, year, basis), group in capex.groupby(["country", "year", "basis"]):
        latest = group.sort_values("date").groupby("entity").tail(1)
        unnamed = [r for r in latest.itertuples() if _members(r.entity) is None]
        if unnamed:
            kept = [max(unnamed, key=lambda r: r.date)]
        else:
            named = [(r, _members(r.entity)) for r in latest.itertuples()]
            kept = [r for r, m in named if not any(m < other for _, other in named)]
        rows.append({
            "country": country, "year": int(year), "basis": basis,
            "capex_low_usd": float(sum(r.low for r in kept)),
            "capex_high_usd": float(sum(r.high for r in kept)),
            "entities": "; ".join(sorted(r.entity for r in kept)),
            "event_ids": "; ".join(sorted(r.event_id for r in kept)),
        })
    out = pd.DataFrame(rows)
    out["capex_mid_usd"] = (out["capex_low_usd"] + out["capex_high_usd"]) / 2
    return out.sort_values(["basis", "year", "country"], ignore_index=True)


def latest_common_capex(capex: pd.DataFrame, basis: str = "actual") -> dict:
    """Return the latest year with ``basis`` capex for both countries and the US/China ratio.

    Keys ``year``, ``us_usd``, ``china_usd`` (midpoints), ``ratio``, ``ratio_low``,
    ``ratio_high`` (the range from the low/high amounts, widest combination).
    """
    source = source_of(capex, "funding_events")
    sub = capex[capex["basis"] == basis]
    both = sub.groupby("year")["country"].nunique()
    common = both[both >= 2].index
    require_rows(common, 1, source=source, selection=f"year with {basis} capex for both the US and China",
                 result=f"the latest US/China {basis} capex ratio")
    year = int(max(common))
    us = sub[(sub["year"] == year) & (sub["country"] == "US")].iloc[0]
    cn = sub[(sub["year"] == year) & (sub["country"] == "China")].iloc[0]

    def ratio(us_col: str, cn_col: str) -> float:
        return divide(us[us_col], cn[cn_col], source=source, result=f"the US/China {basis} capex ratio for {year}",
                      denominator_is=f"China's {basis} capex in {year} ({cn_col}, events {cn['event_ids']})")

    return {
        "year": year, "us_usd": float(us["capex_mid_usd"]), "china_usd": float(cn["capex_mid_usd"]),
        "ratio": ratio("capex_mid_usd", "capex_mid_usd"),
        "ratio_low": ratio("capex_low_usd", "capex_high_usd"),
        "ratio_high": ratio("capex_high_usd", "capex_low_usd"),
    }


def ipo_proceeds(events: pd.DataFrame) -> pd.DataFrame:
    """Return the IPO rows: ``entity``, ``date``, ``amount_usd_low``, ``amount_usd_high``, ``fx_source``."""
    ipos = events[events["kind"] == "ipo"]
    return ipos[["event_id", "entity", "date", "amount_usd_low", "amount_usd_high", "fx_source",
                 "verified"]].reset_index(drop=True)

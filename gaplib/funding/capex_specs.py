"""The US/China capex ratio under each of its defensible definitions (a specification curve).

Choices: the **firms** compared (every firm the data name on each side, counted from the
deduplicated series of :func:`gaplib.funding.funding.capex_by_year`; the two largest single
firms each side; the largest each side), the **basis** (actual spending; plans and forecasts)
and, following from them, the **year** (the latest in which both sides have that many firms on
that basis) and **China's source** (a broker's estimate, or a company's own reported figure).

A year in which one side has fewer firms than the other is not compared: setting one or two
Chinese firms against four US hyperscalers measures the data's coverage, not the gap. Plans
are never set against actuals, so no specification carries a direction of travel.

The default, by a stated rule: actual spending, with a company's reported figure in place of a
broker estimate wherever one exists, then the broadest equal firm set that can use it. Ratios
are US/China (x) of amounts in US dollars at the conversion each row states.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

import pandas as pd

from gaplib.funding.funding import MULTI_YEAR_EVENTS, capex_by_year
from gaplib.specs import Estimate, Spec

#: Rows whose Chinese figures are a securities house's estimates (the Zheshang Securities note of
#: December 2024, as reported by SCMP), not the companies' own reported spending.
BROKER_EVENTS = frozenset({"E19", "E20", "E23"})
ALL = 0  # the firm-set choice "every firm the data name", beside 1 and 2 (the largest n)


@dataclass(frozen=True)
class CapexChoice:
    """One firm set on one basis: ``firms`` is :data:`ALL` or how many of the largest firms each side."""

    firms: int
    basis: str  # "actual" or "plan"
    reason: str


CHOICES: tuple[CapexChoice, ...] = (
    CapexChoice(ALL, "actual", "the broadest firm set each side that the data name in one year (four US hyperscalers, "
                               "ByteDance, Alibaba, Baidu and Tencent)"),
    CapexChoice(2, "actual", "the two largest spenders each side, so a company's own reported figure can replace a "
                             "broker's group estimate"),
    CapexChoice(1, "actual", "the largest spender each side: no assumption about which smaller firms belong in the set"),
    CapexChoice(ALL, "plan", "every firm's published plan or forecast each side, for the year after the last actuals"),
    CapexChoice(2, "plan", "the two largest planned spenders each side: plans are the only figures for the latest year"),
    CapexChoice(1, "plan", "the largest planned spender each side"),
)
FIRM_WORDS = {ALL: "every firm named", 1: "largest firm each side", 2: "two largest each side"}
BASIS_WORDS = {"actual": "actual spending", "plan": "plans and forecasts"}


def _firms(entity: str) -> int | None:
    """Return how many companies an entity names ("A + B" is 2); None for an unnamed group."""
    return None if "(combined)" in entity else len(entity.split("+"))


def single_firm_capex(events: pd.DataFrame, basis: str) -> pd.DataFrame:
    """Return one row per single company, year and country on ``basis``: its latest-dated figure.

    Columns ``country``, ``year``, ``entity``, ``event_id``, ``usd`` (midpoint, multi-year plans
    spread evenly), ``broker`` (True for a broker's estimate).
    """
    rows = events[(events["kind"] == f"capex_{basis}")
                  & events["entity"].map(lambda e: _firms(e) == 1)].sort_values("date")
    rows = rows.groupby(["country", "year", "entity"]).tail(1)
    years = rows["event_id"].map(MULTI_YEAR_EVENTS).fillna(1.0).astype(float)
    return pd.DataFrame({"country": rows["country"], "year": rows["year"].astype(int), "entity": rows["entity"],
                         "event_id": rows["event_id"], "usd": (rows["amount_usd_low"] + rows["amount_usd_high"]) / 2 / years,
                         "broker": rows["event_id"].isin(BROKER_EVENTS)}).reset_index(drop=True)


def mark_compared(capex: pd.DataFrame) -> pd.DataFrame:
    """Return :func:`capex_by_year`'s frame with ``firms`` (companies named; NaN for an unnamed group)
    and ``compared`` (True where the other country has the same, known number of firms that year and basis)."""
    out = capex.copy()
    out["firms"] = out["entities"].map(lambda text: float(sum(_firms(e) or math.nan for e in text.split("; "))))
    counts = out.pivot_table(index=["year", "basis"], columns="country", values="firms", aggfunc="first")
    same = {key for key, row in counts.iterrows()
            if {"US", "China"} <= set(row.dropna().index) and row["US"] == row["China"]}
    out["compared"] = [(y, b) in same for y, b in zip(out["year"], out["basis"], strict=True)]
    return out


def _sides_every_firm(events: pd.DataFrame, basis: str) -> tuple[int, dict[str, pd.Series]] | None:
    """The latest year on ``basis`` in which both sides name the same, known number of firms."""
    series = mark_compared(capex_by_year(events))
    series = series[(series["basis"] == basis) & series["compared"]]
    if series.empty:
        return None
    year = int(series["year"].max())
    return year, {row["country"]: row for _, row in series[series["year"] == year].iterrows()}


def _estimate(choice: CapexChoice, events: pd.DataFrame) -> Estimate:
    firms, basis = choice.firms, choice.basis
    if firms == ALL:
        found = _sides_every_firm(events, basis)
        if found is None:
            return Estimate(_spec(choice, "no year", ""), math.nan)
        year, sides = found
        ids = sides["China"]["event_ids"].split("; ")
        ratio, source = sides["US"]["capex_mid_usd"] / sides["China"]["capex_mid_usd"], _source(ids, basis)
        return Estimate(_spec(choice, str(year), source), float(ratio))
    table = single_firm_capex(events, basis)
    counts = table.groupby(["year", "country"]).size().unstack(fill_value=0).reindex(columns=["US", "China"],
                                                                                      fill_value=0)
    usable = counts[(counts["US"] >= firms) & (counts["China"] >= firms)].index
    if not len(usable):
        return Estimate(_spec(choice, "no year", ""), math.nan)
    year = int(max(usable))
    top = {c: table[(table["year"] == year) & (table["country"] == c)].nlargest(firms, "usd") for c in ("US", "China")}
    ratio = top["US"]["usd"].sum() / top["China"]["usd"].sum()
    return Estimate(_spec(choice, str(year), _source(list(top["China"]["event_id"]), basis)), float(ratio))


def _source(china_ids: list[str], basis: str) -> str:
    if basis == "plan":
        return "plans and broker forecasts"
    return "broker estimate" if all(i in BROKER_EVENTS for i in china_ids) else "reported where it exists"


def _spec(choice: CapexChoice, year: str, source: str) -> Spec:
    name = f"{FIRM_WORDS[choice.firms].capitalize()}, {BASIS_WORDS[choice.basis]} {year}"
    return Spec(name, {"firms": FIRM_WORDS[choice.firms], "basis": BASIS_WORDS[choice.basis], "year": year,
                       "China's figures": source}, choice.reason)


def default_rule(estimates: list[Estimate]) -> Estimate:
    """Return the default: actual spending; China's reported figures where they exist; then the most firms.

    Raises ValueError when no specification on actual spending has a value."""
    actual = [e for e in estimates if e.spec.choices["basis"] == BASIS_WORDS["actual"] and math.isfinite(e.value)]
    if not actual:
        raise ValueError("funding_events: no year has actual capex for the same firms on both sides")
    rank = {FIRM_WORDS[ALL]: 3, FIRM_WORDS[2]: 2, FIRM_WORDS[1]: 1}
    return max(actual, key=lambda e: (e.spec.choices["China's figures"] != "broker estimate",
                                      rank[e.spec.choices["firms"]]))


def capex_estimates(events: pd.DataFrame, choices: tuple[CapexChoice, ...] = CHOICES) -> list[Estimate]:
    """Return the US/China capex ratio (x) under every choice, the default marked by :func:`default_rule`.

    A choice with no year in which both sides have its firms gets NaN (it is not compared).
    """
    estimates = [_estimate(choice, events) for choice in choices]
    chosen = default_rule(estimates)
    return [dataclasses.replace(e, spec=dataclasses.replace(e.spec, default=True)) if e is chosen else e
            for e in estimates]

"""Each country's AI compute counted from the supply side: chips made, sold and shipped.

Epoch AI's chip-sales model (``epoch_ai_chip_sales_*``) gives cumulative NVIDIA chips since
Q1 2022 by owner (Microsoft, Meta, Amazon, Google, Oracle, China, and everyone else) and
cumulative Google TPU and Amazon Trainium chips, each a median with 5th and 95th
percentiles in H100-equivalents (H100e). Here:

* China = Epoch's China line of NVIDIA chips (legal sales, H20s included) plus the curated
  components of ``data/china_chip_supply.csv`` that are counted: Huawei Ascend output by
  period and smuggled chips, each as units x H100e per unit (ranges from the spread of
  published estimates).
* US = the five named US hyperscalers' NVIDIA chips, plus a stated share of everyone else's
  (the rest of the world: US neoclouds and labs such as xAI and CoreWeave, but also
  European, Gulf, Japanese and other buyers), plus Google's TPUs and Amazon's Trainium.

Sums are drawn by :mod:`gaplib.hardware.ranged_sum`: Epoch's lines share one draw (one
revenue model), the curated components are independent of it and of each other.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from gaplib.guards import EmptySelectionError
from gaplib.hardware.ranged_sum import Component, from_range, product

US_HYPERSCALERS = ("Microsoft", "Meta", "Amazon", "Google", "Oracle")
US_VENDORS = ("Google TPU", "Amazon Trainium")
EPOCH_GROUP = "epoch"


def _at(frame: pd.DataFrame, at: pd.Timestamp, what: str) -> pd.DataFrame:
    rows = frame[frame["end_date"] == pd.Timestamp(at)]
    if rows.empty:
        raise EmptySelectionError(f"{what}: no row ends on {pd.Timestamp(at).date()} "
                                  f"(the data end on {frame['end_date'].max().date()})")
    return rows


def _component(name: str, row: pd.Series, group: str = EPOCH_GROUP) -> Component:
    return Component(name, float(row["h100e_median"]), float(row["h100e_p5"]), float(row["h100e_p95"]), group)


def owner_components(owners: pd.DataFrame, at: pd.Timestamp) -> dict[str, Component]:
    """Return each named owner's cumulative NVIDIA H100e at quarter end ``at`` as a component, by owner.

    ``owners`` is ``epoch_ai_chip_sales_nvidia_owners_cumulative`` (columns ``owner``,
    ``end_date``, ``h100e_median``, ``h100e_p5``, ``h100e_p95``).
    """
    rows = _at(owners, at, "epoch_ai_chip_sales_nvidia_owners_cumulative")
    return {r["owner"]: _component(f"NVIDIA: {r['owner']}", r) for _, r in rows.iterrows()}


def rest_of_world(total: pd.DataFrame, owners: pd.DataFrame, other: pd.DataFrame, at: pd.Timestamp) -> Component:
    """Return NVIDIA H100e owned by everyone but the five hyperscalers and China at ``at``.

    The median is Epoch's total less the named owners' medians (so it holds the owners
    Epoch names separately, such as xAI and CoreWeave, as well as its remainder "Other");
    its 5-95% spread, relative to the median, is that of Epoch's remainder (``other``).
    """
    named = sum(c.median for c in owner_components(owners, at).values())
    t = _at(total, at, "epoch_ai_chip_sales_nvidia").iloc[0]
    o = _at(other, at, "epoch_ai_chip_sales_nvidia_other_cumulative").iloc[0]
    median = float(t["h100e_median"]) - named
    if median <= 0:
        raise EmptySelectionError(f"NVIDIA total at {pd.Timestamp(at).date()} is not above the named owners' sum")
    return Component("NVIDIA: rest of world", median, median * o["h100e_p5"] / o["h100e_median"],
                     median * o["h100e_p95"] / o["h100e_median"], EPOCH_GROUP)


def us_components(owners: pd.DataFrame, rest: Component, vendors: pd.DataFrame | None, at: pd.Timestamp,
                  us_share_of_rest: float) -> list[Component]:
    """Return the US's supply-side components at ``at``: the hyperscalers, ``us_share_of_rest`` of the rest, TPU and Trainium.

    ``vendors`` is :func:`gaplib.data.chip_sales.vendor_totals` (or None to leave TPU and
    Trainium out); a vendor whose series ends before ``at`` contributes its last value.
    """
    if not 0 <= us_share_of_rest <= 1:
        raise ValueError(f"us_share_of_rest must be a fraction in [0, 1], got {us_share_of_rest}")
    by_owner = owner_components(owners, at)
    missing = [o for o in US_HYPERSCALERS if o not in by_owner]
    if missing:
        raise EmptySelectionError(f"epoch_ai_chip_sales_nvidia_owners_cumulative: no row for {missing} at {at}")
    comps = [by_owner[o] for o in US_HYPERSCALERS]
    s = us_share_of_rest
    comps.append(Component(f"NVIDIA: {100 * s:.0f}% of the rest of world", s * rest.median, s * rest.p5,
                           s * rest.p95, EPOCH_GROUP))
    if vendors is not None:
        for vendor in US_VENDORS:
            rows = vendors[(vendors["vendor"] == vendor) & (vendors["end_date"] <= pd.Timestamp(at))]
            if not rows.empty:
                comps.append(_component(vendor, rows.sort_values("end_date").iloc[-1]))
    return comps


def domestic_components(rows: pd.DataFrame, through: str = "2026-Q1") -> list[Component]:
    """Return China's counted curated components (``china_chip_supply``) up to period ``through``, as H100e.

    Rows with ``counted == "yes"`` are grouped by component and period; a group's units
    span the lowest and highest of its estimates (``units_low``/``units_high`` where
    given, else ``units``) and its H100e per unit likewise; the component is units x H100e
    per unit (:func:`gaplib.hardware.ranged_sum.product`). Periods sort as text
    ("2024" < "2025" < "2026-Q1").
    """
    use = rows[(rows["counted"] == "yes") & (rows["period"].astype(str) <= through)]
    if use.empty:
        raise EmptySelectionError(f"china_chip_supply: no counted rows up to {through}")
    comps = []
    for (component, period), g in use.groupby(["component", "period"], sort=True):
        units_lo = g["units_low"].fillna(g["units"]).min()
        units_hi = g["units_high"].fillna(g["units"]).max()
        per_lo = g["h100e_per_unit_low"].fillna(g["h100e_per_unit"]).min()
        per_hi = g["h100e_per_unit_high"].fillna(g["h100e_per_unit"]).max()
        if not (np.isfinite(per_lo) and np.isfinite(per_hi)):
            raise EmptySelectionError(f"china_chip_supply: {component} {period} has no H100e per unit")
        label = f"{component.replace('_', ' ').capitalize()}, {period}"
        comps.append(product(label, from_range(f"{label} (units)", units_lo, units_hi),
                             from_range(f"{label} (H100e per unit)", per_lo, per_hi)))
    return comps


def china_components(owners: pd.DataFrame, rows: pd.DataFrame, at: pd.Timestamp,
                     through: str = "2026-Q1") -> list[Component]:
    """Return China's supply-side components: Epoch's China NVIDIA line at ``at`` and the domestic ones."""
    by_owner = owner_components(owners, at)
    if "China" not in by_owner:
        raise EmptySelectionError(f"epoch_ai_chip_sales_nvidia_owners_cumulative: no China row at {at}")
    return [by_owner["China"], *domestic_components(rows, through)]


def components_table(comps: list[Component], country: str) -> pd.DataFrame:
    """Return one row per component: ``country``, ``component``, ``median``, ``p5``, ``p95`` (H100e)."""
    return pd.DataFrame([{"country": country, "component": c.name, "median": c.median, "p5": c.p5, "p95": c.p95}
                         for c in comps])


def die_bank_check(rows: pd.DataFrame, dies_per_chip: float = 2.0) -> dict[str, float]:
    """Return the 2024-2025 Ascend units the curated rows give against the TSMC die bank.

    Keys ``output_low`` and ``output_high`` (units, sum over 2024 and 2025 of each
    period's lowest and highest estimate), ``bank_chips_low`` and ``bank_chips_high``
    (the die bank's dies over ``dies_per_chip``; 2 for the 910C).
    """
    out = rows[(rows["component"] == "ascend_output") & rows["period"].isin(["2024", "2025"])]
    bank = rows[rows["component"] == "die_bank"]
    if out.empty or bank.empty:
        raise EmptySelectionError("china_chip_supply: no 2024-2025 Ascend output or no die-bank row")
    lo = out.groupby("period")["units"].min().sum()
    hi = out.groupby("period")["units"].max().sum()
    b = bank.iloc[0]
    return {"output_low": float(lo), "output_high": float(hi),
            "bank_chips_low": float((b["units_low"] if pd.notna(b["units_low"]) else b["units"]) / dies_per_chip),
            "bank_chips_high": float((b["units_high"] if pd.notna(b["units_high"]) else b["units"]) / dies_per_chip)}

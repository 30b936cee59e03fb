"""The gap at a glance: one row per dimension the chapters measure, and a computed answer.

Pure functions over the chapter results of one build ({chapter: results dict}); the
dimensions themselves are declared in :mod:`gaplib.summary.dimensions`. "The gap" is the US
position relative to China's: a US/China ratio, or a gap measured directly (a lag in
months, an Elo difference). A ratio below one means China leads. Directions of travel:

- ``ratio_change``: the US/China ratio at an earlier date against the ratio now. The
  gap moved only when the change exceeds ``stable_change_pct`` and the earlier ratio lies
  outside today's range (the uncertainty must not cover the change at either end);
  otherwise ``stable``.
- ``trend``: an estimated change per year with its confidence interval (positive means
  the US position improves): ``widening`` or ``narrowing`` when the interval excludes
  zero, else ``unclear``.
- ``growth``: the US and China growth rates with their intervals: ``widening`` when the
  US interval lies wholly above China's, ``narrowing`` when wholly below, else ``unclear``.
- none: ``not measured``, with the reason.

``widening`` always means movement in the US's favour and ``narrowing`` in China's; where
China leads, the reader's wording (:func:`reading`) says whose lead grows or shrinks.
A dimension whose chapter is absent from the build gets ``result missing``.
"""

from __future__ import annotations

import datetime as dt
import math
import string
from collections.abc import Mapping
from typing import Any

import pandas as pd

from gaplib.data.periods import period_of, stale_words
from gaplib.present.claims_render import format_number
from gaplib.specs import DEPENDS
from gaplib.summary.dimensions import DIMENSIONS, GROUPS, Dimension
from gaplib.summary.directions import (MISSING, NARROWING, NOT_MEASURED, STABLE, UNCLEAR, WIDENING, direction_from_growth,
                                       direction_from_ratios, direction_from_trend)
from gaplib.summary.spec_curves import apply_specs, spec_glue_items

__all__ = ["summary_table", "gap_answer", "glue_items", "chart_frame", "chart_title", "reading"]


def _num(results: Mapping[str, Any], key: str | None) -> float:
    value = results.get(key) if key else None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return math.nan
    return float(value)


def _fmt(x: float) -> str:
    return format_number(x)


def fill(template: str, r: Mapping[str, Any]) -> str:
    """Return ``template`` with each {key} replaced by result ``key`` (numbers formatted, years plain),
    or "" when a key is missing from the results."""
    values: dict[str, str] = {}
    for _, key, _, _ in string.Formatter().parse(template):
        if key is None:
            continue
        value = r.get(key)
        if isinstance(value, str) and value:
            values[key] = value
        elif not math.isnan(_num(r, key)):
            number = _num(r, key)
            values[key] = str(int(number)) if key.endswith("year") and number.is_integer() else _fmt(number)
        else:
            return ""
    return template.format_map(values)


def ratio_range(dim: Dimension, r: Mapping[str, Any], ratio: float) -> tuple[float, float]:
    """Return the (low, high) range of a dimension's ratio, or (NaN, NaN) when it has none."""
    if not dim.ratio_range or math.isnan(ratio):
        return math.nan, math.nan
    if dim.ratio_range[0] == "quotient":
        us_low, us_high, china_low, china_high = (_num(r, k) for k in dim.ratio_range[1:])
        if not (china_low > 0 and china_high > 0):
            return math.nan, math.nan
        values = [us_low / china_high, us_high / china_low, ratio]
    else:
        values = [ratio, *(_num(r, k) for k in dim.ratio_range)]
    if any(math.isnan(v) for v in values):
        return math.nan, math.nan
    return min(values), max(values)


def gap_range(dim: Dimension, r: Mapping[str, Any], gap: float) -> tuple[float, float]:
    """Return the (low, high) range of a dimension's directly measured gap, or (NaN, NaN)."""
    if not dim.gap_range or math.isnan(gap):
        return math.nan, math.nan
    if dim.gap_range[0] == "+-":
        margin = _num(r, dim.gap_range[1])
        return gap - margin, gap + margin
    return _num(r, dim.gap_range[0]), _num(r, dim.gap_range[1])


def _direction(dim: Dimension, r: Mapping[str, Any], stable_change_pct: float,
               now_range: tuple[float, float]) -> tuple[str, str]:
    """Return (direction, the basis in words) of one dimension."""
    if not dim.direction:
        return NOT_MEASURED, fill(dim.no_direction, r) or "one date only"
    rule, *keys = dim.direction
    vals = [_num(r, k) for k in keys]
    if rule == "ratio_change":
        ranged = None if math.isnan(now_range[0]) else now_range
        words = f"US/China ratio {_fmt(vals[0])} {fill(dim.before, r)}, {_fmt(vals[1])} now"
        return direction_from_ratios(vals[0], vals[1], stable_change_pct, ranged), words
    if rule == "trend":
        return (direction_from_trend(*vals),
                f"{dim.trend_words}: {_fmt(vals[0])} [{_fmt(vals[1])} to {_fmt(vals[2])}]")
    if rule == "growth":
        us = (_num(r, f"{keys[0]}_ci_low"), _num(r, f"{keys[0]}_ci_high"))
        china = (_num(r, f"{keys[1]}_ci_low"), _num(r, f"{keys[1]}_ci_high"))
        return (direction_from_growth(us, china),
                f"growth a year: US {_fmt(vals[0])} [{_fmt(us[0])} to {_fmt(us[1])}], China {_fmt(vals[1])} "
                f"[{_fmt(china[0])} to {_fmt(china[1])}]")
    raise ValueError(f"unknown direction rule {rule!r}")


def reading(direction: str, ratio: float) -> str:
    """Return the direction in a reader's words: whose position improves, given who leads (ratio < 1: China)."""
    china_leads = ratio < 1 if not math.isnan(ratio) else False
    if direction == WIDENING:
        return "China's lead shrinking" if china_leads else "US lead growing"
    if direction == NARROWING:
        return "China's lead growing" if china_leads else "US lead shrinking"
    return direction


def _newer(dim: Dimension, facts: Mapping[str, str], sep: str = "; ", ids: bool = False) -> str:
    """Return the newer published figures the book records for a dimension (its facts' words, or ids), joined."""
    return sep.join(f if ids else facts[f] for f in dim.newer_facts if f in facts)


def summary_table(results: Mapping[str, Mapping[str, Any]], *, stable_change_pct: float,
                  build_date: dt.date | None = None, source_ends: Mapping[str, str] | None = None,
                  facts: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Return one row per dimension, inputs then outputs then diffusion.

    Columns: ``slug``, ``dimension``, ``phrase``, ``group``, ``chapter``, ``unit``, ``link``, ``gap_unit``, ``us``,
    ``china``, ``ratio`` with ``ratio_low``/``ratio_high``, ``gap`` with ``gap_low``/``gap_high``, ``interval_note``
    (why a row has no interval), ``direction``, ``reading``, ``basis`` (in words), ``specs``,
    ``spec_low``/``_high``/``_count``, ``spec_detail`` (:mod:`gaplib.summary.spec_curves`). A dimension whose
    chapter is absent keeps its row, with NaN values and ``result missing``. With ``build_date`` (and the sources'
    last dates, ``source_ends``, from gaplib.data.periods.source_ends) each row also gets ``data_period`` (words, ""
    when unknown), ``stale`` (its data end more than 12 months before the build), ``stale_note`` (the stale mark in
    words, with the newer published figures ``facts`` gives for the dimension's ``newer_facts``: {fact id: words}),
    ``newer`` (those figures alone, for a stale row), ``newer_facts`` (their ids, comma-separated) and ``period``
    (the DataPeriod, None when unknown).
    """
    rows = []
    for dim in sorted(DIMENSIONS, key=lambda d: GROUPS.index(d.group)):
        row: dict[str, Any] = {"slug": dim.slug, "dimension": dim.name, "phrase": dim.phrase, "group": dim.group,
                               "chapter": dim.chapter, "unit": dim.unit, "link": f"chapters/{dim.chapter}.html",
                               "gap_unit": dim.lag_unit}
        r = results.get(dim.chapter)
        if r is None:
            row.update(us=math.nan, china=math.nan, ratio=math.nan, ratio_low=math.nan, ratio_high=math.nan,
                       gap=math.nan, gap_low=math.nan, gap_high=math.nan, interval_note="", direction=MISSING,
                       spec_low=math.nan, spec_high=math.nan, spec_count=0, spec_detail="", specs=dim.specs,
                       reading=MISSING, basis=f"the {dim.chapter} chapter has no results in this build")
            rows.append(row)
            continue
        us, china = _num(r, dim.us_key), _num(r, dim.china_key)
        ratio = _num(r, dim.ratio_key)
        if math.isnan(ratio) and dim.ratio_key is None and dim.unit != "x a year" and china > 0:
            ratio = us / china
        low, high = ratio_range(dim, r, ratio)
        gap = _num(r, dim.lag_key)
        gap_low, gap_high = gap_range(dim, r, gap)
        has_interval = not (math.isnan(low) and math.isnan(gap_low)) or dim.direction[:1] == ("growth",)
        direction, basis = _direction(dim, r, stable_change_pct, (low, high))
        aside = fill(dim.aside, r) if dim.aside else ""
        row.update(us=us, china=china, ratio=ratio, ratio_low=low, ratio_high=high, gap=gap, gap_low=gap_low,
                   gap_high=gap_high, interval_note="" if has_interval else (dim.no_interval or "no interval"),
                   direction=direction, basis=basis, spec_low=math.nan, spec_high=math.nan, spec_count=0,
                   spec_detail="", specs=dim.specs)
        apply_specs(row, dim, r, stable_change_pct=stable_change_pct)
        row["reading"] = reading(row["direction"], row["ratio"])
        row["basis"] = f"{row['basis']}; {aside}" if aside else row["basis"]
        rows.append(row)
    if build_date is not None:
        for row, dim in zip(rows, sorted(DIMENSIONS, key=lambda d: GROUPS.index(d.group))):
            period = period_of(dim.period, results.get(dim.chapter) or {}, source_ends or {}, build_date)
            row.update(data_period=period.words() if period else "", stale=bool(period and period.stale), period=period,
                       stale_note=stale_words(period, _newer(dim, facts or {})) if period else "")
            newer = (_newer(dim, facts or {}), _newer(dim, facts or {}, ",", ids=True)) if row["stale"] else ("", "")
            row.update(newer=newer[0], newer_facts=newer[1])
    return pd.DataFrame(rows)


def _join(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def gap_answer(table: pd.DataFrame, *, parity_ratio: float) -> str:
    """Return a plain-language answer to "is the gap widening?", worded from ``table``.

    The first sentence says yes, no or "it depends" from the directions; the next say
    where the US leads by more than ``parity_ratio``, where the two are near parity and
    where China leads, then what cannot be told yet and which results are missing.
    """
    by = {d: list(table.loc[table["direction"] == d, "phrase"])
          for d in (WIDENING, NARROWING, STABLE, UNCLEAR, MISSING)}
    wide, narrow = by[WIDENING], by[NARROWING]
    if wide and not narrow:
        first = f"Yes, where the book can measure a trend: the US position is improving in {_join(wide)}."
    elif narrow and not wide:
        first = f"No, where the book can measure a trend: China is gaining in {_join(narrow)}."
    elif wide and narrow:
        first = (f"It depends on the measure: the US position is improving in {_join(wide)}, "
                 f"while China is gaining in {_join(narrow)}.")
    else:
        first = "The book cannot tell yet: no dimension shows a trend clearly enough."
    sentences = [first]
    ratios = table[table["ratio"].notna()]
    lead = ratios[ratios["ratio"] > parity_ratio]
    near = ratios[(ratios["ratio"] <= parity_ratio) & (ratios["ratio"] >= 1 / parity_ratio)]
    behind = ratios[ratios["ratio"] < 1 / parity_ratio]
    if not lead.empty:
        sentences.append(
            f"The United States leads by {_fmt(lead['ratio'].min())} to {_fmt(lead['ratio'].max())} times "
            f"in {_join(list(lead['phrase']))}." if len(lead) > 1 else
            f"The United States leads by {_fmt(lead['ratio'].iloc[0])} times in {lead['phrase'].iloc[0]}.")
    if not near.empty:
        sentences.append(f"In {_join(list(near['phrase']))} the two are within "
                         f"{_fmt(parity_ratio)} times of each other.")
    if not behind.empty:
        leads = 1 / behind["ratio"]
        sentences.append(
            f"China leads by {_fmt(leads.min())} to {_fmt(leads.max())} times in {_join(list(behind['phrase']))}."
            if len(behind) > 1 else f"China leads by {_fmt(leads.iloc[0])} times in {behind['phrase'].iloc[0]}.")
    if by[STABLE]:
        sentences.append(f"The gap is about stable in {_join(by[STABLE])}.")
    if by[UNCLEAR]:
        sentences.append(f"For {_join(by[UNCLEAR])} the data cannot yet tell the direction.")
    depends = list(table.loc[table["direction"] == DEPENDS, "phrase"])
    if depends:
        sentences.append(f"For {_join(depends)} the direction depends on the definition.")
    if by[MISSING]:
        sentences.append(f"Results are missing from this build for {_join(by[MISSING])}.")
    return " ".join(sentences)


def glue_items(table: pd.DataFrame) -> dict[str, Any]:
    """Return the glue names and values of the table: ``<slug>_us``, ``_china``, ``_ratio`` (with
    ``_ratio_low``/``_ratio_high``), ``_gap`` (finite numbers only), ``<slug>_direction`` (text),
    counts per direction, the number of dimensions each country leads and, when the table has
    data periods, ``<slug>_data_period`` (words) and ``dimensions_stale``."""
    out: dict[str, Any] = {}
    for row in table.to_dict("records"):
        for col in ("us", "china", "ratio", "ratio_low", "ratio_high", "gap"):
            if isinstance(row[col], float) and math.isfinite(row[col]):
                out[f"{row['slug']}_{col}"] = row[col]
        out[f"{row['slug']}_direction"] = row["direction"]
        if row.get("data_period"):
            out[f"{row['slug']}_data_period"] = row["data_period"]
    out.update(spec_glue_items(table))
    for d in (WIDENING, NARROWING, STABLE, UNCLEAR, NOT_MEASURED, MISSING, DEPENDS):
        out[f"dimensions_{d.replace(' ', '_')}"] = int((table["direction"] == d).sum())
    out["dimensions_with_ratio"] = int(table["ratio"].notna().sum())
    out["dimensions_us_leads"] = int((table["ratio"] > 1).sum())
    out["dimensions_china_leads"] = int((table["ratio"] < 1).sum())
    if "stale" in table.columns:
        out["dimensions_stale"] = int(table["stale"].sum())
    return out


LABEL_SEPARATOR = " — "  # between a dimension and its reading; the chart breaks its labels there


def chart_frame(table: pd.DataFrame) -> pd.DataFrame:
    """Return the dumbbell data: per dimension with a ratio, China at 1 and the US at the ratio,
    with the ratio's range where it has one (``low``/``high``). Each ``dimension`` label is
    "<dimension> — <reading>" (:data:`LABEL_SEPARATOR`)."""
    rows = table[table["ratio"].notna() & (table["ratio"] > 0)]
    out = []
    for row in rows.to_dict("records"):
        label = f"{row['dimension']}{LABEL_SEPARATOR}{row['reading']}"
        common = {"dimension": label, "group": row["group"], "ratio": row["ratio"],
                  "low": row["ratio_low"], "high": row["ratio_high"]}
        out.append({**common, "country": "China", "relative": 1.0})
        out.append({**common, "country": "US", "relative": row["ratio"]})
    return pd.DataFrame(out, columns=["dimension", "group", "country", "relative", "ratio", "low", "high"])


def chart_title(table: pd.DataFrame, *, parity_ratio: float) -> str:
    """Return the chart's title, stating the finding: where each country leads, and the direction."""
    ratios = table["ratio"].dropna()
    us_leads, china_leads = int((ratios > parity_ratio).sum()), int((ratios < 1 / parity_ratio).sum())
    directions = set(table["direction"]) & {WIDENING, NARROWING}
    travel = ("mixed" if directions == {WIDENING, NARROWING} else
              "towards the US" if directions == {WIDENING} else "towards China" if directions else "not yet clear")
    return (f"US ahead by over {_fmt(parity_ratio)}x on {us_leads} of {len(ratios)} ratios, China on {china_leads}; "
            f"direction: {travel}")

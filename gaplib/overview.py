"""The gap at a glance: one row per dimension the chapters measure, and a computed answer.

Pure functions over the chapter results of one build ({chapter: results dict}). Each
dimension reads a US value, a China value and their ratio from one chapter, and a
direction of travel from a result that measures change over time:

- ``ratio_change``: the US/China ratio at an earlier date against the ratio now; a change
  smaller than ``stable_change_pct`` in either direction is ``stable``.
- ``trend``: an estimated change per year with its confidence interval (positive means
  the gap grows): ``widening`` or ``narrowing`` when the interval excludes zero, else
  ``unclear``.
- ``growth``: the US and China growth rates with their intervals: ``widening`` when the
  US interval lies wholly above China's, ``narrowing`` when wholly below, else ``unclear``.
- ``gap_change``: a gap's first value against its latest value and the latest value's
  margin: ``widening``/``narrowing`` when the first value lies outside that margin, else
  ``unclear``.
- none: ``not measured`` (the book has only one date for this dimension).

A dimension whose chapter is absent from the build gets ``result missing``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

WIDENING, NARROWING, STABLE, UNCLEAR = "widening", "narrowing", "stable", "unclear"
NOT_MEASURED, MISSING = "not measured", "result missing"


@dataclass(frozen=True)
class Dimension:
    """Where one dimension's numbers live in the chapter results."""

    slug: str  # glue-name prefix
    name: str
    phrase: str  # how the prose names it ("installed AI compute")
    chapter: str
    unit: str
    us_key: str | None = None
    china_key: str | None = None
    ratio_key: str | None = None  # else us / china when both are levels
    lag_key: str | None = None  # a gap measured directly (months, Elo)
    lag_unit: str = ""
    direction: tuple[str, ...] = field(default_factory=tuple)  # (rule, key, key, ...)
    aside: str = ""  # appended to the basis, with {key} replaced by that result (left out if one is missing)


#: The dimensions of the summary, in the book's chapter order.
DIMENSIONS: tuple[Dimension, ...] = (
    Dimension("compute", "Installed AI compute", "installed AI compute", "hardware", "H100-equivalents",
              "us_h100e", "china_h100e", "us_china_h100e_ratio",
              direction=("ratio_change", "ratio_2022", "us_china_h100e_ratio")),
    Dimension("frontier", "Frontier training compute, growth a year", "frontier training compute", "algorithms", "x a year",
              "us_frontier_growth_per_year", "china_frontier_growth_per_year",
              lag_key="frontier_lag_months", lag_unit="months",
              direction=("growth", "us_frontier_growth_per_year", "china_frontier_growth_per_year")),
    Dimension("capability", "Model capability (ECI)", "model capability", "algorithms", "",
              lag_key="eci_lag_months_mean", lag_unit="months",
              direction=("trend", "eci_lag_trend_months_per_year", "eci_lag_trend_ci_low", "eci_lag_trend_ci_high")),
    Dimension("arena", "Chatbot preference (LMArena)", "chatbot preference votes", "algorithms", "",
              lag_key="arena_gap_latest_elo", lag_unit="Elo",
              direction=("gap_change", "arena_gap_first_elo", "arena_gap_latest_elo", "arena_gap_latest_ci_elo")),
    Dimension("investment", "Private AI investment, 2024", "private investment", "funding", "USD",
              "us_private_investment_2024_usd", "china_private_investment_2024_usd", "private_investment_ratio_2024",
              direction=("trend", "ratio_trend_change_pct_per_year", "ratio_trend_low_pct_per_year",
                         "ratio_trend_high_pct_per_year")),
    Dimension("capex", "Capital expenditure of the largest firms", "big-firm capital expenditure", "funding", "USD",
              "us_capex_latest_year_usd", "china_capex_latest_year_usd", "capex_ratio_latest_year",
              direction=("ratio_change", "capex_ratio_latest_year", "capex_plan_ratio")),
    Dimension("chips", "Best chip: H100 vs China's best domestic chip", "chip performance (H100 against China's best domestic chip)", "geopolitics", "TPP",
              "h100_tpp", "best_domestic_tpp",
              aside="like for like: dense 16-bit TPP (no sparsity) of the H100 and of {best_domestic_chip} "
                    "({best_domestic_label}); the best datasheet figure of any Chinese design: "
                    "{best_datasheet_chip}, TPP {best_datasheet_tpp} (datasheet only)"),
    Dimension("power", "Compute per megawatt of installed clusters", "compute per megawatt", "hardware", "H100e per MW",
              "us_h100e_per_mw", "china_h100e_per_mw"),
)


def _num(results: Mapping[str, Any], key: str | None) -> float:
    value = results.get(key) if key else None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return math.nan
    return float(value)


def direction_from_ratios(before: float, after: float, stable_change_pct: float) -> str:
    """``widening`` if the ratio grew by more than ``stable_change_pct`` percent, ``narrowing`` if it
    fell by more, else ``stable``; ``unclear`` when either ratio is missing or not positive."""
    if not (before > 0 and after > 0):
        return UNCLEAR
    change = (after / before - 1.0) * 100.0
    band = stable_change_pct + 1e-9  # the band's edge itself counts as stable despite rounding
    if change > band:
        return WIDENING
    if change < -band:
        return NARROWING
    return STABLE


def direction_from_trend(estimate: float, low: float, high: float) -> str:
    """Direction of a gap's change per year (positive = the gap grows) from its interval:
    ``widening`` when low > 0, ``narrowing`` when high < 0, else ``unclear`` (it straddles zero)."""
    if any(math.isnan(x) for x in (estimate, low, high)):
        return UNCLEAR
    if low > 0:
        return WIDENING
    if high < 0:
        return NARROWING
    return UNCLEAR


def direction_from_growth(us: tuple[float, float], china: tuple[float, float]) -> str:
    """Direction from two growth-rate intervals (low, high): the US interval wholly above
    China's -> ``widening``, wholly below -> ``narrowing``, overlapping -> ``unclear``."""
    if any(math.isnan(x) for x in (*us, *china)):
        return UNCLEAR
    if us[0] > china[1]:
        return WIDENING
    if us[1] < china[0]:
        return NARROWING
    return UNCLEAR


def direction_from_gap_change(first: float, latest: float, margin: float) -> str:
    """Direction of a gap from its first and latest values: outside latest +- margin -> the
    gap moved (``widening`` if it grew, ``narrowing`` if it shrank), else ``unclear``."""
    if any(math.isnan(x) for x in (first, latest, margin)):
        return UNCLEAR
    if first < latest - margin:
        return WIDENING
    if first > latest + margin:
        return NARROWING
    return UNCLEAR


def _fmt(x: float) -> str:
    from gaplib.claims import format_number

    return format_number(x)


def _aside(template: str, r: Mapping[str, Any]) -> str:
    """Return ``template`` with each {key} replaced by result ``key`` (numbers formatted), or ""
    when a key is missing from the results."""
    import string

    values: dict[str, str] = {}
    for _, key, _, _ in string.Formatter().parse(template):
        if key is None:
            continue
        value = r.get(key)
        if isinstance(value, str) and value:
            values[key] = value
        elif not math.isnan(_num(r, key)):
            values[key] = _fmt(_num(r, key))
        else:
            return ""
    return template.format_map(values)


def _direction(dim: Dimension, r: Mapping[str, Any], stable_change_pct: float) -> tuple[str, str]:
    """Return (direction, the basis in words) of one dimension."""
    if not dim.direction:
        return NOT_MEASURED, "one date only"
    rule, *keys = dim.direction
    vals = [_num(r, k) for k in keys]
    if rule == "ratio_change":
        return (direction_from_ratios(vals[0], vals[1], stable_change_pct),
                f"US/China ratio {_fmt(vals[0])} ({keys[0]}) then {_fmt(vals[1])} ({keys[1]})")
    if rule == "trend":
        return (direction_from_trend(*vals),
                f"change per year {_fmt(vals[0])} [{_fmt(vals[1])}, {_fmt(vals[2])}] ({keys[0]})")
    if rule == "growth":
        us = (_num(r, f"{keys[0]}_ci_low"), _num(r, f"{keys[0]}_ci_high"))
        china = (_num(r, f"{keys[1]}_ci_low"), _num(r, f"{keys[1]}_ci_high"))
        return (direction_from_growth(us, china),
                f"US {_fmt(vals[0])} [{_fmt(us[0])}, {_fmt(us[1])}] vs China {_fmt(vals[1])} "
                f"[{_fmt(china[0])}, {_fmt(china[1])}] x a year")
    if rule == "gap_change":
        return (direction_from_gap_change(*vals),
                f"gap {_fmt(vals[0])} at first, {_fmt(vals[1])} +- {_fmt(vals[2])} latest")
    raise ValueError(f"unknown direction rule {rule!r}")


def summary_table(results: Mapping[str, Mapping[str, Any]], *, stable_change_pct: float) -> pd.DataFrame:
    """Return one row per dimension: US and China values, ratio, gap, direction, its basis, the chapter.

    A dimension whose chapter is absent keeps its row, with NaN values and ``result missing``.
    """
    rows = []
    for dim in DIMENSIONS:
        row: dict[str, Any] = {"slug": dim.slug, "dimension": dim.name, "phrase": dim.phrase, "chapter": dim.chapter, "unit": dim.unit,
                               "link": f"chapters/{dim.chapter}.html", "gap_unit": dim.lag_unit}
        r = results.get(dim.chapter)
        if r is None:
            row.update(us=math.nan, china=math.nan, ratio=math.nan, gap=math.nan, direction=MISSING,
                       basis=f"the {dim.chapter} chapter has no results in this build")
            rows.append(row)
            continue
        us, china = _num(r, dim.us_key), _num(r, dim.china_key)
        ratio = _num(r, dim.ratio_key)
        if math.isnan(ratio) and dim.ratio_key is None and dim.unit != "x a year" and china > 0:
            ratio = us / china
        direction, basis = _direction(dim, r, stable_change_pct)
        aside = _aside(dim.aside, r) if dim.aside else ""
        basis = f"{basis}; {aside}" if aside else basis
        row.update(us=us, china=china, ratio=ratio, gap=_num(r, dim.lag_key), direction=direction, basis=basis)
        rows.append(row)
    return pd.DataFrame(rows)


def _join(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def gap_answer(table: pd.DataFrame, *, parity_ratio: float) -> str:
    """Return a plain-language answer to "is the gap widening?", worded from ``table``.

    The first sentence says yes, no or "it depends" from the directions; the next names
    the size of the lead (ratios above ``parity_ratio``, or near parity), then what cannot
    be told yet and which results are missing.
    """
    by = {d: list(table.loc[table["direction"] == d, "phrase"])
          for d in (WIDENING, NARROWING, STABLE, UNCLEAR, MISSING)}
    wide, narrow = by[WIDENING], by[NARROWING]
    if wide and not narrow:
        first = f"Yes, where the book can measure a trend: the gap is widening in {_join(wide)}."
    elif narrow and not wide:
        first = f"No, where the book can measure a trend: the gap is narrowing in {_join(narrow)}."
    elif wide and narrow:
        first = (f"It depends on the measure: the gap is widening in {_join(wide)}, "
                 f"but narrowing in {_join(narrow)}.")
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
        sentences.append(f"China leads in {_join(list(behind['phrase']))}.")
    if by[STABLE]:
        sentences.append(f"The gap is about stable in {_join(by[STABLE])}.")
    if by[UNCLEAR]:
        sentences.append(f"For {_join(by[UNCLEAR])} the data cannot yet tell the direction.")
    if by[MISSING]:
        sentences.append(f"Results are missing from this build for {_join(by[MISSING])}.")
    return " ".join(sentences)


def glue_items(table: pd.DataFrame) -> dict[str, Any]:
    """Return the glue names and values of the table: ``<slug>_us``, ``_china``, ``_ratio``, ``_gap``
    (finite numbers only) and ``<slug>_direction`` (text), plus counts per direction."""
    out: dict[str, Any] = {}
    for row in table.to_dict("records"):
        for col in ("us", "china", "ratio", "gap"):
            if isinstance(row[col], float) and math.isfinite(row[col]):
                out[f"{row['slug']}_{col}"] = row[col]
        out[f"{row['slug']}_direction"] = row["direction"]
    for d in (WIDENING, NARROWING, STABLE, UNCLEAR, NOT_MEASURED, MISSING):
        out[f"dimensions_{d.replace(' ', '_')}"] = int((table["direction"] == d).sum())
    return out


def chart_frame(table: pd.DataFrame) -> pd.DataFrame:
    """Return the dumbbell data: per dimension with a ratio, China at 1 and the US at the ratio."""
    rows = table[table["ratio"].notna() & (table["ratio"] > 0)]
    out = []
    for row in rows.to_dict("records"):
        label = f"{row['dimension']} ({row['direction']})"
        out.append({"dimension": label, "country": "China", "relative": 1.0, "ratio": row["ratio"]})
        out.append({"dimension": label, "country": "US", "relative": row["ratio"], "ratio": row["ratio"]})
    return pd.DataFrame(out, columns=["dimension", "country", "relative", "ratio"])


def chart_title(table: pd.DataFrame, *, parity_ratio: float) -> str:
    """Return the chart's title, stating the finding: how many ratios show a US lead, and the direction."""
    ratios = table["ratio"].dropna()
    lead = int((ratios > parity_ratio).sum())
    directions = set(table["direction"]) & {WIDENING, NARROWING}
    travel = ("mixed" if directions == {WIDENING, NARROWING} else next(iter(directions)) if directions
              else "not yet clear")
    return (f"The US leads by more than {_fmt(parity_ratio)}x on {lead} of {len(ratios)} measured ratios; "
            f"the direction of travel is {travel}")


def _value(row: Mapping[str, Any], col: str, unit: str) -> str:
    x = row[col]
    if not (isinstance(x, float) and math.isfinite(x)):
        return ""
    return f"{_fmt(x)} {unit}".strip()


def summary_html(table: pd.DataFrame) -> str:
    """Return the summary as an HTML table with a link to each dimension's chapter."""
    from gaplib.claims import html_escape

    head = ["Dimension", "US", "China", "US/China", "Gap", "Direction", "Basis", "Chapter"]
    lines = ['<table class="gap-at-a-glance"><thead><tr>'
             + "".join(f"<th>{h}</th>" for h in head) + "</tr></thead><tbody>"]
    for row in table.to_dict("records"):
        cells = [row["dimension"], _value(row, "us", row["unit"]), _value(row, "china", row["unit"]),
                 _value(row, "ratio", "x"), _value(row, "gap", row["gap_unit"]), row["direction"], row["basis"]]
        link = f'<a href="{html_escape(row["link"])}">{html_escape(row["chapter"])}</a>'
        lines.append("<tr>" + "".join(f"<td>{html_escape(c)}</td>" for c in cells) + f"<td>{link}</td></tr>")
    lines.append("</tbody></table>")
    return "\n".join(lines)

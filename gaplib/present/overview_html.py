"""The gap at a glance as an HTML table for the introduction (rows from :func:`gaplib.summary.overview.summary_table`)."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

import pandas as pd

from gaplib.present.claims_render import format_number as _fmt, html_escape
from gaplib.data.periods import stale_words
from gaplib.present.i18n import english, join
from gaplib.present.tables import scroll_box


def _value(x: float, unit: str) -> str:
    if not (isinstance(x, float) and math.isfinite(x)):
        return ""
    return f"{_fmt(x)} {unit}".strip()


def _span(low: float, high: float) -> str:
    """Return "3.18–12.4"; with a negative end, true minus signs and a spaced dash ("−108 – 37"), so that
    the dash is not read as a second minus."""
    if low >= 0 and high >= 0:
        return f"{_fmt(low)}–{_fmt(high)}"
    return f"{_fmt(low).replace('-', '−')} – {_fmt(high).replace('-', '−')}"


def _ratio_cell(row: Mapping[str, Any]) -> str:
    ratio = row["ratio"]
    if not (isinstance(ratio, float) and math.isfinite(ratio)):
        return ""
    text = f"{_fmt(ratio)}x"
    if math.isfinite(row["ratio_low"]) and not math.isclose(row["ratio_low"], row["ratio_high"]):
        text += f" [{_span(row['ratio_low'], row['ratio_high'])}]"
    if ratio < 1:
        text += f" (China leads, {_fmt(1 / ratio)}x)"
    return text


def _gap_cell(row: Mapping[str, Any]) -> str:
    text = _value(row["gap"], row["gap_unit"])
    if text and math.isfinite(row["gap_low"]):
        text += f" [{_span(row['gap_low'], row['gap_high'])}]"
    return text


def _spec_cell(row: Mapping[str, Any]) -> str:
    """The range across a headline's definitions: "3.18–12.4 (7)", empty without a specification curve."""
    count = row.get("spec_count") or 0
    if not count or not math.isfinite(row.get("spec_low", math.nan)):
        return ""
    unit = "x" if math.isfinite(row["ratio"]) else f" {row['gap_unit']}".rstrip()
    return f"{_span(row['spec_low'], row['spec_high'])}{unit} ({int(count)})"


#: Words a page gives reference facts in a language: ``facts(tr, ids)`` is {fact id: words} (gaplib.data.periods.fact_summaries).
FactWords = Callable[[Callable[..., str], list[str]], Mapping[str, str]]


def _newer(row: Mapping[str, Any], tr: Callable[..., str], facts: FactWords | None) -> str:
    """Return the newer published figures beside a stale row, in ``tr``'s language when ``facts`` words them."""
    ids = [i for i in str(row.get("newer_facts") or "").split(",") if i]
    if facts is None or not ids:
        return row.get("newer") or ""
    words = facts(tr, ids)
    return join([words[i] for i in ids if i in words], tr, "{a}; {b}")


def _with_period(basis: str, row: Mapping[str, Any], tr: Callable[..., str], facts: FactWords | None = None) -> str:
    """Return ``basis`` after the period the row's data cover and, for a stale row, its stale mark."""
    period = row.get("period")
    if period is None or (isinstance(period, float) and math.isnan(period)):
        return basis
    text = period.sentence(tr, stale_words(period, _newer(row, tr, facts), tr=tr) if period.stale else "")
    return f"{text} {basis}"


def summary_html(table: pd.DataFrame, tr: Callable[..., str] = english, facts: FactWords | None = None) -> str:
    """Return the summary as an HTML table, one section per group, with a link to each chapter.

    Each dimension has two rows: its numbers, then the basis of its direction and range in words
    across the whole width, so the table stays narrow enough for a phone. ``tr`` (a
    :class:`gaplib.present.i18n.Translator`) gives its words in another language; its numbers stay.
    ``facts`` words the newer published figures beside a stale row in that language (else the row's English ``newer``).
    """
    head = [tr(h) for h in ["Dimension", "US", "China", "US/China [range]", "Gap [range]",
                            "Across definitions (count)", "Direction", "Chapter"]]
    lines = ['<div class="gap-table">' + scroll_box(tr("The gap at a glance"), tr) + '<table class="gap-at-a-glance"><thead><tr>'
             + "".join(f"<th>{html_escape(h)}</th>" for h in head) + "</tr></thead>"]
    for group in table["group"].drop_duplicates():  # the summary table comes ordered by group
        rows = table[table["group"] == group]
        name = html_escape(tr(group.capitalize()))
        lines.append(f'<tbody><tr class="group"><th colspan="{len(head)}">{name}</th></tr>')
        for row in rows.to_dict("records"):
            basis = tr(row["basis"])
            if row["interval_note"]:
                basis = tr("{basis}; no interval: {note}", basis=basis, note=tr(row["interval_note"]))
            basis = _with_period(basis, row, tr, facts)
            cells = [tr(row["dimension"]), tr(_value(row["us"], row["unit"])), tr(_value(row["china"], row["unit"])),
                     tr(_ratio_cell(row)), tr(_gap_cell(row)), tr(_spec_cell(row)), tr(row["reading"])]
            link = f'<a href="{html_escape(row["link"])}">{html_escape(tr(row["chapter"]))}</a>'
            lines.append("<tr>" + "".join(f"<td>{html_escape(c)}</td>" for c in cells) + f"<td>{link}</td></tr>")
            lines.append(f'<tr class="basis"><td colspan="{len(head)}">{html_escape(basis)}</td></tr>')
        lines.append("</tbody>")
    lines.append("</table></div></div>")
    return "\n".join(lines)

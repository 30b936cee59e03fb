"""The claims ledger as text and HTML: numbers, claimed values, evidence, the tables of the page.

Pure functions over the ledger frame (:func:`gaplib.summary.claims.ledger`).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

import datetime as dt

import pandas as pd

from gaplib.data.periods import DataPeriod, stale_words
from gaplib.present.i18n import english
from gaplib.present.rounding import significant
from gaplib.present.tables import scroll_box


def _finite(x: Any) -> bool:
    return isinstance(x, int | float) and not isinstance(x, bool) and math.isfinite(x)


def format_number(x: float) -> str:
    """Format a number for the ledger: 1.17 bn, 558 m, 1.25 m, 109,611, 11.4, 0.2 (about three significant digits;
    a count of thousands in full, billions to two decimals)."""
    if not _finite(x):
        return "n/a"
    ax = abs(x)
    if ax >= 1e9:
        return f"{x / 1e9:,.2f} bn"
    if ax >= 1e6:
        return f"{significant(x / 1e6)} m"
    if ax >= 1000:
        return f"{x:,.0f}"
    return significant(x)


def describe_claim(row: Mapping[str, Any]) -> str:
    """Return the claimed value as text ("10 to 100 x (US/China)", "at most 20 percent", "widening", ...)."""
    low, high, unit = row.get("claimed_low"), row.get("claimed_high"), row.get("claimed_unit") or ""
    has_low = _finite(low)
    has_high = _finite(high)
    comparison = row.get("comparison")
    if comparison in ("widening", "narrowing"):
        return f"the gap is {comparison}"
    if comparison == "qualitative" or not (has_low or has_high):
        return "no number"
    if comparison == "date":
        year = low if has_low else high
        months = round((year - math.floor(year)) * 12)
        return f"{int(math.floor(year))}-{months + 1:02d}"
    text = (
        f"about {format_number(low)}" if has_low and has_high and low == high
        else f"{format_number(low)} to {format_number(high)}" if has_low and has_high
        else f"at least {format_number(low)}" if has_low
        else f"at most {format_number(high)}"
    )
    return f"{text} {unit}".strip()


def describe_evidence(evidence: Any, date: bool = False) -> str:
    """Return the evidence as text: the point, its interval when it has one, and its source."""
    if date or evidence.directions:
        return evidence.source
    text = format_number(evidence.value)
    if evidence.low != evidence.high:
        text += f" [{format_number(evidence.low)}, {format_number(evidence.high)}]"
    text += f" ({evidence.source})"
    if evidence.companion:
        text += f"; {evidence.companion}"
    return text


def chapter_link(chapter: str | None) -> str:
    """Return the relative link from a top-level page to a chapter's page (the gap at a glance is ``intro``)."""
    if not chapter:
        return ""
    return "intro.html" if chapter == "intro" else f"chapters/{chapter}.html"


def html_escape(text: Any) -> str:
    """Escape &, <, > and quotes for HTML text and attributes."""
    return (str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))


def period_from_row(row: Mapping[str, Any]) -> DataPeriod | None:
    """Return the DataPeriod a ledger row records for its evidence (``evidence_period_end``, ``_kind``,
    ``_label``, ``evidence_stale``: :func:`gaplib.summary.claim_periods.add_periods`), None when it has none."""
    end = row.get("evidence_period_end")
    if not isinstance(end, str) or not end:
        return None
    return DataPeriod(dt.date.fromisoformat(end), str(row["evidence_period_kind"]), str(row["evidence_period_label"]),
                      bool(row["evidence_stale"]))


def spec_range_words(row: Mapping[str, Any], tr: Callable[..., str] = english) -> str:
    """Return the range across definitions a ledger row records beside its evidence, in ``tr``'s language
    ("Across 8 definitions: 3.18 to 19.9; default (Epoch's method, data's end): 3.96."), "" when it has none
    (columns of :func:`gaplib.summary.claim_specs.add_spec_ranges`)."""
    try:
        count = int(row.get("evidence_spec_count") or 0)
    except (TypeError, ValueError):
        return ""
    if count < 1:
        return ""
    return tr("Across {count} definitions: {low} to {high}; default ({name}): {default}.", count=count,
              low=format_number(row["evidence_spec_low"]), high=format_number(row["evidence_spec_high"]),
              name=tr(row["evidence_spec_default_name"]), default=format_number(row["evidence_spec_default"]))


def _evidence_cell(row: Mapping[str, Any], tr: Callable[..., str] = english) -> str:
    text = html_escape(tr(row["evidence"]))
    spec_words = spec_range_words(row, tr)
    if spec_words:
        text += f"<br><i>{html_escape(spec_words)}</i>"
    period = period_from_row(row)
    if period is not None:
        newer = row.get("evidence_newer") if isinstance(row.get("evidence_newer"), str) else ""
        words = period.sentence(tr, stale_words(period, tr(newer) if newer else "", tr=tr) if period.stale else "")
        text += f"<br><i>{html_escape(words)}</i>"
    if isinstance(row.get("proxy"), str) and row["proxy"]:
        text += f"<br><i>{html_escape(tr('Proxy:'))}</i> {html_escape(tr(row['proxy']))}"
    if row.get("evidence_verdict") and row["evidence_verdict"] != row["verdict"]:
        text += f"<br><i>{html_escape(tr('Against this evidence:'))}</i> {html_escape(tr(row['evidence_verdict']))}"
    return text


def ledger_html(table: pd.DataFrame, tr: Callable[..., str] = english) -> str:
    """Return the ledger as an HTML table whose chapter column links to the chapter pages.

    ``tr`` (a :class:`gaplib.present.i18n.Translator`) gives its words in another language; numbers stay.
    """
    head = [tr(h) for h in ["Claim", "Said by", "Claimed", "The book's evidence", "Verdict", "Chapter"]]
    lines = ['<div class="gap-table" id="claims-ledger">' + scroll_box(tr("Claims ledger"), tr) +
             '<table class="claims-ledger"><thead><tr>' + "".join(f"<th>{html_escape(h)}</th>" for h in head)
             + "</tr></thead><tbody>"]
    for row in table.to_dict("records"):
        link = f'<a href="{html_escape(row["link"])}">{html_escape(tr(row["chapter"]))}</a>' if row["link"] else ""
        cells = [f"<b>{html_escape(row['claim_id'])}</b> {html_escape(tr(row['claim']))}",
                 html_escape(tr(row["attributed_to"])), html_escape(tr(row["claimed"])), _evidence_cell(row, tr),
                 f"<b>{html_escape(tr(row['verdict']))}</b>", link]
        # Each cell names its column: on a phone the rows stack (gaplib.css) and the headers are not shown.
        lines.append("<tr>" + "".join(f'<td data-label="{html_escape(h)}">{c}</td>' for h, c in zip(head, cells)) + "</tr>")
    lines.append("</tbody></table></div></div>")
    return "\n".join(lines)


def findings(table: pd.DataFrame, verdicts: tuple[str, ...]) -> pd.DataFrame:
    """Return the ledger rows whose verdict is one of ``verdicts`` (e.g. misattributions and misdatings)."""
    return table[table["verdict"].isin(verdicts)].reset_index(drop=True)


def findings_html(table: pd.DataFrame, notes: Mapping[str, str], tr: Callable[..., str] = english) -> str:
    """Return the findings (rows of :func:`findings`) as an HTML list: claim, verdict and the curated note.

    ``tr`` (a :class:`gaplib.present.i18n.Translator`) gives its words in another language.
    """
    if table.empty:
        return f"<p>{html_escape(tr('None in this build.'))}</p>"
    # One pattern for the frame, so Chinese sets its full-width brackets and colon ("C14（转述有误）：").
    items = ["<li>" + tr("{claim_id} ({verdict}): {claim}", claim_id=f"<b>{html_escape(r['claim_id'])}</b>",
                         verdict=html_escape(tr(r["verdict"])), claim=html_escape(tr(r["claim"])))
             + f" {html_escape(tr(notes.get(r['claim_id'], '')))}</li>" for r in table.to_dict("records")]
    return '<ul class="claims-findings">' + "".join(items) + "</ul>"

"""The house table: what every table of the book looks like to a reader.

A table is built from a DataFrame with pandas' own Styler (already a dependency, and
its HTML is a plain ``<table>`` the site's stylesheet styles; great-tables would add a
large inline stylesheet to every table, and page weight matters on phones). Readers
see labelled columns with units, no index, numbers to their precision with thousands
separators, intervals as "4.3 [3.2–5.7]", empty cells as "—", dates as YYYY-MM-DD,
category codes (``in_force``) as words and links named by their site. The table sits in a box that scrolls sideways on its own,
so a wide table never widens the page.
"""

from __future__ import annotations

import html
import math
import numbers
import re
from collections.abc import Callable, Mapping
from urllib.parse import urlparse

import numpy as np
import pandas as pd

from gaplib.present import numerals
from gaplib.present.dates import language_of
from gaplib.present.i18n import english

EMPTY = "—"
_SNAKE = re.compile(r"^[a-z0-9]+(_[a-z0-9]+)+$")


def is_snake_case(label: str) -> bool:
    """Return True for an internal name such as ``us_ci_low`` (lower case joined by underscores)."""
    return bool(_SNAKE.match(str(label)))


def humanise(column: str) -> str:
    """Return a reader's label for an unlabelled column: ``n_clusters`` → ``N clusters``."""
    text = str(column).replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def auto_decimals(values: pd.Series) -> int:
    """Return the decimals that show a float column to its precision: 0 from 100, 1 from 10, else 2."""
    finite = pd.to_numeric(values, errors="coerce").abs()
    finite = finite[finite.map(math.isfinite)]
    largest = finite.median() if len(finite) else 0.0
    return 0 if largest >= 100 else 1 if largest >= 10 else 2


def format_number(value: float, decimals: int) -> str:
    """Return ``value`` with thousands separators and ``decimals`` decimals; "—" when missing."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)) or pd.isna(value):
        return EMPTY
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        return f"{int(value):,}"
    return f"{float(value):,.{decimals}f}"


def format_interval(value: float, low: float, high: float, decimals: int) -> str:
    """Return "4.3 [3.2–5.7]"; the value alone when a bound is missing; "—" when the value is."""
    text = format_number(value, decimals)
    if text == EMPTY or any(pd.isna(b) for b in (low, high)):
        return text
    return f"{text} [{format_number(low, decimals)}–{format_number(high, decimals)}]"


def site_name(url: str) -> str:
    """Return the host a URL points to, without ``www.`` (the text of its link)."""
    host = urlparse(url).netloc.lower()
    return host.removeprefix("www.") or url


def _cell(value, decimals: int | None, tr: Callable[..., str] = english) -> str:
    """Return one cell as HTML (escaped; URLs become links named by their site; words translated by ``tr``)."""
    if value is None or (not isinstance(value, str | bool | np.bool_) and pd.isna(value)):
        return EMPTY
    if isinstance(value, bool | np.bool_):
        return tr("yes") if value else tr("no")
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, numbers.Number):
        return format_number(value, 2 if decimals is None else decimals)
    text = str(value).strip()
    if not text:
        return EMPTY
    if text.startswith(("http://", "https://")) and " " not in text:
        return f'<a href="{html.escape(text)}">{html.escape(site_name(text))}</a>'
    if is_snake_case(text):  # a category code such as ``in_force`` reads as words
        text = text.replace("_", " ")
    return html.escape(tr(text))


#: The English header of a column that gives each row's unit (a table of facts: value, unit).
UNIT_HEADER = "Unit"


def _rows_in_their_unit(shown: pd.DataFrame, english_headers: list[str], places: Mapping[str, int | None],
                        tr: Callable[..., str]) -> pd.DataFrame:
    """Return ``shown`` with the numbers of each row whose unit cell counts in a unit word ("million H800
    GPU-hours") that its translation writes on another step ("万 H800 GPU 小时") rescaled to it, to the English
    precision (2.788 → 278.8), as text; other rows, and every row in English, as they are."""
    units = [c for e, c in zip(english_headers, shown.columns) if e == UNIT_HEADER]
    language = language_of(tr)
    if not units or language == "en":
        return shown
    shown = shown.astype({c: object for c in shown.columns if c not in units})
    for index, unit in shown[units[0]].items():
        power = numerals.header_shift(unit, tr(unit), language) if isinstance(unit, str) and unit else 0
        if not power:
            continue
        for column in shown.columns:
            value = shown.at[index, column]
            if column in units or isinstance(value, bool | np.bool_):
                continue
            if isinstance(value, numbers.Number):
                shown.at[index, column] = _rescaled(value, places[column], power, tr)
            elif isinstance(value, str):  # a column of facts holds numbers as text ("2.788")
                shown.at[index, column] = numerals.shifted(value, power)
    return shown


def _rescaled(value, decimals: int | None, power: int, tr: Callable[..., str]) -> str:
    """Return a cell as :func:`_cell` does, a number times 10**``power`` (same precision) when ``power`` is not 0."""
    text = _cell(value, decimals, tr)
    if power and isinstance(value, numbers.Number) and not isinstance(value, bool | np.bool_):
        return numerals.shifted(text, power)
    return text


def displayed(frame: pd.DataFrame, labels: Mapping[str, str] | None = None,
              intervals: Mapping[str, tuple[str, str, str]] | None = None,
              decimals: Mapping[str, int] | None = None) -> tuple[pd.DataFrame, dict[str, int | None]]:
    """Return (the frame as shown, decimals per shown column).

    ``intervals`` maps a new column label to its (value, low, high) columns, which it
    replaces. ``labels`` maps the columns to show, in order, to their labels (every
    column when None, with :func:`humanise`'d names). An index that carries data (not
    0, 1, 2, ...) becomes the first column.
    """
    if not isinstance(frame.index, pd.RangeIndex):
        frame = frame.reset_index()
    shown = frame.copy()
    decimals = dict(decimals or {})
    for label, (value, low, high) in (intervals or {}).items():
        places = decimals.get(value, auto_decimals(shown[value]))
        shown[label] = [format_interval(v, lo, hi, places) for v, lo, hi in zip(shown[value], shown[low], shown[high])]
    if labels is None:
        used = {c for cols in (intervals or {}).values() for c in cols}
        labels = {c: humanise(c) for c in shown.columns if c not in used}
    missing = [c for c in labels if c not in shown.columns]
    if missing:
        raise KeyError(f"the table has no columns {missing}; it has {list(shown.columns)}")
    places = {labels[c]: decimals.get(c, auto_decimals(shown[c]) if pd.api.types.is_float_dtype(shown[c]) else None)
              for c in labels}
    # A year is a name, not an amount: 2030, never "2,030".
    for c in labels:
        if (c == "year" or str(c).endswith("_year")) and pd.api.types.is_integer_dtype(shown[c]):
            shown[c] = shown[c].astype(str)
    return shown[list(labels)].rename(columns=dict(labels)), places


def scroll_box(name: str, tr: Callable[..., str] = english) -> str:
    """Return the opening tag of the scroll box of table ``name`` (unique on its page), in the language of ``tr``.

    A keyboard reader can reach it (``tabindex``) and scroll it with the arrow keys; a
    screen reader hears it named as a region that scrolls sideways, with the table's name
    (each region of a page has its own); the stylesheet shows a shadow at an edge with more
    table beyond it.
    """
    label = html.escape(f'{tr("Table, scrolls sideways")}: {name}')
    return f'<div class="gap-table-scroll" tabindex="0" role="region" aria-label="{label}">'


def table_html(frame: pd.DataFrame, *, name: str, labels: Mapping[str, str] | None = None,
               intervals: Mapping[str, tuple[str, str, str]] | None = None,
               decimals: Mapping[str, int] | None = None, caption: str | None = None,
               data_href: str | None = None, tr: Callable[..., str] = english) -> str:
    """Return the house HTML of ``frame``: a scroll box with the table, its caption and a "Data" link.

    ``name`` becomes the box's anchor; ``data_href`` (the table's CSV on the site) adds a
    "Data (CSV)" link under the table; ``tr`` (a :class:`gaplib.present.i18n.Translator`) gives
    the headers, caption and words of the cells in another language. See :func:`displayed`
    for the other arguments.
    """
    shown, places = displayed(frame, labels, intervals, decimals)
    english_headers = [str(c) for c in shown.columns]
    shown.columns = [tr(c) for c in english_headers]
    places = dict(zip(shown.columns, places.values()))
    # A header whose translation counts in another unit ("billion USD" → 亿美元) has its numbers rescaled to it.
    shifts = {c: numerals.header_shift(e, c, language_of(tr)) for e, c in zip(english_headers, shown.columns)}
    shown = _rows_in_their_unit(shown, english_headers, places, tr)
    styler = shown.style.hide(axis="index").format_index(escape="html", axis=1)
    styler = styler.format({c: (lambda v, d=places[c], k=shifts[c]: _rescaled(v, d, k, tr)) for c in shown.columns})
    body = styler.set_uuid(name).to_html(
        doctype_html=False, exclude_styles=True)
    parts = [f'<div class="gap-table" id="{html.escape(name)}">']
    if caption:
        parts.append(f'<p class="gap-table-caption">{html.escape(tr(caption))}</p>')
    parts.append(f'{scroll_box(caption and tr(caption) or name, tr)}{body}</div>')
    if data_href:
        parts.append(f'<p class="gap-figure-links"><a href="{html.escape(data_href)}" download>{html.escape(tr("Data (CSV)"))}</a></p>')
    parts.append("</div>")
    return "\n".join(parts)

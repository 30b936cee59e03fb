"""From a registry entry to typed columns and a pandera schema.

``coerce`` turns the raw text of one column into its registered type and reports the first
cell it cannot read; ``build_schema`` expresses the remaining rules (nullability, min/max,
allowed values, uniqueness, known country spellings for curated tables, no date after the
source's bound) as a pandera DataFrameSchema, so the rules live in one declarative place.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pandera.pandas as pa

from .countries import KNOWN_COUNTRIES, normalise_countries, normalise_country
from .registry import DATED_TYPES, Column, Source, utc_today

# Epoch mixes ISO dates with US-style month/day/year and bare year-months; try the
# unambiguous formats in this order and accept the first that parses.
DATE_FORMATS = (
    "%Y-%m-%d",
    "%m/%d/%Y",
    "%Y-%m",
    "%Y",
    "%Y-%m-%d %H:%M:%S%z",
    "%Y-%m-%dT%H:%M:%S%z",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
)
TRUE_WORDS = frozenset({"true", "yes", "y", "t", "1"})
FALSE_WORDS = frozenset({"false", "no", "n", "f", "0"})

PANDAS_DTYPES = {
    "str": "str",
    "country": "str",
    "float": "float64",
    "int": "Int64",
    "year": "Int64",
    "date": "datetime64[ns]",
    "bool": "boolean",
    "countries": "object",
}


@dataclass(frozen=True)
class BadValue(Exception):
    """The cell at ``position`` (0-based data row) could not be read as ``expected``."""

    position: int
    value: str
    expected: str


def _first_bad(mask: pd.Series, raw: pd.Series, expected: str) -> None:
    if mask.any():
        pos = int(np.flatnonzero(mask.to_numpy())[0])
        raise BadValue(pos, raw.iloc[pos], expected)


def _parse_dates(text: pd.Series) -> pd.Series:
    """Return datetime64[ns] (naive, UTC for zoned stamps); NaT where no format matched."""
    out = pd.Series(pd.NaT, index=text.index, dtype="datetime64[ns]")
    todo = text.notna()
    for fmt in DATE_FORMATS:
        if not todo.any():
            break
        zoned = "%z" in fmt
        parsed = pd.to_datetime(text[todo], format=fmt, errors="coerce", utc=zoned)
        if zoned:
            parsed = parsed.dt.tz_convert(None)
        # A typo such as "0202-07-30" parses but cannot be a datetime64[ns]: treat it as
        # unreadable so it is reported with its row instead of overflowing.
        outside = parsed.notna() & ((parsed < pd.Timestamp.min) | (parsed > pd.Timestamp.max))
        parsed = parsed.mask(outside).astype("datetime64[ns]")
        ok = parsed.notna()
        out.loc[ok[ok].index] = parsed[ok]
        todo = todo & out.isna()
    return out


def coerce(raw: pd.Series, col: Column) -> pd.Series:
    """Return ``raw`` (text, "" for empty) converted to the column's registered type.

    Empty cells become missing (NaN/NA/NaT/()) or the column's ``default``. Raises BadValue
    for the first non-empty cell that cannot be read.
    """
    stripped = raw.str.strip()
    empty = stripped == ""
    text = stripped.mask(empty)  # NaN where empty
    t = col.type
    if t == "str":
        out = text.astype("str")
    elif t == "country":
        multi = text.str.contains(",", na=False)
        _first_bad(multi, raw, "a single country")
        out = text.map(normalise_country, na_action="ignore").astype("str")
    elif t == "countries":
        out = text.map(normalise_countries, na_action="ignore")
        out = out.where(~empty, pd.Series([()] * len(out), index=out.index, dtype=object))
        out = out.astype(object)
    elif t in ("float", "int", "year"):
        num = pd.to_numeric(text, errors="coerce")
        _first_bad(num.isna() & ~empty, raw, t)
        if t in ("int", "year"):
            frac = num.notna() & (num != np.floor(num))
            _first_bad(frac, raw, t)
            out = num.astype("Int64")
        else:
            out = num.astype("float64")
    elif t == "date":
        out = _parse_dates(text)
        _first_bad(out.isna() & ~empty, raw, "date (YYYY-MM-DD, M/D/YYYY, YYYY-MM or YYYY)")
    elif t == "bool":
        low = text.str.casefold()
        unknown = ~empty & ~low.isin(TRUE_WORDS | FALSE_WORDS)
        _first_bad(unknown, raw, "bool (True/False, Yes/No)")
        out = low.map(lambda v: v in TRUE_WORDS, na_action="ignore").astype("boolean")
    else:  # registry validation makes this unreachable
        raise ValueError(f"unknown column type {t!r}")
    if col.default is not None and t != "countries":
        out = out.fillna(col.default).astype(PANDAS_DTYPES[t])
    return out


def _countries_in(allowed: frozenset[str], label: str) -> pa.Check:
    return pa.Check(
        lambda s: s.map(lambda tup: all(c in allowed for c in tup)),
        name=f"countries_in_{label}",
        error=f"every country must be one of {label}",
    )


def date_bound(src: Source, today: dt.date | None = None, retrieved: dt.date | None = None,
               downloaded: dt.date | None = None) -> tuple[dt.date, str]:
    """Return (latest accepted day, what that day is) for the source's date and year columns.

    A copy cannot hold a date after the day it was taken: a file just downloaded is
    bounded by the day of the download (``downloaded``), a snapshot file by its retrieval
    date recorded in the manifest (``retrieved``). Without either (curated tables, which are
    edited in the repository and carry a retrieval date per row), the bound is the day of
    the check (``today``, default UTC today): a file that passes stays valid on later days,
    so cached results stay valid too.
    """
    if downloaded is not None:
        return downloaded, f"the download date {downloaded.isoformat()}"
    if retrieved is not None:
        return retrieved, f"the snapshot's retrieval date {retrieved.isoformat()}"
    day = today or utc_today()
    return day, f"the day of the check {day.isoformat()}"


def _not_after(col: Column, day: dt.date, what: str) -> pa.Check:
    """Return a frame-wide check: ``col`` holds no date (or year) after ``day``, except in the
    rows ``col.future_when`` exempts.

    Frame-wide because the exemption reads another column; the output marks only ``col``'s
    cells, so a failure names that column and its row.
    """
    end = pd.Timestamp(day) + pd.Timedelta(days=1)  # the whole bound day is accepted
    exempt = col.future_when
    rule = f"no {'year' if col.type == 'year' else 'date'} after {what}"
    if exempt is not None:
        rule += f" unless {exempt.column} is one of {list(exempt.values)}"

    def within(frame: pd.DataFrame) -> pd.DataFrame:
        values = frame[col.as_]
        ok = values <= day.year if col.type == "year" else values < end
        ok = ok.fillna(True).astype(bool) | values.isna()
        if exempt is not None:
            ok |= frame[exempt.column].isin(exempt.values)
        out = pd.DataFrame(True, index=frame.index, columns=frame.columns)
        out[col.as_] = ok
        return out

    return pa.Check(within, name=f"{col.as_}_not_after_bound", error=rule)


def build_schema(src: Source, today: dt.date | None = None, retrieved: dt.date | None = None,
                 downloaded: dt.date | None = None) -> pa.DataFrameSchema:
    """Return the pandera DataFrameSchema for a source's typed (renamed) frame.

    ``today``, ``retrieved`` and ``downloaded`` set the date bound as in :func:`date_bound`.
    """
    day, what = date_bound(src, today, retrieved, downloaded)
    frame_checks = [_not_after(col, day, what) for col in src.columns
                    if col.type in DATED_TYPES and not col.allow_future]
    columns: dict[str, pa.Column] = {}
    for col in src.columns:
        checks: list[pa.Check] = []
        if col.min is not None:
            checks.append(pa.Check.ge(col.min))
        if col.max is not None:
            checks.append(pa.Check.le(col.max))
        # Curated tables must spell countries as the book does; third-party tables are
        # accepted as published (their spellings define what is "known").
        known = None
        if col.allowed is not None:
            known = frozenset(col.allowed)
        elif src.kind == "curated" and col.type in ("country", "countries"):
            known = KNOWN_COUNTRIES
        if col.type == "countries":
            if known is not None:
                label = "the allowed list" if col.allowed is not None else "the known countries"
                checks.append(_countries_in(known, label))
            if not col.nullable:
                checks.append(pa.Check(lambda s: s.map(len) > 0, name="not_empty",
                                       error="at least one country"))
        elif known is not None:
            checks.append(pa.Check.isin(sorted(known, key=str)))
        columns[col.as_] = pa.Column(
            PANDAS_DTYPES[col.type],
            checks=checks,
            nullable=col.nullable or col.type == "countries",
            unique=col.unique,
            coerce=False,
        )
    return pa.DataFrameSchema(columns, checks=frame_checks, strict=True, ordered=False, name=src.id)

"""How old a row's data are: the period they cover, in words, and the staleness rule.

A row of the book says which period its data cover ("data to Oct 2025", "2024", "as of
Mar 2026") and is *stale* when its data end more than :data:`STALE_AFTER_MONTHS` months
before the day the book is built. A period ends on its last day: a year on 31 December, a
month on its last day, a day on itself. :func:`source_ends` reads the last date of each
third-party source from the snapshot's manifest (the range of its date column).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

STALE_AFTER_MONTHS = 12
Granularity = Literal["year", "month", "day"]
_KINDS = ("to", "year", "as_of")


def months_before(day: dt.date, months: int) -> dt.date:
    """Return the same day ``months`` calendar months earlier (the month's last day when it has fewer days)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def period_end(value: dt.date | int | str, granularity: Granularity) -> dt.date:
    """Return the last day of the period holding ``value`` (a date, an ISO date text or a year)."""
    if isinstance(value, str):
        value = int(value) if value.isdigit() else dt.date.fromisoformat(value[:10])
    if isinstance(value, int):
        return dt.date(value, 12, 31)
    if granularity == "year":
        return dt.date(value.year, 12, 31)
    if granularity == "month":
        return dt.date(value.year, value.month, calendar.monthrange(value.year, value.month)[1])
    return value


def is_stale(end: dt.date, build_date: dt.date, months: int = STALE_AFTER_MONTHS) -> bool:
    """Return True when data ending on ``end`` end more than ``months`` months before ``build_date``."""
    return end < months_before(build_date, months)


@dataclass(frozen=True)
class DataPeriod:
    """The period a row's data cover: its last day, its words, and whether it is stale on the build date."""

    end: dt.date
    words: str
    stale: bool


def describe_period(value: dt.date | int | str, granularity: Granularity, build_date: dt.date,
                    kind: str = "to") -> DataPeriod:
    """Return the DataPeriod of data ending at ``value``.

    ``kind`` words it: ``to`` ("data to Oct 2025"), ``year`` ("2024": a count or sum over one
    year), ``as_of`` ("as of Mar 2026": a state on a date). Year periods are written as the
    year alone. Raises ValueError for an unknown kind.
    """
    if kind not in _KINDS:
        raise ValueError(f"unknown period kind {kind!r}; expected one of {', '.join(_KINDS)}")
    end = period_end(value, granularity)
    label = str(end.year) if granularity == "year" or isinstance(value, int) else end.strftime("%b %Y")
    if granularity == "day" and not isinstance(value, int):
        label = f"{end.day} {end.strftime('%b %Y')}"
    words = {"to": f"data to {label}", "year": label, "as_of": f"as of {label}"}[kind]
    return DataPeriod(end, words, is_stale(end, build_date))


def stale_words(period: DataPeriod, newer: str = "") -> str:
    """Return the words that mark a stale row: its data's end and the rule, then ``newer`` (a newer
    public figure, with its source) when the book records one; "" for a row that is not stale."""
    if not period.stale:
        return ""
    text = f"stale: {period.words}, more than {STALE_AFTER_MONTHS} months before this build"
    return f"{text}; newer published figure: {newer}" if newer else text


def source_ends(manifest: Mapping[str, Mapping[str, str]]) -> dict[str, str]:
    """Return {source id: last date or year of its date column} from manifest rows (sources with one)."""
    return {row["source_id"]: row["date_max"] for row in manifest.values() if row.get("date_max")}

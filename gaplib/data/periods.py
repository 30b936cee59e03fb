"""How old a row's data are: the period they cover, in words, and the staleness rule.

A row of the book says which period its data cover ("data to 2025-10", "2024", "as of
2026-03"; dates as numbers, the same in every edition) and is *stale* when its data end more than :data:`STALE_AFTER_MONTHS` months
before the day the book is built. A period ends on its last day: a year on 31 December, a
month on its last day, a day on itself. :func:`source_ends` reads the last date of each
third-party source from the snapshot's manifest (the range of its date column).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from gaplib.present.dates import for_reader
from gaplib.present.i18n import english

STALE_AFTER_MONTHS = 12
Granularity = Literal["year", "month", "day"]


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


#: the English pattern of each kind of period; ``{date}`` is the ISO label (2024, 2025-10, 2025-10-03) in the
#: prose form of the edition (:func:`gaplib.present.dates.in_prose`)
PATTERNS = {"to": "data to {date}", "year": "{date}", "as_of": "as of {date}"}
STALE_PATTERN = "stale: {period}, more than {months} months before this build"
#: the sentence of a row's data period, one pattern per kind, so that a translation that words "data to" itself
#: ("数据截至") does not say "Data:" again; the English reads "Data: " + the period's words + "."
DATA_PATTERNS = {kind: f"Data: {pattern}." for kind, pattern in PATTERNS.items()}
STALE_DATA_PATTERNS = {kind: f"Data: {pattern} ({{stale}})." for kind, pattern in PATTERNS.items()}


@dataclass(frozen=True)
class DataPeriod:
    """The period a row's data cover: its last day, kind, date label, and whether it is stale on the build date."""

    end: dt.date
    kind: str
    label: str
    stale: bool

    def words(self, tr: Callable[..., str] = english) -> str:
        """Return the period in words in ``tr``'s language: "data to 2025-10", "2024", "as of 2025-10-03" in
        English; the date in that language's prose form elsewhere ("数据截至 2025 年 10 月")."""
        return tr(PATTERNS[self.kind], date=for_reader(self.label, tr))

    def sentence(self, tr: Callable[..., str] = english, stale: str = "") -> str:
        """Return the sentence of a table row's data period in ``tr``'s language: "Data: data to 2025-10." in
        English, "数据截至 2025 年 10 月。" in Chinese; ``stale`` (:func:`stale_words`) is added in brackets."""
        date = for_reader(self.label, tr)
        return tr(STALE_DATA_PATTERNS[self.kind], date=date, stale=stale) if stale else tr(DATA_PATTERNS[self.kind], date=date)


def describe_period(value: dt.date | int | str, granularity: Granularity, build_date: dt.date,
                    kind: str = "to") -> DataPeriod:
    """Return the DataPeriod of data ending at ``value``.

    ``kind`` words it: ``to`` ("data to 2025-10"), ``year`` ("2024": a count or sum over one
    year), ``as_of`` ("as of 2026-03": a state on a date). The date is written as the year,
    the year and month, or the day, as ``granularity`` says (a year given as a number is a
    year). Raises ValueError for an unknown kind.
    """
    if kind not in PATTERNS:
        raise ValueError(f"unknown period kind {kind!r}; expected one of {', '.join(PATTERNS)}")
    end = period_end(value, granularity)
    return DataPeriod(end, kind, period_label(value, granularity), is_stale(end, build_date))


def period_label(value: dt.date | int | str, granularity: Granularity) -> str:
    """Return how the period holding ``value`` is written in every edition: the year ("2024"), the
    year and month ("2025-10") or the day ("2025-10-03"), as ``granularity`` says (a year given as a
    number is a year). A chapter glues it beside its headline figure ("data to 2025-10")."""
    end = period_end(value, granularity)
    if granularity == "year" or isinstance(value, int) or (isinstance(value, str) and value.isdigit()):
        return str(end.year)
    return end.isoformat()[:7] if granularity == "month" else end.isoformat()


def stale_words(period: DataPeriod, newer: str = "", tr: Callable[..., str] = english) -> str:
    """Return the words that mark a stale row in ``tr``'s language: its data's end and the rule, then
    ``newer`` (a newer published figure with its source) when the book records one; "" when not stale."""
    if not period.stale:
        return ""
    text = tr(STALE_PATTERN, period=period.words(tr), months=STALE_AFTER_MONTHS)
    return tr("{stale}; newer published figure: {newer}", stale=text, newer=newer) if newer else text


def source_ends(manifest: Mapping[str, Mapping[str, str]]) -> dict[str, str]:
    """Return {source id: last date or year of its date column} from manifest rows (sources with one)."""
    return {row["source_id"]: row["date_max"] for row in manifest.values() if row.get("date_max")}


def period_of(spec: tuple[str, ...], results: Mapping[str, object], ends: Mapping[str, str],
              build_date: dt.date) -> DataPeriod | None:
    """Return the DataPeriod a row's ``spec`` names, or None when the spec is empty or its date is unknown.

    ``spec`` is ``("source", source id, granularity, kind)`` (the source's last date in
    ``ends``, :func:`source_ends`) or ``("year_key", result key, kind)`` (a year in the
    chapter's ``results``). Raises ValueError for a spec of another shape.
    """
    if not spec:
        return None
    if spec[0] == "source" and len(spec) == 4:
        end = ends.get(spec[1])
        return describe_period(end, spec[2], build_date, spec[3]) if end else None  # type: ignore[arg-type]
    if spec[0] == "year_key" and len(spec) == 3:
        year = results.get(spec[1])
        if isinstance(year, bool) or not isinstance(year, int | float) or year != year:
            return None
        return describe_period(int(year), "year", build_date, spec[2])
    raise ValueError(f"a period is ('source', id, granularity, kind) or ('year_key', key, kind), got {spec!r}")


def curated_source_ends() -> dict[str, str]:
    """Return {curated table id: last date of its date column} for the project's curated tables that have one."""
    from .loaders import load
    from .read import date_range
    from .registry import sources

    out = {}
    for src in sources():
        if src.kind == "curated" and src.date_column:
            last = date_range(src, load(src.id))[1]
            if last:
                out[src.id] = last
    return out


def snapshot_source_ends() -> dict[str, str]:
    """Return :func:`source_ends` of the repository snapshot's manifest (data/upstream/manifest.csv)."""
    from .snapshot import read_manifest

    return source_ends(read_manifest())


def fact_words(row: Mapping[str, object], tr: Callable[..., str] = english) -> str:
    """Return a reference fact's row in words in ``tr``'s language: "quantity: value unit (source[, grade])".

    Each part is looked up on its own (the quantity, the value with its unit, the source, the grade),
    so the Chinese edition writes "2025 年美国人工智能私人投资（《人工智能指数报告》2026）：2859 亿美元（……）"
    with the number in its own form; the English is the facts table's own words.
    """
    from .fact_grades import GRADE_WORDS

    unit = row.get("unit") if isinstance(row.get("unit"), str) else ""
    value = tr(f"{row['value']} {unit}".strip())
    grade = "" if row["verified"] == "read" else str(row["verified"])
    source = (tr("{source}, {grade}", source=tr(str(row["source"])), grade=tr(GRADE_WORDS[grade]))
              if grade else tr(str(row["source"])))
    return tr("{quantity}: {value} ({source})", quantity=tr(str(row["quantity"])), value=value, source=source)


def fact_summaries(tr: Callable[..., str] = english, ids: Iterable[str] | None = None) -> dict[str, str]:
    """Return {fact id: "quantity: value unit (source[, read only through a relay | not read at the primary record])"} of the
    reference facts (the newer published figures a stale row can be set beside), in ``tr``'s language (:func:`fact_words`);
    only the facts ``ids`` names when given (so a translation is asked only for the facts a page shows)."""
    from .fact_grades import load_graded_facts

    wanted = None if ids is None else set(ids)
    return {row["id"]: fact_words(row, tr) for row in load_graded_facts().to_dict("records")
            if wanted is None or row["id"] in wanted}

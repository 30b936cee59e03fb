"""Provenance rules for the curated tables: no relay sites, and a date read on every `read` row.

A curated row's value must be read at its primary record (a Federal Register rule, a
company filing, the original interview or report) or at a reputable secondary source.
Aggregator and relay sites, which copy or rewrite other outlets' reporting, are not
sources: ``RELAY_HOSTS`` lists the ones found in earlier versions of the tables, in one
place. ``provenance_problems`` returns, for one curated table, every cell that names a
relay host and every row marked ``verified = read`` that lacks a URL or a ``read_on`` date.

>>> relay_host("https://www.lenzo.ai/eccn/3a090/")
'lenzo.ai'
>>> relay_host("https://www.federalregister.gov/d/2023-23055") is None
True
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pandas as pd

#: Hosts that relay or rewrite other outlets' reporting; a curated row may not cite them.
#: A host matches itself and its subdomains (``news.charm-retirement.com`` is listed as
#: ``charm-retirement.com``).
RELAY_HOSTS: frozenset[str] = frozenset({
    "lenzo.ai", "todayheadline.co", "visive.ai", "besthub.dev", "bytefeed.ai", "philisun.com",
    "willitrunai.com", "financefundsupdate.com", "particle.news", "whistlebuzz.com", "binance.bh",
    "binance.com", "charm-retirement.com", "laotiantimes.com", "euno.news", "omnesmedia.com",
    "osoulmisrmagazine.com", "paginasiete.bo", "nomusica.com", "pressstartreport.com", "kocka.news",
    "mexc.com", "aiwiki.ai", "tumgag.com", "hitechexpert.top", "gokawiil.com", "vuink.com",
    "reportify.ai", "bharathorizon.com", "srnnews.com",
})

_HOST = re.compile(r"(?:https?://)?(?:www\.)?((?:[a-z0-9-]+\.)+[a-z]{2,})", re.IGNORECASE)


def relay_host(text: str) -> str | None:
    """Return the deny-listed host that ``text`` (a URL or any cell) names, or None.

    Every host-like word of ``text`` is tested, so a relay named in a ``source`` or
    ``note`` cell ("as relayed by bytefeed.ai") is found as well as one in a URL.
    """
    for match in _HOST.finditer(str(text)):
        host = match.group(1).lower()
        for relay in RELAY_HOSTS:
            if host == relay or host.endswith("." + relay):
                return relay
    return None


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, float) and pd.isna(value)) or pd.isna(value) or str(value).strip() == ""


def provenance_problems(frame: pd.DataFrame, table: str, *, id_column: str | None = None) -> list[str]:
    """Return the provenance problems of one curated table, one sentence each (empty if none).

    ``frame`` is the table as read (any column types); ``table`` names it in the messages;
    ``id_column`` (default: the first column) names each row. Problems: a cell naming a
    host in ``RELAY_HOSTS``; a row with ``verified == "read"`` and an empty ``url`` or,
    when the table has a ``read_on`` column, an empty ``read_on``; a table with a
    ``verified`` column but no ``read_on`` column.
    """
    id_column = id_column or frame.columns[0]
    problems: list[str] = []
    for _, row in frame.iterrows():
        label = f"{table} {row[id_column]}"
        for column in frame.columns:
            value = row[column]
            if _blank(value):
                continue
            host = relay_host(str(value))
            if host:
                problems.append(f"{label}: column {column!r} cites the relay site {host}")
    if "verified" in frame.columns:
        if "read_on" not in frame.columns:
            problems.append(f"{table}: has a 'verified' column but no 'read_on' column (the date each value was read)")
        read = frame[frame["verified"] == "read"]
        for _, row in read.iterrows():
            label = f"{table} {row[id_column]}"
            if "url" in frame.columns and _blank(row["url"]):
                problems.append(f"{label}: marked read but has no url")
            if "read_on" in frame.columns and _blank(row["read_on"]):
                problems.append(f"{label}: marked read but has no read_on date")
    return problems


def check_tables(frames: Iterable[tuple[str, pd.DataFrame]]) -> list[str]:
    """Return the provenance problems of several (name, frame) tables, in order."""
    out: list[str] = []
    for name, frame in frames:
        out.extend(provenance_problems(frame, name))
    return out

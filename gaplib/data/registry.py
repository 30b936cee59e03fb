"""The registry of sources: data/sources.yml (third-party) and data/curated.yml (curated).

Each entry says where a file comes from (owner, upstream URL, licence, citation), where it
is found (``file``, ``kind``), how many rows are plausible and which columns the book uses,
with their types and allowed ranges. Entries are parsed once per registry-file version and
returned as frozen dataclasses.

The registry describes a source and its schema, which stay the same from one vintage of
the file to the next; what belongs to one vintage (when and from where the copy was taken,
its fingerprint) is recorded in the snapshot's manifest (gaplib.data.snapshot). ``key``
names the columns that identify a row across vintages (``gaplib data update`` matches rows
by them to report what changed).

Dates are bounded: no ``date`` or ``year`` cell of a third-party file may be later than the
day its copy was retrieved (the manifest's ``retrieved``) or, for curated tables, which are
edited in the repository and date each row themselves, than the day of the check. A column
may lift the bound: ``allow_future: true`` for every row, or
``future_when: {column: status, values: [Planned]}`` only for the rows whose (snake_case)
``column`` holds one of ``values``. See gaplib.data.schemas.date_bound and build_schema.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import ConfigDict, Field, TypeAdapter, ValidationError, model_validator
from pydantic.dataclasses import dataclass

from .errors import RegistryError
from .paths import CURATED_DIR

REGISTRY_FILES = ("sources.yml", "curated.yml")


DATED_TYPES = ("date", "year")  # column types whose values are bounded by the retrieval date


def utc_today() -> dt.date:
    """Return today's date in UTC (the bound for curated tables and for a retrieval date itself)."""
    return dt.datetime.now(dt.timezone.utc).date()


# One definition per entry type: pydantic dataclasses validate the YAML and are the frozen,
# hashable records the data layer passes around.
@dataclass(frozen=True, config=ConfigDict(extra="forbid"))
class FutureWhen:
    """Rows whose column ``column`` (snake_case name) holds one of ``values`` may be dated after the bound."""

    column: str
    values: tuple[Any, ...] = Field(min_length=1)


@dataclass(frozen=True, config=ConfigDict(extra="forbid", populate_by_name=True))
class Column:
    """One registered column: raw header ``name`` in the file, renamed to ``as_`` (``as`` in YAML)."""

    name: str
    as_: str = Field(alias="as")
    # Field() keeps this required after the aliased field (a dataclass needs defaults in order)
    # "year" is an int calendar year (Int64) that, like "date", may not pass the retrieval date
    type: Literal["str", "float", "int", "year", "date", "bool", "countries", "country"] = Field()
    nullable: bool = False
    min: float | None = None
    max: float | None = None
    allowed: tuple[Any, ...] | None = None
    unique: bool = False
    default: Any = None  # value used for an empty cell (e.g. Epoch's blank = False flags)
    allow_future: bool = False  # any row may be dated after the bound (e.g. target dates)
    future_when: FutureWhen | None = None  # only these rows may (e.g. planned clusters)

    @model_validator(mode="after")
    def _future_options(self) -> Column:
        if (self.allow_future or self.future_when) and self.type not in DATED_TYPES:
            raise ValueError(f"column '{self.as_}': allow_future/future_when need type date or year")
        if self.allow_future and self.future_when:
            raise ValueError(f"column '{self.as_}': give allow_future or future_when, not both")
        return self


@dataclass(frozen=True, config=ConfigDict(extra="forbid"))
class Source:
    """One registered source; ``rows`` is the accepted (lo, hi) row-count range."""

    id: str
    title: str
    owner: str
    url: str
    licence: str
    citation: str
    file: str
    kind: Literal["third_party", "curated"]
    rows: tuple[int, int]
    columns: tuple[Column, ...]
    date_column: str | None = None
    download: str | None = None  # direct file URL when ``url`` is a landing page
    member: str | None = None  # file inside ``download`` when it is a zip archive
    key: tuple[str, ...] | None = None  # raw header names identifying a row across vintages
    # owner/name of the owner's own git repository, when the owner publishes the files there
    # (the sources page then says a copy from it is the owner's, not a third-party mirror's)
    owner_repository: str | None = None
    # the file stacks every committed version of a per-version CSV (gaplib.data.stack): a new
    # version is appended to it, not swapped in for it
    stacked: bool = False
    # the title, owner, citation and upstream note are the book's own words (a table compiled for this book
    # but kept like a third party's file), so the sources page gives them in the page's language
    book_words: bool = False

    @model_validator(mode="after")
    def _consistent(self) -> Source:
        names = [c.as_ for c in self.columns]
        if len(set(names)) != len(names):
            raise ValueError(f"duplicate column names in {names}")
        if self.date_column is not None and self.date_column not in names:
            raise ValueError(f"date_column '{self.date_column}' is not a registered column")
        for col in self.columns:
            if col.future_when is not None and col.future_when.column not in names:
                raise ValueError(f"column '{col.as_}': future_when names '{col.future_when.column}', "
                                 "which is not a registered column")
        if self.key is not None:
            # only registered columns are sure to be in a file that passed its schema
            unknown = [k for k in self.key if k not in {c.name for c in self.columns}]
            if not self.key or unknown:
                raise ValueError(f"key {list(self.key)} must name registered columns (their 'name' "
                                 f"in the file); not registered: {unknown}")
        if not 0 <= self.rows[0] <= self.rows[1]:
            raise ValueError(f"rows must be [lo, hi] with 0 <= lo <= hi, got {list(self.rows)}")
        return self

    @property
    def dated(self) -> bool:
        """Return True when a column holds dates or years (they need a bound)."""
        return any(c.type in DATED_TYPES for c in self.columns)

    def column(self, as_name: str) -> Column:
        """Return the registered column whose snake_case name is ``as_name``."""
        for col in self.columns:
            if col.as_ == as_name:
                return col
        raise KeyError(f"{self.id}: no column registered as '{as_name}'")


_SOURCE = TypeAdapter(Source)

# libyaml's safe loader reads the registries ten times faster than the pure-Python one
# (every chapter run reads them); both build the same plain data.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_registry(text: str, origin: str = "<registry>") -> list[Source]:
    """Return the sources described by one registry file's YAML text."""
    try:
        doc = yaml.load(text, Loader=_SAFE_LOADER) or {}
    except yaml.YAMLError as exc:
        raise RegistryError(f"{origin}: not valid YAML: {exc}") from exc
    entries = doc.get("sources") if isinstance(doc, dict) else None
    if not isinstance(entries, list):
        raise RegistryError(f"{origin}: expected a top-level 'sources:' list")
    out = []
    for i, entry in enumerate(entries):
        try:
            out.append(_SOURCE.validate_python(entry))
        except ValidationError as exc:
            ident = entry.get("id", f"entry {i}") if isinstance(entry, dict) else f"entry {i}"
            raise RegistryError(f"{origin}: source '{ident}' is malformed:\n{exc}") from exc
    return out


_CACHE: dict[tuple, dict[str, Source]] = {}


def _registry_paths() -> list[Path]:
    return [CURATED_DIR / name for name in REGISTRY_FILES]


def _load_all() -> dict[str, Source]:
    """Return id -> Source over every registry file present, third-party entries first."""
    paths = [p for p in _registry_paths() if p.is_file()]
    key = tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in paths)
    if key in _CACHE:
        return _CACHE[key]
    found: list[Source] = []
    for p in paths:
        found.extend(parse_registry(p.read_text(encoding="utf-8"), origin=str(p)))
    by_id: dict[str, Source] = {}
    for s in found:
        if s.id in by_id:
            raise RegistryError(f"source id '{s.id}' is registered twice")
        by_id[s.id] = s
    ordered = sorted(by_id.values(), key=lambda s: s.kind != "third_party")  # stable
    _CACHE.clear()
    _CACHE[key] = {s.id: s for s in ordered}
    return _CACHE[key]


def sources() -> list[Source]:
    """Return every registered source: third-party ones first, then curated, in file order."""
    return list(_load_all().values())


def source(source_id: str) -> Source:
    """Return the registered Source with this id; raise RegistryError naming known ids if absent."""
    reg = _load_all()
    try:
        return reg[source_id]
    except KeyError:
        raise RegistryError(
            f"unknown source id '{source_id}'; registered: {', '.join(sorted(reg))}"
        ) from None


def credit(*source_ids: str) -> str:
    """Return the credit line for charts, e.g. "Data: Epoch AI, CC BY 4.0" (owners deduplicated)."""
    if not source_ids:
        raise ValueError("credit() needs at least one source id")
    parts: list[str] = []
    for sid in source_ids:
        s = source(sid)
        part = f"{s.owner}, {s.licence}"
        if part not in parts:
            parts.append(part)
    return "Data: " + "; ".join(parts)

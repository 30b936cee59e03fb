"""The book page "Data and sources", rendered from the registry and the files actually read.

The page is MyST markdown. Free text from the registry is backslash-escaped so that no
character is taken for markup (roles, emphasis, math, tables); URLs become autolinks.
"""

from __future__ import annotations

import re

from .countries import JOINT_RULE
from .errors import MissingDataError
from .registry import DATED_TYPES, Source, sources
from .snapshot import read_manifest, retrieval_date
from .summary import describe

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|$~^&!])")

INTRO = (
    "Every number in this book is computed from the files listed below. Third-party "
    "datasets (Epoch AI, LMArena, Our World in Data) are kept in the book's repository "
    "as a snapshot (`data/upstream/`), byte for byte as their owners published them, with "
    "a manifest of where each copy came from and its fingerprint; the data layer registers "
    "each one with its upstream link, licence, citation and expected columns, and "
    "validates it before any chapter uses it. The book's own curated tables live in the "
    "repository's `data/` folder, with a source and a retrieval date on every row."
)
LICENCE_NOTE = (
    "Each dataset keeps its owner's licence, shown with it; charts credit the owner "
    "(for example “Data: Epoch AI, CC BY 4.0”). The SHA-256 fingerprint identifies the "
    "exact file version the book was built from."
)


def escape(text: str) -> str:
    """Return ``text`` with markdown/MyST punctuation backslash-escaped (one line)."""
    return _SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def _link(url: str) -> str:
    if re.match(r"^https?://\S+$", url):
        return f"<{url}>"
    return f"`{url}`" if "`" not in url else escape(url)


def _date_rule(src: Source, row: dict[str, str] | None) -> str | None:
    """Return the page line giving the snapshot's retrieval date (its manifest ``row``) and which dates may be later."""
    retrieved = retrieval_date(src.id, row)
    if retrieved is None:
        return None
    line = f"- Retrieved: {retrieved.isoformat()}"
    dated = [c for c in src.columns if c.type in DATED_TYPES]
    if not dated:
        return line
    later = []
    for col in dated:
        if col.allow_future:
            later.append(f"`{col.as_}`")
        elif col.future_when is not None:
            values = ", ".join(escape(v) for v in col.future_when.values)
            later.append(f"`{col.as_}` where `{col.future_when.column}` is {values}")
    return line + " (no date in the file may be later" + (", except " + "; ".join(later) if later else "") + ")"


def _section(src: Source, heading: str, manifest: dict[str, dict[str, str]]) -> list[str]:
    lines = [f"### {heading}", ""]
    lines += [
        f"- Owner: {escape(src.owner)}",
        f"- Licence: {escape(src.licence)}",
        f"- Citation: {escape(src.citation)}",
        f"- Upstream: {_link(src.url)}",
        f"- File used: `{src.file}`" + (" (in the repository's `data/` folder)" if src.kind == "curated" else ""),
    ]
    row = manifest.get(src.file) if src.kind == "third_party" else None
    if row and row.get("mirrored_from"):
        lines.append(f"- Copy in the snapshot taken from: {escape(row['mirrored_from'])}")
    rule = _date_rule(src, row)
    if rule:
        lines.append(rule)
    try:
        summary = describe(src.id)
    except MissingDataError:
        lines.append("- Rows, dates and fingerprint: file not available when this page was built")
    else:
        lines.append(f"- Rows: {summary.rows:,}")
        if summary.date_range:
            lines.append(f"- Date range ({escape(src.date_column or '')}): {escape(summary.date_range)}")
        lines.append(f"- SHA-256 fingerprint: `{summary.sha256[:16]}`")
    lines.append("")
    return lines


def render_sources_page() -> str:
    """Return the MyST markdown of the "Data and sources" page (loads and validates every source)."""
    out = ["# Data and sources", "", INTRO, "", LICENCE_NOTE, "",
           f"Countries. {escape(JOINT_RULE)}", ""]
    all_sources = sources()
    manifest = read_manifest()
    seen: set[str] = set()
    groups = (
        ("Third-party datasets", [s for s in all_sources if s.kind == "third_party"]),
        ("Curated tables of this book", [s for s in all_sources if s.kind == "curated"]),
    )
    for group_title, members in groups:
        if not members:
            continue
        out += [f"## {group_title}", ""]
        for src in members:
            heading = escape(src.title)
            if heading.casefold() in seen or heading.casefold() in {"data and sources", group_title.casefold()}:
                heading = f"{heading} ({escape(src.id)})"  # headings must be unique for anchors
            seen.add(heading.casefold())
            out += _section(src, heading, manifest)
    return "\n".join(out).rstrip() + "\n"

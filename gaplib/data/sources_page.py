"""The book page "Data and sources", rendered from the registry and the files actually read.

The page is MyST markdown. Free text from the registry is backslash-escaped so that no
character is taken for markup (roles, emphasis, math, tables); URLs become autolinks.
Its own words go through a translator (:mod:`gaplib.present.i18n`); what comes from the registry
(titles, owners, licences, citations, files, addresses) is data and fills the fields of
its patterns, escaped, so a translation cannot break the markup.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from gaplib.present.dates import for_reader
from gaplib.present.i18n import Translator, english, join

from .countries import JOINT_RULE
from .errors import MissingDataError
from .registry import DATED_TYPES, Source, sources
from .snapshot import read_manifest, retrieval_date
from .summary import describe

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|$~^&!])")

INTRO = (
    "Every number in this book is computed from the files listed below. Third-party "
    "datasets (Epoch AI, LMArena, Our World in Data) are kept in the book's repository "
    "as a snapshot ({snapshot}). Each file was copied byte for byte from a public git "
    "repository at a named commit: the owner's own repository where the owner publishes "
    "there (Epoch AI's chip estimates), otherwise a third-party mirror that had kept the "
    "owner's file; the manifest records the repository, the commit, the commit date and the "
    "file's fingerprint, and each source below says which. The data layer registers "
    "each one with its upstream link, licence, citation and expected columns, and "
    "validates it before any chapter uses it. The book's own curated tables live in the "
    "repository's {folder} folder, with a source and a retrieval date on every row."
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


def _upstream(src: Source, tr: Translator) -> str:
    """The source's address as a link, or the book's own note where there is no one address (translated)."""
    if src.book_words and not re.match(r"^https?://\S+$", src.url):
        return escape(tr(src.url))
    return _link(src.url)


def _later_dates(src: Source, tr: Translator) -> list[str]:
    """Return the dated columns that may be later than the retrieval, each as a phrase (code names as code)."""
    later = []
    for col in src.columns:
        if col.type not in DATED_TYPES:
            continue
        if col.allow_future:
            later.append(f"`{col.as_}`")
        elif col.future_when is not None:
            values = join([escape(v) for v in col.future_when.values], tr, "{a}, {b}")
            later.append(tr("{column} where {condition} is {values}", column=f"`{col.as_}`",
                            condition=f"`{col.future_when.column}`", values=values))
    return later


def _date_rule(src: Source, row: dict[str, str] | None, tr: Translator) -> str | None:
    """Return the page line giving the snapshot's retrieval date (its manifest ``row``) and which dates may be later."""
    retrieved = retrieval_date(src.id, row)
    if retrieved is None:
        return None
    if not any(c.type in DATED_TYPES for c in src.columns):
        return "- " + tr("Retrieved: {date}", date=for_reader(retrieved.isoformat(), tr))
    later = _later_dates(src, tr)
    if not later:
        return "- " + tr("Retrieved: {date} (no date in the file may be later)", date=for_reader(retrieved.isoformat(), tr))
    return "- " + tr("Retrieved: {date} (no date in the file may be later, except {columns})",
                     date=for_reader(retrieved.isoformat(), tr), columns=join(later, tr, "{a}; {b}"))


def _file_line(src: Source, tr: Translator) -> str:
    """Return the "File used" line (curated tables say they live in the repository's data folder)."""
    if src.kind == "curated":
        return "- " + tr("File used: {file} (in the repository's {folder} folder)", file=f"`{src.file}`",
                         folder="`data/`")
    return "- " + tr("File used: {file}", file=f"`{src.file}`")


def _summary_lines(src: Source, tr: Translator) -> list[str]:
    """Return the lines on the file's rows, date range and fingerprint (or that it was not available)."""
    try:
        summary = describe(src.id)
    except MissingDataError:
        return ["- " + tr("Rows, dates and fingerprint: file not available when this page was built")]
    lines = ["- " + tr(f"Rows: {summary.rows:,}")]
    if summary.date_range:
        lines.append("- " + tr("Date range ({column}): {range}", column=escape(src.date_column or ""),
                               range=escape(summary.date_range)))
    lines.append("- " + tr("SHA-256 fingerprint: {sha}", sha=f"`{summary.sha256[:16]}`"))
    return lines


_COPY = re.compile(r"^([A-Za-z0-9][\w.-]*/[\w.-]+) @ ([0-9a-f]{7,40})$")


def _origin_line(src: Source, origin: str, tr: Translator) -> str:
    """Return the line saying where the snapshot's copy came from: the owner's repository or a mirror, at a commit."""
    text = origin.strip()
    if text.endswith("stacked: DERIVED)") and "(" in text:  # versions from several commits, stacked by the book
        parts = [_COPY.match(part.strip()) for part in text[:text.rindex("(")].split(" + ")]
        if all(parts):
            copies = join([tr("{repo} at commit {commit}", repo=f"`{m.group(1)}`", commit=f"`{m.group(2)}`")
                           for m in parts], tr, "{a}; {b}")
            return tr("Copy in the snapshot: derived by this book, which stacks the leaderboard's versions "
                      "copied from third-party mirrors ({copies})", copies=copies)
    match = _COPY.match(text)
    if match is None:  # a download or a hand-recorded file: the manifest's words
        return tr("Copy in the snapshot taken from: {origin}", origin=escape(tr(origin) if src.book_words else origin))
    repo, commit = match.groups()
    link = f"<https://github.com/{repo}/tree/{commit}>" if len(commit) == 40 else f"<https://github.com/{repo}>"
    if src.owner_repository and repo.casefold() == src.owner_repository.casefold():
        return tr("Copy in the snapshot taken from: the owner's own repository {repo} at commit {commit} ({link})",
                  repo=f"`{repo}`", commit=f"`{commit}`", link=link)
    return tr("Copy in the snapshot taken from: a third-party mirror, {repo} at commit {commit} ({link}), "
              "not from the owner's site", repo=f"`{repo}`", commit=f"`{commit}`", link=link)


def _section(src: Source, heading: str, manifest: dict[str, dict[str, str]], tr: Translator) -> list[str]:
    own = tr if src.kind == "curated" or src.book_words else str
    lines = [f"### {heading}", ""]
    lines += [
        "- " + tr("Owner: {owner}", owner=escape(own(src.owner))),
        "- " + tr("Licence: {licence}", licence=escape(src.licence)),
        "- " + tr("Citation: {citation}", citation=escape(own(src.citation))),
        "- " + tr("Upstream: {link}", link=_upstream(src, tr)),
        _file_line(src, tr),
    ]
    row = manifest.get(src.file) if src.kind == "third_party" else None
    if row and row.get("mirrored_from"):
        lines.append("- " + _origin_line(src, row["mirrored_from"], tr))
    rule = _date_rule(src, row, tr)
    if rule:
        lines.append(rule)
    return lines + _summary_lines(src, tr) + [""]


def render_sources_page(tr: Callable[..., str] = english) -> str:
    """Return the MyST markdown of the "Data and sources" page (loads and validates every source).

    Its words are in ``tr``'s language (default English); registry texts stay as they are.
    """
    title = tr("Data and sources")
    out = [f"# {title}", "", tr(INTRO, snapshot="`data/upstream/`", folder="`data/`"), "", tr(LICENCE_NOTE), "",
           tr("Countries. {rule}", rule=escape(tr(JOINT_RULE))), ""]
    all_sources = sources()
    manifest = read_manifest()
    seen: set[str] = set()
    groups = (
        (tr("Third-party datasets"), [s for s in all_sources if s.kind == "third_party"]),
        (tr("Curated tables of this book"), [s for s in all_sources if s.kind == "curated"]),
    )
    for group_title, members in groups:
        if not members:
            continue
        out += [f"## {group_title}", ""]
        for src in members:
            # The book's own tables are the book's words, in the page's language; third-party names stay as published.
            heading = escape(tr(src.title) if src.kind == "curated" or src.book_words else src.title)
            if heading.casefold() in seen or heading.casefold() in {title.casefold(), group_title.casefold()}:
                heading = f"{heading} ({escape(src.id)})"  # headings must be unique for anchors
            seen.add(heading.casefold())
            out += _section(src, heading, manifest, tr)
    return "\n".join(out).rstrip() + "\n"

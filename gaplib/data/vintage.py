"""``gaplib data import``: take a vintage of copies mirrored from public git repositories.

A vintage folder holds one sub-folder per source with the copied files and a
``PROVENANCE.txt`` that names, for each file, the repository, the full commit, the commit
date, the path in the repository and the sha256 of the bytes (the layout written when a
copy is taken with ``git show <commit>:<path>``). :func:`stage_folder` checks each copy
against its recorded sha256, matches it to the registered source whose snapshot file it
replaces, validates it with its dates bounded by the commit date and compares it with the
snapshot's copy; :func:`gaplib.data.update.apply` then swaps the changed files in as one
unit, their manifest rows saying ``mirrored_from`` (repository @ commit) and ``retrieved``
(the commit date: a copy cannot hold a date later than the commit that holds it).

A source registered with ``stacked: true`` (the LMArena leaderboard) is a file the project
derives by stacking every committed version of a per-version CSV: a new version is
appended to the snapshot's stack (:mod:`gaplib.data.stack`) rather than replacing it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import DataError
from .loaders import read_table
from . import paths
from .paths import fingerprint_bytes
from .registry import Source, sources
from .snapshot import read_manifest
from .stack import append_version
from .update import Staged, compare_with_snapshot

PROVENANCE_FILE = "PROVENANCE.txt"
_FIELD = re.compile(r"^\s+([a-z0-9 ]+):\s*(.*)$")


class VintageError(DataError):
    """A vintage folder is malformed: no provenance, a copy that does not match it, or an unmatched file."""


@dataclass(frozen=True)
class Copy:
    """One copied file and where it came from: ``repo`` (owner/name), full ``commit`` and its date."""

    path: Path
    repo: str
    commit: str
    commit_date: dt.date
    repo_path: str
    sha256: str

    @property
    def mirrored_from(self) -> str:
        """Return the manifest's ``mirrored_from``: ``owner/name @ commit`` (the full commit)."""
        return f"{self.repo} @ {self.commit}"


def _repo_name(url: str) -> str:
    """Return ``owner/name`` of a GitHub URL (``https://github.com/owner/name``)."""
    match = re.match(r"^https?://github\.com/([^/\s]+/[^/\s]+?)(?:\.git)?/?$", url.strip())
    if not match:
        raise VintageError(f"not a GitHub repository address: {url!r}")
    return match.group(1)


def parse_provenance(text: str, folder: Path) -> list[Copy]:
    """Return the copies a PROVENANCE.txt describes (``file:`` blocks), in file order.

    Raises VintageError naming the file for a block without repo, commit, commit date,
    path or sha256, or with a commit that is not 40 hex digits.
    """
    blocks: list[dict[str, str]] = []
    for line in text.splitlines():
        if line.startswith("file:"):
            blocks.append({"file": line.split(":", 1)[1].strip()})
        elif blocks and (m := _FIELD.match(line)):
            blocks[-1][m.group(1).strip()] = m.group(2).strip()
    out = []
    for block in blocks:
        missing = [k for k in ("repo", "commit", "commit date", "path", "sha256") if not block.get(k)]
        if missing:
            raise VintageError(f"{folder / PROVENANCE_FILE}: '{block['file']}' lacks {', '.join(missing)}")
        if not re.fullmatch(r"[0-9a-f]{40}", block["commit"]):
            raise VintageError(f"{folder / PROVENANCE_FILE}: '{block['file']}': commit {block['commit']!r} "
                               "is not 40 hex digits")
        try:
            day = dt.datetime.strptime(block["commit date"], "%Y-%m-%d %H:%M:%S %z").date()
        except ValueError:
            raise VintageError(f"{folder / PROVENANCE_FILE}: '{block['file']}': commit date "
                               f"{block['commit date']!r} is not 'YYYY-MM-DD HH:MM:SS +HHMM'") from None
        out.append(Copy(folder / block["file"], _repo_name(block["repo"]), block["commit"], day,
                        block["path"], block["sha256"]))
    return out


def read_copies(folder: Path) -> list[Copy]:
    """Return every copy listed by the PROVENANCE.txt files one level below ``folder``, each checked.

    Raises VintageError when no provenance is found, a listed file is missing, or its bytes
    differ from the recorded sha256.
    """
    folder = Path(folder)
    found = sorted(folder.glob(f"*/{PROVENANCE_FILE}"))
    if not found:
        raise VintageError(f"{folder}: no */{PROVENANCE_FILE} found; a vintage folder holds one folder per source")
    copies = []
    for prov in found:
        for copy in parse_provenance(prov.read_text(encoding="utf-8"), prov.parent):
            if not copy.path.is_file():
                raise VintageError(f"{prov}: lists '{copy.path.name}', which is not in {prov.parent}")
            digest = fingerprint_bytes(copy.path.read_bytes())
            if digest != copy.sha256:
                raise VintageError(f"{copy.path}: sha256 {digest[:12]}... differs from {copy.sha256[:12]}... "
                                   f"recorded in {prov}")
            copies.append(copy)
    return copies


def match_source(copy: Copy, third_party: list[Source]) -> Source | None:
    """Return the registered source whose snapshot file ``copy`` replaces, or None (e.g. a README).

    A copy matches a source whose file ends with the copy's path in its repository, or whose
    file has the copy's name; a copy in a folder named after a ``stacked`` source is a new
    version of that stack.
    """
    for src in third_party:
        if src.file.endswith("/" + copy.repo_path) or Path(src.file).name == copy.path.name:
            return src
    for src in third_party:
        if src.stacked and copy.path.parent.name == src.id:
            return src
    return None


def stage_copy(src: Source, copy: Copy, manifest: dict[str, dict[str, str]]) -> Staged:
    """Return the validated, compared copy (a stacked source: the snapshot's stack plus this version)."""
    raw = copy.path.read_bytes()
    retrieved = copy.commit_date
    mirrored = copy.mirrored_from
    if src.stacked:
        raw = append_version((paths.SNAPSHOT_DIR / src.file).read_bytes(), raw, version=copy.commit_date,
                             commit=copy.commit, commit_date=copy.commit_date, source_path=copy.repo_path)
        old = manifest.get(src.file, {})
        previous = old.get("mirrored_from", "").replace(" (every committed version stacked: DERIVED)", "")
        mirrored = f"{previous} + {mirrored} (versions stacked: DERIVED)" if previous else mirrored
        old_day = old.get("retrieved") or ""
        retrieved = max(retrieved, dt.date.fromisoformat(old_day)) if old_day else retrieved
    frame = read_table(src, copy.path, raw, retrieved=retrieved)
    return Staged(src, raw, frame, compare_with_snapshot(src, raw, frame, manifest),
                  retrieved=retrieved, mirrored_from=mirrored)


def stage_folder(folder: Path) -> tuple[list[Staged], list[Copy]]:
    """Return (staged copies of registered sources, copies that match no registered source).

    Raises VintageError for a malformed folder, two copies of one source, or a DataError
    (naming the source) for a copy that fails its schema.
    """
    third_party = [s for s in sources() if s.kind == "third_party"]
    manifest = read_manifest()
    staged: dict[str, Staged] = {}
    unmatched = []
    for copy in read_copies(folder):
        src = match_source(copy, third_party)
        if src is None:
            unmatched.append(copy)
            continue
        if src.id in staged:
            raise VintageError(f"{src.id}: two copies in {folder} ({copy.path.name} and another)")
        staged[src.id] = stage_copy(src, copy, manifest)
    return list(staged.values()), unmatched

"""``gaplib data update``: a new vintage of the third-party files as one reviewable change.

:func:`stage` downloads each source from its upstream URL into the download cache's
staging folder, validates it against its registry entry (the loader's own path, without
the manifest check; the download day bounds its dates) and compares it with the snapshot's
copy (gaplib.data.diff). :func:`apply` replaces the snapshot as one unit: a complete new
``data/upstream`` (the unchanged files, the new ones and a manifest whose rows for the new
files say when and from where they were downloaded) is assembled beside it, checked, and
exchanged with the old folder in one rename. Until that rename nothing in the snapshot has
changed, so a failure anywhere before it leaves the snapshot byte for byte as it was.
"""

from __future__ import annotations

import ctypes
import datetime as dt
import errno
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from . import paths
from .diff import FileReport, diff_tables
from .errors import DataError, RegistryError
from .fetch import FetchError, download, download_url, keep_download
from .read import _read_records, read_table
from .registry import Source, sources, utc_today
from .snapshot import manifest_row, read_manifest, write_manifest
from .summary import date_range


@dataclass(frozen=True)
class Staged:
    """A validated download: its source, bytes, typed frame and change report."""

    src: Source
    raw: bytes
    frame: pd.DataFrame = field(repr=False)
    report: FileReport
    # a copy taken from a repository at a commit (gaplib.data.vintage) says so; a download
    # is dated the day of the update and recorded as an upstream download
    retrieved: dt.date | None = None
    mirrored_from: str | None = None


@dataclass(frozen=True)
class UpdateResult:
    """What an update found: staged downloads, (source id, reason) failures and sources without a URL."""

    day: dt.date
    staged: tuple[Staged, ...]
    failures: tuple[tuple[str, str], ...]
    skipped: tuple[tuple[str, str], ...]
    applied: bool = False

    @property
    def changed(self) -> tuple[Staged, ...]:
        """Return the staged downloads whose bytes differ from the snapshot's copies."""
        return tuple(s for s in self.staged if not s.report.unchanged)


def select(source_ids: Sequence[str] = ()) -> tuple[list[Source], list[tuple[str, str]]]:
    """Return (sources to download, (id, reason) of those skipped for want of a direct URL).

    With no ids, every third-party source with a download URL is taken and the others are
    skipped. A named id that is unknown, curated or has no URL is refused (RegistryError).
    """
    third_party = {s.id: s for s in sources() if s.kind == "third_party"}
    if not source_ids:
        chosen = [s for s in third_party.values() if download_url(s)]
        return chosen, [(s.id, f"no direct download URL ({s.url})") for s in third_party.values()
                        if not download_url(s)]
    unknown = [sid for sid in source_ids if sid not in third_party]
    if unknown:
        raise RegistryError(f"unknown third-party source id(s) {', '.join(unknown)}; known: "
                            f"{', '.join(sorted(third_party))}")
    without = [sid for sid in source_ids if not download_url(third_party[sid])]
    if without:
        raise RegistryError(f"no direct download URL is registered for {', '.join(without)}; their files are "
                            "updated by hand and recorded with `gaplib data snapshot`")
    return [third_party[sid] for sid in dict.fromkeys(source_ids)], []


def compare_with_snapshot(src: Source, raw: bytes, frame: pd.DataFrame,
                          manifest: dict[str, dict[str, str]]) -> FileReport:
    """Return the change report of a validated download against the snapshot's copy of the file."""
    from .paths import fingerprint_bytes

    new_sha = fingerprint_bytes(raw)
    old_path = paths.SNAPSHOT_DIR / src.file
    old_raw = old_path.read_bytes() if old_path.is_file() else None
    old_sha = fingerprint_bytes(old_raw) if old_raw is not None else None
    row = manifest.get(src.file, {})
    before = (row.get("date_min", ""), row.get("date_max", ""))
    after = date_range(src, frame)
    if old_sha == new_sha:
        return FileReport(src.id, src.file, old_sha, new_sha, None, before, after)
    new_header, new_rows, _ = _read_records(raw, src.id)
    if old_raw is None:
        old_header, old_rows = new_header, []
    else:
        old_header, old_rows, _ = _read_records(old_raw, f"{src.id} ({old_path})")
    key = src.key if src.key and all(k in [h.strip() for h in old_header] for k in src.key) else None
    diff = diff_tables(old_header, old_rows, new_header, new_rows, key)
    return FileReport(src.id, src.file, old_sha, new_sha, diff, before, after)


def stage_source(src: Source, day: dt.date, manifest: dict[str, dict[str, str]]) -> Staged:
    """Download, keep, validate and compare one source; raise DataError naming it and the reason."""
    raw = download(src)
    kept = keep_download(src, raw, day)
    frame = read_table(src, kept, raw, downloaded=day)  # its message names the kept file
    return Staged(src, raw, frame, compare_with_snapshot(src, raw, frame, manifest))


def stage(chosen: Iterable[Source], day: dt.date | None = None,
          on_source: Callable[[Source], None] | None = None) -> tuple[dt.date, list[Staged], list[tuple[str, str]]]:
    """Return (download day, staged downloads, (source id, reason) failures) for ``chosen``.

    Every source is tried even after a failure, so one run names every problem.
    ``on_source`` is called after each source (progress display).
    """
    day = day or utc_today()
    manifest = read_manifest()
    staged, failures = [], []
    for src in chosen:
        try:
            staged.append(stage_source(src, day, manifest))
        except DataError as exc:
            failures.append((src.id, str(exc)))
        except OSError as exc:  # the staging folder could not be written
            failures.append((src.id, f"{src.id}: cannot keep the download: {exc}"))
        if on_source:
            on_source(src)
    return day, staged, failures


def mirrored_from(src: Source) -> str:
    """Return the manifest's ``mirrored_from`` for a file downloaded from upstream."""
    return f"upstream download: {download_url(src)}"


def _exchange(a: Path, b: Path) -> bool:
    """Swap two directories in one step (Linux renameat2 RENAME_EXCHANGE); False where unsupported."""
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if renameat2 is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):  # kernel or filesystem cannot exchange
        return False
    raise OSError(code, os.strerror(code), str(b))


def _swap_in(new: Path, target: Path, old: Path) -> None:
    """Put the folder ``new`` at ``target``; the folder that was there ends at ``new`` or ``old``."""
    if _exchange(new, target):
        return
    # Two renames: the previous snapshot is put back if the second one fails.
    os.rename(target, old)
    try:
        os.rename(new, target)
    except BaseException:
        os.rename(old, target)
        raise


def apply(staged: Sequence[Staged], day: dt.date) -> list[Path]:
    """Replace the changed files and their manifest rows in the snapshot as one unit; return the files.

    Rows of the other files are kept as they are. Raises DataError (or OSError) before the
    swap for any problem, leaving the snapshot untouched.
    """
    changed = [s for s in staged if not s.report.unchanged]
    if not changed:
        return []
    target = paths.SNAPSHOT_DIR
    work = Path(tempfile.mkdtemp(prefix=f".{target.name}-update-", dir=target.parent))
    try:
        new = work / target.name
        shutil.copytree(target, new, symlinks=True)
        rows = {file: dict(row) for file, row in read_manifest(paths.MANIFEST_FILE).items()}
        for s in changed:
            (new / s.src.file).parent.mkdir(parents=True, exist_ok=True)
            (new / s.src.file).write_bytes(s.raw)
            rows[s.src.file] = manifest_row(s.src, s.raw, s.frame, s.retrieved or day,
                                            s.mirrored_from or mirrored_from(s.src))
        manifest = write_manifest(list(rows.values()), new / paths.MANIFEST_FILE.name)
        written = read_manifest(manifest)
        for s in changed:  # the assembled folder is what the loader will accept
            if paths.fingerprint(new / s.src.file) != written[s.src.file]["sha256"]:
                raise FetchError(f"{s.src.id}: the assembled copy does not match its manifest row")
        _swap_in(new, target, work / "previous")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return [target / s.src.file for s in changed]


def update(source_ids: Sequence[str] = (), *, apply_changes: bool = False, day: dt.date | None = None,
           on_source: Callable[[Source], None] | None = None, chosen: Sequence[Source] | None = None,
           skipped: Sequence[tuple[str, str]] = ()) -> UpdateResult:
    """Stage every chosen source and, with ``apply_changes`` and no failure, apply the changed ones.

    ``chosen``/``skipped`` default to :func:`select` of ``source_ids``.
    """
    if chosen is None:
        chosen, skipped = select(source_ids)
    day, staged, failures = stage(chosen, day, on_source)
    applied = False
    if apply_changes and not failures and any(not s.report.unchanged for s in staged):
        apply(staged, day)
        applied = True
    return UpdateResult(day, tuple(staged), tuple(failures), tuple(skipped), applied)

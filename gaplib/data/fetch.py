"""Download third-party files from their upstream URLs into the local cache.

Used by ``gaplib data fetch`` to stage a newer vintage in the download cache (read only
when ``GAPLIB_DATA_DIR`` names it; the book is built from the snapshot in data/upstream/). Only sources
with a direct ``download`` URL (or a ``url`` ending in .csv) can be fetched; the others
name the page where a reader can get the file by hand.
"""

from __future__ import annotations

import io
import os
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from urllib import error, request

from .errors import DataError, MissingDataError
from .paths import cache_dir, download_note, locate_file
from .registry import Source, sources, utc_today

TIMEOUT_S = 30


class FetchError(DataError):
    """A download failed (offline, HTTP error, missing zip member, no direct URL)."""


@dataclass(frozen=True)
class FetchResult:
    """``status`` is "present" (already found at ``path``) or "downloaded" (written to ``path``)."""

    id: str
    status: str
    path: Path


def download_url(src: Source) -> str | None:
    """Return the URL that yields the file itself (or its zip), or None if there is none."""
    if src.download:
        return src.download
    if src.url.lower().endswith(".csv"):
        return src.url
    return None


def _extract(raw: bytes, src: Source, url: str) -> bytes:
    """Return the registered member of a zip download (matched by file name)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
    except zipfile.BadZipFile as exc:
        raise FetchError(f"{src.id}: {url} is not a zip archive") from exc
    wanted = src.member
    for name in archive.namelist():
        if name == wanted or name.rsplit("/", 1)[-1] == wanted:
            return archive.read(name)
    raise FetchError(f"{src.id}: {url} has no member '{wanted}'")


def _write_atomically(path: Path, raw: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".part-")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(raw)
        os.replace(tmp, path)  # readers never see a half-written file
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def fetch_source(src: Source, force: bool = False) -> FetchResult:
    """Return where a third-party file is, downloading it into the cache when missing (or forced)."""
    url = download_url(src)
    if not force or url is None:  # nothing to re-download from: keep what is there
        try:
            return FetchResult(src.id, "present", locate_file(src.id, src.kind, src.file))
        except MissingDataError:
            pass
    if url is None:
        raise FetchError(
            f"{src.id}: no direct download URL is registered; get '{src.file}' from "
            f"{src.url} and put it under GAPLIB_DATA_DIR or {cache_dir()}"
        )
    try:
        with request.urlopen(url, timeout=TIMEOUT_S) as resp:
            raw = resp.read()
    except (error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        raise FetchError(
            f"{src.id}: could not download {url}: {reason}. Are you offline? "
            f"Otherwise set GAPLIB_DATA_DIR to a folder holding '{src.file}'."
        ) from exc
    if src.member:
        raw = _extract(raw, src, url)
    target = cache_dir() / src.file
    # the note first: a file without it would be held to the older registered snapshot date
    _write_atomically(download_note(target), f"{utc_today().isoformat()}\n".encode())
    _write_atomically(target, raw)
    return FetchResult(src.id, "downloaded", target)


def fetch_all(force: bool = False) -> list[FetchResult]:
    """Return the results of fetching every third-party source; stops at the first failure."""
    return [fetch_source(s, force) for s in sources() if s.kind == "third_party"]

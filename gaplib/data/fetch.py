"""Download a third-party file from its upstream URL, and keep the download for inspection.

Used by ``gaplib data update`` (gaplib.data.update), which stages every download here
before it validates, compares and (with ``--apply``) swaps them into the snapshot. Only
sources with a direct ``download`` URL (or a ``url`` ending in .csv) can be downloaded;
the others name the page where a reader can get the file by hand.
"""

from __future__ import annotations

import datetime as dt
import http.client
import io
import os
import tempfile
import zipfile
from pathlib import Path
from urllib import error, request

from .errors import DataError
from .paths import cache_dir, download_note
from .registry import Source

TIMEOUT_S = 30
STAGING_FOLDER = "update"  # below the download cache


class FetchError(DataError):
    """A download failed (connection, timeout, HTTP error, cut-off body, missing zip member, no direct URL)."""


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
            try:
                return archive.read(name)
            except (zipfile.BadZipFile, EOFError, OSError) as exc:  # a cut-off archive
                raise FetchError(f"{src.id}: member '{wanted}' of {url} cannot be read: {exc}") from exc
    raise FetchError(f"{src.id}: {url} has no member '{wanted}'")


def download(src: Source, timeout_s: float | None = None) -> bytes:
    """Return the bytes of the registered file from its upstream URL (the zip member when zipped).

    Raises FetchError naming the source, the URL and the reason: no direct URL, a refused
    connection or timeout (``timeout_s``, default :data:`TIMEOUT_S` seconds), an HTTP error
    status, or a body cut off before its announced length.
    """
    url = download_url(src)
    if url is None:
        raise FetchError(f"{src.id}: no direct download URL is registered; get '{src.file}' from {src.url} "
                         "by hand")
    try:
        with request.urlopen(url, timeout=timeout_s or TIMEOUT_S) as resp:
            raw = resp.read()
    except error.HTTPError as exc:
        raise FetchError(f"{src.id}: could not download {url}: HTTP {exc.code} {exc.reason}") from exc
    except (error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        raise FetchError(f"{src.id}: could not download {url}: {reason}") from exc
    except http.client.HTTPException as exc:  # e.g. IncompleteRead: the body ended early
        raise FetchError(f"{src.id}: could not download {url}: the response was cut off ({exc!r})") from exc
    return _extract(raw, src, url) if src.member else raw


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


def keep_download(src: Source, raw: bytes, day: dt.date) -> Path:
    """Write a download to the staging folder of the download cache and return its path.

    The note ``<file>.downloaded`` beside it holds ``day``, so a download can be loaded from
    there (``GAPLIB_DATA_DIR=<folder>``) with its dates bounded by the download day.
    """
    target = cache_dir() / STAGING_FOLDER / src.file
    # the note first: a file without it would be held to the snapshot's older retrieval date
    _write_atomically(download_note(target), f"{day.isoformat()}\n".encode())
    _write_atomically(target, raw)
    return target

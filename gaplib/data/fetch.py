"""Download a third-party file from its upstream URL, and keep the download for inspection.

Used by ``gaplib data update`` (gaplib.data.update), which stages every download here
before it validates, compares and (with ``--apply``) swaps them into the snapshot. Only
sources with a direct ``download`` URL (or a ``url`` ending in .csv) can be downloaded;
the others name the page where a reader can get the file by hand.

An upstream server is not trusted to behave: a download is streamed to a temporary file
with its size checked while it is read (at most :data:`MAX_BYTES`, and a zip member at
most as much once unpacked, whatever the archive declares), and a source has
:data:`DEADLINE_S` seconds in all, so that a server that drips a byte at a time cannot
hold the weekly update for ever.
"""

from __future__ import annotations

import datetime as dt
import http.client
import io
import os
import tempfile
import time
import zipfile
from pathlib import Path
from urllib import error, request

from .errors import DataError
from .paths import cache_dir, download_note
from .registry import Source

TIMEOUT_S = 30  # for the connection and each read
DEADLINE_S = 300  # for a whole source
#: The largest upstream file is a few megabytes; a hundred times that is not a data file.
MAX_BYTES = 256 * 1024 * 1024
CHUNK_BYTES = 1 << 16
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


def _too_big(src: Source, url: str, what: str, max_bytes: int) -> FetchError:
    return FetchError(f"{src.id}: {what} of {url} is larger than {max_bytes:,} bytes; refused")


def _extract(archive_file: io.IOBase | bytes, src: Source, url: str, max_bytes: int = MAX_BYTES) -> bytes:
    """Return the registered member of a zip download (matched by file name), unpacked in chunks and refused
    once it passes ``max_bytes`` (a zip bomb declares a small size or a huge one; both are caught)."""
    if isinstance(archive_file, bytes):
        archive_file = io.BytesIO(archive_file)
    try:
        archive = zipfile.ZipFile(archive_file)
    except zipfile.BadZipFile as exc:
        raise FetchError(f"{src.id}: {url} is not a zip archive") from exc
    wanted = src.member
    for info in archive.infolist():
        name = info.filename
        if name == wanted or name.rsplit("/", 1)[-1] == wanted:
            if info.file_size > max_bytes:
                raise _too_big(src, url, f"member '{wanted}'", max_bytes)
            unpacked = io.BytesIO()
            try:
                with archive.open(info) as member:
                    for chunk in iter(lambda: member.read(CHUNK_BYTES), b""):
                        if unpacked.tell() + len(chunk) > max_bytes:
                            raise _too_big(src, url, f"member '{wanted}'", max_bytes)
                        unpacked.write(chunk)
            except (zipfile.BadZipFile, EOFError, OSError) as exc:  # a cut-off archive
                raise FetchError(f"{src.id}: member '{wanted}' of {url} cannot be read: {exc}") from exc
            return unpacked.getvalue()
    raise FetchError(f"{src.id}: {url} has no member '{wanted}'")


def _stream(resp, target, src: Source, url: str, deadline: float, deadline_s: float, max_bytes: int) -> None:
    """Copy the body of ``resp`` into the file ``target`` in chunks, within ``max_bytes`` and the monotonic
    ``deadline``; FetchError otherwise."""
    announced = resp.headers.get("Content-Length")
    if announced and announced.isdigit() and int(announced) > max_bytes:
        raise _too_big(src, url, "the download", max_bytes)
    written = 0
    while True:
        if time.monotonic() > deadline:
            raise FetchError(f"{src.id}: could not download {url}: not finished within {deadline_s:g} s")
        chunk = resp.read1(CHUNK_BYTES)  # what has arrived, so that a drip is seen between reads
        if not chunk:
            break
        written += len(chunk)
        if written > max_bytes:
            raise _too_big(src, url, "the download", max_bytes)
        target.write(chunk)
    if announced and announced.isdigit() and written < int(announced):
        raise FetchError(f"{src.id}: could not download {url}: the response was cut off "
                         f"({written:,} of {int(announced):,} bytes)")


def download(src: Source, timeout_s: float | None = None, *, deadline_s: float | None = None,
             max_bytes: int | None = None) -> bytes:
    """Return the bytes of the registered file from its upstream URL (the zip member when zipped).

    Raises FetchError naming the source, the URL and the reason: no direct URL, a refused
    connection or timeout (``timeout_s``, default :data:`TIMEOUT_S` seconds, for the
    connection and each read), a download not finished within ``deadline_s`` (default
    :data:`DEADLINE_S`), a body or zip member above ``max_bytes`` (default :data:`MAX_BYTES`),
    an HTTP error status, or a body cut off before its announced length.
    """
    deadline_s = deadline_s or DEADLINE_S
    max_bytes = max_bytes or MAX_BYTES
    deadline = time.monotonic() + deadline_s
    url = download_url(src)
    if url is None:
        raise FetchError(f"{src.id}: no direct download URL is registered; get '{src.file}' from {src.url} "
                         "by hand")
    body = tempfile.TemporaryFile()
    try:
        with request.urlopen(url, timeout=timeout_s or TIMEOUT_S) as resp:
            _stream(resp, body, src, url, deadline, deadline_s, max_bytes)
    except FetchError:
        body.close()
        raise
    except error.HTTPError as exc:
        body.close()
        raise FetchError(f"{src.id}: could not download {url}: HTTP {exc.code} {exc.reason}") from exc
    except (error.URLError, OSError, ValueError) as exc:
        body.close()
        reason = getattr(exc, "reason", exc)
        raise FetchError(f"{src.id}: could not download {url}: {reason}") from exc
    except http.client.HTTPException as exc:  # e.g. IncompleteRead: the body ended early
        body.close()
        raise FetchError(f"{src.id}: could not download {url}: the response was cut off ({exc!r})") from exc
    with body:
        body.seek(0)
        return _extract(body, src, url, max_bytes) if src.member else body.read()


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

"""Precompressed copies of a site's large text files, for hosts that serve ``file.gz`` for ``file``.

A host that compresses by itself ignores them; one that serves static files as they are
(``gzip_static`` and the like) sends the reader a fifth of the bytes: the vega bundle, the
pages and the chart pictures are text that compresses four- to tenfold.
"""

from __future__ import annotations

import gzip
import os
from pathlib import Path

#: Files of these kinds compress well; pictures in PNG and fonts are compressed already.
COMPRESSIBLE_SUFFIXES = frozenset({".html", ".js", ".css", ".svg", ".json", ".csv", ".txt", ".xml", ".map"})
#: Smaller files gain less than the cost of a second file (bytes).
MIN_BYTES = 10_000


def precompress(site: Path, min_bytes: int = MIN_BYTES) -> list[Path]:
    """Write ``NAME.gz`` beside every compressible file of ``site`` of at least ``min_bytes``; return them.

    Compressed at the highest level with no time stamp, so the same file always gives the
    same bytes; each ``.gz`` is written whole or not at all. A copy no smaller than its
    file is not kept.
    """
    written = []
    for path in sorted(site.rglob("*")):
        if path.suffix not in COMPRESSIBLE_SUFFIXES or not path.is_file() or path.stat().st_size < min_bytes:
            continue
        data = path.read_bytes()
        packed = gzip.compress(data, compresslevel=9, mtime=0)
        if len(packed) >= len(data):
            continue
        target = path.with_name(path.name + ".gz")
        partial = path.with_name(f".{path.name}.gz.partial")
        partial.write_bytes(packed)
        os.replace(partial, target)
        written.append(target)
    return written

"""A built site served from this machine on a free loopback port, for the browser tests and the benchmarks.

Quiet (no request log). With ``gzip=True`` it serves as a static web host does: a ``.gz`` written
beside a file (``engine/compress.py``) is sent as it is, any other compressible file is
compressed on the fly, for clients that accept gzip; and every answer says how long a browser
may keep it (``Cache-Control: max-age=600``, what GitHub Pages sends), which a first visit does
not use but a reader's next page does.
"""

from __future__ import annotations

import functools
import gzip as gzip_module
import http.server
import io
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

COMPRESSIBLE = {".html", ".js", ".css", ".svg", ".json", ".csv", ".txt"}
CACHE_CONTROL = "max-age=600"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # keep test and benchmark output readable
        pass


class _GzipHandler(_QuietHandler):
    """Static files with ``Content-Encoding: gzip`` where the client accepts it, and a cache lifetime."""

    def end_headers(self):
        self.send_header("Cache-Control", CACHE_CONTROL)
        super().end_headers()

    def send_head(self):
        path = Path(self.translate_path(self.path))
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not accepts or not path.is_file() or path.suffix not in COMPRESSIBLE:
            return super().send_head()
        packed = path.with_name(path.name + ".gz")
        data = packed.read_bytes() if packed.is_file() else gzip_module.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        return io.BytesIO(data)


@contextmanager
def serve(directory: Path, *, gzip: bool = False) -> Iterator[str]:
    """Serve ``directory`` on a free port of 127.0.0.1 while the context lasts; yield its base URL
    (``http://127.0.0.1:PORT``, no trailing slash). ``gzip`` compresses as described in the module."""
    handler = functools.partial(_GzipHandler if gzip else _QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()

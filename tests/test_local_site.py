"""The local site server of the browser tests and benchmarks: plain, or with gzip as a host does."""

from __future__ import annotations

import gzip
import urllib.request

from gaplib.engine.local_site import serve


def _get(url: str, accept_gzip: bool) -> tuple[str | None, bytes]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"} if accept_gzip else {})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.headers.get("Content-Encoding"), response.read()


def test_files_are_served_as_they_are_without_gzip(tmp_path):
    (tmp_path / "page.html").write_text("<p>hello</p>")
    with serve(tmp_path) as base:
        assert base.startswith("http://127.0.0.1:") and not base.endswith("/")
        assert _get(f"{base}/page.html", accept_gzip=True) == (None, b"<p>hello</p>")


def test_gzip_sends_a_precompressed_copy_as_it_is_and_compresses_the_rest(tmp_path):
    (tmp_path / "page.html").write_text("<p>hello</p>" * 50)
    # A .gz beside the file is sent even where it differs from compressing the file: it is what a host serves.
    (tmp_path / "page.html.gz").write_bytes(gzip.compress(b"<p>the precompressed copy</p>"))
    (tmp_path / "data.csv").write_text("a,b\n1,2\n")
    (tmp_path / "picture.png").write_bytes(b"\x89PNG not compressed")
    with serve(tmp_path, gzip=True) as base:
        encoding, body = _get(f"{base}/page.html", accept_gzip=True)
        assert encoding == "gzip" and gzip.decompress(body) == b"<p>the precompressed copy</p>"
        encoding, body = _get(f"{base}/data.csv", accept_gzip=True)
        assert encoding == "gzip" and gzip.decompress(body) == b"a,b\n1,2\n"
        assert _get(f"{base}/picture.png", accept_gzip=True) == (None, b"\x89PNG not compressed")
        assert _get(f"{base}/data.csv", accept_gzip=False) == (None, b"a,b\n1,2\n")


def test_the_host_like_server_says_how_long_a_browser_may_keep_each_file(tmp_path):
    (tmp_path / "page.html").write_text("<p>hello</p>")
    (tmp_path / "picture.png").write_bytes(b"\x89PNG")
    with serve(tmp_path, gzip=True) as base:
        for name, accept in (("page.html", "gzip"), ("page.html", "identity"), ("picture.png", "gzip")):
            request = urllib.request.Request(f"{base}/{name}", headers={"Accept-Encoding": accept})
            with urllib.request.urlopen(request) as response:
                assert response.headers["Cache-Control"] == "max-age=600", (name, accept)
    with serve(tmp_path) as base, urllib.request.urlopen(f"{base}/page.html") as response:
        assert response.headers["Cache-Control"] is None  # the tests' plain server stays as it was

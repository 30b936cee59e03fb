"""``gaplib preview``: build the site, serve it on 127.0.0.1, rebuild and reload on every change.

A change to a watched file (chapters/, pages/, gaplib/, data/, the book's sources)
rebuilds through :func:`gaplib.engine.build.build_book` with its cache, so only the
chapters whose inputs changed execute again (in worker processes whose kernels stay warm
from one rebuild to the next), and the site is re-rendered only when something in it
changed, and then only the pages that changed (gaplib.engine.live_render). The server
adds a small script to every HTML page it sends that polls the site's version and
reloads the page when a rebuild succeeded; the files on disk are what ``gaplib build``
writes for the English edition. A build that fails (a chapter raises,
a parameter is rejected) prints its error and leaves the last good site served.

Chapters import ``gaplib`` afresh in their kernels, so edits to the calculations apply at
the next rebuild; edits to the engine itself (``gaplib/engine/``) need a restart.
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from gaplib.engine.book import BOOK_FILES
from gaplib.engine.build import BuildReport
from gaplib.engine.cache import PROJECT_DIR

#: What a preview watches, relative to the project: a change anywhere here rebuilds.
WATCHED = ("chapters", "pages", "gaplib", "data", "_static", *BOOK_FILES)
#: Path parts whose changes never rebuild: build output, caches, editor and notebook leftovers.
IGNORED_PARTS = frozenset({"_build", "__pycache__", ".ipynb_checkpoints", ".git", ".venv"})
VERSION_PATH = "/__gaplib_preview__/version"
POLL_MS = 1000
RELOAD_SCRIPT = (
    "<script>(function(){{var seen=\"{version}\";setInterval(function(){{"
    "fetch(\"" + VERSION_PATH + "\",{{cache:\"no-store\"}}).then(function(r){{return r.text();}})"
    ".then(function(v){{if(v!==seen){{location.reload();}}}}).catch(function(){{}});}}," + str(POLL_MS) + ");}})();"
    "</script>"
)


def watched_paths(project_dir: Path = PROJECT_DIR) -> list[Path]:
    """Return the existing files and folders a preview watches, sorted."""
    return sorted(project_dir / name for name in WATCHED if (project_dir / name).exists())


def is_watched(path: str | Path) -> bool:
    """Return False for a change inside build output, caches or editor leftovers, else True."""
    parts = Path(path).parts
    return not (IGNORED_PARTS & set(parts)) and not Path(path).name.endswith(("~", ".swp", ".tmp"))


def with_reload_script(html: bytes, version: int) -> bytes:
    """Return ``html`` with the reload script inserted before ``</body>`` (appended when there is none)."""
    script = RELOAD_SCRIPT.format(version=version).encode()
    at = html.lower().rfind(b"</body>")
    return html + script if at < 0 else html[:at] + script + html[at:]


@dataclass
class Outcome:
    """One rebuild: the build's report, or the error that stopped it (then the site was kept)."""

    report: BuildReport | None
    error: BaseException | None = None


class Preview:
    """The site's version and the rebuild that advances it.

    ``build`` is called with no arguments and returns a BuildReport or raises; only a
    build that returns advances ``version``, so pages reload only onto a good site.
    """

    def __init__(self, build: Callable[[], BuildReport], report: Callable[[str], None] = print):
        self._build = build
        self._report = report
        self._lock = threading.Lock()
        self.version = 0

    def rebuild(self, changed: Iterable[str] = ()) -> Outcome:
        """Build once; return what happened. Errors are reported and returned, not raised."""
        names = sorted({Path(path).name for path in changed})
        if names:
            self._report(f"changed: {', '.join(names[:5])}{' ...' if len(names) > 5 else ''}")
        with self._lock:  # one build at a time; changes during a build start the next one
            try:
                report = self._build()
            except Exception as exc:  # a failed build of any kind keeps the last good site
                self._report(f"build failed; still serving the last good site:\n{exc}")
                return Outcome(None, exc)
            self.version += 1
        executed = ", ".join(report.executed) or "none"
        self._report(f"rebuilt in {report.seconds:.1f} s: executed {executed}; "
                     f"{'re-rendered' if report.rendered else 'site already current'}")
        return Outcome(report)


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves the site folder, answers the version poll, and adds the reload script to HTML."""

    preview: Preview

    def do_GET(self) -> None:  # noqa: N802  (the name http.server dispatches to)
        if self.path.split("?")[0] == VERSION_PATH:
            self._send(str(self.preview.version).encode(), "text/plain")
            return
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if path.suffix == ".html" and path.is_file():
            self._send(with_reload_script(path.read_bytes(), self.preview.version), "text/html; charset=utf-8")
            return
        super().do_GET()

    def _send(self, body: bytes, content_type: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args) -> None:  # noqa: A002  (http.server's signature)
        pass  # one line per request would bury the build messages


def serve(site: Path, preview: Preview, port: int) -> http.server.ThreadingHTTPServer:
    """Return a server for ``site`` on 127.0.0.1:``port`` (0 picks a free port); not started yet."""
    handler = type("PreviewHandler", (_Handler,), {"preview": preview})
    return http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(handler, directory=str(site)))


def watch_and_rebuild(preview: Preview, paths: Iterable[Path], stop: threading.Event | None = None) -> None:
    """Rebuild after each batch of changes under ``paths`` until ``stop`` is set (or forever)."""
    from watchfiles import watch

    for changes in watch(*paths, watch_filter=lambda _change, path: is_watched(path), stop_event=stop):
        preview.rebuild(path for _change, path in changes)

"""Sphinx's phases on the build's timeline, for ``bench/timeline.py`` only.

This folder goes on ``PYTHONPATH`` of a build whose timeline is recorded; Python then
imports this module at start-up in every process of the build. Only in Jupyter Book's
render processes (``jupyter-book build``, or a warm render process the build spawned)
does it do anything: it wraps Sphinx's
application so that start-up, the read phase (each document), the write phase and the
end are recorded as spans (gaplib.engine.timeline). The render itself is unchanged.
"""

import os
import sys
import time

#: A render process the build started ahead of its render (gaplib.engine.render_process): its imports happen
#: while the chapters execute, so its start-up is not on the render's path and is not recorded.
_WARM = "--multiprocessing-fork" in sys.argv
if os.environ.get("GAPLIB_TIMELINE") and (_WARM or os.path.basename(sys.argv[0] if sys.argv else "") == "jupyter-book"):
    _STARTED = time.time()

    def _install() -> None:
        import sphinx.application

        from gaplib.engine.timeline import record

        Sphinx = sphinx.application.Sphinx
        original_init, original_build = Sphinx.__init__, Sphinx.build
        marks: dict = {}

        def init(self, *args, **kwargs):
            marks["init"] = time.time()
            if not _WARM:
                record("render: jupyter-book start-up (imports, config)", _STARTED, marks["init"])
            original_init(self, *args, **kwargs)
            record("render: sphinx set-up (extensions, environment)", marks["init"], time.time())

        def before_read(app, env, docnames):
            marks["read"] = marks["doc"] = time.time()

        def doc_read(app, doctree):
            now = time.time()
            record(f"render: read {app.env.docname}", marks.get("doc", now), now, render_doc=True)
            marks["doc"] = now

        def env_updated(app, env):
            marks["read_end"] = time.time()
            record("render: sphinx read phase", marks.get("read", marks["read_end"]), marks["read_end"])

        def write_started(app, builder):
            marks["write"] = time.time()

        def build(self, *args, **kwargs):
            for event, hook in (("env-before-read-docs", before_read), ("doctree-read", doc_read),
                                ("env-updated", env_updated), ("write-started", write_started)):
                self.connect(event, hook, priority=900)
            started = time.time()
            try:
                return original_build(self, *args, **kwargs)
            finally:
                now = time.time()
                if "read_end" in marks:
                    record("render: sphinx consistency checks", marks["read_end"], marks.get("write", now))
                if "write" in marks:
                    record("render: sphinx write phase (pages, search index, static files)", marks["write"], now)
                record("render: sphinx build total", started, now)

        Sphinx.__init__, Sphinx.build = init, build

    try:
        _install()
    except Exception as exc:  # a timeline must never break the render it measures
        print(f"timeline hooks not installed: {exc}", file=sys.stderr)

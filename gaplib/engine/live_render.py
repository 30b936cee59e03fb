"""Rendering for ``gaplib preview``: incremental, in a render process kept warm.

``gaplib build`` renders every page afresh in a new Jupyter Book process
(gaplib.engine.book.render). A preview renders again after every save, so it keeps two
things from one render to the next, as sphinx-autobuild does:

* a workspace beside the site (``.<site>-live-<pid>/``) with the book's sources as last
  rendered and Sphinx's environment and pages. A render copies into it only the staged
  files whose content changed, so their modification times tell Sphinx exactly which
  pages to read and write again;
* one render process that imported Jupyter Book, Sphinx and their extensions once
  (gaplib.engine.render_process). Sphinx imports the book's own extensions (``gaplib.engine.page_assets``
  ...) at the process's first render and keeps them, so when their source, or a ``gaplib`` module
  they import, changes (their key, gaplib.engine.extension_key, computed once per render) the
  process is replaced before the next render, and the workspace emptied: their hooks run as
  pages are written, and Sphinx would write again only the pages whose sources changed.

When the site is already current at the first render (a preview started after a build),
the workspace is filled in the background, so that the first change is rendered as fast
as the next ones.

The site itself is still replaced whole: the rendered pages are copied beside it and
swapped in only when the render succeeded (warnings are errors, as in a build). A render
that fails empties the workspace, so that the next one starts afresh and reports every
warning again. The workspace of a preview that was killed is removed by the next build
(gaplib.engine.outdir.clean_stale).
"""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
from collections.abc import Callable
from concurrent.futures import Future
from fnmatch import fnmatch
from pathlib import Path

from gaplib.engine.book import ENGLISH_KEY_FILE, BookBuildError, is_current, jupyter_book, render_key_of, swap_in
from gaplib.engine.extension_key import staged_extensions_key
from gaplib.engine.outdir import OutDirError, may_replace, work_prefix
from gaplib.engine.render_process import RenderProcess
from gaplib.present.i18n import TRANSLATIONS

#: Files Sphinx makes among the sources (compiled catalogs), kept when the stage has none.
MADE_IN_SOURCES = ("*.mo",)
#: What the preview says when it replaces its render process.
EXTENSIONS_CHANGED = "Sphinx extensions changed; restarting the renderer"


def _same_bytes(a: Path, b: Path) -> bool:
    return a.stat().st_size == b.stat().st_size and a.read_bytes() == b.read_bytes()


def sync_tree(source: Path, target: Path, keep: tuple[str, ...] = MADE_IN_SOURCES) -> list[str]:
    """Make ``target`` hold exactly ``source``'s files; return the relative paths written or removed, sorted.

    A file whose content is already the same is left untouched (its modification time
    too); files missing from ``source`` are removed, except those matching ``keep``.
    """
    changed = []
    wanted = set()
    for path in sorted(source.rglob("*")):
        if not path.is_file():
            continue
        relative = path.relative_to(source)
        wanted.add(relative)
        copy = target / relative
        if copy.is_file() and _same_bytes(path, copy):
            continue
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, copy)  # a new modification time: Sphinx reads it again
        changed.append(relative.as_posix())
    for path in sorted(target.rglob("*"), reverse=True):  # files before their folders
        relative = path.relative_to(target)
        if path.is_file() and relative not in wanted and not any(fnmatch(path.name, p) for p in keep):
            path.unlink()
            changed.append(relative.as_posix())
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return sorted(changed)


def keep_editions(site: Path, new_site: Path) -> list[str]:
    """Carry the other editions of ``site`` (``zh_CN/``, built by ``make book``) into ``new_site``, which has the
    English edition alone; return their languages. Hard links where the filesystem allows: no copy of the pages.

    A preview renders English only; without this, its first render would delete the Chinese edition.
    """
    kept = []
    for language in TRANSLATIONS:
        edition = site / language
        if edition.is_dir() and not (new_site / language).exists():
            try:
                shutil.copytree(edition, new_site / language, copy_function=os.link)
            except OSError:  # another filesystem: copied
                shutil.rmtree(new_site / language, ignore_errors=True)
                shutil.copytree(edition, new_site / language)
            kept.append(language)
    return kept


class LiveRenderer:
    """Renders the staged book into a site again and again, reading and writing only what changed."""

    def __init__(self, out_dir: Path, builder: str = "html",
                 run: Callable[[list[str]], tuple[int, str, str]] | None = None, *,
                 new_process: Callable[[], RenderProcess] = RenderProcess,
                 report: Callable[[str], None] = print) -> None:
        """``run`` runs ``jupyter-book ARGS`` and returns (status, stdout, stderr); default: in a warm
        render process of this renderer's own, made by ``new_process`` (gaplib.engine.render_process)
        and made again when the extensions' source changed. ``report`` is told, in one line, when it is."""
        self.out_dir = Path(out_dir).resolve()
        self.builder = builder
        self.workspace = self.out_dir.parent / f".{self.out_dir.name}-live-{os.getpid()}"
        self._new_process, self._report = new_process, report
        self._process = new_process() if run is None else None
        self._imported: str | None = None  # the extensions' key the process rendered with (None: no render yet)
        self._filling: Future | None = None  # the background render that fills an empty workspace
        self._run = run or self._process

    def _process_for(self, extensions: str) -> None:
        """Make the render process one that imports the extensions whose key is ``extensions``: a process that
        rendered with other source is replaced, and the workspace emptied (every page is written again)."""
        if self._process is None:  # renders run by the caller's ``run``
            return
        if self._imported is not None and self._imported != extensions:
            self._report(EXTENSIONS_CHANGED)
            self._process.close()
            self._process = self._run = self._new_process()
            shutil.rmtree(self.workspace, ignore_errors=True)
        self._imported = extensions

    def _sync(self, stage_dir: Path) -> tuple[Path, Path]:
        sources, work = self.workspace / "sources", self.workspace / "work"
        sources.mkdir(parents=True, exist_ok=True)
        sync_tree(stage_dir, sources)
        return sources, work

    def _fill_in_background(self, stage_dir: Path) -> None:
        sources, work = self._sync(stage_dir)  # now: the next build stages its files in the same folder
        filling = self._filling = Future()

        def fill() -> None:
            try:
                filling.set_result(jupyter_book(sources, work, self.builder, "the workspace is filled afresh next",
                                                self._run))
            except BaseException as exc:  # a failed fill only means the next render starts afresh
                filling.set_exception(exc)

        threading.Thread(target=fill, name="gaplib-live-render-fill", daemon=True).start()

    def _wait_for_fill(self) -> None:
        if self._filling is not None:
            good = self._filling.exception() is None
            self._filling = None
            if not good:
                shutil.rmtree(self.workspace, ignore_errors=True)

    def render(self, stage_dir: Path, *, force: bool = False, force_out: bool = False) -> bool:
        """Render ``stage_dir`` into the site; return False when it was already current.

        Raises BookBuildError (the site untouched) when Jupyter Book fails or warns, and
        OutDirError when the site is not a folder the book may replace.
        """
        out_dir = self.out_dir
        if not may_replace(out_dir, force_out=force_out):
            raise OutDirError(f"refusing to replace {out_dir}: it is not a site the book wrote")
        extensions = staged_extensions_key(stage_dir)  # once: it hashes a few dozen files
        key = render_key_of(stage_dir, extensions=extensions)
        self._wait_for_fill()
        if not force and (is_current(out_dir, key) or is_current(out_dir, key, ENGLISH_KEY_FILE)):
            if not self.workspace.exists():
                self._process_for(extensions)
                self._fill_in_background(stage_dir)
            return False
        self._process_for(extensions)
        sources, work = self._sync(stage_dir)
        try:
            built = jupyter_book(sources, work, self.builder, f"the previous site in {out_dir} is unchanged", self._run)
        except BookBuildError:
            shutil.rmtree(self.workspace, ignore_errors=True)  # the next render starts afresh
            raise
        copy = Path(tempfile.mkdtemp(prefix=work_prefix(out_dir, "render"), dir=out_dir.parent)) / "site"
        try:
            shutil.copytree(built, copy)
            keep_editions(out_dir, copy)
            (copy / ENGLISH_KEY_FILE).write_text(key + "\n")
            swap_in(copy, out_dir, key)
        finally:
            shutil.rmtree(copy.parent, ignore_errors=True)
        return True

    def close(self) -> None:
        """Stop the render process and remove the workspace."""
        self._wait_for_fill()
        if self._process is not None:
            self._process.close()
        shutil.rmtree(self.workspace, ignore_errors=True)

    def __enter__(self) -> LiveRenderer:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

"""Rendering executed chapters into the book site with Jupyter Book 1.x.

Jupyter Book never executes anything here (``execute_notebooks: off``): the runner
has already executed every chapter. The book sources and the executed notebooks are
copied into a staging folder, rendered into a temporary folder with warnings as
errors, and swapped into the output folder only when the render succeeded, so a
failed build leaves the last good site untouched.
"""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from gaplib.engine.cache import PROJECT_DIR, combine, sha256_file
from gaplib.engine.extension_key import modules_key, staged_extensions_key
from gaplib.engine.first_paint import finish_html
from gaplib.engine.language_edition import edition_config, edition_notebook, toc_in_language
from gaplib.engine.lifecycle import die_with_parent
from gaplib.engine.outdir import SITE_MARKER, STAGE_MARKER, OutDirError, may_replace, prepare_stage, work_prefix
from gaplib.engine.pictures import PICTURE_SUFFIXES, draw_missing, edition_specs, picture_paths
from gaplib.engine.published import cache_folder, copy_published, write_published
from gaplib.engine.runner import ChapterRun
from gaplib.engine.vega import VEGA_BUNDLE_NAME
from gaplib.params import site_folder
from gaplib.present.i18n import ENGLISH, LOCALES_DIR

BOOK_FILES = ("_config.yml", "_toc.yml", "reproduce.md", "bibliography.md", "references.bib")
STATIC_DIR = PROJECT_DIR / "_static"
TEMPLATES_DIR = PROJECT_DIR / "_templates"

RENDER_KEY_FILE = ".gaplib-render-key"
#: The key of the English edition's stage alone: a preview, which renders English only, reads it.
ENGLISH_KEY_FILE = ".gaplib-render-key-en"


class BookBuildError(RuntimeError):
    """Jupyter Book failed (or warned, with -W) while rendering the staged book."""


VARIANT_PAGE = "variant"


def toc_with_variant_page(toc: Mapping) -> dict:
    """Return the table of contents with the variant page as its own first part, after the introduction."""
    parts = [{"caption": "This variant", "chapters": [{"file": VARIANT_PAGE}]}, *toc.get("parts", [])]
    return {**toc, "parts": parts}


#: Where a stage keeps the specs of the charts whose pictures are added after the render (not a page source).
LATE_PICTURES_DIR = "_pictures"


def stage_book(runs: Mapping[str, ChapterRun], stage_dir: Path, sources_page: str, bundle: Path,
               changes_page: str, variant_page: str | None = None, language: str = ENGLISH,
               pictures_later: bool = False) -> Path:
    """Lay out the book sources with the executed chapters in ``stage_dir``; return it.

    ``bundle`` is the offline vega bundle (:func:`vega_bundle`); ``sources_page`` and
    ``changes_page`` are the generated pages "Data and sources" and "What changed";
    ``variant_page``, for a build with the reader's parameters, is "This variant against
    the published book", added to the table of contents. ``language`` chooses the
    edition: its configuration, its catalogs (``locales/``) and the outputs made in its
    language (:func:`edition_notebook`); the generated pages are given in that language.
    The edition's chart pictures are drawn where missing and staged with the other files,
    unless ``pictures_later``: then only their specs are staged (in ``_pictures/``, so the
    render's key covers them) and :func:`add_pictures` puts them in the rendered site.
    """
    import yaml

    prepare_stage(stage_dir)
    (stage_dir / "chapters").mkdir()
    for name in BOOK_FILES:
        shutil.copy2(PROJECT_DIR / name, stage_dir / name)
    if language != ENGLISH:  # the edition's configuration, contents' captions and catalogs
        from gaplib.present.i18n import translator

        (stage_dir / "_config.yml").write_text(yaml.safe_dump(edition_config(language), sort_keys=False,
                                                              allow_unicode=True))
        toc = toc_in_language(yaml.safe_load((stage_dir / "_toc.yml").read_text()), translator(language))
        (stage_dir / "_toc.yml").write_text(yaml.safe_dump(toc, sort_keys=False, allow_unicode=True))
        shutil.copytree(LOCALES_DIR / language, stage_dir / "locales" / language,
                        ignore=shutil.ignore_patterns("*.mo", "_config.yml"))
    shutil.copytree(STATIC_DIR, stage_dir / "_static")
    shutil.copytree(TEMPLATES_DIR, stage_dir / "_templates")
    shutil.copy2(bundle, stage_dir / "_static" / VEGA_BUNDLE_NAME)
    (stage_dir / "results").mkdir()
    for chapter, run in runs.items():
        # Chapters go under chapters/, summary pages (intro, claims) at the top of the book.
        folder = stage_dir / site_folder(chapter)
        if language == ENGLISH:
            copy_published(run.notebook, folder / f"{chapter}.ipynb", cache_folder(run.directory))
        else:
            notebook = json.loads(Path(run.notebook).read_text())
            write_published(edition_notebook(notebook, language), folder / f"{chapter}.ipynb",
                            folders=cache_folder(run.directory))
        stage_run_files(run, stage_dir, language, pictures_later)
    (stage_dir / "sources.md").write_text(sources_page)
    (stage_dir / "changes.md").write_text(changes_page)
    if variant_page is not None:
        import yaml

        (stage_dir / f"{VARIANT_PAGE}.md").write_text(variant_page)
        toc = yaml.safe_load((stage_dir / "_toc.yml").read_text())
        (stage_dir / "_toc.yml").write_text(yaml.safe_dump(toc_with_variant_page(toc), sort_keys=False))
    return stage_dir


def stage_run_files(run: ChapterRun, stage_dir: Path, language: str, pictures_later: bool = False) -> None:
    """Copy a run's results.json, tables and chart files into ``stage_dir/results/`` (served at the site's
    root), with the pictures of the edition in ``language`` (drawn first where missing); or, with
    ``pictures_later``, their specs into ``stage_dir/_pictures/`` for :func:`add_pictures`."""
    for path in run.outputs()[1:]:  # results.json and the rest; the notebook is staged as a page
        if path == run.results_file:  # published without the build machine's paths
            copy_published(path, stage_dir / "results" / path.name, cache_folder(run.directory))
        elif path.suffix not in PICTURE_SUFFIXES:
            shutil.copy2(path, stage_dir / "results" / path.name)
    if pictures_later:
        (stage_dir / LATE_PICTURES_DIR).mkdir(exist_ok=True)
        for spec in edition_specs(run.directory, language):
            shutil.copy2(spec, stage_dir / LATE_PICTURES_DIR / spec.name)
        return
    _copy_pictures(run, language, stage_dir / "results")


def add_pictures(site: Path, runs: Mapping[str, ChapterRun], language: str) -> None:
    """Copy into ``site`` (an edition's rendered site) the pictures of ``runs``' charts in ``language``,
    drawn first where missing (gaplib.engine.pictures)."""
    for run in runs.values():
        _copy_pictures(run, language, site)


def _copy_pictures(run: ChapterRun, language: str, folder: Path) -> None:
    draw_missing(run.directory, [language])
    for spec in edition_specs(run.directory, language):
        for picture in picture_paths(spec):
            shutil.copy2(picture, folder / picture.name)


def render_key(stage_dir: Path, extensions: str | None = None) -> str:
    """Return a sha256 over every staged file (path, content) but the stage marker, its Sphinx extensions' source
    (``extensions``: its staged_extensions_key, if known) and the source of the step finishing the pages."""
    files = sorted(p for p in stage_dir.rglob("*") if p.is_file() and p.name != STAGE_MARKER)
    return combine([*((p.relative_to(stage_dir).as_posix(), sha256_file(p)) for p in files),
                    ("extensions", extensions or staged_extensions_key(stage_dir)),
                    ("finish", modules_key([finish_html.__module__]))])


_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_LOGGED_PROBLEM = re.compile(r"\b(WARNING|ERROR|CRITICAL|SEVERE)\b")  # Sphinx's and docutils' own levels
_ERROR_HEADER = re.compile(r"^[A-Z][a-z]+ error\b.*:$")  # "Extension error (sphinxcontrib.bibtex):", then the message


def _render_failure(stdout: str, stderr: str, lines: int = 25) -> str:
    """The lines of Jupyter Book's output that name what went wrong, else the end of its output.

    Its last lines are a traceback of its own and "Look above for the cause"; the cause
    (a Sphinx warning, an extension's error) comes earlier, on stdout or stderr.
    """
    output = [_ANSI.sub("", line) for line in (stdout + "\n" + stderr).splitlines() if line.strip()]
    problems = []
    for i, line in enumerate(output):
        if _ERROR_HEADER.match(line):
            problems += output[i:i + 2]
        elif _LOGGED_PROBLEM.search(line):
            problems.append(line)
    return "\n".join(problems[:lines] if problems else output[-lines:])


#: An operating system's error in Jupyter Book's output: "OSError: [Errno 28] No space left on device: '/x'".
_OS_ERROR = re.compile(r"\[Errno (?P<errno>\d+)\] (?P<reason>[^:\n]+)(?::\s*'(?P<path>[^'\n]*)')?")

#: Sphinx builders Jupyter Book runs only as a "custom" builder.
_CUSTOM_BUILDERS = ("gettext",)


#: Runs ``jupyter-book ARGS`` and returns (exit status, standard output, standard error).
RenderRun = Callable[[list[str]], tuple[int, str, str]]


def jupyter_book_args(stage_dir: Path, work: Path, builder: str) -> list[str]:
    """Return the arguments of ``jupyter-book`` that build ``stage_dir`` with ``builder`` into ``work``.

    Warnings are errors (``-W``), and every one is reported (``--keep-going``).
    """
    builders = ["custom", "--custom-builder", builder] if builder in _CUSTOM_BUILDERS else [builder]
    return ["build", str(stage_dir), "--path-output", str(work), "--builder", *builders, "-W", "-n", "--keep-going"]


def _jupyter_book_subprocess(args: list[str]) -> tuple[int, str, str]:
    command = [str(Path(sys.executable).with_name("jupyter-book")), *args]
    done = subprocess.run(command, capture_output=True, text=True, check=False, preexec_fn=die_with_parent)
    return done.returncode, done.stdout, done.stderr


def jupyter_book(stage_dir: Path, work: Path, builder: str, failure: str, run: RenderRun | None = None) -> Path:
    """Build ``stage_dir`` with Jupyter Book's ``builder`` into ``work`` (warnings as errors); return the built folder.

    ``run`` runs Jupyter Book (a warm render process, gaplib.engine.render_process);
    default: a new ``jupyter-book`` process. Raises BookBuildError, starting with
    ``failure`` (what that means for the caller), with the lines of Jupyter Book's output
    that name what went wrong.
    """
    status, stdout, stderr = (run or _jupyter_book_subprocess)(jupyter_book_args(stage_dir, work, builder))
    built = work / "_build" / builder
    system = _OS_ERROR.search(stdout + "\n" + stderr) if status != 0 else None
    if system is not None:  # the machine's (a full disk): that one line, not Sphinx's traceback
        number, reason, where = int(system["errno"]), system["reason"], system["path"]
        raise BookBuildError(f"jupyter-book stopped: {reason} ({errno.errorcode.get(number, number)})"
                             + (f": {where}" if where else "") + f"; {failure}")
    if status != 0 or not built.is_dir():
        raise BookBuildError(f"jupyter-book exited {status}; {failure}.\n" + _render_failure(stdout, stderr))
    return built


def render(stage_dir: Path, out_dir: Path, *, force: bool = False, builder: str = "html",
           force_out: bool = False, editions: Mapping[str, Path] | None = None,
           runs: Mapping[str, RenderRun] | None = None,
           finish: Callable[[Mapping[str, Path]], None] | None = None) -> bool:
    """Render ``stage_dir`` into ``out_dir``; return False when it was already current.

    ``editions`` maps a language to the stage of the book's edition in it
    (:func:`stage_book`), rendered into ``out_dir/<language>/``; the site is replaced
    only when every edition rendered. ``runs`` maps a language (the book's is English) to
    what renders it (:func:`jupyter_book`); editions that have their own render side by side.
    ``finish`` is called with {language: its rendered site} once every edition rendered,
    before the site replaces ``out_dir``: what it adds is published with it (a build adds
    the chart pictures it drew while Jupyter Book rendered, :func:`add_pictures`). An HTML
    site gets a ``.gz`` beside each large text file (gaplib.engine.compress).
    Raises BookBuildError (with the last lines of Jupyter Book's output) on any
    warning or error; ``out_dir`` is then left exactly as it was (also when ``finish`` raises). Raises OutDirError,
    before rendering, when ``out_dir`` is not a folder the book may replace
    (gaplib.engine.outdir; ``force_out`` allows replacing an unprotected foreign folder).
    """
    if not may_replace(out_dir, force_out=force_out):
        raise OutDirError(f"refusing to replace {out_dir}: it is not a site the book wrote")
    editions = dict(editions or {})
    key = render_key_of(stage_dir, editions)
    if not force and is_current(out_dir, key):
        return False
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=work_prefix(out_dir, "render"), dir=out_dir.parent))
    try:
        unchanged = f"the previous site in {out_dir} is unchanged"
        runs = dict(runs or {})
        stages = {ENGLISH: (stage_dir, work / "book")}
        stages |= {lang: (stage, work / lang) for lang, stage in editions.items()}
        with ThreadPoolExecutor(max_workers=len(stages)) as threads:
            pending = {lang: threads.submit(jupyter_book, stage, folder, builder, unchanged, runs.get(lang))
                       for lang, (stage, folder) in stages.items()}
            built_editions = {lang: future.result() for lang, future in pending.items()}
        built = built_editions.pop(ENGLISH)
        for language, edition in built_editions.items():
            os.replace(edition, built / language)
        if finish is not None:
            finish({ENGLISH: built, **{language: built / language for language in built_editions}})
        if builder == "html":
            finish_html(built)
        (built / ENGLISH_KEY_FILE).write_text(render_key_of(stage_dir) + "\n")
        swap_in(built, out_dir, key)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return True


def render_key_of(stage_dir: Path, editions: Mapping[str, Path] | None = None, extensions: str | None = None) -> str:
    """Return the key of a render: the staged files of the book (``extensions``: render_key's) and of each edition."""
    return combine([("book", render_key(stage_dir, extensions))]
                   + [(lang, render_key(stage)) for lang, stage in (editions or {}).items()])


def is_current(out_dir: Path, key: str, key_name: str = RENDER_KEY_FILE) -> bool:
    """Return True when ``out_dir`` is the site rendered under ``key`` (its file ``key_name``)."""
    key_file = out_dir / key_name
    return key_file.is_file() and key_file.read_text().strip() == key


def swap_in(built: Path, out_dir: Path, key: str) -> None:
    """Mark ``built`` as the site rendered under ``key`` and put it in the place of ``out_dir``, whole.

    ``built`` must sit on the same filesystem as ``out_dir`` (beside it): each step is a rename.
    """
    (built / RENDER_KEY_FILE).write_text(key + "\n")
    (built / SITE_MARKER).write_text("a site built by gaplib; the next build replaces this whole folder\n")
    old = None
    if out_dir.exists():
        old = Path(tempfile.mkdtemp(prefix=work_prefix(out_dir, "old"), dir=out_dir.parent)) / "site"
        os.replace(out_dir, old)
    os.replace(built, out_dir)
    if old is not None:
        shutil.rmtree(old.parent, ignore_errors=True)

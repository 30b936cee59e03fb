"""The whole-book build: validate every chapter's parameters, execute, render.

Used by ``gaplib build``, ``make book`` and ``gaplib preview``. Which notebooks run when is
gaplib.engine.notebook_runs; the pages the build writes itself, gaplib.engine.build_pages.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import Executor, Future
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tqdm import tqdm

from gaplib.engine import timeline
from gaplib.engine.book import add_pictures, render, stage_book
from gaplib.engine.build_pages import changes_page, sources_page, variant_page
from gaplib.engine.cache import PROJECT_DIR
from gaplib.engine.lifecycle import clean_stale_connection_dirs, worker_pool
from gaplib.engine.live_render import LiveRenderer
from gaplib.engine.notebook_runs import run_notebooks
from gaplib.engine.outdir import check_out_dir, clean_stale, remove_stage
from gaplib.engine.pdf import PDF_NAME, render_pdf
from gaplib.engine.pictures import PictureProcess
from gaplib.engine.render_process import RenderProcesses
from gaplib.engine.runner import DEFAULT_CACHE_DIR, ChapterRun
from gaplib.engine.vega import vega_bundle
from gaplib.params import CHAPTERS, NOTEBOOKS, PAGES, ParameterError, validate_params
from gaplib.present.i18n import ENGLISH, LANGUAGES

DEFAULT_OUT = PROJECT_DIR / "_build" / "html"


@dataclass(frozen=True)
class BuildReport:
    """What a build did: the chapter runs, whether the site was re-rendered, and its time."""

    runs: dict[str, ChapterRun]
    rendered: bool
    seconds: float
    pdf: Path | None = None

    @property
    def executed(self) -> list[str]:
        """Chapters that were executed (not reused from the cache) in this build."""
        return [name for name, run in self.runs.items() if not run.cached]


def variant_requests(variant: Mapping[str, Any] | None) -> dict[str, dict[str, Any]]:
    """Return {chapter or page: overrides} for every notebook, from a ``name -> {name: value}`` mapping.

    Raises ParameterError for an unknown chapter or an entry that is not a mapping.
    """
    variant = dict(variant or {})
    unknown = sorted(set(variant) - set(NOTEBOOKS))
    if unknown:
        raise ParameterError(f"unknown chapter(s) {unknown} in parameters; chapters are: "
                             f"{', '.join(CHAPTERS)}; pages are: {', '.join(PAGES)}")
    requests: dict[str, dict[str, Any]] = {}
    for chapter in NOTEBOOKS:
        overrides = variant.get(chapter) or {}
        if not isinstance(overrides, dict):
            raise ParameterError(f"parameters for chapter {chapter!r} must be a mapping of names to values")
        requests[chapter] = overrides
    return requests


def _settle(future: Future, function: Callable[..., Any], *args: Any) -> None:
    """Run ``function(*args)`` into ``future`` (its result or its exception)."""
    try:
        with timeline.span(function.__name__.replace("_", " ")):
            future.set_result(function(*args))
    except BaseException as exc:  # handed to whoever waits for the result
        future.set_exception(exc)


@contextmanager
def _stages_removed_on_failure(out: Path, languages: Sequence[str]) -> Iterator[dict[str, Path]]:
    """Yield {language: its stage folder beside ``out``}; a build that fails (a full disk) removes them,
    which would otherwise keep the disk full. A build that succeeds keeps them (a PDF prints from them)."""
    stages = {language: out.parent / (f".{out.name}-stage" + ("" if language == ENGLISH else f"-{language}"))
              for language in languages}
    try:
        yield stages
    except BaseException:
        for folder in stages.values():
            remove_stage(folder)
        raise


def build_book(
    variant: Mapping[str, Any] | None = None,
    *,
    out: Path = DEFAULT_OUT,
    force: bool = False,
    jobs: int | None = None,
    progress: bool = True,
    cache_dir: Path = DEFAULT_CACHE_DIR,
    with_pdf: bool = False,
    force_out: bool = False,
    languages: Sequence[str] = LANGUAGES,
    pool: Executor | None = None,
    renderer: LiveRenderer | None = None,
) -> BuildReport:
    """Execute every chapter, then the pages that summarise them (in parallel, cached), and render ``out``.

    ``pool`` is a worker pool to run in (``gaplib preview`` keeps one, and its warm kernels,
    from one rebuild to the next); without it the build makes one of ``jobs`` workers.
    ``renderer`` renders the English edition alone, and only what changed since its last
    render (gaplib.engine.live_render, for ``gaplib preview``); without it every page is
    rendered afresh.

    Before anything executes, every chapter's parameters are validated and ``out`` is
    checked (gaplib.engine.outdir: the build replaces only a folder it wrote, unless
    ``force_out``); folders that killed builds left beside it are removed. The English
    edition is rendered at the root of ``out``; each other edition in ``languages``
    (gaplib.present.i18n.TRANSLATIONS) from the same executed chapters into ``out/<language>/``.
    """
    if renderer is not None and (tuple(languages) != (ENGLISH,) or renderer.out_dir != Path(out).resolve()):
        raise ValueError("a live renderer renders the English edition into its own site folder alone")
    unknown = sorted(set(languages) - set(LANGUAGES))
    if unknown or ENGLISH not in languages:
        raise ParameterError(f"unknown language(s) {unknown}; the book's editions are {', '.join(LANGUAGES)} "
                             "(English is always built)")
    started = time.perf_counter()
    requests = variant_requests(variant)
    for chapter, overrides in requests.items():
        validate_params(chapter, overrides)  # every chapter checked before anything executes
    out = check_out_dir(out, force_out=force_out)
    clean_stale(out)
    clean_stale_connection_dirs()
    # One progress bar for the whole build: a step per notebook, then the render (and the PDF).
    steps = len(requests) + 1 + int(with_pdf)
    with tqdm(total=steps, desc="book", unit="step", disable=not progress) as bar, \
            RenderProcesses(languages) as render_processes, PictureProcess() as pictures, \
            _stages_removed_on_failure(out, languages) as stage_dirs:
        def done(run: ChapterRun) -> None:
            if renderer is None:  # (a preview renders in its own warm process and draws its few pictures there)
                if not run.cached:  # a render will follow: its processes import meanwhile
                    render_processes.start()
                pictures.submit(run.directory, languages)  # the charts of the editions built, while others execute
            bar.set_postfix_str(f"{run.chapter} {'cached' if run.cached else f'{run.seconds:.1f}s'}")
            bar.update()

        with nullcontext(pool) if pool is not None else worker_pool(jobs or os.cpu_count() or 1) as pool:
            # Independent of the chapters: they share the pool instead of waiting for it.
            sources = {language: pool.submit(sources_page, cache_dir, language) for language in languages}
            bundle = pool.submit(vega_bundle)
            # "What changed" needs only the chapters: written while the sweep and the pages run.
            changes: dict[str, Future[str]] = {language: Future() for language in languages}

            def write_changes(chapter_runs: dict[str, ChapterRun]) -> None:
                for language, future in changes.items():
                    _settle(future, changes_page, chapter_runs, None, language)

            runs = run_notebooks(requests, cache_dir=cache_dir, force=force, jobs=jobs, on_done=done, pool=pool,
                                 with_chapters=write_changes)
            comparisons = dict.fromkeys(languages)
            if variant is not None:  # the published book, to set the variant against (cached after `make book`)
                bar.set_postfix_str("the published book, to compare the variant with")
                defaults = run_notebooks({name: {} for name in NOTEBOOKS}, cache_dir=cache_dir, jobs=jobs, pool=pool)
                comparisons = {language: variant_page(runs, defaults, requests, language) for language in languages}
        # One stage per edition, from the same executed chapters; the generated pages in its language.
        with timeline.span("stage"):
            stages = {language: stage_book(runs, stage_dirs[language], sources[language].result(),
                          bundle.result(), changes[language].result(), comparisons[language], language=language,
                          pictures_later=renderer is None)
                      for language in languages}
        stage = stages.pop(ENGLISH)
        editions = stages
        bar.set_postfix_str("rendering the book" + (f" in {len(editions) + 1} languages" if editions else ""))
        with timeline.span("render (jupyter-book)"):
            if renderer is not None:
                rendered = renderer.render(stage, force=force, force_out=force_out)
            else:
                def add_drawn_pictures(sites: Mapping[str, Path]) -> None:  # drawn while Jupyter Book rendered
                    with timeline.span("pictures (the wait for the last)"):
                        pictures.wait()
                    for language, site in sites.items():
                        add_pictures(site, runs, language)

                rendered = render(stage, out, force=force, force_out=force_out, editions=editions,
                                  runs=render_processes.runs, finish=add_drawn_pictures)
        bar.set_postfix_str("site rendered" if rendered else "site already current")
        bar.update()
        pdf = None
        if with_pdf:
            bar.set_postfix_str("printing the PDF")
            pdf = render_pdf(stage, out / PDF_NAME)
            for language, edition in editions.items():
                render_pdf(edition, out / language / PDF_NAME)
            bar.set_postfix_str("PDF printed")
            bar.update()
    return BuildReport(runs, rendered, time.perf_counter() - started, pdf)

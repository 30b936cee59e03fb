"""The whole-book build: validate every chapter's parameters, execute, render.

Used by ``gaplib build`` and ``make book``.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from contextlib import ExitStack, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tqdm import tqdm

from gaplib.engine import timeline
from gaplib.engine.book import PDF_NAME, render, render_pdf, stage_book, vega_bundle
from gaplib.engine.cache import PROJECT_DIR, combine, sha256_file
from gaplib.engine.lifecycle import clean_stale_connection_dirs, worker_pool
from gaplib.engine.live_render import LiveRenderer
from gaplib.engine.outdir import check_out_dir, clean_stale
from gaplib.engine.runner import DEFAULT_CACHE_DIR, ChapterFailed, ChapterRun, run_chapters, write_upstream
from gaplib.i18n import ENGLISH, LANGUAGES
from gaplib.params import CHAPTERS, NOTEBOOKS, PAGES, SUMMARIES, ParameterError, validate_params
from gaplib.params.yamlfile import read_yaml_mapping

if TYPE_CHECKING:  # gaplib.engine.sweep imports pandas, which a build's first steps do not need
    from gaplib.engine.sweep import SweepPoint

DEFAULT_OUT = PROJECT_DIR / "_build" / "html"
#: Sweeps the build runs for its pages: name -> (chapter, grid file).
BUILD_SWEEPS = {"sensitivity": ("strategy", PROJECT_DIR / "pages" / "sensitivity.grid.yaml")}


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


def build_sweep(chapter: str, grid_file: Path, overrides: Mapping[str, Any], cache_dir: Path,
                jobs: int | None, pool: Executor | None = None) -> tuple[list[dict[str, Any]], SweepPoint | None]:
    """Run a page's sweep on top of the build's parameters for ``chapter``; return its rows and the point not run.

    Each point is the chapter's parameters in this build with the grid's values on top,
    so a variant book gets a sensitivity consistent with its own assumptions. Points go
    through the chapter cache; a fresh output folder keeps no result the cache would not.
    The point whose parameters are the chapter's own in this build is not run: the
    chapter's run gives its row (:func:`with_chapter_point`).
    """
    from gaplib.engine.sweep import cached_rows, expand_grid, run_sweep, validate_points

    own = validate_params(chapter, overrides).model_dump()
    points = validate_points(chapter, [{**overrides, **point} for point in expand_grid(read_yaml_mapping(grid_file))])
    shared = next((point for point in points if point.parameters == own), None)
    rest = [point for point in points if point is not shared]
    rows = cached_rows(chapter, rest, cache_dir, results_only=True)
    if rows is not None:  # nothing to execute: no pool, no files
        return rows, shared
    with tempfile.TemporaryDirectory(prefix="gaplib-sweep-") as out, timeline.span(f"sweep {chapter}"):
        table = run_sweep(chapter, {"rows": [point.parameters for point in rest]}, Path(out), jobs=jobs,
                          cache_dir=cache_dir, pool=pool, results_only=True)  # the page reads the numbers only
    failed = table[table["status"] != "ok"]
    if len(failed):
        raise ChapterFailed(chapter, f"sweep points failed: {failed[['point_id', 'error']].to_dict('records')}")
    grid_index = {point.point_id: point.index for point in rest}
    return [{**row, "point_index": grid_index[row["point_id"]]} for row in table.to_dict("records")], shared


def with_chapter_point(rows: list[dict[str, Any]], shared: SweepPoint | None, run: ChapterRun) -> list[dict[str, Any]]:
    """Return a sweep's rows (:func:`build_sweep`) with the row of ``shared``, the point with the chapter's own
    parameters, from the chapter's ``run`` of the same build; in grid order."""
    from gaplib.engine.sweep import result_row, sweep_table

    if shared is not None:
        rows = [*rows, result_row(run.chapter, shared, run.results)]
    return sweep_table(rows).to_dict("records") if rows else []


def run_chapters_for_pages(
    requests: Mapping[str, Mapping[str, Any]], *, cache_dir: Path = DEFAULT_CACHE_DIR, force: bool = False,
    jobs: int | None = None, on_done: Any = None, pool: Executor | None = None,
) -> tuple[dict[str, ChapterRun], Path]:
    """Execute every chapter and the pages' sweeps; return the runs and the pages' input file.

    ``requests`` maps chapters (and possibly pages, ignored here) to their overrides.
    Chapters and sweep points share one process pool (``pool``, or one of ``jobs``
    workers), so no worker waits while another still has work queued.
    """
    chapters = {name: requests.get(name, {}) for name in CHAPTERS}
    with ExitStack() as stack:
        if pool is None:
            pool = stack.enter_context(worker_pool(jobs or os.cpu_count() or 1))
        # The sweeps queue their points from a thread while this one queues the chapters.
        side = stack.enter_context(ThreadPoolExecutor(max_workers=max(1, len(BUILD_SWEEPS))))
        pending = {name: side.submit(build_sweep, chapter, grid, chapters[chapter], cache_dir, jobs, pool)
                   for name, (chapter, grid) in BUILD_SWEEPS.items()}
        runs = run_chapters(chapters, cache_dir=cache_dir, force=force, jobs=jobs, on_done=on_done, pool=pool)
        sweeps = {name: with_chapter_point(*future.result(), runs[BUILD_SWEEPS[name][0]])
                  for name, future in pending.items()}
    return runs, write_upstream(runs, cache_dir, sweeps)


def run_notebooks(
    requests: Mapping[str, Mapping[str, Any]], *, cache_dir: Path = DEFAULT_CACHE_DIR, force: bool = False,
    jobs: int | None = None, on_done: Any = None, pool: Executor | None = None,
    with_chapters: Callable[[dict[str, ChapterRun]], Any] | None = None,
) -> dict[str, ChapterRun]:
    """Execute every chapter, the pages' sweeps and the pages; return every run, chapters first.

    ``requests`` maps chapters and pages to their overrides. A page that reads no chapter
    results (not in SUMMARIES) runs beside the chapters. A summary page that shows no sweep
    (all but those named in BUILD_SWEEPS) reads only the chapters' results, so it starts
    as soon as the chapters are done, beside the sweep's last points, instead of after them.
    ``with_chapters`` is called (in a thread of this process) with the chapters' runs as
    soon as they are done, for work that needs only them.
    """
    chapters = {name: requests.get(name, {}) for name in CHAPTERS}
    pages = {name: requests.get(name, {}) for name in PAGES}
    independent = {name: overrides for name, overrides in pages.items() if name not in SUMMARIES}
    early = {name: overrides for name, overrides in pages.items() if name in SUMMARIES and name not in BUILD_SWEEPS}
    late = {name: overrides for name, overrides in pages.items() if name in SUMMARIES and name in BUILD_SWEEPS}
    with ExitStack() as stack:
        if pool is None:
            pool = stack.enter_context(worker_pool(jobs or os.cpu_count() or 1))
        side = stack.enter_context(ThreadPoolExecutor(max_workers=len(BUILD_SWEEPS) + 3))
        pending = {name: side.submit(build_sweep, chapter, grid, chapters[chapter], cache_dir, jobs, pool)
                   for name, (chapter, grid) in BUILD_SWEEPS.items()}
        beside = side.submit(run_chapters, independent, cache_dir=cache_dir, force=force, jobs=jobs,
                             on_done=on_done, pool=pool)
        runs = run_chapters(chapters, cache_dir=cache_dir, force=force, jobs=jobs, on_done=on_done, pool=pool)
        if with_chapters is not None:
            side.submit(with_chapters, dict(runs))
        first = side.submit(run_chapters, early, cache_dir=cache_dir, force=force, jobs=jobs, on_done=on_done,
                            upstream=write_upstream(runs, cache_dir), pool=pool)
        sweeps = {name: with_chapter_point(*future.result(), runs[BUILD_SWEEPS[name][0]])
                  for name, future in pending.items()}
        page_runs = run_chapters(late, cache_dir=cache_dir, force=force, jobs=jobs, on_done=on_done,
                                 upstream=write_upstream(runs, cache_dir, sweeps), pool=pool)
        page_runs |= first.result() | beside.result()
    return runs | {name: page_runs[name] for name in pages}


def sources_page(cache_dir: Path = DEFAULT_CACHE_DIR, language: str = "en") -> str:
    """Return the "Data and sources" page in ``language``, rendered again only when a data file or the data layer changed.

    Rendering loads and validates every source (seconds); the page is kept in the cache
    under a key over the data layer's code, the registries, every source file's sha256 and
    the snapshot's manifest, and for a translation the language, its catalog and the
    translating code.
    """
    from gaplib import data, i18n
    from gaplib.data import paths
    from gaplib.data.sources_page import render_sources_page

    tr = i18n.translator(language).fresh()  # an unknown language fails before anything is cached
    package = Path(data.__file__).parent
    parts = [(f"code:{p.name}", sha256_file(p)) for p in sorted(package.glob("*.py"))]
    parts += [(f"registry:{p.name}", sha256_file(p)) for p in sorted((PROJECT_DIR / "data").glob("*.yml"))]
    parts += [(f"source:{s.id}", sha256_file(data.locate(s.id))) for s in data.sources()]
    if paths.MANIFEST_FILE.is_file():  # the retrieval dates the page shows
        parts.append(("manifest", sha256_file(paths.MANIFEST_FILE)))
    if language != i18n.ENGLISH:  # English keeps its key, so pages already cached stay valid
        catalog = i18n.catalog_path(language)
        parts += [("language", language), ("code:i18n.py", sha256_file(Path(i18n.__file__))),
                  ("catalog", sha256_file(catalog) if catalog.is_file() else "")]
    path = cache_dir / "_sources" / f"{combine(parts)[:16]}.md"
    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".partial")
        with timeline.span("sources page"):
            partial.write_text(render_sources_page(tr))
        os.replace(partial, path)
    return path.read_text()


def registered_files() -> dict[str, str]:
    """Return {registered data file: source id}, for naming a changed data file by its source."""
    from gaplib.data import sources
    from gaplib.engine.editions import source_ids_by_file

    return source_ids_by_file((s.id, s.file) for s in sources())


def current_edition(runs: Mapping[str, ChapterRun], name: str = "this-build", recorded: str = "") -> dict[str, Any]:
    """Return this build's chapters as an edition (gaplib.engine.editions), ready to compare or record."""
    from gaplib.engine.editions import chapter_record, make_edition
    from gaplib.engine.runner import chapter_notebook

    files = registered_files()
    chapters = {chapter: chapter_record(runs[chapter].results, files, sha256_file(chapter_notebook(chapter)))
                for chapter in CHAPTERS if chapter in runs}
    return make_edition(name, recorded, chapters)


def variant_page(runs: Mapping[str, ChapterRun], defaults: Mapping[str, ChapterRun],
                 requests: Mapping[str, Mapping[str, Any]], language: str = "en") -> str:
    """Return the page "This variant against the published book" in ``language``: ``runs`` (the variant,
    chapters and pages) against ``defaults`` (the same notebooks with their default parameters)."""
    from gaplib.engine.variants import compare_results, differing_parameters, render_variant_page
    from gaplib.i18n import translator

    params = differing_parameters({name: validate_params(name).model_dump() for name in requests},
                                  {name: validate_params(name, o).model_dump() for name, o in requests.items()})
    changes = compare_results({n: r.results for n, r in defaults.items()}, {n: r.results for n, r in runs.items()},
                              registered_files())
    return render_variant_page(params, changes, translator(language).fresh())


def changes_page(runs: Mapping[str, ChapterRun], editions_dir: Path | None = None, language: str = "en") -> str:
    """Return the page "What changed since the last edition" in ``language`` for this build's chapter runs.

    Editions are read from ``editions_dir`` (default: the project's ``editions/``).
    """
    from gaplib.engine.editions import compare, latest, load_editions, render_changes_page
    from gaplib.i18n import translator

    previous = latest(load_editions(editions_dir))
    changes = compare(previous, current_edition(runs)) if previous else []
    return render_changes_page(previous, changes, translator(language).fresh())


def _settle(future: Future, function: Callable[..., Any], *args: Any) -> None:
    """Run ``function(*args)`` into ``future`` (its result or its exception)."""
    try:
        with timeline.span(function.__name__.replace("_", " ")):
            future.set_result(function(*args))
    except BaseException as exc:  # handed to whoever waits for the result
        future.set_exception(exc)


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
    (gaplib.i18n.TRANSLATIONS) from the same executed chapters into ``out/<language>/``.
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
    with tqdm(total=steps, desc="book", unit="step", disable=not progress) as bar:
        def done(run: ChapterRun) -> None:
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
            stages = {language: stage_book(runs, out.parent / (f".{out.name}-stage" + (
                          "" if language == ENGLISH else f"-{language}")), sources[language].result(),
                          bundle.result(), changes[language].result(), comparisons[language], language=language)
                      for language in languages}
        stage = stages.pop(ENGLISH)
        editions = stages
        bar.set_postfix_str("rendering the book" + (f" in {len(editions) + 1} languages" if editions else ""))
        with timeline.span("render (jupyter-book)"):
            if renderer is not None:
                rendered = renderer.render(stage, force=force, force_out=force_out)
            else:
                rendered = render(stage, out, force=force, force_out=force_out, editions=editions)
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

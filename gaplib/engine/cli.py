"""The ``gaplib`` command line: build the book, re-run a chapter, list parameters."""

from __future__ import annotations

from pathlib import Path

import click

from gaplib.engine.cache import PROJECT_DIR
from gaplib.engine.cli_data import data
from gaplib.engine.cli_editions import compare, edition
from gaplib.engine.cli_run import ChapterChoice, run
from gaplib.engine.cli_translations import translations
from gaplib.present.i18n import ENGLISH, LANGUAGES
from gaplib.params import CHAPTERS, NOTEBOOKS, ParameterError, allowed_range, default_source, schema_for


def _known_errors() -> tuple[type[Exception], ...]:
    """Errors that are the input's or the machine's, not the program's: reported in one message."""
    from gaplib.data import DataError
    from gaplib.engine.book import BookBuildError
    from gaplib.engine.editions import EditionError
    from gaplib.engine.lifecycle import ConnectionDirError
    from gaplib.engine.outdir import OutDirError
    from gaplib.engine.pictures import PictureError
    from gaplib.engine.runner import ChapterFailed
    from gaplib.engine.variants import ResultsError

    return (ParameterError, ChapterFailed, BookBuildError, DataError, EditionError, OutDirError, ResultsError,
            PictureError, ConnectionDirError, OSError)


def _message(exc: Exception) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        where = f": {exc.filename}" if exc.filename else ""
        return f"{exc.strerror}{where}"
    return str(exc)


class _Commands(click.Group):
    """The command group: an expected error ends the command with its message, not a traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except _known_errors() as exc:
            if ctx.params.get("debug"):
                raise
            raise click.ClickException(_message(exc)) from None


@click.group(cls=_Commands)
@click.version_option(package_name="gaplib")
@click.option("--debug", is_flag=True, help="Show the full traceback of an error.")
def main(debug: bool) -> None:
    """Build The China AI Gap, or re-run its chapters with your own assumptions."""


@main.command()
@click.option("--params", "params_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="YAML mapping chapter -> {name: value} for a variant of the book.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where the site goes (default _build/html).")
@click.option("--force", is_flag=True, help="Re-execute every chapter and re-render, ignoring the cache.")
@click.option("--jobs", type=click.IntRange(1, 64), default=None, help="Chapters executed at once (default: cores).")
@click.option("--pdf", is_flag=True, help="Also print the whole book to OUT/china-ai-gap.pdf (needs chromium).")
@click.option("--force-out", is_flag=True,
              help="Replace OUT even if it holds files the book did not write (never the project, home or root).")
@click.option("--lang", "languages", multiple=True, type=click.Choice(LANGUAGES),
              help="Edition to build (repeatable): 'en' alone builds only the English edition; 'zh_CN' adds the "
                   "Chinese one under OUT/zh_CN/. Default: every edition.")
def build(params_file: Path | None, out: Path | None, force: bool, jobs: int | None, pdf: bool,
          force_out: bool, languages: tuple[str, ...]) -> None:
    """Execute every chapter through the runner and render the book.

    The English edition goes to OUT, the Chinese one to OUT/zh_CN, both from the same
    executed chapters. OUT is replaced as a whole, so it must be new, empty or a site the book built.
    """
    from gaplib.engine.build import DEFAULT_OUT, build_book
    from gaplib.engine.lifecycle import exit_on_interrupt
    from gaplib.params.yamlfile import read_yaml_mapping

    variant = read_yaml_mapping(params_file) if params_file else None
    editions = tuple(dict.fromkeys([ENGLISH, *languages])) if languages else LANGUAGES
    with exit_on_interrupt():  # Ctrl-C: one line, at once; the next build removes what this one left half made
        report = build_book(variant, out=out or DEFAULT_OUT, force=force, jobs=jobs, with_pdf=pdf,
                            force_out=force_out, languages=editions)
    executed = ", ".join(report.executed) or "none (all cached)"
    click.echo(f"executed: {executed}; site {'rendered' if report.rendered else 'already current'} "
               f"in {out or DEFAULT_OUT} ({report.seconds:.1f} s)")
    if report.pdf:
        click.echo(f"PDF: {report.pdf}" + "".join(f", {report.pdf.parent / lang / report.pdf.name}"
                                                  for lang in editions if lang != ENGLISH))


@main.command()
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port on 127.0.0.1 (0 picks a free one).")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where the site goes (default _build/html).")
@click.option("--jobs", type=click.IntRange(1, 64), default=None, help="Chapters executed at once (default: cores).")
def preview(port: int, out: Path | None, jobs: int | None) -> None:
    """Build the book, serve it on 127.0.0.1 and rebuild on every change.

    Watches chapters/, pages/, gaplib/, data/ and the book's sources; a change re-executes
    only the chapters it touches, re-renders, and reloads the open page. A failed build
    prints its error and keeps the last good site served. A change to the book's Sphinx extensions
    restarts the render process. Ctrl-C stops.
    """
    import os
    import threading

    from gaplib.engine import kernels
    from gaplib.engine.build import DEFAULT_OUT, build_book
    from gaplib.engine.lifecycle import worker_pool
    from gaplib.engine.live_render import LiveRenderer
    from gaplib.engine.preview import Preview, serve, watch_and_rebuild, watched_paths

    site = (out or DEFAULT_OUT).resolve()
    # One pool for every rebuild: its workers' kernels stay warm between saves; one render process that
    # renders only the pages that changed. Authors preview the English edition; the other editions
    # follow their catalogs at the next build.
    state = Preview(lambda: build_book(out=site, jobs=jobs, pool=pool, languages=(ENGLISH,), renderer=renderer),
                    report=click.echo)
    try:  # the port first: a busy one fails before anything is built
        server = serve(site, state, port)
    except OSError as exc:
        raise click.ClickException(f"cannot serve on 127.0.0.1:{port}: {exc.strerror or exc}; "
                                   "choose another port with --port (0 picks a free one)") from None
    try:
        with worker_pool(jobs or os.cpu_count() or 1, prestart=kernels.prestart) as pool, \
                LiveRenderer(site, report=click.echo) as renderer:
            first = state.rebuild()
            if first.error is not None and not (site / "index.html").is_file():
                raise first.error  # nothing to serve yet: end with the build's message
            threading.Thread(target=server.serve_forever, name="gaplib-preview-server", daemon=True).start()
            click.echo(f"serving {site} at http://127.0.0.1:{server.server_address[1]}/ (Ctrl-C stops)")
            try:
                watch_and_rebuild(state, watched_paths())
            except KeyboardInterrupt:
                pass
            finally:
                server.shutdown()
    finally:
        server.server_close()


@main.command()
@click.argument("chapter", type=ChapterChoice(list(CHAPTERS)))
@click.option("--grid", "grid_file", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="YAML with 'grid' (name: [values], cartesian product) and/or 'rows' (list of name: value).")
@click.option("--jobs", type=click.IntRange(1, 256), default=None, help="Local worker processes (default: cores).")
@click.option("--scheduler", default=None, metavar="ADDRESS",
              help="Run on an existing Dask cluster, e.g. tcp://127.0.0.1:8786.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Output folder (default _build/sweeps/CHAPTER-<hash of the grid file>).")
@click.option("--max-points", type=click.IntRange(1), default=None,
              help="Refuse a grid of more points than this (default 100,000).")
@click.option("--results-only", is_flag=True,
              help="Keep each point's results and its notebook without tables or charts, and write no table or chart "
                   "files (faster).")
def sweep(chapter: str, grid_file: Path, jobs: int | None, scheduler: str | None, out: Path | None,
          max_points: int | None, results_only: bool) -> None:
    """Run CHAPTER over a grid of parameters; write one folder per point and sweep.parquet/.csv."""
    from tqdm import tqdm

    from gaplib.engine.cache import sha256_file
    from gaplib.engine.outdir import check_run_out, check_writable
    from gaplib.engine.sweep import MAX_POINTS, expand_grid, run_sweep, validate_points
    from gaplib.params.yamlfile import read_yaml_mapping

    grid = read_yaml_mapping(grid_file)
    max_points = max_points or MAX_POINTS
    total = len(validate_points(chapter, expand_grid(grid, max_points)))
    target = check_run_out(out or PROJECT_DIR / "_build" / "sweeps" / f"{chapter}-{sha256_file(grid_file)[:10]}")
    check_writable(target, "the sweep")
    with tqdm(total=total, desc=f"{chapter} sweep", unit="point") as bar:
        table = run_sweep(chapter, grid, target, jobs=jobs, scheduler=scheduler, results_only=results_only,
                          on_done=lambda row: bar.update(), max_points=max_points)
    failed = int((table["status"] != "ok").sum())
    stale = table.attrs.get("stale", 0)
    recomputed = f", {stale} recomputed because their data, code or parameters changed" if stale else ""
    click.echo(f"{len(table)} points, {failed} failed{recomputed}; table: {target / 'sweep.parquet'}")
    if failed:
        raise SystemExit(1)


@main.command(name="params")
@click.argument("chapter", required=False, type=ChapterChoice(list(NOTEBOOKS)))
def params_command(chapter: str | None) -> None:
    """List each chapter's (and page's) parameters: type, default, valid range, unit and help."""
    for name in [chapter] if chapter else list(NOTEBOOKS):
        schema = schema_for(name)
        click.echo(f"{name}")
        for field_name, field in schema.model_fields.items():
            click.echo(f"  {field_name} = {field.default!r}  [{allowed_range(schema, field_name)}]")
            source = default_source(schema, field_name)
            said = f"  [default {'' if source.startswith('follows') else 'from '}{source}]" if source else ""
            click.echo(f"      {field.description}{said}")


main.add_command(run)
main.add_command(data)
main.add_command(edition)
main.add_command(compare)
main.add_command(translations)

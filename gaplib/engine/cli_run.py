"""``gaplib run``: re-run one chapter with a researcher's parameters and say what moved."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import click

from gaplib.engine.cache import PROJECT_DIR, params_digest
from gaplib.params import (
    CHAPTERS, NOTEBOOKS, PAGES, SUMMARIES, ParameterError, did_you_mean, parse_cli_value, read_bools, validate_params,
)


def at_terminal() -> bool:
    """Return whether a person watches standard error: the progress bar is for a terminal; piped or
    logged output keeps only the summary."""
    return sys.stderr.isatty()


class ChapterChoice(click.Choice):
    """A chapter (or page) name; a misspelled one is answered with the closest name."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        try:
            return super().convert(value, param, ctx)
        except click.BadParameter as exc:
            hint = did_you_mean(str(value), self.choices)
            if not hint:
                raise
            self.fail(f"{exc.message}{hint}", param, ctx)


def check_one_chapter_file(path: Path, values: Mapping[str, Any], chapter: str) -> None:
    """Raise ParameterError when ``values``, read from ``path`` for ``gaplib run -f``, is a book's variant file
    (chapter -> {name: value}, as ``gaplib build --params`` reads it), saying how to use it instead."""
    chapters = [key for key, value in values.items() if key in NOTEBOOKS and isinstance(value, Mapping)]
    if not chapters:
        return
    use = (f"or give `gaplib run {chapter} -f` a file holding only the lines under `{chapter}:`"
           if chapter in chapters else f"it sets nothing for {chapter}")
    raise ParameterError(
        f"{path}: this file maps chapters ({', '.join(chapters)}) to their parameters, as "
        f"`gaplib build --params` reads a variant of the whole book; `gaplib run -f` reads one chapter's "
        f"`name: value` lines. Build the variant with `gaplib build --params {path}`, {use}")


@click.command()
@click.argument("chapter", type=ChapterChoice(list(NOTEBOOKS)))
@click.option("-p", "--parameter", "pairs", nargs=2, multiple=True, metavar="NAME VALUE",
              help="Set one parameter (repeatable); overrides -f. True/false parameters take true/false, yes/no, "
                   "on/off or 1/0.")
@click.option("-f", "--parameters-file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="YAML mapping name -> value for this chapter (not a `build --params` file).")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Output folder (default _build/runs/CHAPTER-<hash of parameters>).")
@click.option("--force", is_flag=True, help="Re-execute even if a cached run is valid.")
@click.option("--html", "as_html", is_flag=True,
              help="Also render the chapter as a page in the book's theme: OUT/html/chapters/CHAPTER.html.")
@click.option("--open", "open_page", is_flag=True, help="Open the rendered page in a browser (implies --html).")
def run(chapter: str, pairs: tuple[tuple[str, str], ...], parameters_file: Path | None,
        out: Path | None, force: bool, as_html: bool, open_page: bool) -> None:
    """Execute one chapter; write CHAPTER.ipynb and CHAPTER.results.json.

    Shows the chapter's progress, then the headline numbers that differ from the published
    book (from -> to) and where the files are; OUT/MANIFEST.txt lists every file written.
    A summary page (intro, claims) first runs every chapter with its defaults.
    With --html (chapters only) the executed chapter is also rendered as a standalone page.
    """
    # Not gaplib.engine.notebook_runs (and the sweeps) unless a summary page needs the chapters run.
    from gaplib.engine.outdir import check_run_out, check_writable
    from gaplib.engine.runner import export_run, run_chapter, write_upstream
    from gaplib.params.yamlfile import read_yaml_mapping

    overrides = read_yaml_mapping(parameters_file) if parameters_file else {}
    if parameters_file:
        check_one_chapter_file(parameters_file, overrides, chapter)
    overrides.update({name: parse_cli_value(value) for name, value in pairs})
    overrides = read_bools(chapter, overrides)
    params = validate_params(chapter, overrides).model_dump()
    as_html = as_html or open_page
    if as_html and chapter not in CHAPTERS:
        raise click.UsageError(f"--html renders a chapter ({', '.join(CHAPTERS)}); {chapter!r} is a page of the "
                               "whole book: build it with `gaplib build`")
    target = check_run_out(out or PROJECT_DIR / "_build" / "runs" / f"{chapter}-{params_digest(params)[:10]}")
    check_writable(target, "the executed chapter")
    upstream = None
    if chapter in SUMMARIES:  # the same input as in the build: the sweeps only for a page that shows one
        from gaplib.engine.notebook_runs import BUILD_SWEEPS, run_chapters_for_pages

        chapter_runs, with_sweeps = run_chapters_for_pages({})
        upstream = with_sweeps if chapter in BUILD_SWEEPS else write_upstream(chapter_runs)
    result = run_chapter(chapter, overrides, force=force, upstream=upstream, progress=at_terminal())
    try:
        written = export_run(result, target)
    except ValueError as exc:  # refused target folder
        raise click.ClickException(str(exc)) from None
    how = "reused from cache" if result.cached else f"executed in {result.seconds:.1f} s"
    click.echo(f"{chapter}: {how}")
    page = None
    if as_html:
        from gaplib.engine.standalone import render_page

        page = render_page(result, target / "html")
        written += sorted(p for p in page.parent.parent.rglob("*") if p.is_file())
    _report(chapter, result.results, target, written, page)
    if open_page and page is not None:
        click.launch(str(page))


def _report(chapter: str, results: Mapping[str, Any] | None, target: Path, written: list[Path],
            page: Path | None) -> None:
    """Print the headline numbers that moved against the published book, then where the files are."""
    from gaplib.engine.run_report import compare_with_edition, files_lines, headline_lines, write_manifest

    if chapter not in PAGES and results:
        from gaplib.data.result_words import result_words
        from gaplib.engine.build_pages import registered_files
        from gaplib.engine.editions import latest, load_editions

        words = {key.split(".", 1)[1]: entry["en"] for key, entry in result_words().items()
                 if key.startswith(f"{chapter}.")}
        comparison = compare_with_edition(chapter, results, latest(load_editions()), registered_files(), words)
        for line in headline_lines(comparison, chapter):
            click.echo(line)
    manifest = write_manifest(chapter, target, written)
    for line in files_lines(target, written, chapter, manifest, page):
        click.echo(line)

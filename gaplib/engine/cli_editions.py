"""``gaplib edition ...`` and ``gaplib compare``: the book's numbers against a recorded edition or another build."""

from __future__ import annotations

from pathlib import Path

import click

from gaplib.params import CHAPTERS


@click.group()
def edition() -> None:
    """Record the published book's results as an edition (the "What changed" page compares with the latest)."""


@edition.command("record")
@click.argument("name")
@click.option("--date", "recorded", default=None, metavar="YYYY-MM-DD", help="Date of the edition (default: today).")
@click.option("--replace", is_flag=True, help="Overwrite an edition of the same name.")
def edition_record(name: str, recorded: str | None, replace: bool) -> None:
    """Run every chapter with its defaults (cached runs are reused) and write editions/NAME.json."""
    import datetime as dt

    from gaplib.engine.build_pages import current_edition
    from gaplib.engine.editions import EditionError, check_date, check_name, write_edition
    from gaplib.engine.runner import run_chapters

    check_name(name)
    if recorded is not None:
        try:
            recorded = check_date(recorded)
        except EditionError as exc:
            raise click.BadParameter(str(exc), param_hint="--date") from None
    runs = run_chapters({chapter: {} for chapter in CHAPTERS})
    edition = current_edition(runs, name, recorded or dt.date.today().isoformat())
    edition = {**edition, "recorded_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")}
    path = write_edition(edition, replace=replace)
    click.echo(f"recorded edition {name}: {path}")


@edition.command("changes")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the markdown here instead of printing it.")
def edition_changes(output: Path | None) -> None:
    """Print "What changed since the last edition" (markdown) for the book with its default parameters.

    Every chapter runs with its defaults; cached runs are reused, so after `make book`
    this takes seconds. The text is the book's page of the same name.
    """
    from gaplib.engine.build_pages import changes_page
    from gaplib.engine.runner import run_chapters

    text = changes_page(run_chapters({chapter: {} for chapter in CHAPTERS}))
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        click.echo(f"wrote {output}")


@click.command()
@click.argument("results_a", type=click.Path(exists=True, path_type=Path))
@click.argument("results_b", type=click.Path(exists=True, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["table", "csv"]), default="table", show_default=True,
              help="A table for the terminal, or CSV (chapter, result, before, after, change, change_pct).")
def compare(results_a: Path, results_b: Path, fmt: str) -> None:
    """Print every published number that differs between two sets of chapter results.

    RESULTS_A and RESULTS_B are CHAPTER.results.json files or folders holding them
    (a `gaplib run` output folder, a built site). Chapters present in only one side
    are compared with nothing.
    """
    import csv
    import sys

    from gaplib.engine.build_pages import registered_files
    from gaplib.engine.variants import TABLE_COLUMNS, compare_results, format_table, read_results, table_rows

    rows = table_rows(compare_results(read_results(results_a), read_results(results_b), registered_files()))
    if fmt == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=TABLE_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows({k: "" if v is None else v for k, v in row.items()} for row in rows)
    else:
        click.echo(format_table(rows))

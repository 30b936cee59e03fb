"""``gaplib data ...``: check the registered files, fetch missing ones, render the sources page."""

from __future__ import annotations

from pathlib import Path

import click

# The data layer (pandas, pandera) is imported inside each command, so that the rest
# of the CLI starts quickly.

LMARENA_ID = "lmarena_text_snapshots"


@click.group("data")
def data() -> None:
    """Check, fetch and describe the book's data sources."""


@data.command("check")
def check() -> None:
    """Load and validate every registered source; exit 1 at the first problem."""
    from gaplib.data import DataError, load, sources, unmapped_organizations
    from gaplib.data.summary import describe

    width = max((len(s.id) for s in sources()), default=10)
    for src in sources():
        try:
            summary = describe(src.id)
        except DataError as exc:
            click.echo(f"{src.id:<{width}}  FAILED", err=False)
            click.echo(str(exc), err=True)
            raise SystemExit(1) from None
        dates = summary.date_range or "-"
        click.echo(
            f"{src.id:<{width}}  {summary.rows:>6} rows  {dates:<24}  sha256 {summary.sha256[:12]}"
        )
    _report_provenance([s for s in sources() if s.kind == "curated"])
    if any(s.id == LMARENA_ID for s in sources()):
        missing = unmapped_organizations(load(LMARENA_ID))
        if missing:
            click.echo(f"Unmapped LMArena organisations ({len(missing)}): {', '.join(missing)}")
        else:
            click.echo("All LMArena organisations are mapped to a country.")


def _report_provenance(curated: list) -> None:
    """Print the provenance problems of the curated tables (relay sites cited, `read` rows
    without a url or a date read); they are reported, not fatal (the data tests enforce them)."""
    import pandas as pd

    from gaplib.data import CURATED_DIR
    from gaplib.data.evidence import provenance_problems

    problems: list[str] = []
    for src in curated:
        frame = pd.read_csv(CURATED_DIR / src.file, dtype=str, keep_default_na=False)
        problems.extend(provenance_problems(frame, src.file))
    if problems:
        click.echo(f"Provenance problems in the curated tables ({len(problems)}):")
        for problem in problems:
            click.echo(f"  {problem}")
    else:
        click.echo("No curated row cites a relay site; every read row has a url and a date read.")


@data.command("snapshot")
def snapshot() -> None:
    """Record the files in data/upstream/ as the snapshot: rewrite data/upstream/manifest.csv.

    Every file is validated against its schema first; the manifest is replaced only when all pass.
    """
    from gaplib.data import DataError
    from gaplib.data.snapshot import record_manifest

    try:
        path = record_manifest()
    except DataError as exc:
        click.echo(str(exc), err=True)
        raise SystemExit(1) from None
    click.echo(f"recorded the snapshot in {path}; review it with `git diff data/upstream/`")


@data.command("fetch")
@click.option("--force", is_flag=True, help="Download again even when a file is already present.")
def fetch(force: bool) -> None:
    """Download missing third-party files from their upstream URLs into the cache."""
    from gaplib.data import DataError, sources
    from gaplib.data.fetch import fetch_source

    failed = 0
    for src in sources():
        if src.kind != "third_party":
            continue
        try:
            result = fetch_source(src, force=force)
        except DataError as exc:
            failed += 1
            click.echo(str(exc), err=True)
            continue
        click.echo(f"{result.id}: {result.status} {result.path}")
    if failed:
        click.echo(f"{failed} source(s) could not be fetched.", err=True)
        raise SystemExit(1)
    click.echo("Downloads are staged, not used: run `GAPLIB_DATA_DIR=<cache> gaplib data check` to validate them.")


@data.command("page")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the page here instead of printing it.")
def page(output: Path | None) -> None:
    """Render the book page "Data and sources" (MyST markdown)."""
    from gaplib.data import DataError
    from gaplib.data.sources_page import render_sources_page

    try:
        text = render_sources_page()
    except DataError as exc:
        click.echo(str(exc), err=True)
        raise SystemExit(1) from None
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        click.echo(f"wrote {output}")

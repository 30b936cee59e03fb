"""``gaplib data ...``: check the registered files, record or update the snapshot, render the sources page."""

from __future__ import annotations

from pathlib import Path

import click

# The data layer (pandas, pandera) is imported inside each command, so that the rest
# of the CLI starts quickly.

LMARENA_ID = "lmarena_text_snapshots"


@click.group("data")
def data() -> None:
    """Check, update and describe the book's data sources."""


@data.command("check")
def check() -> None:
    """Load and validate every registered source; exit 1 at the first problem."""
    from gaplib.data import DataError, load, organization_countries, sources, unmapped_organizations
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
        missing = unmapped_organizations(load(LMARENA_ID), organization_countries(load("organizations")))
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


@data.command("update")
@click.argument("source_ids", nargs=-1, metavar="[SOURCE]...")
@click.option("--apply", "apply_changes", is_flag=True,
              help="Replace the changed files and their manifest rows in data/upstream/ (all or nothing).")
@click.option("--report", "report_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write the change report (markdown) to this file.")
def update(source_ids: tuple[str, ...], apply_changes: bool, report_path: Path | None) -> None:
    """Download a new vintage of the third-party files and report what changed.

    Every source with a direct download URL is downloaded (or only the SOURCE ids named),
    validated against its schema and compared with the snapshot: rows added, removed and
    changed (matched by the source's key columns), columns added or dropped, dates and
    fingerprints. Without --apply nothing in data/upstream/ changes. A failed download or
    validation names the source and exits 1, and then nothing is applied.
    """
    from tqdm import tqdm

    from gaplib.data import DataError
    from gaplib.data.diff import render_report
    from gaplib.data.update import select
    from gaplib.data.update import update as run_update

    try:
        chosen, skipped = select(source_ids)
    except DataError as exc:
        click.echo(str(exc), err=True)
        raise SystemExit(1) from None
    with tqdm(total=len(chosen), desc="downloads", unit="file", disable=len(chosen) < 2) as bar:
        def done(src) -> None:
            bar.set_postfix_str(src.id)
            bar.update()

        try:
            result = run_update(apply_changes=apply_changes, on_source=done, chosen=chosen, skipped=skipped)
        except (DataError, OSError) as exc:  # while assembling the new snapshot: nothing was swapped in
            click.echo(f"not applied, the snapshot is unchanged: {exc}", err=True)
            raise SystemExit(1) from None
    text = render_report([s.report for s in result.staged], result.failures, result.skipped,
                         day=result.day.isoformat(), applied=result.applied)
    click.echo(text, nl=False)
    if report_path is not None:
        report_path.write_text(text, encoding="utf-8")
    for _, reason in result.failures:
        click.echo(reason, err=True)
    if result.failures:
        raise SystemExit(1)
    if result.applied:
        click.echo("the snapshot is updated; review it with `git diff data/upstream/`", err=True)


@data.command("import")
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--apply", "apply_changes", is_flag=True,
              help="Replace the changed files and their manifest rows in data/upstream/ (all or nothing).")
@click.option("--report", "report_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write the change report (markdown) to this file.")
def import_vintage(folder: Path, apply_changes: bool, report_path: Path | None) -> None:
    """Take copies mirrored from public git repositories (FOLDER/*/PROVENANCE.txt) as a new vintage.

    Each copy is checked against the sha256 its PROVENANCE.txt records, matched to the
    registered source it replaces, validated (its dates bounded by the commit date) and
    compared with the snapshot. With --apply the changed files are swapped in as one unit;
    their manifest rows record mirrored_from (repository @ commit) and retrieved (the commit
    date). Copies that match no registered source (READMEs, unregistered files) are listed.
    """
    from gaplib.data import DataError
    from gaplib.data.diff import render_report
    from gaplib.data.registry import utc_today
    from gaplib.data.update import apply
    from gaplib.data.vintage import stage_folder

    try:
        staged, unmatched = stage_folder(folder)
        changed = apply(staged, utc_today()) if apply_changes else []
    except (DataError, OSError) as exc:
        click.echo(f"not applied, the snapshot is unchanged: {exc}", err=True)
        raise SystemExit(1) from None
    text = render_report([s.report for s in staged], applied=bool(changed), taken="copied")
    if unmatched:
        text += ("\nIn the vintage but matching no registered source (not taken): "
                 + ", ".join(f"`{c.path.parent.name}/{c.path.name}`" for c in unmatched) + ".\n")
    click.echo(text, nl=False)
    if report_path is not None:
        report_path.write_text(text, encoding="utf-8")
    if changed:
        click.echo("the snapshot is updated; review it with `git diff data/upstream/`", err=True)


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

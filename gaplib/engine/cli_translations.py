"""``gaplib translations ...``: keep the Chinese edition's catalogs in step with the English."""

from __future__ import annotations

import tempfile
from pathlib import Path

import click

from gaplib.present.i18n import TRANSLATIONS

# The book builder is imported inside each command, so that the rest of the CLI starts quickly.


@click.group("translations")
def translations() -> None:
    """Keep the Chinese edition's catalogs (locales/) in step with the English."""


@translations.command("update")
@click.option("--lang", "language", type=click.Choice(sorted(TRANSLATIONS)), default="zh_CN", show_default=True)
def translations_update(language: str) -> None:
    """Extract every English message of the book and merge it into the catalogs.

    New messages get empty entries; a changed English sentence keeps its old translation
    marked fuzzy (stale) until a translator confirms it. Then run `gaplib translations check`.
    """
    from gaplib.engine.translations import check_catalogs, counts, extract, update_catalogs

    with tempfile.TemporaryDirectory(prefix="gaplib-pot-") as pots:
        extract(Path(pots), language)
        done = update_catalogs(Path(pots), language)
        problems = check_catalogs(Path(pots), language)
    click.echo(f"catalogs: {done['create']} created, {done['update']} updated, {done['notchanged']} unchanged")
    click.echo("to translate: " + (", ".join(f"{n} {kind}" for kind, n in counts(problems).items()) or "nothing"))


@translations.command("check")
@click.option("--lang", "language", type=click.Choice(sorted(TRANSLATIONS)), default="zh_CN", show_default=True)
def translations_check(language: str) -> None:
    """List every message that is missing, untranslated or stale; exit 1 when there is any."""
    from gaplib.engine.translations import check_catalogs, counts, extract

    with tempfile.TemporaryDirectory(prefix="gaplib-pot-") as pots:
        extract(Path(pots), language)
        problems = check_catalogs(Path(pots), language)
    for problem in problems:
        click.echo(str(problem))
    if problems:
        summary = ", ".join(f"{n} {kind}" for kind, n in counts(problems).items())
        raise click.ClickException(f"{len(problems)} messages need a translator ({summary})")
    click.echo(f"the {language} catalogs are in step with the English")


@translations.command("style")
@click.option("--lang", "language", type=click.Choice(sorted(TRANSLATIONS)), default="zh_CN", show_default=True)
def translations_style(language: str) -> None:
    """Apply the glossary's mechanical rules to the catalogs (numbers, one rendering per term, typography).

    Safe to run again at any time, after a merge in particular: a second run changes nothing.
    """
    from gaplib.engine.catalog_style import restyle_catalogs

    changed = restyle_catalogs(language)
    click.echo(f"{changed} translations rewritten in the {language} house style")

"""The pages a build writes itself: "Data and sources", "What changed" and "This variant against the published book"."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from gaplib.engine import timeline
from gaplib.engine.cache import PROJECT_DIR, combine, sha256_file
from gaplib.engine.runner import DEFAULT_CACHE_DIR, ChapterRun
from gaplib.params import CHAPTERS, validate_params


def sources_page(cache_dir: Path = DEFAULT_CACHE_DIR, language: str = "en") -> str:
    """Return the "Data and sources" page in ``language``, rendered again only when a data file or the data layer changed.

    Rendering loads and validates every source (seconds); the page is kept in the cache
    under a key over the data layer's code, the registries, every source file's sha256 and
    the snapshot's manifest, and for a translation the language, its catalog and the
    translating code.
    """
    from gaplib import data
    from gaplib.data import paths
    from gaplib.data.sources_page import render_sources_page
    from gaplib.present import i18n

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
    from gaplib.present.i18n import translator

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
    from gaplib.present.i18n import translator

    previous = latest(load_editions(editions_dir))
    changes = compare(previous, current_edition(runs)) if previous else []
    return render_changes_page(previous, changes, translator(language).fresh())

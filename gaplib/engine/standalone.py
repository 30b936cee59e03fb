"""One re-run chapter as a page of its own, in the book's theme, without building the book.

``gaplib run CHAPTER --html`` stages the executed notebook with the book's configuration,
its static files (the offline vega bundle, the house CSS) and its reference list, and
renders it with Jupyter Book's HTML builder, warnings as errors. (Not the single-page
builder: Jupyter Book makes that one load MathJax from a CDN on every page.) A note at the
top of the page lists the parameters that differ from the chapter's defaults, so a
reader of the page knows it is a variant.
"""

from __future__ import annotations

import copy
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import nbformat
import yaml

from gaplib.engine.book import STATIC_DIR, render, stage_run_files
from gaplib.engine.cache import PROJECT_DIR
from gaplib.engine.outdir import prepare_stage
from gaplib.engine.runner import ChapterRun
from gaplib.engine.vega import VEGA_BUNDLE_NAME, vega_bundle
from gaplib.params import CHAPTERS, ParameterError, validate_params
from gaplib.present.i18n import ENGLISH

#: The page's own reference list: only the works this chapter cites (the book's page lists all of them
#: and links to pages a single chapter does not have).
REFERENCES_PAGE = "# References\n\n```{bibliography}\n```\n"
NOTE_TAG = "gaplib-variant-note"


def changed_parameters(chapter: str, parameters: Mapping[str, Any]) -> dict[str, tuple[Any, Any]]:
    """Return {name: (default, value)} for each parameter of ``chapter`` that differs from its default."""
    defaults = validate_params(chapter).model_dump()
    return {name: (defaults[name], value) for name, value in parameters.items()
            if name in defaults and value != defaults[name]}


def variant_note(chapter: str, parameters: Mapping[str, Any]) -> str:
    """Return the MyST note put at the top of a re-run page: which parameters differ, or that none do."""
    changed = changed_parameters(chapter, parameters)
    if not changed:
        return ":::{note}\nThis page was re-run with the chapter's default parameters.\n:::\n"
    lines = [f"- `{name}` = `{value!r}` (default `{default!r}`)" for name, (default, value) in changed.items()]
    return ":::{note}\nThis page is a re-run with parameters that differ from the book's:\n\n" + "\n".join(lines) + "\n:::\n"


def page_config(book_config: Mapping[str, Any], chapter: str) -> dict[str, Any]:
    """Return the book's Jupyter Book configuration for a one-chapter page (no launch buttons:
    the staged file is not where the repository keeps the chapter; no language link: a re-run
    page has no other edition)."""
    config = copy.deepcopy(dict(book_config))
    config["title"] = f"{book_config.get('title', 'The China AI Gap')}: {chapter} (re-run)"
    config.pop("launch_buttons", None)
    sphinx = config.get("sphinx", {}).get("config", {})
    sphinx.pop("templates_path", None)
    sphinx.get("html_theme_options", {}).pop("article_header_end", None)
    return config


def stage_page(run: ChapterRun, stage_dir: Path, bundle: Path) -> Path:
    """Lay out a one-chapter book for ``run`` in ``stage_dir``; return it."""
    if run.chapter not in CHAPTERS:
        raise ParameterError(f"--html renders a chapter ({', '.join(CHAPTERS)}); {run.chapter!r} is a page "
                             f"of the whole book: build it with `gaplib build`")
    prepare_stage(stage_dir)
    config = yaml.safe_load((PROJECT_DIR / "_config.yml").read_text())
    (stage_dir / "_config.yml").write_text(yaml.safe_dump(page_config(config, run.chapter), sort_keys=False))
    # The chapter sits under chapters/ as in the book, so its links to its data files (at the
    # site's root) are the same on both.
    (stage_dir / "_toc.yml").write_text(yaml.safe_dump(
        {"format": "jb-book", "root": f"chapters/{run.chapter}", "chapters": [{"file": "bibliography"}]},
        sort_keys=False))
    shutil.copy2(PROJECT_DIR / "references.bib", stage_dir / "references.bib")
    (stage_dir / "bibliography.md").write_text(REFERENCES_PAGE)
    shutil.copytree(STATIC_DIR, stage_dir / "_static")
    shutil.copy2(bundle, stage_dir / "_static" / VEGA_BUNDLE_NAME)
    (stage_dir / "results").mkdir()
    stage_run_files(run, stage_dir, ENGLISH)
    notebook = nbformat.read(run.notebook, as_version=4)
    note = nbformat.v4.new_markdown_cell(variant_note(run.chapter, run.parameters))
    note.metadata["tags"] = [NOTE_TAG]
    notebook.cells.insert(1, note)  # after the title cell
    (stage_dir / "chapters").mkdir()
    nbformat.write(notebook, stage_dir / "chapters" / f"{run.chapter}.ipynb")
    return stage_dir


def render_page(run: ChapterRun, out_dir: Path) -> Path:
    """Render ``run`` as a page into ``out_dir`` (replaced as a whole); return the chapter's HTML file."""
    stage = stage_page(run, out_dir.with_name(f".{out_dir.name}-stage"), vega_bundle())
    try:
        render(stage, out_dir, force=True)
    finally:
        shutil.rmtree(stage, ignore_errors=True)  # ours: stage_page refuses a folder it did not mark
    return out_dir / "chapters" / f"{run.chapter}.html"

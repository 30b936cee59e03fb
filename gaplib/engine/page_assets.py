"""A Sphinx extension: each page gets the scripts it uses and no other.

- ``gap-charts.js`` (deferred) only on a page with a chart: it shows the charts' pictures
  interactive, loading the vega bundle only when a chart nears the screen (``_static/``).
- The vega bundle is never a script of the page: ``gap-charts.js`` loads it when needed.
  Jupyter Book adds every ``.js`` file of ``_static/`` to every page; both are taken off.
- sphinx-thebe's setup script and stylesheet are dropped: the book switches thebe off
  (``launch_buttons.thebe: false``), yet the extension adds its setup once per read of
  the sources, so a page carried it twice and threw "Identifier 'THEBE_JS_URL' has
  already been declared".
- Every script file of the page is deferred, so none blocks the first paint (on a phone
  each cost a round trip before any text showed), but ``documentation_options.js``: the
  page's inline scripts set fields of the object it defines as they are parsed. Deferred
  scripts still run in their order, before ``DOMContentLoaded``, which is what they wait for.
  The search page keeps them as they are: its template adds Sphinx's search scripts after
  them, undeferred, and those call ``doctools.js`` as they load.
- sphinx-design's stylesheet (8 KB compressed, render-blocking) and tab script only on a page that
  uses one of its components (an element of class ``sd-...``); no page of the book does today.
- The print stylesheets apply to print only (``media="print"``), so the screen does not wait
  for them, and the Chinese one only in the Chinese edition.

It also mends what the theme and the extensions write into a page's body, for readers of
assistive technology (checked with axe-core in tests/test_reader_pages.py):

- the references: each entry of the list (``role="list"``) is a ``listitem``, not the
  deprecated ``doc-biblioentry``, which a list may not hold;
- a code toggle is named by the words it shows ("Show code cell source"), not by an
  ``aria-label`` that differs from them ("Toggle hidden content").
"""

from __future__ import annotations

import re

CHARTS_SCRIPT = "gap-charts.js"
#: Scripts of ``_static/`` that no page includes as they are.
OWN_SCRIPTS = (CHARTS_SCRIPT, "vega-bundle.js")
#: What marks a page with a chart (gaplib.present.figures.figure_html).
CHART_MARK = 'class="gap-figure"'
#: The one script the page's inline scripts use while the page is parsed.
PARSE_TIME_SCRIPT = "documentation_options.js"
PRINT_STYLESHEETS = ("print.css", "print-zh_CN.css")
SEARCH_PAGE = "search"
#: sphinx-design's files, and what marks a page that uses it: a class ``sd-...`` of one of its components.
DESIGN_FILES = ("sphinx-design.min.css", "design-tabs.js")
DESIGN_MARK = re.compile(r"""class=["'](?:[^"']*\s)?sd-""")


def _file_name(asset) -> str:
    """The file name of a Sphinx asset (or of a path), without its folder and query."""
    return str(getattr(asset, "filename", asset) or "").split("?")[0].rsplit("/", 1)[-1]


def uses_design(body: str) -> bool:
    """Whether the page's HTML ``body`` has an element of one of sphinx-design's components."""
    return DESIGN_MARK.search(body) is not None


def _dropped(script) -> bool:
    """Whether ``script`` (a Sphinx JavaScript asset, or its file name) is one this extension takes off."""
    body = getattr(script, "attributes", {}).get("body") or ""
    name = str(getattr(script, "filename", script) or "")
    return name.endswith(("sphinx-thebe.js", *OWN_SCRIPTS)) or "THEBE_JS_URL" in body


def _with_attributes(asset, **attributes):
    """Return a copy of the Sphinx asset ``asset`` (script or stylesheet, immutable) with ``attributes`` added."""
    return type(asset)(asset.filename, priority=asset.priority, **{**asset.attributes, **attributes})


def deferred(script):
    """Return ``script`` deferred if it is a file that nothing needs while the page is parsed, else as it is."""
    name = str(getattr(script, "filename", None) or "")
    if not name or name.endswith(PARSE_TIME_SCRIPT) or "defer" in script.attributes or "async" in script.attributes:
        return script
    return _with_attributes(script, defer="defer")


def page_stylesheets(stylesheets, language: str | None, design: bool = True) -> list:
    """Return the page's ``stylesheets`` without thebe's, the print ones for print only, the Chinese print
    one only when ``language`` is Chinese, sphinx-design's only if ``design`` (the page uses it)."""
    kept = []
    for sheet in stylesheets:
        name = _file_name(sheet)
        if (name == "sphinx-thebe.css" or (name == "print-zh_CN.css" and not (language or "").startswith("zh"))
                or (name in DESIGN_FILES and not design)):
            continue
        kept.append(_with_attributes(sheet, media="print") if name in PRINT_STYLESHEETS else sheet)
    return kept


def mend_body(body: str) -> str:
    """Return the page's HTML ``body`` with the mends above."""
    return (body.replace('role="doc-biblioentry"', 'role="listitem"')
            .replace('<summary aria-label="Toggle hidden content">', "<summary>"))


def page_scripts(app, pagename, templatename, context, doctree) -> None:
    """Drop thebe's scripts and the site's own from the page, and sphinx-design's where it is not used, defer the
    rest; add the charts' script, deferred, where the page has a chart; give the page its stylesheets
    (``page_stylesheets``)."""
    scripts = context.get("script_files")
    if "body" in context:
        context["body"] = mend_body(context["body"])
    design = uses_design(context.get("body", ""))
    if "css_files" in context:
        config = getattr(app, "config", None)
        context["css_files"][:] = page_stylesheets(context["css_files"], getattr(config, "language", None), design)
    if scripts is None:
        return
    # In place: the list is the builder's, which it restores before the next page.
    kept = [script for script in scripts
            if not _dropped(script) and (design or _file_name(script) not in DESIGN_FILES)]
    scripts[:] = kept if pagename == SEARCH_PAGE else [deferred(script) for script in kept]
    if CHART_MARK in context.get("body", ""):
        app.builder.add_js_file(CHARTS_SCRIPT, defer="defer")


def setup(app):
    app.connect("html-page-context", page_scripts)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

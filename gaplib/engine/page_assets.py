"""A Sphinx extension: each page gets the scripts it uses and no other.

- ``gap-charts.js`` (deferred) only on a page with a chart: it shows the charts' pictures
  interactive, loading the vega bundle only when a chart nears the screen (``_static/``).
- The vega bundle is never a script of the page: ``gap-charts.js`` loads it when needed.
  Jupyter Book adds every ``.js`` file of ``_static/`` to every page; both are taken off.
- sphinx-thebe's setup script is dropped: the book switches thebe off
  (``launch_buttons.thebe: false``), yet the extension adds its setup once per read of
  the sources, so a page carried it twice and threw "Identifier 'THEBE_JS_URL' has
  already been declared".

It also mends what the theme and the extensions write into a page's body, for readers of
assistive technology (checked with axe-core in tests/test_reader_pages.py):

- the references: each entry of the list (``role="list"``) is a ``listitem``, not the
  deprecated ``doc-biblioentry``, which a list may not hold;
- a code toggle is named by the words it shows ("Show code cell source"), not by an
  ``aria-label`` that differs from them ("Toggle hidden content").
"""

from __future__ import annotations

CHARTS_SCRIPT = "gap-charts.js"
#: Scripts of ``_static/`` that no page includes as they are.
OWN_SCRIPTS = (CHARTS_SCRIPT, "vega-bundle.js")
#: What marks a page with a chart (gaplib.present.figures.figure_html).
CHART_MARK = 'class="gap-figure"'


def _dropped(script) -> bool:
    """Whether ``script`` (a Sphinx JavaScript asset, or its file name) is one this extension takes off."""
    body = getattr(script, "attributes", {}).get("body") or ""
    name = str(getattr(script, "filename", script) or "")
    return name.endswith(("sphinx-thebe.js", *OWN_SCRIPTS)) or "THEBE_JS_URL" in body


def mend_body(body: str) -> str:
    """Return the page's HTML ``body`` with the mends above."""
    return (body.replace('role="doc-biblioentry"', 'role="listitem"')
            .replace('<summary aria-label="Toggle hidden content">', "<summary>"))


def page_scripts(app, pagename, templatename, context, doctree) -> None:
    """Drop thebe's scripts and the site's own from the page; add the charts' script, deferred, where the
    page has a chart."""
    scripts = context.get("script_files")
    if "body" in context:
        context["body"] = mend_body(context["body"])
    if scripts is None:
        return
    # In place: the list is the builder's, which it restores before the next page.
    scripts[:] = [script for script in scripts if not _dropped(script)]
    if CHART_MARK in context.get("body", ""):
        app.builder.add_js_file(CHARTS_SCRIPT, defer="defer")


def setup(app):
    app.connect("html-page-context", page_scripts)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

"""The site's own page assets: precompressed copies, and the scripts and mends each page gets."""

from __future__ import annotations

import gzip
from types import SimpleNamespace

from gaplib.engine.compress import precompress
from gaplib.engine.page_assets import mend_body, page_scripts, page_stylesheets


def test_precompress_writes_a_gzip_beside_large_text_files_only(tmp_path):
    (tmp_path / "_static").mkdir()
    big = tmp_path / "_static" / "bundle.js"
    big.write_text("var x = 1;\n" * 5000)
    (tmp_path / "small.css").write_text("a{}")
    (tmp_path / "picture.png").write_bytes(b"\x89PNG" + b"0" * 50_000)
    written = precompress(tmp_path)
    assert written == [big.with_name("bundle.js.gz")]
    assert gzip.decompress(written[0].read_bytes()) == big.read_bytes()
    first = written[0].read_bytes()
    precompress(tmp_path)  # the same file gives the same bytes (no time stamp)
    assert written[0].read_bytes() == first


class _Script(str):
    """Like Sphinx's assets: a file name (or None for an inline script), a priority, attributes."""

    def __new__(cls, filename, priority=500, **attributes):
        script = super().__new__(cls, filename or "")
        script.filename, script.priority, script.attributes = filename, priority, attributes
        return script


def _page(body):
    added = []
    app = SimpleNamespace(builder=SimpleNamespace(add_js_file=lambda name, **kw: added.append((name, kw))))
    scripts = [_Script("_static/documentation_options.js"), _Script("_static/doctools.js"),
               _Script(None, body='const THEBE_JS_URL = "x"'), _Script(None, body="let toggleHintShow = 'x';"),
               _Script("_static/sphinx-thebe.js"), _Script("_static/vega-bundle.js"), _Script("_static/gap-charts.js"),
               _Script("_static/clipboard.min.js", priority=300)]
    context = {"script_files": scripts, "body": body}
    page_scripts(app, "page", "page.html", context, None)
    return [s.filename for s in context["script_files"]], added


def test_a_page_with_a_chart_gets_the_deferred_charts_script_and_no_thebe_or_bundle():
    kept, added = _page('<figure class="gap-figure" id="a.b">')
    assert kept == ["_static/documentation_options.js", "_static/doctools.js", None, "_static/clipboard.min.js"]
    assert added == [("gap-charts.js", {"defer": "defer"})]


def test_a_page_without_a_chart_gets_no_chart_script():
    kept, added = _page("<p>words</p>")
    assert kept == ["_static/documentation_options.js", "_static/doctools.js", None, "_static/clipboard.min.js"]
    assert added == []


def test_script_files_are_deferred_but_the_one_inline_scripts_use_while_parsing():
    app = SimpleNamespace(builder=SimpleNamespace(add_js_file=lambda name, **kw: None))
    scripts = [_Script("_static/documentation_options.js"), _Script("_static/doctools.js", priority=200, id="d"),
               _Script(None, body="DOCUMENTATION_OPTIONS.pagename = 'x';"), _Script("_static/a.js", defer="defer"),
               _Script("_static/b.js", **{"async": "async"})]
    shared = scripts[1]
    context = {"script_files": scripts, "body": ""}
    page_scripts(app, "page", "page.html", context, None)
    options, doctools, inline, deferred, asynchronous = context["script_files"]
    assert "defer" not in options.attributes and inline.attributes == {"body": "DOCUMENTATION_OPTIONS.pagename = 'x';"}
    assert doctools.attributes == {"id": "d", "defer": "defer"} and doctools.priority == 200
    assert doctools.filename == "_static/doctools.js" and isinstance(doctools, _Script)
    assert deferred.attributes == {"defer": "defer"} and asynchronous.attributes == {"async": "async"}
    assert shared.attributes == {"id": "d"}, "the shared asset itself is left as it was"


def test_the_search_page_keeps_its_scripts_undeferred_for_the_search_scripts_its_template_adds():
    app = SimpleNamespace(builder=SimpleNamespace(add_js_file=lambda name, **kw: None))
    context = {"script_files": [_Script("_static/doctools.js"), _Script("_static/sphinx-thebe.js")], "body": ""}
    page_scripts(app, "search", "search.html", context, None)
    assert [(s.filename, s.attributes) for s in context["script_files"]] == [("_static/doctools.js", {})]


def test_print_stylesheets_are_for_print_and_the_chinese_one_only_in_chinese():
    sheets = [_Script("gaplib.css", rel="stylesheet"), _Script("print.css", rel="stylesheet"),
              _Script("print-zh_CN.css", rel="stylesheet"), _Script("sphinx-thebe.css", rel="stylesheet")]
    english = page_stylesheets(sheets, "en")
    assert [s.filename for s in english] == ["gaplib.css", "print.css"]
    assert english[0].attributes == {"rel": "stylesheet"}
    assert english[1].attributes == {"rel": "stylesheet", "media": "print"}
    chinese = page_stylesheets(sheets, "zh_CN")
    assert [s.filename for s in chinese] == ["gaplib.css", "print.css", "print-zh_CN.css"]
    assert chinese[2].attributes["media"] == "print"
    assert [s.filename for s in page_stylesheets(sheets, None)] == ["gaplib.css", "print.css"]


def test_the_body_is_mended_for_assistive_technology():
    body = ('<div role="list" class="citation-list"><div class="citation" id="x" role="doc-biblioentry"></div></div>'
            '<details><summary aria-label="Toggle hidden content"><span>Show code cell source</span></summary>')
    mended = mend_body(body)
    assert 'role="listitem"' in mended and "doc-biblioentry" not in mended
    assert "<summary><span>Show code cell source</span>" in mended


def _design_page(body):
    app = SimpleNamespace(builder=SimpleNamespace(add_js_file=lambda name, **kw: None),
                          config=SimpleNamespace(language="en"))
    context = {"body": body,
               "script_files": [_Script("_static/doctools.js"), _Script("_static/design-tabs.js?v=fcb327ea",
                                                                         **{"data-sd-tabs-storage-prefix": "x"})],
               "css_files": [_Script("_static/pygments.css", rel="stylesheet"),
                             _Script("_static/sphinx-design.min.css", rel="stylesheet"),
                             _Script("_static/gaplib.css", rel="stylesheet")]}
    page_scripts(app, "page", "page.html", context, None)
    return [s.filename for s in context["script_files"]], [s.filename for s in context["css_files"]]


def test_a_page_without_a_design_component_gets_no_sphinx_design_files():
    # "sd-" inside a word of a class, in text or in an id is no component.
    scripts, sheets = _design_page('<p class="nosd-x" id="sd-card">sd-card <code>class="x"</code></p>')
    assert scripts == ["_static/doctools.js"]
    assert sheets == ["_static/pygments.css", "_static/gaplib.css"]


def test_a_page_with_a_design_component_keeps_them():
    for body in ('<div class="sd-card sd-shadow-sm">', "<div class='docutils sd-tab-set'>"):
        scripts, sheets = _design_page(body)
        assert scripts == ["_static/doctools.js", "_static/design-tabs.js?v=fcb327ea"]
        assert sheets == ["_static/pygments.css", "_static/sphinx-design.min.css", "_static/gaplib.css"]

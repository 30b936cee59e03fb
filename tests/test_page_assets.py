"""The site's own page assets: precompressed copies, and the scripts and mends each page gets."""

from __future__ import annotations

import gzip
from types import SimpleNamespace

from gaplib.engine.compress import precompress
from gaplib.engine.page_assets import mend_body, page_scripts


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
    def __new__(cls, filename, **attributes):
        script = super().__new__(cls, filename or "")
        script.filename, script.attributes = filename, attributes
        return script


def _page(body):
    added = []
    app = SimpleNamespace(builder=SimpleNamespace(add_js_file=lambda name, **kw: added.append((name, kw))))
    scripts = [_Script("_static/doctools.js"), _Script(None, body='const THEBE_JS_URL = "x"'),
               _Script("_static/sphinx-thebe.js"), _Script("_static/vega-bundle.js"), _Script("_static/gap-charts.js")]
    context = {"script_files": scripts, "body": body}
    page_scripts(app, "page", "page.html", context, None)
    return [s.filename for s in context["script_files"]], added


def test_a_page_with_a_chart_gets_the_deferred_charts_script_and_no_thebe_or_bundle():
    kept, added = _page('<figure class="gap-figure" id="a.b">')
    assert kept == ["_static/doctools.js"]
    assert added == [("gap-charts.js", {"defer": "defer"})]


def test_a_page_without_a_chart_gets_no_chart_script():
    kept, added = _page("<p>words</p>")
    assert kept == ["_static/doctools.js"] and added == []


def test_the_body_is_mended_for_assistive_technology():
    body = ('<div role="list" class="citation-list"><div class="citation" id="x" role="doc-biblioentry"></div></div>'
            '<details><summary aria-label="Toggle hidden content"><span>Show code cell source</span></summary>')
    mended = mend_body(body)
    assert 'role="listitem"' in mended and "doc-biblioentry" not in mended
    assert "<summary><span>Show code cell source</span>" in mended

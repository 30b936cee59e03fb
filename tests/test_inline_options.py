"""Sphinx's options script written into each page (gaplib.engine.inline_options)."""

from __future__ import annotations

from gaplib.engine.first_paint import finish_html
from gaplib.engine.inline_options import inline_options

OPTIONS = "const DOCUMENTATION_OPTIONS = {\n    LANGUAGE: '%s',\n};\n"
PAGE = ('<head><script src="%s_static/documentation_options.js?v=9eb32ce0"></script>\n'
        "<script>DOCUMENTATION_OPTIONS.pagename = 'x';</script></head><body></body>")


def _site(tmp_path):
    for edition, language in (("", "en"), ("zh_CN/", "zh-CN")):
        (tmp_path / edition / "_static").mkdir(parents=True, exist_ok=True)
        (tmp_path / edition / "chapters").mkdir()
        (tmp_path / edition / "_static" / "documentation_options.js").write_text(OPTIONS % language)
        (tmp_path / edition / "intro.html").write_text(PAGE % "")
        (tmp_path / edition / "chapters" / "hardware.html").write_text(PAGE % "../")
    return tmp_path


def test_each_page_gets_its_editions_options_in_place_of_the_request(tmp_path):
    site = _site(tmp_path)
    assert inline_options(site) == 4
    for page, language in (("intro.html", "en"), ("chapters/hardware.html", "en"),
                           ("zh_CN/intro.html", "zh-CN"), ("zh_CN/chapters/hardware.html", "zh-CN")):
        html = (site / page).read_text()
        assert html.startswith("<head><script>const DOCUMENTATION_OPTIONS = {\n    LANGUAGE: '%s',\n};</script>\n"
                               "<script>DOCUMENTATION_OPTIONS.pagename" % language), page
        assert "documentation_options.js" not in html


def test_a_page_whose_options_file_is_missing_keeps_its_request(tmp_path):
    site = _site(tmp_path)
    (site / "zh_CN" / "_static" / "documentation_options.js").unlink()
    assert inline_options(site) == 2
    assert (site / "zh_CN" / "intro.html").read_text() == PAGE % ""


def test_a_text_that_would_end_the_script_early_is_not_inlined(tmp_path):
    site = _site(tmp_path)
    (site / "_static" / "documentation_options.js").write_text("const X = '</script>';")
    assert inline_options(site) == 2
    assert "documentation_options.js" in (site / "intro.html").read_text()


def test_finishing_a_site_inlines_merges_and_compresses(tmp_path):
    site = _site(tmp_path)
    (site / "_static" / "a.css").write_text("a { color: red; }\n" * 1000)
    (site / "_static" / "b.css").write_text("b { color: blue; }\n")
    links = '<link rel="stylesheet" href="_static/a.css" /><link rel="stylesheet" href="_static/b.css" />'
    (site / "intro.html").write_text((PAGE % "").replace("<head>", "<head>" + links))
    finish_html(site)
    html = (site / "intro.html").read_text()
    merged = [path for path in (site / "_static").glob("gap-styles.*.css")]
    assert len(merged) == 1 and f'href="_static/{merged[0].name}"' in html and "a.css" not in html
    assert "<script>const DOCUMENTATION_OPTIONS" in html
    assert merged[0].with_name(merged[0].name + ".gz").is_file()

"""The site's screen stylesheets merged into one file per page (gaplib.engine.merge_css)."""

from __future__ import annotations

import re

from gaplib.engine.merge_css import merge_stylesheets, sheet_text

HEAD = """<html><head>
  <meta charset="utf-8" />
  <!-- Loaded before other Sphinx assets -->
  <link href="{up}_static/styles/theme.css?digest=abc" rel="stylesheet" />
  <link rel="preload" as="font" type="font/woff2" crossorigin href="{up}_static/vendor/fa.woff2" />
    <link rel="stylesheet" type="text/css" href="{up}_static/pygments.css?v=1" />
    <link rel="stylesheet" type="text/css" href="{up}_static/site.css?v=2" />
    <link media="print" rel="stylesheet" type="text/css" href="{up}_static/print.css?v=3" />
  <script src="{up}_static/documentation_options.js"></script>
</head><body><p>text</p></body></html>
"""


def _site(tmp_path):
    site = tmp_path / "site"
    (site / "_static" / "styles").mkdir(parents=True)
    (site / "chapters").mkdir()
    (site / "_static" / "basic.css").write_text("div.body { background: url(file.png); }\n")
    (site / "_static" / "styles" / "theme.css").write_text(
        '@charset "UTF-8";\n@import "../basic.css";\n'
        '@font-face { src: url("../vendor/fa.woff2?v=6") format("woff2"), url(data:font/woff2;base64,AA==); }\n'
        "a { color: blue; }\n/*# sourceMappingURL=theme.css.map*/\n")
    (site / "_static" / "pygments.css").write_text(".hll { background: url('https://example.org/x.png'); }\n")
    (site / "_static" / "site.css").write_text("a { color: red; }\n")
    (site / "_static" / "print.css").write_text("a { color: black; }\n")
    (site / "intro.html").write_text(HEAD.format(up=""))
    (site / "chapters" / "hardware.html").write_text(HEAD.format(up="../"))
    return site


def test_pages_link_one_merged_sheet_with_every_rule_in_order(tmp_path):
    site = _site(tmp_path)
    written = merge_stylesheets(site)
    assert len(written) == 1 and written[0].parent == site / "_static"
    assert re.fullmatch(r"gap-styles\.[0-9a-f]{16}\.css", written[0].name)
    merged = written[0].read_text()
    rules = [line for line in merged.splitlines() if line and not line.startswith("/*")]
    assert rules == [
        "div.body { background: url(file.png); }",  # the import, in its place, read from _static/
        '@font-face { src: url("vendor/fa.woff2?v=6") format("woff2"), url(data:font/woff2;base64,AA==); }',
        "a { color: blue; }",
        ".hll { background: url('https://example.org/x.png'); }",
        "a { color: red; }",  # the book's sheet still comes last and wins
    ]
    intro = (site / "intro.html").read_text()
    sheets = re.findall(r'<link[^>]*rel="stylesheet"[^>]*>', intro)
    assert sheets == [f'<link rel="stylesheet" type="text/css" href="_static/{written[0].name}" />',
                      '<link media="print" rel="stylesheet" type="text/css" href="_static/print.css?v=3" />']
    assert 'rel="preload" as="font"' in intro and "<p>text</p>" in intro
    chapter = (site / "chapters" / "hardware.html").read_text()
    assert f'href="../_static/{written[0].name}"' in chapter and "pygments.css" not in chapter


def test_the_same_site_gives_the_same_bytes(tmp_path):
    first = merge_stylesheets(_site(tmp_path / "a"))
    second = merge_stylesheets(_site(tmp_path / "b"))
    assert [p.name for p in first] == [p.name for p in second]
    assert first[0].read_bytes() == second[0].read_bytes()
    assert (tmp_path / "a" / "site" / "intro.html").read_bytes() == (tmp_path / "b" / "site" / "intro.html").read_bytes()


def test_a_changed_rule_gives_a_new_name(tmp_path):
    site = _site(tmp_path)
    before = merge_stylesheets(site)[0].name
    changed = _site(tmp_path / "again")
    (changed / "_static" / "site.css").write_text("a { color: green; }\n")
    assert merge_stylesheets(changed)[0].name != before


def _unmerged(tmp_path, replace):
    site = _site(tmp_path)
    page = site / "intro.html"
    original = page.read_text().replace(*replace)
    page.write_text(original)
    (site / "chapters" / "hardware.html").unlink()
    assert merge_stylesheets(site) == []
    assert page.read_text() == original


def test_a_sheet_from_elsewhere_leaves_the_page_as_it_is(tmp_path):
    _unmerged(tmp_path, ('href="_static/pygments.css?v=1"', 'href="https://cdn.example.org/p.css"'))


def test_a_print_sheet_among_the_screen_ones_leaves_the_page_as_it_is(tmp_path):
    _unmerged(tmp_path, ('<link rel="stylesheet" type="text/css" href="_static/pygments.css?v=1" />',
                         '<link rel="stylesheet" media="print" href="_static/print.css" />'
                         '<link rel="stylesheet" type="text/css" href="_static/pygments.css?v=1" />'))


def test_a_style_element_among_them_leaves_the_page_as_it_is(tmp_path):
    _unmerged(tmp_path, ('<link rel="preload"', '<style>a{color:green}</style><link rel="preload"'))


def test_a_missing_sheet_leaves_the_page_as_it_is(tmp_path):
    _unmerged(tmp_path, ("_static/site.css", "_static/gone.css"))


def test_an_import_for_a_medium_is_not_merged(tmp_path):
    site = _site(tmp_path)
    (site / "_static" / "site.css").write_text('@import url("print.css") print;\na { color: red; }\n')
    (site / "chapters" / "hardware.html").unlink()
    assert merge_stylesheets(site) == []


def test_a_url_in_a_nested_folder_is_rebased_for_the_merged_folder(tmp_path):
    site = _site(tmp_path)
    (site / "_static" / "styles" / "deep.css").write_text("b { background: url(img/x.png#frag); }\n")
    assert sheet_text(site, "_static/styles/deep.css", "_static").strip() == \
        "b { background: url(styles/img/x.png#frag); }"

"""Icon fonts and their class rules cut to the icons the site shows (gaplib.engine.icon_fonts)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pydata_sphinx_theme
import pytest
from fontTools.ttLib import TTFont

from gaplib.engine.icon_fonts import (icon_code_points, icon_font_files, kept_code_points, subset_font, trim_icons,
                                      used_class_names, without_unused_icon_rules)

THEME_STATIC = Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / "static"
THEME_FONTS = THEME_STATIC / "vendor" / "fontawesome" / "webfonts"
SHEET = (
    '@font-face{font-family:"Font Awesome 6 Free";font-weight:900;'
    'src:url(../webfonts/fa-solid-900.woff2) format("woff2"),url(../webfonts/fa-solid-900.ttf) format("truetype")}'
    '@font-face{font-family:"Font Awesome 6 Brands";src:url(../webfonts/fa-brands-400.woff2) format("woff2")}'
    '@font-face{font-family:"Lato";src:url(../webfonts/lato.woff2) format("woff2")}'
    '.fa-bars:before{content:"\\f0c9"}'
    '.fa-magnifying-glass:before,.fa-search:before{content:"\\f002"}'
    '.fa-rocket:before{content:"\\f135"}'
    '.fa-github:before{content:"\\f09b"}'
    '.fa-a:before{content:"A"}'
    '.fa-lg{font-size:1.25em}'
    'html{--pst-icon-bell:"\uf0f3";--pst-font:"Lato"}'
    '.onthispage:after{content:"\\f107";font-family:"Font Awesome 6 Free"}'
    '@media print{.fa-expand:before{content:"\\f065"}}'
)


def _site(tmp_path: Path) -> Path:
    """A site with the theme's real Font Awesome fonts, one stylesheet, two pages and three scripts."""
    site = tmp_path / "site"
    fonts = site / "_static" / "vendor" / "webfonts"
    fonts.mkdir(parents=True)
    for name in ("fa-solid-900.woff2", "fa-solid-900.ttf", "fa-brands-400.woff2"):
        shutil.copy(THEME_FONTS / name, fonts / name)
    (fonts / "lato.woff2").write_bytes(b"not an icon font")
    (site / "_static" / "vendor" / "css").mkdir()
    (site / "_static" / "vendor" / "css" / "all.css").write_text(SHEET, encoding="utf-8")
    (site / "_static" / "theme.js").write_text('button.classList="fa-solid fa-xmark"')
    (site / "_static" / "fontawesome.js").write_text('var icons={"fa-rocket":1,"fa-a":2}')  # no page loads it
    (site / "index.html").write_text('<script src="_static/theme.js"></script>'
                                     '<script src="https://example.org/icons.js"></script>'
                                     '<i class="fa-solid fa-bars fa-lg"></i><i class="fab fa-github"></i>')
    (site / "sub").mkdir()
    (site / "sub" / "page.html").write_text('<i class="fa-solid fa-search"></i>')
    return site


def test_icon_classes_and_the_code_points_other_rules_draw():
    classes, drawn = icon_code_points(SHEET)
    assert classes == {"fa-bars": 0xF0C9, "fa-magnifying-glass": 0xF002, "fa-search": 0xF002, "fa-rocket": 0xF135,
                       "fa-github": 0xF09B, "fa-a": 0x41, "fa-expand": 0xF065}
    # A custom property's literal icon and a content's escape count; font names and plain text do not.
    assert drawn == {0xF0F3, 0xF107}


def test_a_page_or_a_script_it_loads_names_the_icons_in_use(tmp_path):
    names = used_class_names(_site(tmp_path))
    assert {"fa-bars", "fa-github", "fa-search", "fa-xmark", "fa-solid", "fa-lg"} <= names
    # fontawesome.js is loaded by no page and the other script is not on this site.
    assert not names & {"fa-rocket", "fa-a", "fa-expand"}


def test_kept_code_points_are_the_icons_in_use_and_those_rules_draw(tmp_path):
    assert kept_code_points(_site(tmp_path)) == {0xF0C9, 0xF09B, 0xF002, 0xF0F3, 0xF107}


def test_only_fonts_of_an_icon_family_that_exist_are_cut(tmp_path):
    site = _site(tmp_path)
    fonts = site / "_static" / "vendor" / "webfonts"
    assert icon_font_files(site) == [fonts / "fa-brands-400.woff2", fonts / "fa-solid-900.ttf",
                                     fonts / "fa-solid-900.woff2"]


def test_unused_icon_rules_go_and_every_other_rule_stays_in_place():
    trimmed = without_unused_icon_rules(SHEET, {"fa-search", "fa-bars"})
    assert '.fa-magnifying-glass:before,.fa-search:before{content:"\\f002"}' in trimmed  # an alias in use keeps it
    assert ".fa-bars:before" in trimmed
    for gone in (".fa-rocket", ".fa-github", ".fa-a:", ".fa-expand"):
        assert gone not in trimmed
    assert "@media print{}" in trimmed
    rest = re.sub(r"\.fa-(rocket|github|a):before\{[^}]*\}|\.fa-expand:before\{[^}]*\}", "", SHEET)
    assert trimmed == rest


def test_trimmed_fonts_hold_exactly_the_icons_in_use(tmp_path):
    site = _site(tmp_path)
    sizes = trim_icons(site)
    fonts = site / "_static" / "vendor" / "webfonts"
    solid, brands = TTFont(fonts / "fa-solid-900.woff2"), TTFont(fonts / "fa-brands-400.woff2")
    assert set(solid.getBestCmap()) == {0xF0C9, 0xF002, 0xF0F3, 0xF107}
    assert set(TTFont(fonts / "fa-solid-900.ttf").getBestCmap()) == {0xF0C9, 0xF002, 0xF0F3, 0xF107}
    assert set(brands.getBestCmap()) == {0xF09B}
    assert solid.flavor == "woff2" and TTFont(fonts / "fa-solid-900.ttf").flavor is None
    # The glyphs are the original drawings, and the licence record stays.
    original = TTFont(THEME_FONTS / "fa-solid-900.woff2")
    for point in (0xF0C9, 0xF002):
        glyph = solid.getBestCmap()[point]
        assert solid["hmtx"][glyph] == original["hmtx"][original.getBestCmap()[point]]
    assert solid["name"].getDebugName(13) == original["name"].getDebugName(13)
    before, after = sizes["_static/vendor/webfonts/fa-solid-900.woff2"]
    assert before == (THEME_FONTS / "fa-solid-900.woff2").stat().st_size and after < before / 20
    assert (fonts / "lato.woff2").read_bytes() == b"not an icon font"
    assert ".fa-rocket" not in (site / "_static" / "vendor" / "css" / "all.css").read_text()


def test_trimming_gives_the_same_bytes_each_time_and_again(tmp_path):
    first, second = _site(tmp_path / "a"), _site(tmp_path / "b")
    trim_icons(first)
    trim_icons(second)
    files = sorted(path.relative_to(first) for path in first.rglob("*") if path.is_file())
    assert all((first / name).read_bytes() == (second / name).read_bytes() for name in files)
    trim_icons(second)
    assert all((first / name).read_bytes() == (second / name).read_bytes() for name in files)


def test_a_font_is_written_whole_or_not_at_all(tmp_path, monkeypatch):
    font = tmp_path / "fa-solid-900.woff2"
    shutil.copy(THEME_FONTS / font.name, font)
    original = font.read_bytes()

    def broken(font, path, options):
        Path(path).write_bytes(b"half a font")
        raise OSError("disk full")

    monkeypatch.setattr("gaplib.engine.icon_fonts.subset.save_font", broken)
    with pytest.raises(OSError, match="disk full"):
        subset_font(font, {0xF002})
    assert font.read_bytes() == original
    assert [path.name for path in tmp_path.iterdir()] == [font.name]


@pytest.mark.slow
def test_every_icon_of_the_built_pages_keeps_its_glyph(built_book):
    _, site = built_book
    # The theme's own stylesheet, untouched, says which code point each icon class draws.
    theme_classes, _ = icon_code_points((THEME_STATIC / "styles" / "pydata-sphinx-theme.css").read_text("utf-8"))
    for edition in (site, site / "zh_CN"):
        fonts = edition / "_static" / "vendor" / "fontawesome" / "webfonts"
        solid = set(TTFont(fonts / "fa-solid-900.woff2").getBestCmap())
        brands = set(TTFont(fonts / "fa-brands-400.woff2").getBestCmap())
        assert (fonts / "fa-solid-900.woff2").stat().st_size < 10_000
        icons = 0
        for page in edition.glob("**/*.html"):
            for classes in re.findall(r'<i class="([^"]*)"', page.read_text(encoding="utf-8")):
                names = set(classes.split())
                for name in names & theme_classes.keys():
                    font = brands if names & {"fab", "fa-brands"} else solid
                    assert theme_classes[name] in font, (page, name)
                    icons += 1
        assert icons > 100

"""A chart on the page: its title and words in HTML, a responsive drawing, its files and its anchor."""

import json
import re

import altair as alt
import pandas as pd

from gaplib.present import charts, figures

FRAME = pd.DataFrame({"x": [1, 2], "y": [3.0, 4.0]})


def test_the_page_spec_drops_the_title_and_fits_the_column():
    spec = charts.styled(alt.Chart(FRAME).mark_line().encode(x="x:Q", y="y:Q"), title="T", credit="C").to_dict()
    web = figures.web_spec(spec)
    assert "title" not in web and web["width"] == "container" and web["autosize"]["type"] == "fit-x"
    assert spec["width"] == charts.WIDTH_PX and "title" in spec  # the export keeps both


def test_a_concatenated_chart_keeps_its_widths():
    chart = alt.hconcat(alt.Chart(FRAME).mark_bar().encode(x="x:Q").properties(width=200),
                        alt.Chart(FRAME).mark_bar().encode(x="y:Q").properties(width=150))
    web = figures.web_spec(charts.styled(chart, title="T", credit="C").to_dict())
    assert "autosize" not in web and [v["width"] for v in web["hconcat"]] == [200, 150]


def test_the_figure_carries_its_words_files_and_anchor():
    spec = {"mark": "line", "note": "</script><script>alert(1)</script>"}
    page = figures.figure_html("hardware.fleet", spec, title="US fleet 11x China's", credit="Data: Epoch AI",
                               description="US: 1.25 m at 2025.", subtitle="Sub <b>",
                               files={"Data (CSV)": "../hardware.fleet.csv"})
    assert '<figure class="gap-figure" id="hardware.fleet">' in page
    assert 'role="img"' not in page and "<img" not in page  # no SVG yet: the interactive view alone
    assert "Sub &lt;b&gt;" in page and '<a href="../hardware.fleet.csv" download>Data (CSV)</a>' in page
    assert '<a class="gap-figure-anchor" href="#hardware.fleet" title="Link to this chart">Chart hardware.fleet</a>' in page
    embedded = re.search(r'<script type="application/json"[^>]*>(.*?)</script>', page, flags=re.S).group(1)
    assert "</script" not in embedded
    assert json.loads(embedded) == {**spec, "description": "US fleet 11x China's. US: 1.25 m at 2025."}


def test_the_figure_shows_its_picture_with_the_text_alternative_and_no_script_of_its_own():
    page = figures.figure_html("hardware.fleet", {"mark": "line"}, title="US fleet 11x China's", credit="Data: Epoch AI",
                               description="US: 1.25 m at 2025.", files={"SVG": "../hardware.fleet.svg"})
    picture = re.search(r'<div class="gap-chart" id="hardware.fleet-chart"[^>]*><img ([^>]*)></div>', page).group(1)
    assert 'src="../hardware.fleet.svg"' in picture
    assert 'alt="US fleet 11x China&#x27;s. US: 1.25 m at 2025."' in picture
    assert 'role="img"' not in page  # the box holds the interactive view's controls later
    assert re.findall(r"<script[^>]*>", page) == ['<script type="application/json" class="gap-chart-spec" '
                                                 'id="hardware.fleet-chart-spec">']

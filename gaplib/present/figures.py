"""A chart as a figure of the page: title and words in HTML, the drawing responsive, its files beside it.

On the site the title, subtitle and source line are HTML, so they wrap at any width
and read as text; the Vega view itself takes the column's width. The exported PNG and
SVG keep the house title and credit inside the picture (:func:`gaplib.present.charts.styled`),
so a downloaded chart still says what it shows and whose data it draws.
"""

from __future__ import annotations

import copy
import html
import json
from collections.abc import Callable, Mapping
from typing import Any

from gaplib.present.i18n import english

_CONCAT = ("hconcat", "vconcat", "concat")


def web_spec(spec: Mapping[str, Any]) -> dict[str, Any]:
    """Return the page's version of a styled spec: no title (the page has it), width of the column.

    Concatenated charts keep their fixed widths (Vega-Lite cannot fit them to a container);
    the stylesheet scales them down on narrow screens instead.
    """
    web = copy.deepcopy(dict(spec))
    web.pop("title", None)
    if not any(key in web for key in _CONCAT) and isinstance(web.get("width"), int | float):
        web["width"] = "container"
        web["autosize"] = {"type": "fit-x", "contains": "padding"}
    return web


def _script_json(value: Any) -> str:
    """JSON that is safe inside a <script> element."""
    return json.dumps(value, separators=(",", ":")).replace("</", "<\\/")


def figure_html(anchor: str, spec: Mapping[str, Any], *, title: str, credit: str, description: str,
                subtitle: str | None = None, files: Mapping[str, str] | None = None,
                tr: Callable[..., str] = english) -> str:
    """Return a ``<figure>`` that shows the chart's picture at once and its interactive view when needed.

    ``anchor`` is the figure's id and name (``<chapter>.<chart>``, as its files are named),
    ``description`` its text alternative (the picture's ``alt``, the interactive drawing's
    description and a caption a reader can open), ``files`` maps link texts
    ("Data (CSV)", "PNG", "SVG") to their addresses. The picture is the SVG the build draws
    (``files["SVG"]``); ``_static/gap-charts.js`` replaces it by the vega-embed view (bundled
    with the site; no network) when the chart nears the screen or the reader reaches for it.
    Without an SVG (a run outside the runner) the figure waits for the interactive view.
    The texts given are in the page's language; ``tr`` (a :class:`gaplib.present.i18n.Translator`)
    translates the figure's own words.
    """
    esc = html.escape
    chart_id = f"{anchor}-chart"
    # A description that opens with the title (gaplib.present.chart_text.describe) is the whole alternative.
    opens_with_title = "".join(description.split()).startswith("".join(title.split()).rstrip(".。"))
    alternative = description if opens_with_title else tr("{title}. {description}", title=title, description=description)
    files = dict(files or {})
    links = [f'<a class="gap-figure-anchor" href="#{esc(anchor)}" title="{esc(tr("Link to this chart"))}">'
             f'{esc(tr("Chart {name}", name=anchor))}</a>']
    links += [f'<a href="{esc(href)}" download>{esc(tr(text))}</a>' for text, href in files.items()]
    # The picture carries the text alternative; the chart's box has no role of its own, so the
    # interactive view's controls (the strategy sliders) stay reachable, not hidden inside an image.
    picture = (f'<img class="gap-chart-picture" src="{esc(files["SVG"])}" alt="{esc(alternative)}" decoding="async">'
               if files.get("SVG") else "")
    parts = [
        f'<figure class="gap-figure" id="{esc(anchor)}">',
        f'<p class="gap-figure-title">{esc(title)}</p>',
        f'<p class="gap-figure-subtitle">{esc(subtitle)}</p>' if subtitle else "",
        f'<div class="gap-chart" id="{esc(chart_id)}" data-failed="{esc(tr("The chart could not be drawn: "))}">'
        f'{picture}</div>',
        "<figcaption>",
        f'<span class="gap-credit">{esc(credit)}</span>',
        f'<details class="gap-figure-text"><summary>{esc(tr("Chart in words"))}</summary><p>{esc(description)}</p></details>',
        f'<span class="gap-figure-links">{" · ".join(links)}</span>',
        "</figcaption>",
        f'<script type="application/json" class="gap-chart-spec" id="{esc(chart_id)}-spec">'
        f"{_script_json({**spec, 'description': alternative})}</script>",
        "</figure>",
    ]
    return "\n".join(part for part in parts if part)

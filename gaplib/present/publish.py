"""What a chapter notebook calls to publish a number, a table or a chart.

Numbers are converted to plain Python numbers before gluing, so that the text repr
myst-nb stores is a literal (``3.2``, not ``np.float64(3.2)``) that the prose can
format and ``results.json`` can read back as a number.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import numbers
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import altair as alt
import pandas as pd

from IPython.display import display as ipy_display
from myst_nb import glue as _myst_glue

from gaplib.data.csv_safe import write_csv
from gaplib.data.loaders import log_read
from gaplib.engine.provenance import ARTIFACT_DIR_ENV, ARTIFACT_PREFIX_ENV, RESULTS_ONLY_ENV, RUN_PARAMETERS_ENV
from gaplib.engine.results import GLUE_PREFIX, TEXT_MARKER
from gaplib.present import chart_i18n, chart_text, charts, dates, figures, i18n, spec_curve_text
from gaplib.present.i18n import TRANSLATIONS_KEY
from gaplib.present.tables import table_html


def results_only() -> bool:
    """Return whether this run is for its glued values alone (a sweep's point, gaplib.engine.execute).

    Such a run makes no table, chart or translation: :func:`table`, :func:`figure` and
    :func:`html` return None and write nothing, and :func:`glue` stores the English value only.
    """
    return os.environ.get(RESULTS_ONLY_ENV) == "1"


def translators() -> dict[str, i18n.Translator]:
    """Return a fresh translator (nothing asked yet) for each language the book is translated into."""
    # The catalog is logged among the files the chapter read: a changed translation re-executes it.
    return {lang: i18n.translator(lang, on_read=log_read).fresh() for lang in i18n.TRANSLATIONS}


def _edition(tr: i18n.Translator, data: Mapping[str, Any]) -> dict[str, Any]:
    return {"data": dict(data), "asked": list(tr.asked)}


def plain(value: Any) -> Any:
    """Return ``value`` as a plain Python bool, int, float or str.

    Raises ValueError for NaN or infinite numbers: a result that cannot be computed
    must be reported as such in the prose, not published as a number.
    """
    if isinstance(value, bool | str):
        return value
    if hasattr(value, "item") and not isinstance(value, list | dict):
        value = value.item()
    if isinstance(value, bool):
        return value
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        value = float(value)
        if not math.isfinite(value):
            raise ValueError(f"refusing to publish a non-finite number: {value}")
        return value
    raise TypeError(f"publish numbers, booleans or strings, not {type(value).__name__}")


def glue(name: str, value: Any) -> None:
    """Glue ``value`` under ``name`` without displaying it.

    Returns None, so that a glue as a cell's last line shows nothing on the page.

    Strings are glued as their bare text (not their repr), so that the prose shows
    ``widening`` rather than ``'widening'``; they are marked as text for results.json, and
    carry their translations for the other editions (:data:`TRANSLATIONS_KEY`).
    """
    value = plain(value)
    if isinstance(value, str):
        metadata = {"scrapbook": {"name": name, "mime_prefix": GLUE_PREFIX}, TEXT_MARKER: True}
        # A word ("widening") reads in the page's language, a month or day in its prose form; numbers never change.
        if not results_only() and (i18n.needs_translation(value) or dates.is_month_or_day(value)):
            local = (lambda tr: dates.for_reader(value, tr)) if dates.is_month_or_day(value) else (lambda tr: tr(value))
            metadata[TRANSLATIONS_KEY] = {lang: _edition(tr, {GLUE_PREFIX + "text/plain": local(tr)})
                                          for lang, tr in translators().items()}
        ipy_display({GLUE_PREFIX + "text/plain": value}, raw=True, metadata=metadata)
    else:
        _myst_glue(name, value, display=False)


def glue_data(name: str, text: str) -> None:
    """Glue machine-readable ``text`` (JSON a summarising page reads back) under ``name``: never translated."""
    if not isinstance(text, str):
        raise TypeError(f"glue_data takes text, not {type(text).__name__}")
    metadata = {"scrapbook": {"name": name, "mime_prefix": GLUE_PREFIX}, TEXT_MARKER: True}
    ipy_display({GLUE_PREFIX + "text/plain": text}, raw=True, metadata=metadata)


def _artifact_path(name: str, suffix: str) -> Path | None:
    """Return ``<folder>/<chapter>.<name><suffix>`` when run by the runner, else None (nothing is written)."""
    if not name.replace("_", "").replace("-", "").isalnum() or name == "results":
        raise ValueError(f"table and chart names are letters, digits, '-' and '_' (not 'results'), got {name!r}")
    folder = os.environ.get(ARTIFACT_DIR_ENV)
    if not folder:
        return None
    path = Path(folder) / f"{_prefix()}.{name}{suffix}"
    if path.exists():
        raise ValueError(f"{path.name} was already published by this run: give each table and chart its own name")
    return path


def _prefix() -> str:
    return os.environ.get(ARTIFACT_PREFIX_ENV, "chapter")


def _site_href(path: Path | None) -> str | None:
    """Return the address of a published file relative to the page that links it.

    The site serves chapter files at its root; chapters are pages under ``chapters/``.
    """
    if path is None:
        return None
    from gaplib.params import site_folder

    return f"../{path.name}" if site_folder(_prefix()) else path.name


def table(name: str, frame: pd.DataFrame, *, labels: Mapping[str, str] | None = None,
          intervals: Mapping[str, tuple[str, str, str]] | None = None,
          decimals: Mapping[str, int] | None = None, caption: str | None = None) -> Published | None:
    """Write ``frame`` as ``<chapter>.<name>.csv`` beside results.json; return it as the house table.

    The CSV holds every column of ``frame``; the page shows the columns ``labels`` names
    (see :func:`gaplib.present.tables.table_html`) with a link to the CSV. Run outside the runner
    (plain papermill or Jupyter) nothing is written and the table has no link; in a
    results-only run (:func:`results_only`) nothing is made and None is returned.
    """
    if results_only():
        return None
    path = _artifact_path(name, ".csv")
    if path is not None:
        write_csv(frame, path, index=not isinstance(frame.index, pd.RangeIndex))

    def page(tr: Callable[..., str] = i18n.english) -> str:
        return table_html(frame, name=f"{_prefix()}.{name}", labels=labels, intervals=intervals, decimals=decimals,
                          caption=caption, data_href=_site_href(path), tr=tr)

    return Published({"text/html": page()},
                     {lang: _edition(tr, {"text/html": page(tr)}) for lang, tr in translators().items()})


def html(render: Callable[..., str], *args: Any, **kwargs: Any) -> Published | None:
    """Show ``render(*args, **kwargs)``, a page element of the chapter's own HTML, in every edition's language.

    ``render`` takes a keyword ``tr`` (a :class:`gaplib.present.i18n.Translator`) for its words; it is
    called once in English and once per translation (the gap at a glance, the claims ledger).
    None in a results-only run (:func:`results_only`).
    """
    if results_only():
        return None
    return Published({"text/html": render(*args, **kwargs)},
                     {lang: _edition(tr, {"text/html": render(*args, **kwargs, tr=tr)})
                      for lang, tr in translators().items()})


class Published:
    """A published table, chart or page element: its HTML in English, and each other edition's in its metadata."""

    def __init__(self, data: Mapping[str, str], editions: Mapping[str, Any]):
        self.data, self.editions = dict(data), dict(editions)

    def _repr_mimebundle_(self, include=None, exclude=None):
        return self.data, {TRANSLATIONS_KEY: self.editions}


class Figure(Published):
    """A published chart: the house figure on the site, the plain altair chart in Jupyter."""

    def __init__(self, chart: alt.TopLevelMixin, html: str, description: str, editions: Mapping[str, Any]):
        super().__init__({"text/html": html, "text/plain": description}, editions)
        self.chart, self.html, self.description = chart, html, description

    def _repr_mimebundle_(self, include=None, exclude=None):
        if os.environ.get(ARTIFACT_DIR_ENV):
            return super()._repr_mimebundle_(include, exclude)
        return self.chart._repr_mimebundle_(include, exclude)


def _write_spec(spec: dict[str, Any], path: Path) -> None:
    """Write a chart's Vega-Lite ``spec``, from which its pictures are drawn (gaplib.engine.pictures)."""
    path.write_text(json.dumps(spec, separators=(",", ":"), ensure_ascii=False), encoding="utf-8")


def figure(name: str, chart: alt.TopLevelMixin, *, title: str, credit: str, subtitle: str | None = None,
           width: int = charts.WIDTH_PX, height: int = charts.HEIGHT_PX) -> Figure | None:
    """Publish ``chart`` as figure ``name`` of the chapter; return it for display.

    The chart gets the house style (:func:`gaplib.present.charts.styled`, with a dash or shape per
    country, :func:`gaplib.present.charts.country_marks`); ``title`` states its
    finding, ``credit`` is the data's credit line; the text alternative is the title and
    a description read from the chart's data. Run by the
    runner, it writes ``<chapter>.<name>.csv`` (the rows and columns drawn),
    ``.meta.json`` (source, licence, chapter, parameters, build date) and ``.vl.json``
    (the chart's spec) beside results.json; the page links them and the chart's ``.svg``
    and ``.png``, drawn from the spec by the engine (gaplib.engine.pictures). The chart is
    made again in each other edition's language (gaplib.present.i18n), with its own
    ``.<language>.vl.json``, ``.svg`` and ``.png``.
    A results-only run (:func:`results_only`) makes nothing and returns None.
    """
    if results_only():
        return None

    styled = charts.styled(chart, title=title, credit=credit, subtitle=subtitle, width=width, height=height)
    spec = charts.country_marks(styled.to_dict())
    description = spec_curve_text.text_alternative(spec)
    files: dict[str, str] = {}
    csv_path = _artifact_path(name, ".csv")
    if csv_path is not None:
        drawn = chart_text.drawn_data(spec)
        write_csv(drawn, csv_path, index=False)
        note = {"chart": name, "chapter": _prefix(), "title": title, "subtitle": subtitle, "source": credit,
                "description": description, "columns": list(drawn.columns),
                "parameters": json.loads(os.environ.get(RUN_PARAMETERS_ENV) or "{}"),
                "built": dt.datetime.now(dt.timezone.utc).date().isoformat()}
        meta_path = _artifact_path(name, ".meta.json")
        meta_path.write_text(json.dumps(note, indent=2) + "\n")
        _write_spec(spec, _artifact_path(name, ".vl.json"))
        svg_path, png_path = _artifact_path(name, ".svg"), _artifact_path(name, ".png")
        files = {"Data (CSV)": _site_href(csv_path), "About the data": _site_href(meta_path),
                 "PNG": _site_href(png_path), "SVG": _site_href(svg_path)}
    page = figures.figure_html(f"{_prefix()}.{name}", figures.web_spec(spec), title=title, credit=credit,
                               description=description, subtitle=subtitle, files=files)
    editions = {}
    for lang, tr in translators().items():
        # The chart is made again in the edition's language: its words translated, the same data and numbers.
        words = {"title": tr(title), "credit": tr(credit), "subtitle": tr(subtitle) if subtitle else None}
        local_styled = charts.styled(chart, **words, width=width, height=height)
        local = charts.in_language(chart_i18n.localise(charts.country_marks(local_styled.to_dict()), tr), lang)
        local_description = spec_curve_text.text_alternative(local, tr)
        local_files = dict(files)
        if csv_path is not None:
            # "About the data" in the edition's language: its words translated, the same source and numbers.
            local_meta = _artifact_path(name, f".{lang}.meta.json")
            local_note = {**note, "title": words["title"], "subtitle": words["subtitle"], "source": words["credit"],
                          "description": local_description, "language": lang}
            local_meta.write_text(json.dumps(local_note, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
            local_files["About the data"] = _site_href(local_meta)
            _write_spec(local, _artifact_path(name, f".{lang}.vl.json"))
            local_svg, local_png = _artifact_path(name, f".{lang}.svg"), _artifact_path(name, f".{lang}.png")
            local_files.update({"PNG": _site_href(local_png), "SVG": _site_href(local_svg)})
        local_page = figures.figure_html(f"{_prefix()}.{name}", figures.web_spec(local), **words,
                                         description=local_description, files=local_files, tr=tr)
        editions[lang] = _edition(tr, {"text/html": local_page, "text/plain": local_description})
    return Figure(styled, page, description, editions)


def glue_words(name: str, compose: Callable[..., str]) -> None:
    """Glue the text ``compose(tr=tr)`` makes, in English and, with each edition's translator, in its language.

    For a text assembled from several catalog patterns (a sentence whose clauses depend on
    counts), which :func:`glue` could only look up whole.
    """
    metadata = {"scrapbook": {"name": name, "mime_prefix": GLUE_PREFIX}, TEXT_MARKER: True}
    value = compose(tr=i18n.english)
    if not results_only():
        metadata[TRANSLATIONS_KEY] = {}
        for lang, tr in translators().items():
            text = i18n.cjk_joined(compose(tr=tr)) if lang.startswith("zh") else compose(tr=tr)
            metadata[TRANSLATIONS_KEY][lang] = _edition(tr, {GLUE_PREFIX + "text/plain": text})
    ipy_display({GLUE_PREFIX + "text/plain": value}, raw=True, metadata=metadata)

"""Let myst-nb glue roles work inside gettext-translated paragraphs.

Sphinx's Locale transform re-parses each msgstr as a fresh, separate document
(its source ends in ``<translated>``); myst-nb parses that as plain MyST, so it
has no ``nb_renderer`` and every ``{glue:...}`` role fails with
"No key ... found in glue data for this document" (the number disappears).
This extension remembers the notebook renderer of the document being read and
lends it to the translated fragments of that same document.

It also lets a translation write a glued number in its own edition's form: the format
spec ``:.1f@e9`` formats the value as the English ``:.1f`` does, as a count of 10**9, and
writes it on the edition's magnitude ladder (``148.3`` billion → ``1483 亿``); ``:.1e@sci``
writes e-notation as a power of ten (``10²⁶``). See gaplib.present.numerals.
"""
from __future__ import annotations

import myst_nb.sphinx_ as _ms
from myst_nb.ext.glue import directives as _gd, roles as _gr, utils as _gu

from gaplib.present import numerals

_CURRENT: dict = {}
_orig_retrieve = _gu.retrieve_glue_data
_orig_load_renderer = _ms.load_renderer


def _load_renderer(name):
    cls = _orig_load_renderer(name)

    def create(*args, **kwargs):
        renderer = cls(*args, **kwargs)
        logger = args[1] if len(args) > 1 else kwargs.get("logger")
        _CURRENT["docname"] = getattr(logger, "extra", {}).get("docname")
        _CURRENT["renderer"] = renderer
        return renderer

    return create


def retrieve_glue_data(document, key):
    if "nb_renderer" not in document and document.current_source.endswith("<translated>"):
        renderer = _CURRENT.get("renderer")
        env = getattr(document.settings, "env", None)
        if renderer is not None and env is not None and _CURRENT.get("docname") == env.docname:
            document["nb_renderer"] = renderer
            try:
                return _orig_retrieve(document, key)
            finally:  # never leave the renderer on a node tree that gets pickled
                del document["nb_renderer"]
    return _orig_retrieve(document, key)


_orig_format_plain_text = _gr.format_plain_text


def format_plain_text(text: str, fmt_spec: str) -> str:
    """Format a glued value as myst-nb does; ``spec@form`` then writes it in the edition's form."""
    english_spec, at, form = fmt_spec.partition("@")
    english = _orig_format_plain_text(text, english_spec)
    return numerals.local(english, form, _CURRENT.get("language", numerals.ENGLISH)) if at else english


def _remember_language(app, config):
    _CURRENT["language"] = config.language or numerals.ENGLISH


def setup(app):
    app.connect("config-inited", _remember_language)
    _gr.format_plain_text = format_plain_text
    _ms.load_renderer = _load_renderer
    for mod in (_gu, _gr, _gd):
        mod.retrieve_glue_data = retrieve_glue_data
    return {"parallel_read_safe": True, "parallel_write_safe": True}

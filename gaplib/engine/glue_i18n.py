"""Let myst-nb glue roles work inside gettext-translated paragraphs.

Sphinx's Locale transform re-parses each msgstr as a fresh, separate document
(its source ends in ``<translated>``); myst-nb parses that as plain MyST, so it
has no ``nb_renderer`` and every ``{glue:...}`` role fails with
"No key ... found in glue data for this document" (the number disappears).
This extension remembers the notebook renderer of the document being read and
lends it to the translated fragments of that same document.
"""
from __future__ import annotations

import myst_nb.sphinx_ as _ms
from myst_nb.ext.glue import directives as _gd, roles as _gr, utils as _gu

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


def setup(app):
    _ms.load_renderer = _load_renderer
    for mod in (_gu, _gr, _gd):
        mod.retrieve_glue_data = retrieve_glue_data
    return {"parallel_read_safe": True, "parallel_write_safe": True}

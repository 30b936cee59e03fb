"""The book in another language, staged from the same executed chapters.

Each published output carries its versions in the other languages (gaplib.present.publish);
an edition's stage shows those, its own pictures of the charts (gaplib.engine.pictures), its configuration
overlay (``locales/<language>/_config.yml``) and its contents' captions in its language.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping

from gaplib.engine.cache import PROJECT_DIR
from gaplib.present.i18n import ENGLISH, LOCALES_DIR, TRANSLATIONS_KEY


def edition_notebook(notebook: Mapping, language: str) -> dict:
    """Return an executed notebook as the edition in ``language`` shows it.

    Every output that carries a version in that language (a translated table, chart or
    glued word, made at execution by gaplib.present.publish) shows that version instead; every
    other output, and every glued number, is the same object as in English.
    """
    if language == ENGLISH:
        return dict(notebook)
    edition = json.loads(json.dumps(notebook))
    for cell in edition.get("cells", []):
        for output in cell.get("outputs", []):
            local = (output.get("metadata") or {}).get(TRANSLATIONS_KEY, {}).get(language)
            if local is not None:
                output["data"] = {**output.get("data", {}), **local["data"]}
    return edition


def edition_config(language: str) -> dict:
    """Return the book's _config.yml for the edition in ``language``: English's, with the edition's overlay."""
    import yaml

    config = yaml.safe_load((PROJECT_DIR / "_config.yml").read_text())
    if language == ENGLISH:
        return config
    overlay = yaml.safe_load((LOCALES_DIR / language / "_config.yml").read_text())
    return _deep_update(config, overlay)


def toc_in_language(toc: Mapping, tr: Callable[[str], str]) -> dict:
    """Return the table of contents with its part captions translated by ``tr`` (a gaplib.present.i18n.Translator)."""
    return {**toc, "parts": [{**part, "caption": tr(part["caption"])} if "caption" in part else dict(part)
                             for part in toc.get("parts", [])]}


def _deep_update(base: dict, overlay: Mapping) -> dict:
    for key, value in overlay.items():
        if isinstance(value, Mapping) and isinstance(base.get(key), dict):
            _deep_update(base[key], value)
        else:
            base[key] = value
    return base

"""The theme's own words in the edition's language, from the edition's ``sphinx.po``.

sphinx-book-theme makes the words of its buttons ("Repository", "Open issue", "Print to PDF",
"Launch on") in Python from its own catalog (``booktheme``), which Sphinx reads only from the
theme's folder; its Chinese entries are partly missing and partly Taiwan usage (列印成 PDF).
This extension puts the edition's catalog of Sphinx words (``locales/<language>/LC_MESSAGES/
sphinx.po``, which already translates the templates' words) in front of the theme's, so that
one catalog holds every word of the page's chrome. The theme's catalog stays behind it for
words the edition does not translate.
"""

from __future__ import annotations

import gettext
from pathlib import Path

THEME_CATALOG = "booktheme"  # sphinx_book_theme.MESSAGE_CATALOG_NAME
#: The chrome's words that Sphinx's gettext builder does not extract (the theme's Python-made button words
#: and the pydata theme's copyright line): `gaplib translations update` adds them to ``sphinx.pot``.
THEME_WORDS = ("Repository", "Source repository", "Source repositories", "Open issue", "Open an issue",
               "Print to PDF", "Download this page", "Download source file", "Download notebook file",
               "Launch interactive content", "Launch on", "logo", "Fullscreen mode", "Show source", "Suggest edit",
               "© Copyright %(copyright)s.")


def edition_first(app) -> None:
    """Make the edition's ``sphinx`` catalog answer the theme's ``booktheme`` words first."""
    from sphinx import locale

    language = app.config.language
    if not language or language == "en":
        return
    ours = None
    for folder in app.config.locale_dirs:
        try:
            found = gettext.translation("sphinx", localedir=str(Path(app.srcdir) / folder), languages=[language])
        except OSError:  # no compiled catalog in this folder
            continue
        if ours is None:
            ours = found
        else:
            ours.add_fallback(found)
    if ours is None:
        return
    theirs = locale.translators.get(("general", THEME_CATALOG))
    if theirs is not None:
        ours.add_fallback(theirs)
    locale.translators[("general", THEME_CATALOG)] = ours


def setup(app):
    # After the builder's set-up: Sphinx has compiled sphinx.po to sphinx.mo, and the theme registered its catalog.
    app.connect("builder-inited", edition_first)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

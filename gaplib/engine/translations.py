"""Keeping the book's translations in step with its English: extract, update, check.

Two kinds of English text reach a reader, and both are kept in gettext catalogs under
``locales/<language>/LC_MESSAGES/``:

- the narrative of every page (markdown cells and the book's own pages), extracted by
  Sphinx's gettext builder from the English stage, one catalog per page;
- the texts code makes at execution (chart and table words, glued words, the generated
  pages), one catalog ``gaplib.po``, whose template is every pattern the last build asked
  gaplib.present.i18n for (recorded in the executed notebooks' outputs).

``update`` rewrites the templates and merges them into the catalogs with sphinx-intl
(Babel): a new English sentence gets an empty entry, a changed one keeps its old
translation marked *fuzzy* (stale: Sphinx and gaplib show the English until a translator
confirms it), a removed one is dropped. ``check`` lists what a translator has to do.
"""

from __future__ import annotations

import collections
import json
import re
import shutil
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from gaplib.engine.book import jupyter_book
from gaplib.present.i18n import CODE_DOMAIN, LOCALES_DIR, TRANSLATIONS_KEY, placeholders

#: Pages the build generates in each language itself (gaplib.engine.build_pages): no page catalog.
GENERATED_PAGES = ("sources", "changes", "variant")
_ROLE = re.compile(r"\{[\w:.-]+\}`[^`]*`")  # MyST roles such as {glue:text}`ratio:.1f` and {cite}`key`
#: A translation may write a glued number in its edition's form: ``:.1f@e9`` is the English ``:.1f``.
_NUMBER_FORM = re.compile(r"@([^`@]*)`")
#: The number forms a code-made text's translation asks for: ``{0:e9}``.
_PLACEHOLDER_FORM = re.compile(r"\{\w*:([^{}]*)\}")


def roles(text: str) -> collections.Counter:
    """Return the MyST roles of ``text``, counted, each as its English writes it (a number's form left out)."""
    return collections.Counter(_NUMBER_FORM.sub("`", role) for role in _ROLE.findall(text))


def bad_number_forms(text: str, code: bool = False) -> list[str]:
    """Return the number forms of a translation that gaplib.present.numerals does not know: a glue role's
    (``@e9``), and a code-made text's placeholders' (``{0:e9}``) when ``code``."""
    from gaplib.present.numerals import SPEC

    forms = [m.group(1) for role in _ROLE.findall(text) for m in _NUMBER_FORM.finditer(role)]
    if code:
        forms += _PLACEHOLDER_FORM.findall(_ROLE.sub("", text).replace("{{", "").replace("}}", ""))
    return [form for form in forms if not SPEC.fullmatch(form)]
#: HTML tags, comments and Markdown images or links: a translation may carry only those its English has.
_MARKUP = re.compile(r"<[!/?]?[A-Za-z][^>]*>|<!--|!?\[[^\]]*\]\([^)]*\)")
_LINK_TEXT = re.compile(r"\[[^\]]*\]")


def _markup(text: str) -> list[str]:
    # A link's words are translated; its target and whether it is an image are not.
    return [_LINK_TEXT.sub("[]", piece, count=1) for piece in _MARKUP.findall(text)]


def added_markup(english: str, translated: str) -> list[str]:
    """Return the tags, links and images of ``translated`` (links by their target) that ``english`` does not
    have (as many times), in order."""
    have = collections.Counter(_markup(english))
    added = []
    for piece in _markup(translated):
        if have[piece] > 0:
            have[piece] -= 1
        else:
            added.append(piece)
    return added


def format_broken(pattern: str) -> bool:
    """Return True when ``pattern`` cannot be filled by ``str.format`` (an unbalanced or stray brace)."""
    import string

    try:
        list(string.Formatter().parse(pattern))
    except ValueError:
        return True
    return False
_GETTEXT_CONFIG = {"gettext_compact": False, "gettext_location": False, "gettext_uuid": False,
                   "gettext_additional_targets": []}


def page_templates(stage_dir: Path, pot_dir: Path) -> list[Path]:
    """Extract the narrative of the English stage into ``pot_dir`` (one .pot per page); return them.

    Runs Jupyter Book's gettext builder on a copy of the stage (warnings as errors); the
    generated pages are left out (:data:`GENERATED_PAGES`).
    """
    import yaml

    with tempfile.TemporaryDirectory(prefix="gaplib-gettext-") as tmp:
        stage = Path(tmp) / "stage"
        shutil.copytree(stage_dir, stage, ignore=shutil.ignore_patterns("results"))
        (stage / "results").mkdir()
        config = yaml.safe_load((stage / "_config.yml").read_text())
        config.setdefault("sphinx", {}).setdefault("config", {}).update(_GETTEXT_CONFIG)
        (stage / "_config.yml").write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True))
        built = jupyter_book(stage, Path(tmp) / "out", "gettext", "extracting the book's messages failed")
        written = []
        for pot in sorted(built.rglob("*.pot")):
            page = pot.relative_to(built).with_suffix("").as_posix()
            if page in GENERATED_PAGES:
                continue
            target = pot_dir / pot.relative_to(built)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(pot, target)
            written.append(target)
            if page == "sphinx":
                _add_theme_words(target)
    return written


def _add_theme_words(pot: Path) -> None:
    """Add the chrome's words the gettext builder cannot see (gaplib.engine.theme_words) to ``sphinx.pot``."""
    from babel.messages.pofile import read_po, write_po

    from gaplib.engine.theme_words import THEME_WORDS

    with open(pot, "rb") as handle:
        catalog = read_po(handle)
    for word in THEME_WORDS:
        catalog.add(word, flags=("python-format",) if "%(" in word else ())
    with open(pot, "wb") as handle:
        write_po(handle, catalog, width=76)


def asked_patterns(notebooks: Iterable[Path], language: str) -> dict[str, None]:
    """Return, in order of first use, every pattern the executed notebooks asked gaplib.present.i18n for in ``language``."""
    asked: dict[str, None] = {}
    for path in notebooks:
        notebook = json.loads(Path(path).read_text())
        for cell in notebook.get("cells", []):
            for output in cell.get("outputs", []):
                edition = (output.get("metadata") or {}).get(TRANSLATIONS_KEY, {}).get(language)
                for pattern in (edition or {}).get("asked", []):
                    asked.setdefault(pattern)
    return asked


def write_code_template(patterns: Iterable[str], pot_dir: Path) -> Path:
    """Write the code's catalog template ``gaplib.pot`` with ``patterns``; return its path."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    catalog = Catalog(project="The China AI Gap", charset="utf-8")
    for pattern in patterns:
        flags = ["python-brace-format"] if placeholders(pattern) else []
        catalog.add(pattern, flags=flags)
    path = pot_dir / f"{CODE_DOMAIN}.pot"
    pot_dir.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as handle:
        write_po(handle, catalog, width=0, omit_header=False)
    return path


def update_catalogs(pot_dir: Path, language: str, locales_dir: Path = LOCALES_DIR) -> dict[str, int]:
    """Merge every template in ``pot_dir`` into ``locales_dir/<language>/LC_MESSAGES``; return sphinx-intl's counts.

    Messages no template has any more are dropped (their translation is kept, as a
    fuzzy suggestion, only where Babel matches them to a changed English sentence).
    """
    from sphinx_intl.basic import update

    return update(str(locales_dir), str(pot_dir), (language,), line_width=76, ignore_obsolete=True, jobs=1)


@dataclass(frozen=True)
class Problem:
    """One entry a translator has to look at: the catalog, what is wrong, and the English."""

    catalog: str
    kind: str  # "no catalog", "missing", "untranslated", "stale", "markup differs", "markup added",
    # "braces unbalanced", "unknown number form", "not in the English any more"
    english: str

    def __str__(self) -> str:
        text = " ".join(self.english.split())
        return f"{self.catalog}: {self.kind}: {text[:100]}{'...' if len(text) > 100 else ''}"


def check_catalogs(pot_dir: Path, language: str, locales_dir: Path = LOCALES_DIR) -> list[Problem]:
    """Return every problem of the ``language`` catalogs against the templates in ``pot_dir`` (none: in step).

    A message is a problem when it is missing from its catalog or untranslated (the
    English is shown), fuzzy (stale: its English changed since it was translated), when
    its translation's glue and citation roles or its ``{placeholders}`` differ from the
    English (a number would be lost), when the translation of a code-made text has braces
    ``str.format`` cannot read (the chapter would fail), when the translation adds HTML or
    a link or image its English does not have (translated text reaches pages unescaped in
    places), or when the catalog has it and the English does not.
    """
    from babel.messages.pofile import read_po

    problems: list[Problem] = []
    for pot in sorted(pot_dir.rglob("*.pot")):
        name = pot.relative_to(pot_dir).with_suffix(".po").as_posix()
        po = locales_dir / language / "LC_MESSAGES" / name
        if not po.is_file():
            problems.append(Problem(name, "no catalog", "run `gaplib translations update`"))
            continue
        with open(pot, "rb") as handle:
            wanted = [m.id for m in read_po(handle) if m.id]
        with open(po, "rb") as handle:
            catalog = read_po(handle)
        entries = {m.id: m for m in catalog if m.id}
        code = pot.stem == CODE_DOMAIN
        for english in wanted:
            entry = entries.get(english)
            if entry is None:
                problems.append(Problem(name, "missing", english))
            elif entry.fuzzy:
                problems.append(Problem(name, "stale", english))
            elif not entry.string:
                problems.append(Problem(name, "untranslated", english))
            elif (roles(english) != roles(entry.string)
                  or (code and placeholders(english) != placeholders(entry.string))):
                problems.append(Problem(name, "markup differs", english))
            elif bad_number_forms(entry.string, code):
                problems.append(Problem(name, "unknown number form", english))
            elif code and format_broken(entry.string):
                problems.append(Problem(name, "braces unbalanced", english))
            elif added_markup(english, entry.string):
                problems.append(Problem(name, "markup added", english))
        for english in sorted(set(entries) - set(wanted)):
            problems.append(Problem(name, "not in the English any more", english))
    return problems


def counts(problems: Iterable[Problem]) -> Mapping[str, int]:
    """Return the number of problems of each kind."""
    return collections.Counter(problem.kind for problem in problems)


def extract(pot_dir: Path, language: str, *, jobs: int | None = None, progress: bool = True,
            cache_dir: Path | None = None) -> list[Path]:
    """Build the English book (chapters from the cache) and write every template into ``pot_dir``; return them."""
    from gaplib.engine.build import DEFAULT_CACHE_DIR, build_book
    from gaplib.present.i18n import ENGLISH

    with tempfile.TemporaryDirectory(prefix="gaplib-translations-") as tmp:
        site = Path(tmp) / "site"
        report = build_book(out=site, jobs=jobs, progress=progress, languages=(ENGLISH,),
                            cache_dir=cache_dir or DEFAULT_CACHE_DIR)
        stage = site.parent / f".{site.name}-stage"
        templates = page_templates(stage, pot_dir)
        patterns = asked_patterns(sorted(stage.rglob("*.ipynb")), language)
        patterns.update(generated_page_patterns(report.runs, language))
        templates.append(write_code_template(patterns, pot_dir))
    return templates


def generated_page_patterns(runs, language: str) -> dict[str, None]:
    """Return the patterns the pages "Data and sources" and "What changed" and the contents' captions ask."""
    import yaml

    from gaplib.data.sources_page import render_sources_page
    from gaplib.engine.build_pages import current_edition
    from gaplib.engine.cache import PROJECT_DIR
    from gaplib.engine.editions import compare, latest, load_editions, render_changes_page
    from gaplib.engine.language_edition import toc_in_language
    from gaplib.present.i18n import translator

    tr = translator(language).fresh()
    render_sources_page(tr)
    previous = latest(load_editions())
    render_changes_page(previous, compare(previous, current_edition(runs)) if previous else [], tr)
    toc_in_language(yaml.safe_load((PROJECT_DIR / "_toc.yml").read_text()), tr)
    return dict(tr.asked)

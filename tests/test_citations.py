"""Every citation in the book's sources has an entry in references.bib."""

import re
from pathlib import Path

from gaplib.engine.cache import PROJECT_DIR

SOURCES = [PROJECT_DIR / "reproduce.md", PROJECT_DIR / "bibliography.md",
           *sorted((PROJECT_DIR / "chapters").glob("*.ipynb")), *sorted((PROJECT_DIR / "pages").glob("*.ipynb"))]


def bib_keys() -> set[str]:
    return set(re.findall(r"^@\w+\{([^,]+),", (PROJECT_DIR / "references.bib").read_text(), flags=re.M))


def cited_keys(path: Path) -> set[str]:
    keys = set()
    for group in re.findall(r"\{cite[pt]?\}`([^`]+)`", path.read_text()):
        keys.update(key.strip() for key in group.split(","))
    return keys


def test_bib_keys_are_unique():
    keys = re.findall(r"^@\w+\{([^,]+),", (PROJECT_DIR / "references.bib").read_text(), flags=re.M)
    assert len(keys) == len(set(keys))


def test_every_cited_key_exists():
    known = bib_keys()
    for path in SOURCES:
        missing = cited_keys(path) - known
        assert not missing, f"{path.name} cites unknown keys {sorted(missing)}"


def test_the_book_cites_something():
    assert set().union(*(cited_keys(p) for p in SOURCES)) >= {"epoch2025clusters", "ho2024algorithmic"}


def test_references_parse_as_bibtex_entry_by_entry():
    """A brace left open swallows the next entries; Sphinx then stops the whole build."""
    from pybtex.database import parse_file

    entries = parse_file(str(PROJECT_DIR / "references.bib")).entries
    assert set(entries) == bib_keys()

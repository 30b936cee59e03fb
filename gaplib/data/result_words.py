"""The words registry of results (data/result_words.yml): what a reader sees for a result's name.

Chapters publish results under internal names (``arena_gap_latest_elo``). The pages that
list results across chapters ("What changed since the last edition", the variant page)
and ``gaplib compare`` show each result in words, in the edition's language, from this
registry; a result without words keeps its internal name.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

import yaml

from .errors import RegistryError
from .paths import CURATED_DIR

WORDS_FILE: Path = CURATED_DIR / "result_words.yml"
LANGUAGES = ("en", "zh_CN")
_KEY = re.compile(r"^[a-z_]+\.[a-z0-9_]+$")
_CACHE: dict[tuple, dict[str, dict[str, str]]] = {}


def parse_words(text: str, origin: str = "<words>") -> dict[str, dict[str, str]]:
    """Return {``chapter.result``: {language: words}} from the registry's YAML text.

    Raises RegistryError naming the entry for a malformed key, a missing or empty
    language, or a language the book does not have.
    """
    try:
        doc = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        raise RegistryError(f"{origin}: not valid YAML: {exc}") from exc
    entries = doc.get("results") if isinstance(doc, dict) else None
    if not isinstance(entries, dict):
        raise RegistryError(f"{origin}: expected a top-level 'results:' mapping")
    out = {}
    for key, words in entries.items():
        if not isinstance(key, str) or not _KEY.match(key):
            raise RegistryError(f"{origin}: '{key}' is not 'chapter.result'")
        if not isinstance(words, dict) or set(words) != set(LANGUAGES):
            raise RegistryError(f"{origin}: '{key}' needs words in exactly {', '.join(LANGUAGES)}")
        empty = [lang for lang in LANGUAGES if not isinstance(words[lang], str) or not words[lang].strip()]
        if empty:
            raise RegistryError(f"{origin}: '{key}' has no words in {', '.join(empty)}")
        out[key] = {lang: " ".join(words[lang].split()) for lang in LANGUAGES}
    return out


def result_words(path: Path | None = None) -> Mapping[str, Mapping[str, str]]:
    """Return the registry (read once per file version): {``chapter.result``: {language: words}}; {} if absent."""
    path = path or WORDS_FILE
    if not path.is_file():
        return {}
    stat = path.stat()
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    if key not in _CACHE:
        _CACHE.clear()
        _CACHE[key] = parse_words(path.read_text(encoding="utf-8"), str(path))
    return _CACHE[key]


def words_for(chapter: str, result: str, language: str = "en") -> str | None:
    """Return the words for ``chapter``'s ``result`` in ``language`` (English when it has none), or None."""
    entry = result_words().get(f"{chapter}.{result}")
    if entry is None:
        return None
    return entry.get(language) or entry["en"]

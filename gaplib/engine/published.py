"""What a published site says about the machine that built it: nothing; its paths are the project's.

The runner keeps absolute paths (its cache checks each file a run read where it lies), so a
run's results.json maps ``/home/someone/book/data/x.csv`` to its fingerprint, and papermill
records where it read and wrote the notebook. What goes into a site (each results.json, and
the notebooks Jupyter Book copies to ``_sources/``) names a project file by its path in the
project (``data/x.csv``) and a file of ``$GAPLIB_DATA_DIR`` by its path there
(``$GAPLIB_DATA_DIR/epoch/x.csv``), and a file of a chapter cache kept outside the project (the
chapters' results a page read) by its path there (``<cache>/_upstream/x.json``): the same on every
machine, and no one's home folder.
Editions and ``gaplib compare`` read both forms (gaplib.engine.editions).
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from gaplib.data.paths import PROJECT_DIR, third_party_dirs

#: How a published path names the folder of ``$GAPLIB_DATA_DIR``, and a chapter cache outside the project.
DATA_DIR_LABEL = "$GAPLIB_DATA_DIR"
CACHE_LABEL = "<cache>"


def _prefixes(project_dir: Path, folders: Mapping[Path, str]) -> list[tuple[str, str]]:
    """Return (absolute folder, its published name) pairs, the longest folder first."""
    pairs = {str(project_dir): "."}
    named = dict(folders)
    if os.environ.get("GAPLIB_DATA_DIR"):
        named.update({folder: DATA_DIR_LABEL for folder in third_party_dirs()})
    for folder, name in named.items():
        if not folder.resolve().is_relative_to(project_dir):  # inside, it is named by its path in the project
            pairs.setdefault(str(folder.resolve()), name)
    return sorted(pairs.items(), key=lambda pair: len(pair[0]), reverse=True)


def _text(text: str, prefixes: list[tuple[str, str]]) -> str:
    for folder, name in prefixes:
        if text == folder:
            return name
        inside = "" if name == "." else name + os.sep
        text = text.replace(folder + os.sep, inside)
    return text


def published(value: Any, project_dir: Path = PROJECT_DIR, folders: Mapping[Path, str] | None = None) -> Any:
    """Return ``value`` (JSON: dicts, lists, strings, numbers) with every absolute path of the project,
    in keys and in text, made relative to it (``$GAPLIB_DATA_DIR``'s relative to that, and a path in one
    of ``folders`` outside the project, such as a cache elsewhere, relative to its given name)."""
    prefixes = _prefixes(project_dir, folders or {})

    def walk(item: Any) -> Any:
        if isinstance(item, str):
            return _text(item, prefixes)
        if isinstance(item, dict):
            return {walk(key): walk(inner) for key, inner in item.items()}
        if isinstance(item, list):
            return [walk(inner) for inner in item]
        return item

    return walk(value)


def _papermill_names(notebook: Any) -> Any:
    # Papermill records the folder a run's notebook was read from and written to (the cache's work
    # folder, wherever the cache is): a reader learns only the files' names.
    papermill = notebook.get("metadata", {}).get("papermill") if isinstance(notebook, dict) else None
    if isinstance(papermill, dict):
        for key in ("input_path", "output_path"):
            if isinstance(papermill.get(key), str):
                papermill[key] = Path(papermill[key]).name
    return notebook


def write_published(data: Any, target: Path, *, indent: int | None = None,
                    folders: Mapping[Path, str] | None = None) -> None:
    """Write ``data`` (a results.json's contents, a notebook) as JSON to ``target`` with its paths made
    relative (:func:`published`); a notebook's papermill paths become file names."""
    data = _papermill_names(published(data, folders=folders))  # a copy: the caller's data is left as it was
    target.write_text(json.dumps(data, indent=indent, ensure_ascii=False) + "\n", encoding="utf-8")


def copy_published(source: Path, target: Path, folders: Mapping[Path, str] | None = None) -> None:
    """Copy the JSON file ``source`` (a results.json, a notebook) to ``target``, paths made relative."""
    write_published(json.loads(source.read_text(encoding="utf-8")), target, indent=1, folders=folders)


def cache_folder(run_directory: Path) -> dict[Path, str]:
    """Return {the cache a run is stored in: its published name}, for :func:`published`'s ``folders``."""
    return {run_directory.parent.parent: CACHE_LABEL}

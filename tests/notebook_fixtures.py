"""Minimal chapter notebooks for tests of the runner's failure paths."""

from __future__ import annotations

from pathlib import Path

import nbformat


def write_chapter_notebook(path: Path, body: str) -> Path:
    """Write a notebook with the leaders chapter's first parameter, then one cell of ``body``; return ``path``."""
    notebook = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("horizon_years: float = 5.0  # years", metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell(body),
    ])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(notebook, path)
    return path

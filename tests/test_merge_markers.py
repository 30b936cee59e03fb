"""No tracked file keeps a merge's conflict markers: a catalog with them still loads, its header
silently misread, so nothing else fails."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MARKER = re.compile(r"^(<<<<<<< |=======$|>>>>>>> )", re.MULTILINE)


def tracked_text_files() -> list[Path]:
    names = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    return [ROOT / name for name in names.splitlines()
            if Path(name).suffix in {".po", ".pot", ".py", ".ipynb", ".md", ".csv", ".yml", ".yaml", ".json",
                                     ".js", ".css", ".html", ".sh", ".toml", ".txt", ".cfg"}]


def test_the_marker_pattern_finds_what_git_writes():
    conflicted = "a\n<<<<<<< HEAD\nb\n=======\nc\n>>>>>>> 27d3d27\n"
    assert len(MARKER.findall(conflicted)) == 3
    assert MARKER.findall("a === b\n# ======= heading rule inside text\n") == []


def test_no_tracked_file_keeps_conflict_markers():
    found = [f"{path.relative_to(ROOT)}:{text.count(chr(10), 0, match.start()) + 1}"
             for path in tracked_text_files() if path.is_file()
             for text in [path.read_text(encoding="utf-8", errors="replace")]
             for match in MARKER.finditer(text)]
    assert found == []

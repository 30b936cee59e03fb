"""Content-hash cache keys for chapter executions.

A chapter's executed copy is reused only while these are unchanged: the notebook,
its validated parameters, the runner's code, the data registries and the pinned
requirements (together, the *key*), and every data file and gaplib module the
chapter read or imported during its last execution (checked against the read log
stored with the cached run, because what a chapter reads is only known once it
has run).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

ENGINE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = ENGINE_DIR.parents[1]


def sha256_file(path: Path) -> str:
    """Return the sha256 hex digest of a file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


RUNNER_MODULES = ("cache.py", "execute.py", "kernels.py", "provenance.py", "results.py", "runner.py", "warm_kernel.py")
DATA_LOCATION_ENVS = ("GAPLIB_DATA_DIR",)  # the download cache is never read unless named by it


def code_files(project_dir: Path = PROJECT_DIR) -> list[Path]:
    """Return the files whose change invalidates every chapter, sorted.

    The runner's own modules (they shape results.json), the data registries
    (``data/*.yml``) and requirements.txt. The gaplib modules a chapter imports are
    not here: they are checked through its read log, like data files.
    """
    engine = project_dir / ENGINE_DIR.relative_to(PROJECT_DIR)
    files = [engine / name for name in RUNNER_MODULES if (engine / name).exists()]
    files += sorted((project_dir / "data").glob("*.yml"))
    requirements = project_dir / "requirements.txt"
    if requirements.exists():
        files.append(requirements)
    return files


def combine(parts: Iterable[tuple[str, str]]) -> str:
    """Return one sha256 hex digest over (label, digest) pairs, order-sensitive."""
    digest = hashlib.sha256()
    for label, value in parts:
        digest.update(label.encode())
        digest.update(b"\0")
        digest.update(value.encode())
        digest.update(b"\n")
    return digest.hexdigest()


def params_digest(params: Mapping[str, Any]) -> str:
    """Return the sha256 of parameters in canonical JSON (sorted keys)."""
    text = json.dumps(dict(params), sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def run_key(notebook: Path, params: Mapping[str, Any], project_dir: Path = PROJECT_DIR) -> str:
    """Return the cache key of one chapter execution (sha256 hex).

    Covers the notebook bytes, the validated parameters, where third-party data are
    looked up (``GAPLIB_DATA_DIR``), the code files and the project's folder; the data
    files and modules a chapter used are checked separately with :func:`reads_unchanged`.
    """
    # Where third-party files are looked up decides which files a chapter reads.
    locations = {name: os.environ.get(name, "") for name in DATA_LOCATION_ENVS}
    # A read log names files by absolute path: a run cached by another copy of the project
    # (a cache copied from another clone) would be checked against that copy's modules and data.
    parts = [("notebook", sha256_file(notebook)), ("params", params_digest(params)),
             ("data-locations", params_digest(locations)), ("project", str(Path(project_dir).resolve()))]
    parts += [
        (f"code:{path.relative_to(project_dir).as_posix()}", sha256_file(path))
        for path in code_files(project_dir)
    ]
    return combine(parts)


def parse_read_log(text: str) -> dict[str, str]:
    """Return {absolute path: sha256} from a read log's ``path<TAB>sha256`` lines."""
    reads: dict[str, str] = {}
    for line in text.splitlines():
        if line.strip():
            path, _, digest = line.rpartition("\t")
            reads[path] = digest
    return reads


def reads_unchanged(reads: Mapping[str, str]) -> bool:
    """Return True when every recorded data file still exists with the same sha256."""
    for path, digest in reads.items():
        file = Path(path)
        if not file.is_file() or sha256_file(file) != digest:
            return False
    return True

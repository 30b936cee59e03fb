"""The part of a render's key that the staged files do not show: the book's own Sphinx extensions.

A stage holds the book's sources, ``_static/`` and ``_templates/``, but the extensions its
``_config.yml`` names (``gaplib.engine.page_assets`` ...) are imported from the package, so a
change to one of them left ``gaplib build`` saying the site was current. The key covers the
source of every ``gaplib`` module an extension imports, directly or not (found with ``ast``,
nothing imported), and the ``__init__.py`` of the packages on the way. The step that finishes
the rendered pages (``gaplib.engine.first_paint``) is covered the same way (``modules_key``).
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping
from pathlib import Path

from gaplib.engine.cache import PROJECT_DIR, combine, sha256_file

PACKAGE = "gaplib"


def book_extensions(config: Mapping) -> list[str]:
    """Return the ``gaplib`` modules a Jupyter Book ``config`` (its ``_config.yml``, parsed) loads as Sphinx extensions."""
    sphinx = config.get("sphinx") or {}
    named = [*(sphinx.get("extra_extensions") or []), *((sphinx.get("config") or {}).get("extensions") or [])]
    return sorted({name for name in named if name == PACKAGE or str(name).startswith(PACKAGE + ".")})


def module_file(module: str, root: Path | None = None) -> Path | None:
    """Return the source file of the dotted ``module`` under ``root`` (a module or a package's ``__init__.py``), or None."""
    base = (root or PROJECT_DIR).joinpath(*module.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _imported(module: str, source: Path) -> set[str]:
    """Return the dotted names a module's source imports (absolute, relative ones resolved), as written."""
    package = module if source.name == "__init__.py" else module.rpartition(".")[0]
    names = set()
    for node in ast.walk(ast.parse(source.read_text(), filename=str(source))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                parent = ".".join(parts[:len(parts) - node.level + 1])
                base = f"{parent}.{base}" if base else parent
            names.add(base)
            # ``from gaplib.engine import zh_search`` imports a module, ``from x import name`` a name.
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def extension_sources(modules: Iterable[str], root: Path | None = None) -> list[Path]:
    """Return, sorted, the source files of ``modules`` and of every ``gaplib`` module they import, transitively,
    with the ``__init__.py`` of each package that contains them."""
    seen: dict[str, Path] = {}
    pending = list(modules)
    while pending:
        module = pending.pop()
        if module in seen or not (module == PACKAGE or module.startswith(PACKAGE + ".")):
            continue
        source = module_file(module, root)
        if source is None:  # a name imported from a module, not a module
            continue
        seen[module] = source
        parents = [".".join(module.split(".")[:i]) for i in range(1, module.count(".") + 1)]
        pending.extend(parents)
        pending.extend(_imported(module, source))
    return sorted(set(seen.values()))


def modules_key(modules: Iterable[str], root: Path | None = None) -> str:
    """Return a sha256 over the source of the ``gaplib`` ``modules`` and of every ``gaplib`` module they import."""
    root = root or PROJECT_DIR
    return combine((path.relative_to(root).as_posix(), sha256_file(path)) for path in extension_sources(modules, root))


def extensions_key(config: Mapping, root: Path | None = None) -> str:
    """Return a sha256 over the source of the ``gaplib`` Sphinx extensions of ``config`` and what they import."""
    return modules_key(book_extensions(config), root)


def staged_extensions_key(stage_dir: Path, root: Path | None = None) -> str:
    """Return ``extensions_key`` of the ``_config.yml`` staged in ``stage_dir`` (of no extension if it has none)."""
    import yaml

    config_file = stage_dir / "_config.yml"
    config = (yaml.safe_load(config_file.read_text()) or {}) if config_file.is_file() else {}
    return extensions_key(config, root)

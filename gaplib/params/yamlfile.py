"""Reading parameter files (``gaplib build --params``, ``gaplib run -f``, sweep grids).

PyYAML follows YAML 1.1, whose floats need a dot and a signed exponent: ``1e26`` (the
default of ``frontier_run_flop`` as ``gaplib params`` prints it), ``1e+26`` and
``3.0e0`` would be read as strings and then rejected by the schemas. ``ParamsLoader``
also reads the YAML 1.2 forms people write (``1e26``, ``1E26``, ``3.0e0``, ``-2e-3``)
as floats; quoted they stay strings. It rejects a key given twice in one mapping, at
any depth, where PyYAML would keep the last value without a word.

A parameter or grid file comes from anyone, so it is read as untrusted input. Aliases
(``*name``, and the ``<<`` merges built on them) are bounded: a document whose nodes,
with every alias expanded, number more than :data:`MAX_NODES` is refused before it is
constructed, because a few hundred bytes of nested aliases ("billion laughs") expand to
billions of values once validated or printed. Files above :data:`MAX_BYTES`, text that
is not UTF-8, nesting deeper than :data:`MAX_DEPTH` and keys that are not strings are
refused with one line naming the file.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from gaplib.params import ParameterError

#: YAML 1.2 (core schema) floats, some of which YAML 1.1 reads as strings: an exponent
#: whose sign may be left out (``1e26``, ``3.0e0``), a signed leading dot (``-.25``).
#: A number needs a dot or an exponent; plain integers stay with the int resolver.
FLOAT_12 = re.compile(r"^[-+]?(?:[0-9]+(?:\.[0-9]*)?[eE][-+]?[0-9]+|[0-9]+\.[0-9]*|\.[0-9]+(?:[eE][-+]?[0-9]+)?)$")


#: Parameter and grid files are a few kilobytes; a megabyte is far beyond any real one.
MAX_BYTES = 1 << 20
#: Nodes of a document with its aliases expanded; a 100,000-point grid file written out in full has fewer.
MAX_NODES = 1_000_000
#: A grid is three levels deep (grid -> name -> values); a chapter parameter at most a few more.
MAX_DEPTH = 16


class UnsafeYamlError(yaml.YAMLError):
    """A construct a parameter file may not use (an alias, nesting too deep)."""


class DuplicateKeyError(yaml.YAMLError):
    """A mapping in a parameter file gives the same key twice."""

    def __init__(self, key: Any, line: int, first_line: int):
        super().__init__(f"duplicate key {key!r} on line {line} (first given on line {first_line})")
        self.key, self.line, self.first_line = key, line, first_line


class ParamsLoader(yaml.SafeLoader):
    """SafeLoader that reads YAML 1.2 exponent floats and rejects duplicate keys, aliases and deep nesting."""

    _depth = 0

    def construct_document(self, node: yaml.Node) -> Any:
        expanded = expanded_size(node)
        if expanded > MAX_NODES:
            raise UnsafeYamlError(f"its aliases expand to {expanded:,} values, more than {MAX_NODES:,}")
        return super().construct_document(node)

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                mark = self.peek_event().start_mark
                raise UnsafeYamlError(f"nested deeper than {MAX_DEPTH} levels (line {mark.line + 1})")
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        first_line: dict[Any, int] = {}
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":  # '<<' merges are not duplicates
                continue
            key = self.construct_object(key_node, deep=True)
            line = key_node.start_mark.line + 1
            try:
                if key in first_line:
                    raise DuplicateKeyError(key, line, first_line[key])
            except TypeError:  # an unhashable key: SafeConstructor reports it below
                continue
            first_line[key] = line
        return super().construct_mapping(node, deep=deep)


def expanded_size(root: yaml.Node) -> int:
    """Return the number of nodes under ``root`` with every alias expanded (a shared node counts each time).

    Computed once per distinct node, so a billion-laughs document costs as many steps as
    it has lines. UnsafeYamlError for a node that contains itself.
    """
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()

    def size(node: yaml.Node) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in open_nodes:
            raise UnsafeYamlError(f"an alias refers to a node that contains it (line {node.start_mark.line + 1})")
        open_nodes.add(key)
        total = 1
        if isinstance(node, yaml.SequenceNode):
            total += sum(size(child) for child in node.value)
        elif isinstance(node, yaml.MappingNode):
            total += sum(size(k) + size(v) for k, v in node.value)
        open_nodes.discard(key)
        sizes[key] = total
        return total

    return size(root)


ParamsLoader.add_implicit_resolver("tag:yaml.org,2002:float", FLOAT_12, list("-+0123456789."))


def load_yaml(text: str) -> Any:
    """Return the YAML document in ``text`` read with :class:`ParamsLoader`."""
    return yaml.load(text, Loader=ParamsLoader)  # noqa: S506 - ParamsLoader is a SafeLoader


def yaml_problem(exc: yaml.YAMLError) -> str:
    """Return a YAML error in plain words with its line and column, counted from 1.

    PyYAML names the text it read ``<unicode string>`` and counts from 0; the caller puts the file's name first.
    """
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None)
    if mark is None or not problem:
        return f"not valid YAML: {' '.join(str(exc).split())}"
    where = f"line {mark.line + 1}, column {mark.column + 1}"
    context = getattr(exc, "context", None)
    context_mark = getattr(exc, "context_mark", None)
    problem = problem.replace("'<stream end>'", "the end of the file").replace("end of stream", "end of the file")
    said = f"not valid YAML at {where}: {problem}"
    if context and context_mark is not None:
        said += f" ({context}, which starts at line {context_mark.line + 1}, column {context_mark.column + 1})"
    hint = _HINTS.get(problem)
    return f"{said}{'; ' + hint if hint else ''}"


#: What usually causes PyYAML's commonest complaints in a hand-written parameter file.
_HINTS = {
    "mapping values are not allowed here": "is a colon missing its space, or is a value that holds ': ' unquoted?",
    "found character '\\t' that cannot start any token": "YAML indents with spaces, not tabs",
    "could not find expected ':'": "each line is 'name: value'",
}


def _read_text(path: Path, max_bytes: int) -> str:
    """Return the UTF-8 text of ``path``, reading at most ``max_bytes`` + 1 bytes; ParameterError otherwise."""
    with open(path, "rb") as handle:
        raw = handle.read(max_bytes + 1)
    if len(raw) > max_bytes:
        raise ParameterError(f"{path}: larger than {max_bytes:,} bytes; a parameter or grid file is a few kilobytes")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ParameterError(f"{path}: not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start})") from None


def _non_string_keys(value: Any) -> list[Any]:
    """Return the first mapping key in ``value`` (at any depth) that is not a string, in a list; [] if none."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            for key, inner in item.items():
                if not isinstance(key, str):
                    return [key]
                stack.append(inner)
        elif isinstance(item, list):
            stack.extend(item)
    return []


def read_yaml_mapping(path: Path, max_bytes: int = MAX_BYTES) -> dict[str, Any]:
    """Return the mapping stored in a YAML file; ParameterError (one line naming the file) if it is anything else.

    Numbers such as ``1e26`` are floats; a key given twice is an error naming it and its line.
    Refused as well: a file above ``max_bytes``, text that is not UTF-8, aliases, nesting
    deeper than :data:`MAX_DEPTH`, and mapping keys that are not strings.
    """
    text = _read_text(Path(path), max_bytes)
    try:
        loaded = load_yaml(text)
    except (DuplicateKeyError, UnsafeYamlError) as exc:
        raise ParameterError(f"{path}: {exc}") from None
    except yaml.YAMLError as exc:
        raise ParameterError(f"{path}: {yaml_problem(exc)}") from None
    except RecursionError:
        raise ParameterError(f"{path}: nested too deeply") from None
    if loaded is None:
        return {}
    if not isinstance(loaded, dict):
        raise ParameterError(f"{path}: expected a mapping of names to values, got {type(loaded).__name__}")
    for key in _non_string_keys(loaded):
        raise ParameterError(f"{path}: keys must be names (text), got {key!r} of type {type(key).__name__}")
    return loaded

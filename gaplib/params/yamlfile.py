"""Reading parameter files (``gaplib build --params``, ``gaplib run -f``, sweep grids).

PyYAML follows YAML 1.1, whose floats need a dot and a signed exponent: ``1e26`` (the
default of ``frontier_run_flop`` as ``gaplib params`` prints it), ``1e+26`` and
``3.0e0`` would be read as strings and then rejected by the schemas. ``ParamsLoader``
also reads the YAML 1.2 forms people write (``1e26``, ``1E26``, ``3.0e0``, ``-2e-3``)
as floats; quoted they stay strings. It rejects a key given twice in one mapping, at
any depth, where PyYAML would keep the last value without a word.
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


class DuplicateKeyError(yaml.YAMLError):
    """A mapping in a parameter file gives the same key twice."""

    def __init__(self, key: Any, line: int, first_line: int):
        super().__init__(f"duplicate key {key!r} on line {line} (first given on line {first_line})")
        self.key, self.line, self.first_line = key, line, first_line


class ParamsLoader(yaml.SafeLoader):
    """SafeLoader that reads YAML 1.2 exponent floats and rejects duplicate keys."""

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


ParamsLoader.add_implicit_resolver("tag:yaml.org,2002:float", FLOAT_12, list("-+0123456789."))


def load_yaml(text: str) -> Any:
    """Return the YAML document in ``text`` read with :class:`ParamsLoader`."""
    return yaml.load(text, Loader=ParamsLoader)  # noqa: S506 - ParamsLoader is a SafeLoader


def read_yaml_mapping(path: Path) -> dict[str, Any]:
    """Return the mapping stored in a YAML file; ParameterError if it is anything else.

    Numbers such as ``1e26`` are floats; a key given twice is an error naming it and its line.
    """
    try:
        loaded = load_yaml(Path(path).read_text())
    except DuplicateKeyError as exc:
        raise ParameterError(f"{path}: {exc}") from None
    except yaml.YAMLError as exc:
        raise ParameterError(f"{path}: not valid YAML: {exc}") from None
    if loaded is None:
        return {}
    if not isinstance(loaded, dict):
        raise ParameterError(f"{path}: expected a mapping of names to values, got {type(loaded).__name__}")
    return loaded

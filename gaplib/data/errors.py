"""Exceptions raised by the data layer.

Every message names the source id and the file, so a failing chapter points at the
data problem rather than at the calculation that tripped over it.
"""

from __future__ import annotations


class DataError(Exception):
    """Base class for every error the data layer raises."""


class MissingDataError(DataError):
    """A registered file could not be found in any of the places looked in."""


class DataValidationError(DataError):
    """A file was found but does not match its registry entry (columns, types, ranges, rows)."""


class RegistryError(DataError):
    """A registry file (data/sources.yml, data/curated.yml) is malformed or an id is unknown."""

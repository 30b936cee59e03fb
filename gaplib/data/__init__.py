"""gaplib.data: the registry of sources and the validated loaders the chapters use.

>>> from gaplib import data
>>> df = data.load("epoch_notable_models")        # typed, validated, snake_case columns
>>> data.credit("epoch_notable_models")
'Data: Epoch AI, CC BY 4.0'

Third-party files are read from the repository's snapshot, data/upstream/ (each held to
its fingerprint in data/upstream/manifest.csv), or from $GAPLIB_DATA_DIR when set. Curated
tables live in the repository's data/ folder. Country cells are normalised by ``normalise_countries``
(see ``JOINT_RULE`` for how models credited to both the US and China are counted).
"""

from __future__ import annotations

from .chapter_results import CHAPTER_RESULTS_ENV, chapter_results, sweep_results
from .countries import JOINT_RULE, normalise_countries, normalise_country, us_china_flags
from .errors import DataError, DataValidationError, MissingDataError, RegistryError
from .loaders import clear_cache, load, locate
from .read import read_table
from .paths import CURATED_DIR, PROJECT_DIR, cache_dir, fingerprint
from .organizations import add_lmarena_columns, organization_countries, unmapped_organizations
from .registry import Column, Source, credit, source, sources

__all__ = [
    "CHAPTER_RESULTS_ENV",
    "chapter_results",
    "sweep_results",
    "CURATED_DIR",
    "Column",
    "DataError",
    "DataValidationError",
    "JOINT_RULE",
    "MissingDataError",
    "PROJECT_DIR",
    "RegistryError",
    "Source",
    "add_lmarena_columns",
    "cache_dir",
    "clear_cache",
    "credit",
    "fingerprint",
    "load",
    "locate",
    "normalise_countries",
    "normalise_country",
    "read_table",
    "source",
    "sources",
    "organization_countries",
    "unmapped_organizations",
    "us_china_flags",
]

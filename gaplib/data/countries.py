"""Country names: one normalisation used by every loader and chapter.

Rules (applied to each comma-separated part of a cell, in order):

* "United States of America", "United States", "USA", "US" (any case) -> "US".
* "China", "China (mainland)", "People's Republic of China" -> "China".
* "Hong Kong" -> "China". Epoch AI attributes Hong Kong labs (SenseTime, CUHK, HKUST, ...)
  to Hong Kong separately but alongside their mainland partners; the book follows the
  usual policy reading (Hong Kong is part of the PRC and under the same export-control
  regime) and counts them as China. OWID tables keep their ``entity`` column exactly as
  published, so Hong Kong stays a separate entity there.
* Any other name is kept as written, stripped of surrounding spaces
  (e.g. "United Kingdom of Great Britain and Northern Ireland").
* Duplicates are dropped, keeping the first-seen order; an empty or missing cell gives ().
"""

from __future__ import annotations

import math
from collections.abc import Iterable

US = "US"
CHINA = "China"

JOINT_RULE = (
    "A model, cluster or organisation credited to both the US and China counts for both "
    "countries and is flagged as joint; it is never split fractionally and never dropped. "
    "Hong Kong is counted as China."
)

_ALIASES: dict[str, str] = {
    "united states of america": US,
    "united states": US,
    "usa": US,
    "us": US,
    "u.s.": US,
    "china": CHINA,
    "china (mainland)": CHINA,
    "people's republic of china": CHINA,
    "hong kong": CHINA,
}

# Names that already occur in the third-party files (Epoch country columns, after
# normalisation) plus common short forms. Curated tables without an explicit `allowed`
# list are checked against this, so a typo such as "Chnia" fails loudly.
KNOWN_COUNTRIES: frozenset[str] = frozenset(
    {
        US, CHINA, "Argentina", "Australia", "Austria", "Belgium", "Brazil", "Bulgaria",
        "Canada", "Croatia", "Czechia", "Denmark", "Finland", "France", "Germany",
        "Iceland", "India", "Indonesia", "Iran (Islamic Republic of)", "Iran", "Ireland",
        "Israel", "Italy", "Japan", "Korea (Republic of)", "South Korea", "Luxembourg",
        "Malaysia", "Mexico", "Multinational", "Netherlands", "Norway",
        "Philippines (the)", "Philippines", "Poland", "Russia", "Saudi Arabia",
        "Singapore", "Slovenia", "Spain", "Sweden", "Switzerland", "Taiwan", "Thailand",
        "Ukraine", "United Arab Emirates",
        "United Kingdom of Great Britain and Northern Ireland", "United Kingdom",
        "Vietnam", "European Union", "Netherlands (the)",
    }
)


def _is_missing(cell: object) -> bool:
    if cell is None:
        return True
    if isinstance(cell, float) and math.isnan(cell):
        return True
    try:  # pandas.NA and NaT compare ambiguously; ask pandas only when it is loaded
        import pandas as pd

        return bool(pd.isna(cell)) if not isinstance(cell, (str, tuple, list)) else False
    except (TypeError, ValueError):
        return False


def normalise_country(name: str) -> str:
    """Return the book's spelling of one country name ("" for a blank name)."""
    stripped = name.strip()
    return _ALIASES.get(stripped.casefold(), stripped)


def normalise_countries(cell: object) -> tuple[str, ...]:
    """Return the countries in a cell as a tuple of book spellings, first-seen order, no duplicates.

    ``cell`` may be a comma-separated string ("United States of America,China"), an
    iterable of names (already split), or empty/NaN/None (gives ()).
    """
    if _is_missing(cell):
        return ()
    parts: Iterable[str]
    if isinstance(cell, str):
        parts = cell.split(",")
    elif isinstance(cell, Iterable):
        parts = [str(p) for p in cell]
    else:
        parts = str(cell).split(",")
    out: list[str] = []
    for part in parts:
        name = normalise_country(part)
        if name and name not in out:
            out.append(name)
    return tuple(out)


def us_china_flags(countries: Iterable[str]) -> tuple[bool, bool, bool]:
    """Return (is_us, is_china, joint) for a tuple of normalised countries (see JOINT_RULE)."""
    names = set(normalise_countries(tuple(countries)))
    is_us = US in names
    is_china = CHINA in names
    return is_us, is_china, is_us and is_china

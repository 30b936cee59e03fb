"""Organisation -> country, for tables that name organisations but not countries (LMArena).

The mapping is the curated table data/organizations.csv (registered as ``organizations``):
derived from Epoch AI's organisation/country pairs where Epoch lists the organisation,
otherwise from the organisation's own public web presence. An organisation missing from
the table is reported by ``unmapped_organizations`` and gets country "Unmapped": rows are
never dropped.
"""

from __future__ import annotations

import pandas as pd

UNMAPPED = "Unmapped"


def organization_countries(orgs: pd.DataFrame) -> dict[str, str]:
    """Return {organisation name as written in LMArena: normalised country} from the loaded
    ``organizations`` table (the loader passes it in, so this module never loads data itself)."""
    return dict(zip(orgs["organization"], orgs["country"]))


def unmapped_organizations(df: pd.DataFrame, mapping: dict[str, str]) -> list[str]:
    """Return the sorted organisation names in ``df['organization']`` that have no country in ``mapping``."""
    names = df["organization"].dropna().unique()
    return sorted(str(n) for n in names if n not in mapping)


def add_lmarena_columns(df: pd.DataFrame, mapping: dict[str, str]) -> pd.DataFrame:
    """Return the LMArena frame with ``score`` (arena_score, else arena_elo; Elo points)
    and ``country`` (from ``mapping``, :func:`organization_countries`; "Unmapped" when unknown) added."""
    out = df.copy()
    # Early snapshots publish the rating as arena_elo, later ones as arena_score: one scale.
    out["score"] = out["arena_score"].fillna(out["arena_elo"])
    out["country"] = out["organization"].map(mapping).fillna(UNMAPPED).astype("str")
    return out

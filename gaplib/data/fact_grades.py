"""The grade of each reference fact as the book itself checked it.

``reference/facts.csv`` is a third-party snapshot kept byte for byte, so its ``verified`` column
stays as published; the book's own re-reading (``data/fact_checks.csv``) grades a fact
``read`` (read at the primary record or a reputable report of it), ``relay`` (the value was
read only on a site relaying another's report) or ``unverified``. Every place that shows a
fact shows the checked grade.
"""

from __future__ import annotations

import pandas as pd

GRADES = ("read", "relay", "unverified")
GRADE_WORDS = {"read": "read at the primary record", "relay": "read only through a relay",
               "unverified": "not read at the primary record"}


def graded(facts: pd.DataFrame, checks: pd.DataFrame) -> pd.DataFrame:
    """Return ``facts`` with ``verified`` replaced by the book's check (``checks.verified``) where one exists.

    Facts without a check keep their published grade. Raises ValueError on a grade outside
    :data:`GRADES` or a check of a fact that ``facts`` does not hold.
    """
    unknown = sorted(set(checks["fact_id"]) - set(facts["id"]))
    if unknown:
        raise ValueError(f"fact_checks grades facts that reference_facts does not hold: {', '.join(unknown)}")
    out = facts.copy()
    grade = dict(zip(checks["fact_id"], checks["verified"]))
    out["verified"] = [grade.get(fact_id, published) for fact_id, published in zip(out["id"], out["verified"])]
    bad = sorted(set(out["verified"]) - set(GRADES))
    if bad:
        raise ValueError(f"unknown verification grade(s) {', '.join(map(repr, bad))}; expected one of {GRADES}")
    return out


def load_graded_facts() -> pd.DataFrame:
    """Return the reference facts (``reference_facts``) with each fact's checked grade (:func:`graded`)."""
    from .loaders import load

    return graded(load("reference_facts"), load("fact_checks"))

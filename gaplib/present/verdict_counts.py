"""The ledger's verdict counts as sentences: counts that are zero are said in words, not as "0 overstate".

A count of one takes the singular verb in English; the verdicts no claim received are gathered in
one closing clause ("No statement overstates ... or cites ..."), which Chinese reads as
"没有论断……". Each piece is a catalog pattern, so every language sets its own words and order.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from gaplib.present.i18n import english, join

# (glue name of the count, pattern for several, for one, the verb phrase after "No statement" / "No report")
STATEMENTS = (
    ("claims_consistent", "{n} are consistent with it", "{n} is consistent with it", "is consistent with it"),
    ("claims_overstated", "{n} overstate the quantity the book measures",
     "{n} overstates the quantity the book measures", "overstates the quantity the book measures"),
    ("claims_understated", "{n} understate the quantity the book measures",
     "{n} understates the quantity the book measures", "understates the quantity the book measures"),
    ("claims_contradicted", "{n} claim a direction of the gap that no measured dimension shows",
     "{n} claims a direction of the gap that no measured dimension shows",
     "claims a direction of the gap that no measured dimension shows"),
    ("claims_mixed", "{n} meet mixed evidence (some dimensions move the claimed way, others the other way)",
     "{n} meets mixed evidence (some dimensions move the claimed way, others the other way)",
     "meets mixed evidence"),
    ("claims_too_wide", "{n} cannot be decided because the evidence is too wide",
     "{n} cannot be decided because the evidence is too wide", "is left undecided by evidence too wide"),
    ("claims_outdated", "{n} cite a date that the record contradicts", "{n} cites a date that the record contradicts",
     "cites a date that the record contradicts"),
    ("claims_needs_judgement", "{n} are qualitative claims for which the book shows a related number but no rule can decide",
     "{n} is a qualitative claim for which the book shows a related number but no rule can decide",
     "is a qualitative claim that no rule can decide"),
    ("claims_not_checkable", "{n} have no counterpart in the book's open data (the ledger says why)",
     "{n} has no counterpart in the book's open data (the ledger says why)",
     "lacks a counterpart in the book's open data"),
)
REPORTS = (
    ("claims_attribution_confirmed", "{n} are confirmed at the speaker's venue or in a reputable report of it",
     "{n} is confirmed at the speaker's venue or in a reputable report of it",
     "is confirmed at the speaker's venue or in a reputable report of it"),
    ("claims_misattributed", "{n} put words in the speaker's mouth", "{n} puts words in the speaker's mouth",
     "puts words in the speaker's mouth"),
    ("claims_attribution_not_found", "for {n} no record of the statement was found",
     "for {n} no record of the statement was found", "lacks a record of the statement"),
)


def _clauses(counts: Mapping[str, int], kinds: tuple, tr: Callable[..., str]) -> tuple[list[str], list[str]]:
    """Return the clauses of the verdicts some claim received and the verb phrases of those none received."""
    said, none = [], []
    for name, many, one, verb in kinds:
        n = int(counts.get(name, 0))
        if n:
            said.append(tr(one if n == 1 else many, n=n))
        elif name == "claims_understated" and not counts.get("claims_overstated", 0):
            none[-1] = tr("overstates or understates the quantity the book measures")  # the quantity once
        else:
            none.append(tr(verb))
    return said, none


def _listed(items: list[str], tr: Callable[..., str]) -> str:
    """``items`` as a list in the reader's language: "a, b and c" (a pattern each, so Chinese sets 、 and 和)."""
    if len(items) < 2:
        return items[0] if items else ""
    return tr("{a} and {b}", a=join(items[:-1], tr, "{a}, {b}"), b=items[-1])


def verdict_sentences(counts: Mapping[str, int], *, chapters_in_build: int, tr: Callable[..., str] = english) -> str:
    """Return the verdict counts of the ledger (glue names of :func:`gaplib.summary.claims.count_glues`) as prose.

    Statements graded by evidence come first, then the reports of what someone said, then the
    claims whose chapter has no result in this build; a verdict no claim received is named once,
    in words, never as a count of zero.
    """
    sentences = []
    for kinds, opening, nobody in ((STATEMENTS, "The statements are graded by the book's evidence: {clauses}.",
                                    "No statement {verbs}."),
                                   (REPORTS, "The reports of what someone said are graded by the record of the "
                                             "statement: {clauses}.", "No report {verbs}.")):
        said, none = _clauses(counts, kinds, tr)
        if said:
            sentences.append(tr(opening, clauses=_listed(said, tr)))
        if none:
            sentences.append(tr(nobody, verbs=_or(none, tr)))
    missing = int(counts.get("claims_result_missing", 0))
    if missing:
        sentences.append(tr("For {n} the chapter that holds the evidence has no results in this build "
                            "({chapters} chapters ran).", n=missing, chapters=chapters_in_build))
    else:
        sentences.append(tr("Every chapter the claims need has results in this build ({chapters} chapters ran).",
                            chapters=chapters_in_build))
    return join(sentences, tr, "{a} {b}")


def _or(items: list[str], tr: Callable[..., str]) -> str:
    if len(items) < 2:
        return items[0] if items else ""
    return tr("{a} or {b}", a=join(items[:-1], tr, "{a}, {b}"), b=items[-1])


def counted(n: int, many: str, one: str, none: str) -> str:
    """Return the English clause of a count of ``n`` things: ``none`` in words when it is zero, never "0 ...".

    ``many`` and ``one`` hold ``{n}``; the clause is glued as text, so each edition looks it up
    with its number as a placeholder ("2 scored above ..." → "{0} scored above ..." → "有 2 个模型……"),
    and the zero case is a sentence of its own ("none scored above ..." → "没有模型……").
    """
    n = int(n)
    if n < 0:
        raise ValueError(f"a count cannot be negative: {n}")
    return none if n == 0 else (one if n == 1 else many).format(n=n)

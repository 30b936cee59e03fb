"""The AI Index's US–China findings reproduced on the book's data, with verdicts and reasons.

Stanford HAI's AI Index (2025 and 2026 editions) reports three US–China figures the book can
reproduce from its own sources: notable models released per year by country (from Epoch AI's
notable-models table, which the book reads too), the lead of the top US model over the top
Chinese one on the LMArena (Chatbot Arena) text leaderboard, and private AI investment. The
published figures are curated facts (``reference_facts``, ids in :data:`CASES`); every
reproduction is computed here, and the verdict is the Replications page's tolerance rule
(:func:`gaplib.replications.verdict.replication_verdict`: within the larger of 15% of the
published value and half its interval's width).

A verdict of "not reproduced" gives the most likely reason, from the data:

- notable models: ``definition`` when counting each model for its only country (a model
  credited to several countries left out) lands within the tolerance; else ``vintage`` when the
  book counts more (Epoch adds models to past years after a report's cut-off, and the table
  records no date a row was added, so the count as of the cut-off can only drop models
  published after it); else ``coverage``;
- the Arena lead: ``coverage`` when the book's leaderboard versions do not reach the month,
  else ``definition`` (which leaderboard, which versions of the month, which denominator);
- investment: ``coverage`` when the OWID/CSET series has no value for the year, else
  ``definition`` (CSET's count of deals against the AI Index's provider's).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from gaplib.data import us_china_flags
from gaplib.params.facts import fact_number
from gaplib.replications.verdict import NOT_REPRODUCED, WITHIN_TOLERANCE, replication_verdict

#: The day each edition was released: the latest its data can reach (its cut-off is no later).
RELEASED = {"AI Index 2025": "2025-04-07", "AI Index 2026": "2026-04-13"}


@dataclass(frozen=True)
class Case:
    """One published figure: its id (results ``replication_<id>_...``), edition, kind
    (``notable``, ``arena`` or ``investment``), country, period (a year or a month, ISO),
    and the fact holding it (``part``: the label of a compound value such as "US 40; China 15")."""

    id: str
    edition: str
    kind: str
    country: str
    period: str
    fact: str
    part: str | None = None


CASES = (
    Case("aiindex2025_notable_us", "AI Index 2025", "notable", "US", "2024", "F020", "US"),
    Case("aiindex2025_notable_china", "AI Index 2025", "notable", "China", "2024", "F020", "China"),
    Case("aiindex2026_notable_us", "AI Index 2026", "notable", "US", "2025", "F084", "US"),
    Case("aiindex2026_notable_china", "AI Index 2026", "notable", "China", "2025", "F084", "China"),
    Case("aiindex2025_arena_lead_2024_01", "AI Index 2025", "arena", "US over China", "2024-01", "F085"),
    Case("aiindex2025_arena_lead_2025_02", "AI Index 2025", "arena", "US over China", "2025-02", "F086"),
    Case("aiindex2026_arena_lead_2026_03", "AI Index 2026", "arena", "US over China", "2026-03", "F083"),
    Case("aiindex2025_investment_us", "AI Index 2025", "investment", "US", "2024", "F049"),
    Case("aiindex2025_investment_china", "AI Index 2025", "investment", "China", "2024", "F050"),
    Case("aiindex2026_investment_us", "AI Index 2026", "investment", "US", "2025", "F081"),
    Case("aiindex2026_investment_china", "AI Index 2026", "investment", "China", "2025", "F082"),
)

#: What each kind of figure measures, in the published figure's unit.
KIND_WORDS = {"notable": "Notable models released in the year",
              "arena": "Lead of the top US model over the top Chinese model on LMArena (%)",
              "investment": "Private AI investment in the year (billion USD)"}
_COUNTRY_INDEX = {"US": 0, "China": 1}


def published_value(facts: pd.DataFrame, fact_id: str, part: str | None = None) -> tuple[float, str]:
    """Return (the number the fact states, its grade ``read``/``unverified``) from the facts table;
    KeyError naming the fact when it is missing."""
    row = facts.loc[facts["id"] == fact_id]
    if row.empty:
        raise KeyError(f"fact {fact_id} is not in the facts table (data/upstream/reference/facts.csv)")
    return fact_number(str(row["value"].iloc[0]), part), str(row["verified"].iloc[0])


def notable_counts(models: pd.DataFrame, country: str, year: int, cutoff: str) -> dict[str, int]:
    """Return the notable models ``country`` released in ``year``: ``all`` (the book's rule: a model
    credited to both countries counts for each), ``as_of_cutoff`` (those published by ``cutoff``,
    ISO date) and ``sole`` (those credited to ``country`` alone; Hong Kong is China)."""
    dated = models.dropna(subset=["publication_date"])
    rows = dated[dated["publication_date"].dt.year == year]
    flags = rows["countries"].map(us_china_flags)
    mine = flags.map(lambda f: f[_COUNTRY_INDEX[country]])
    sole = rows["countries"].map(lambda c: len({"China" if x == "Hong Kong" else x for x in c}) == 1) & mine
    by_cutoff = mine & (rows["publication_date"] <= pd.Timestamp(cutoff))
    return {"all": int(mine.sum()), "as_of_cutoff": int(by_cutoff.sum()), "sole": int(sole.sum())}


def arena_lead_pct(arena: pd.DataFrame, month: str) -> dict[str, float] | None:
    """Return the lead of the best US over the best Chinese score in ``month`` (``YYYY-MM``), in percent
    of the Chinese score: ``median`` over the month's leaderboard versions, ``low`` and ``high`` (their
    range) and ``versions``; None when no version falls in the month. ``arena`` is
    :func:`gaplib.algorithms.capability.arena_gap`'s frame (``date``, ``us_elo``, ``china_elo``)."""
    dates = pd.to_datetime(arena["date"])
    rows = arena[dates.dt.strftime("%Y-%m") == month]
    if rows.empty:
        return None
    lead = 100.0 * (rows["us_elo"] - rows["china_elo"]) / rows["china_elo"]
    return {"median": float(lead.median()), "low": float(lead.min()), "high": float(lead.max()),
            "versions": int(len(rows))}


def relative_difference_pct(published: float, reproduced: float) -> float:
    """Return how far ``reproduced`` lies from ``published``, in percent of ``published`` (signed);
    ValueError when ``published`` is zero."""
    if published == 0:
        raise ValueError("the relative difference from a published value of zero is undefined")
    return 100.0 * (float(reproduced) - float(published)) / abs(float(published))


def tolerance_verdict(published: float, reproduced: float) -> str:
    """Return :func:`~gaplib.replications.verdict.replication_verdict` of a figure published without an
    interval (the AI Index gives none) and its reproduction."""
    return replication_verdict(published, None, reproduced)


def _row(case: Case, published: float, grade: str) -> dict:
    return {"id": case.id, "edition": case.edition, "what": KIND_WORDS[case.kind], "country": case.country,
            "period": case.period, "fact": case.fact, "fact_grade": grade, "published": published,
            "reproduced": math.nan, "reproduced_low": math.nan, "reproduced_high": math.nan,
            "as_of_cutoff": math.nan, "alternative": math.nan, "difference_pct": math.nan,
            "verdict": NOT_REPRODUCED, "reason": "coverage"}


def _judge(row: dict) -> dict:
    if not math.isnan(row["reproduced"]):
        row["difference_pct"] = relative_difference_pct(row["published"], row["reproduced"])
        row["verdict"] = tolerance_verdict(row["published"], row["reproduced"])
        row["reason"] = WITHIN_TOLERANCE
    return row


def _notable(case: Case, row: dict, models: pd.DataFrame) -> dict:
    counts = notable_counts(models, case.country, int(case.period), RELEASED[case.edition])
    row.update(reproduced=float(counts["all"]), as_of_cutoff=float(counts["as_of_cutoff"]),
               alternative=float(counts["sole"]))
    _judge(row)
    if row["verdict"] == NOT_REPRODUCED:
        if tolerance_verdict(row["published"], row["alternative"]) != NOT_REPRODUCED:
            row["reason"] = "definition"
        else:
            row["reason"] = "vintage" if row["as_of_cutoff"] > row["published"] else "coverage"
    return row


def _arena(case: Case, row: dict, arena: pd.DataFrame) -> dict:
    lead = arena_lead_pct(arena, case.period)
    if lead is None:
        return row
    row.update(reproduced=lead["median"], reproduced_low=lead["low"], reproduced_high=lead["high"])
    _judge(row)
    if row["verdict"] == NOT_REPRODUCED:
        row["reason"] = "definition"
    return row


def _investment(case: Case, row: dict, investment: pd.DataFrame) -> dict:
    value = investment.loc[(investment["country"] == case.country) & (investment["year"] == int(case.period))]
    if value.empty:
        return row
    row.update(reproduced=float(value["investment_usd"].iloc[0]) / 1e9,
               alternative=1.0 if bool(value["projected"].iloc[0]) else 0.0)
    _judge(row)
    if row["verdict"] == NOT_REPRODUCED:
        row["reason"] = "definition"
    return row


def replications(facts: pd.DataFrame, models: pd.DataFrame, arena: pd.DataFrame,
                 investment: pd.DataFrame) -> pd.DataFrame:
    """Return one row per AI Index figure in :data:`CASES`, in that order.

    ``facts``: the reference facts; ``models``: Epoch's notable-models table; ``arena``:
    :func:`gaplib.algorithms.capability.arena_gap`; ``investment``:
    :func:`gaplib.funding.funding.private_investment`. Columns: ``id``, ``edition``, ``what``,
    ``country``, ``period``, ``fact``, ``fact_grade``, ``published``, ``reproduced`` (NaN where the
    book's data do not reach), ``reproduced_low``/``_high`` (the Arena month's range),
    ``as_of_cutoff`` (notable models published by the edition's release), ``alternative``
    (notable: the count of models credited to the country alone; investment: 1.0 where the
    book's value is OWID's projection), ``difference_pct`` (reproduced against published, %),
    ``verdict`` and ``reason`` (``WITHIN_TOLERANCE`` when reproduced). Units: counts, percent, billion USD.
    """
    rows = []
    for case in CASES:
        published, grade = published_value(facts, case.fact, case.part)
        row = _row(case, published, grade)
        if case.kind == "notable":
            rows.append(_notable(case, row, models))
        elif case.kind == "arena":
            rows.append(_arena(case, row, arena))
        else:
            rows.append(_investment(case, row, investment))
    return pd.DataFrame(rows)


def results(table: pd.DataFrame) -> dict[str, float | str]:
    """Return the results of :func:`replications`' rows: ``replication_<id>_published``, ``_reproduced``
    (left out where NaN), ``_as_of_cutoff``, ``_alternative`` (where defined), ``_difference_pct``,
    ``_verdict`` and ``_reason``."""
    out: dict[str, float | str] = {}
    for row in table.to_dict("records"):
        key = f"replication_{row['id']}"
        for name in ("published", "reproduced", "reproduced_low", "reproduced_high", "as_of_cutoff",
                     "alternative", "difference_pct"):
            if not math.isnan(row[name]):
                out[f"{key}_{name}"] = float(row[name])
        out[f"{key}_verdict"] = row["verdict"]
        out[f"{key}_reason"] = row["reason"]
    return out


def arena_series_end(arena: pd.DataFrame) -> dict[str, object]:
    """Return the span of ``arena``'s leaderboard versions: the first version's ``start`` and the last
    one's ``date`` (ISO), and the US lead on the last (``lead_pct``, percent of the Chinese score)."""
    ordered = arena.sort_values("date")
    last = ordered.iloc[-1]
    return {"start": pd.Timestamp(ordered["date"].iloc[0]).date().isoformat(),
            "date": pd.Timestamp(last["date"]).date().isoformat(),
            "lead_pct": float(100.0 * (last["us_elo"] - last["china_elo"]) / last["china_elo"])}

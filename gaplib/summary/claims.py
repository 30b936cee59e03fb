"""The claims ledger: each claim of the article against the book's own evidence.

Verdicts are computed by the rules of :mod:`gaplib.summary.claim_rules`, never typed by hand, from
the evidence :mod:`gaplib.summary.claim_evidence` finds; :mod:`gaplib.summary.claim_measures` computes the
quantities no chapter publishes and :mod:`gaplib.present.claims_render` writes the page's tables.
Every function is pure: the page passes in the curated claims, the chapter results of the
same build and the registered tables.

One claim, in order:

1. **Kind.** An *assertion* (the article's own statement about the world) is graded by the
   evidence. An *attribution* (a claim that reports what someone said) is graded by the
   record of what was said (:func:`gaplib.summary.claim_rules.attribution_verdict`); the book's
   evidence is shown beside it, not counted for it.
2. **Evidence** (:func:`gaplib.summary.claim_evidence.find_evidence`). A result that restates the
   claim's own statement (the stated odds pooled from ``forecasts.csv``) is *not evidence*.
   A claim compared with a stand-in quantity carries the reason in ``proxy``.
3. **Units.** Results publish probabilities as fractions unless their key ends in ``_pct``;
   a claim in ``percent`` compared with such a fraction is divided by 100.
4. **Verdict** (:func:`gaplib.summary.claim_rules.verdict`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import pandas as pd

from gaplib.geopolitics import export_controls as ec
from gaplib.geopolitics import export_rules as er
from gaplib.geopolitics.export_controls import CHINESE_DESIGNERS
from gaplib.present.claims_render import chapter_link, describe_claim, describe_evidence, format_number
from gaplib.summary import claim_measures as cm
from gaplib.summary.claim_evidence import (Evidence, direction_evidence, find_evidence, restates_claim,
                                           result_keys, stated_interval)
from gaplib.summary.claim_rules import (MISATTRIBUTED, NOT_CHECKABLE, OUTDATED, OWN_NUMBER, RESULT_MISSING,
                                        VERDICTS, VERDICT_SLUGS, attribution_verdict, claimed_interval,
                                        percent_scale, verdict)

#: The measures a claim may name (column ``measure``), besides ``directions:<slug>,...``.
MEASURES = ("training_chip_generation", "china_node_lag", "smic_node_lag", "rule_events", "top_nvidia_controlled")
#: The chip whose TPP marks a "top" data-centre GPU, and the rule version the controls are read under.
TOP_CHIP, LATEST_RULE = "NVIDIA H100 SXM5 80GB", "2023-10"
#: Verdicts the page reports as findings of their own: misattributions and misdatings.
FINDINGS = (MISATTRIBUTED, OUTDATED)


def _clean(row: Mapping[str, Any]) -> dict[str, Any]:
    return {k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in row.items()}


def _generation_measure(clusters: pd.DataFrame, models: pd.DataFrame, hardware: pd.DataFrame, *,
                        since: str, h100_class_fraction: float) -> Evidence:
    by_model = cm.training_hardware_generation(models, hardware, since=since,
                                               h100_class_fraction=h100_class_fraction).set_index("country")
    us, cn = by_model.loc["US"], by_model.loc["China"]
    if not (us["models_known"] and cn["models_known"]):
        raise ValueError(f"no large-scale model since {since} names its training chip for "
                         f"{'the US' if not us['models_known'] else 'China'}")
    diff, low, high = cm.share_difference(int(us["h100_class"]), int(us["models_known"]),
                                          int(cn["h100_class"]), int(cn["models_known"]))
    fleet = cm.cluster_generation(clusters, hardware, h100_class_fraction=h100_class_fraction).set_index("country")
    fus, fcn = fleet.loc["US"], fleet.loc["China"]
    # The parameter is a year: "since 2024" reads as a date in both editions, where "2024-01-01" did not.
    since_words = since[:4] if since.endswith("-01-01") else since
    source = (f"large-scale models since {since_words} trained on H100-class chips: US {int(us['h100_class'])} of "
              f"{int(us['models_known'])} ({format_number(us['share_pct'])}%), China {int(cn['h100_class'])} of "
              f"{int(cn['models_known'])} ({format_number(cn['share_pct'])}%); difference in percentage points. "
              f"Clusters: {format_number(fus['share_pct'])}% of the US H100e whose chip is named is H100-class; "
              + (f"{int(fcn['clusters_named'])} of {int(fcn['clusters'])} Chinese clusters name their chip"
                 if fcn["clusters_named"] else f"none of the {int(fcn['clusters'])} Chinese clusters names its chip"))
    return Evidence(diff, low, high, source, "hardware")


def _node_measure(hardware: pd.DataFrame, supplement: pd.DataFrame | None, which: str) -> Evidence:
    if which == "china_node_lag":
        lag = cm.node_lag(hardware, lambda h: h["manufacturer"].isin(CHINESE_DESIGNERS),
                          lambda h: ~h["manufacturer"].isin(CHINESE_DESIGNERS))
        counts = cm.designs_by_year(hardware, lambda h: h["manufacturer"].isin(CHINESE_DESIGNERS), lag.year - 3)
        group, reference = "Chinese-designed accelerators", "other designers"
        extra = "; Chinese designs by year: " + ", ".join(f"{y}: {n}" for y, n in counts.items())
        if supplement is not None:
            units = supplement[supplement["quantity"].isin(["units_per_year", "units_per_year_plan"])
                               & (supplement["country_of_designer"] == "China")]
            extra += "".join(f"; {r['chip']} {format_number(r['value'])} units {r['as_of']}"
                             f"{' (plan)' if r['quantity'].endswith('plan') else ''}" for _, r in units.iterrows())
    else:
        smic = lambda h: h["foundry"].fillna("").str.contains("SMIC")  # noqa: E731
        lag = cm.node_lag(hardware, smic, lambda h: h["foundry"].fillna("").str.contains("TSMC") & ~smic(h))
        group, reference, extra = "designs made at SMIC", "designs made at TSMC", ""
        counts = None
    reached = f"first reached by {reference} in {lag.reference_year}" if lag.reference_year else f"never reached by {reference}"
    source = (f"newest node of {group}: {format_number(lag.node_nm)} nm ({lag.year}), {reached}; "
              f"{reference} reached {format_number(lag.reference_node_nm)} nm by {lag.year}; "
              f"lag in years (Epoch ML hardware, {lag.designs} designs with a node){extra}")
    return Evidence(lag.lag_years, lag.lag_years, lag.lag_years, source, "hardware" if counts is not None else "geopolitics")


def _controlled_measure(hardware: pd.DataFrame, supplement: pd.DataFrame, rules: pd.DataFrame) -> Evidence:
    chips = ec.accelerator_table(hardware, supplement)
    classified = ec.classify_table(chips, {LATEST_RULE: er.thresholds(rules, LATEST_RULE)})
    floor = float(chips.set_index("chip").loc[TOP_CHIP, "tpp"])
    share, caught, total = cm.share_controlled(classified, maker="NVIDIA", min_tpp=floor, controlled=er.CONTROLLED_A)
    free = classified[(classified["maker"] == "NVIDIA") & (classified["status"] != er.CONTROLLED_A) & classified["tpp"].notna()]
    best_free = free.sort_values("tpp", ascending=False).iloc[0] if not free.empty else None
    source = (f"{caught} of {total} NVIDIA chips with a TPP at or above the H100 SXM's ({format_number(floor)}) are "
              f"controlled under 3A090.a of the {LATEST_RULE} rule (percent)"
              + (f"; the strongest NVIDIA chip outside 3A090.a is the {best_free['chip']} "
                 f"(TPP {format_number(best_free['tpp'])}, {best_free['status']})"
                 if best_free is not None else ""))
    return Evidence(share, share, share, source, "geopolitics")


def _rule_events(rules: pd.DataFrame, since: str) -> Evidence:
    recent = rules[rules["published"] >= pd.Timestamp(since)].sort_values(["published", "rule_id"])
    listed = "; ".join(f"{r['rule_id']} {pd.Timestamp(r['published']):%Y-%m-%d} ({r['status']}): {r['name']}"
                       for _, r in recent.iterrows())
    n = float(len(recent))
    return Evidence(n, n, n, f"export_rules.csv, rule-making since {since}: {listed or 'none'}", "geopolitics")


def page_measures(claims: pd.DataFrame, *, summary: pd.DataFrame | None = None, clusters: pd.DataFrame | None = None,
                  models: pd.DataFrame | None = None, hardware: pd.DataFrame | None = None,
                  supplement: pd.DataFrame | None = None, rules: pd.DataFrame | None = None,
                  since: str = "2024-01-01", h100_class_fraction: float = 0.9) -> dict[str, Evidence]:
    """Return {measure: Evidence} for every measure named in ``claims`` (column ``measure``).

    ``training_chip_generation``: US minus China share of large-scale models since ``since``
    trained on H100-class chips (percentage points, 95% interval); ``china_node_lag`` and
    ``smic_node_lag``: years by which the newest node of Chinese-designed (SMIC-made)
    accelerators trails other (TSMC-made) designs; ``rule_events``: the export-control
    rules published since ``since`` (their number); ``top_nvidia_controlled``: the percentage of
    NVIDIA chips at or above the H100 SXM's TPP that 3A090.a of the latest rule controls; ``directions:<slug>,...``: the
    directions of those dimensions of the gap at a glance.

    Raises ValueError naming the claim of an unknown measure, or a measure whose inputs were not given.
    """
    out: dict[str, Evidence] = {}
    for row in claims.to_dict("records"):
        name = row.get("measure")
        if not isinstance(name, str) or not name or name in out:
            continue
        if name.startswith("directions:"):
            if summary is None:
                raise ValueError(f"{row['claim_id']}: measure {name!r} needs the gap at a glance (summary)")
            out[name] = direction_evidence(summary, [s.strip() for s in name.split(":", 1)[1].split(",") if s.strip()])
        elif name == "rule_events":
            if rules is None:
                raise ValueError(f"{row['claim_id']}: measure {name!r} needs the export-control rules")
            out[name] = _rule_events(rules, since)
        elif name == "top_nvidia_controlled":
            if hardware is None or supplement is None or rules is None:
                raise ValueError(f"{row['claim_id']}: measure {name!r} needs the hardware, supplement and rule tables")
            out[name] = _controlled_measure(hardware, supplement, rules)
        elif name not in MEASURES:
            raise ValueError(f"{row['claim_id']}: unknown measure {name!r}; known: {MEASURES} or directions:<slug>,...")
        elif hardware is None or (name == "training_chip_generation" and (clusters is None or models is None)):
            raise ValueError(f"{row['claim_id']}: measure {name!r} needs the hardware, cluster and model tables")
        elif name == "training_chip_generation":
            out[name] = _generation_measure(clusters, models, hardware, since=since,
                                            h100_class_fraction=h100_class_fraction)
        else:
            out[name] = _node_measure(hardware, supplement, name)
    return out


def ledger(
    claims: pd.DataFrame,
    results: Mapping[str, Mapping[str, Any]],
    rules: pd.DataFrame,
    events: pd.DataFrame,
    *,
    tolerance_pct: float,
    date_tolerance_months: float,
    measures: Mapping[str, Evidence] | None = None,
    forecasts: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Return one row per claim: the claim, the claimed value, the evidence, its verdicts and a link.

    ``results`` is {chapter: results dict} for the chapters of the build (a failed chapter
    is absent: rows that need it get ``result missing``); ``measures`` the page's measures
    (:func:`page_measures`); ``forecasts`` the stated odds (to tell a restated number and
    to check an attributed probability). ``evidence_verdict`` is the claim against the
    evidence; ``verdict`` is the one counted (the attribution's for an attribution).
    """
    rows = []
    for row in claims.to_dict("records"):
        row = _clean(row)
        kind = row.get("kind") or "assertion"
        evidence, missing = find_evidence(row, results, rules, events, measures)
        keys = result_keys(row.get("result_key"))
        key = keys[0] if keys else None
        scale = percent_scale(row.get("claimed_unit"), key)
        low = row["claimed_low"] * scale if row.get("claimed_low") is not None else None
        high = row["claimed_high"] * scale if row.get("claimed_high") is not None else None
        own_number = evidence is not None and restates_claim(key, row.get("fact_id"), forecasts)
        if missing is not None:
            judged, evidence_text = RESULT_MISSING, f"missing: {missing}"
        else:
            judged = OWN_NUMBER if own_number else verdict(
                row["comparison"], low, high, evidence, tolerance_pct=tolerance_pct,
                date_tolerance_months=date_tolerance_months)
            evidence_text = (describe_evidence(evidence, row["comparison"] == "date") if evidence
                             else f"no result in the book's open data{': ' + row['unchecked'] if row.get('unchecked') else ''}")
        if kind == "attribution":
            numeric = row["comparison"] in ("range", "at_least", "at_most") and (low is not None or high is not None)
            pct = 100.0 if row.get("claimed_unit") == "percent" else 1.0
            claimed = claimed_interval(row.get("claimed_low"), row.get("claimed_high"), tolerance_pct) if numeric else None
            result = attribution_verdict(row.get("attribution"), row.get("said"), claimed,
                                         stated_interval(row.get("fact_id"), forecasts, pct))
        else:
            result = NOT_CHECKABLE if judged == OWN_NUMBER else judged
        claimed_text = describe_claim(row)
        if scale != 1.0 and claimed_text != "no number":
            claimed_text += " (compared as a fraction)"
        chapter = evidence.chapter if evidence is not None and evidence.chapter else row["chapter"]
        rows.append({
            "claim_id": row["claim_id"], "claim": row["claim"], "attributed_to": row["attributed_to"],
            "kind": kind, "comparison": row["comparison"], "claimed": claimed_text, "evidence": evidence_text,
            "evidence_value": evidence.value if evidence else math.nan,
            "evidence_low": evidence.low if evidence else math.nan,
            "evidence_high": evidence.high if evidence else math.nan,
            "proxy": row.get("proxy") or "", "said": row.get("said") or "",
            "evidence_verdict": judged, "verdict": result, "chapter": chapter, "link": chapter_link(chapter),
        })
    return pd.DataFrame(rows)


def verdict_counts(table: pd.DataFrame) -> dict[str, int]:
    """Return {verdict: number of claims} for every verdict of VERDICTS (zeros included)."""
    counts = table["verdict"].value_counts()
    return {v: int(counts.get(v, 0)) for v in VERDICTS}


def count_glues(table: pd.DataFrame) -> dict[str, int]:
    """Return the glue names and values of the counts: claims_<slug> per verdict and claims_total
    (the verdict counts add up to it), and ledger_attributions, ledger_assertions (claims of
    each kind) and ledger_findings (misattributions and misdatings)."""
    out = {f"claims_{VERDICT_SLUGS[v]}": n for v, n in verdict_counts(table).items()}
    out["claims_total"] = len(table)
    out["ledger_attributions"] = int((table["kind"] == "attribution").sum())
    out["ledger_assertions"] = len(table) - out["ledger_attributions"]
    out["ledger_findings"] = int(table["verdict"].isin(FINDINGS).sum())
    return out

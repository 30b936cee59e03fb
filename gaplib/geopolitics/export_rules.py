"""The US rules for advanced computing chips (ECCN 3A090): TPP, performance density, classification.

The rules test two numbers: Total Processing Performance (TPP = 2 x MacTOPS x bit
length, i.e. dense operations per second in tera-ops times the operand bit length,
maximised over precisions) and performance density (PD = TPP / die area in mm^2). The
October 2022 rule also tested the chip-to-chip (interconnect) bandwidth; the October
2023 rule dropped that test and added PD and a lower notification tier (3A090.b).

The thresholds are data, read from the curated ``export_rules`` table (one row per
rule and tier) into a :class:`Thresholds` value, so every function here stays pure.
A reader's "what if the line moved?" is ``dataclasses.replace(thresholds, ...)``.

Statuses returned: ``"3A090.a"`` (controlled), ``"3A090.b"`` (notification tier),
``"not controlled"``, or ``"unknown"`` when an input the rule needs is missing.
Under the 2022 rule the single IC entry is reported as ``"3A090.a"``.
"""

from __future__ import annotations

import dataclasses
import math
from typing import Literal

import pandas as pd

from gaplib.guards import require_rows, source_of

RuleVersion = Literal["2022-10", "2023-10"]
RULE_VERSIONS: tuple[str, ...] = ("2022-10", "2023-10")
CONTROLLED_A = "3A090.a"
CONTROLLED_B = "3A090.b"
NOT_CONTROLLED = "not controlled"
UNKNOWN = "unknown"
STATUSES = (CONTROLLED_A, CONTROLLED_B, NOT_CONTROLLED, UNKNOWN)

# Which rows of data/export_rules.csv (rule_id) hold each version's thresholds.
RULE_ROWS: dict[str, dict[str, str]] = {
    "2022-10": {"a": "R01"},
    "2023-10": {"a": "R02", "b": "R03"},
}


@dataclasses.dataclass(frozen=True)
class Thresholds:
    """The numeric lines of one rule version (NaN where the rule has no such test).

    ``tpp_a``: TPP at or above which 3A090.a applies on TPP alone (2022: together with
    the interconnect test). ``interconnect_gb_per_s``: the 2022 bidirectional
    chip-to-chip rate test (GB/s). ``tpp_a_with_density`` and ``density_a``: the 2023
    second 3A090.a route (TPP >= 1600 and PD >= 5.92). ``tpp_b``, ``density_b_min``:
    the 3A090.b route 2400 <= TPP < tpp_a with density_b_min <= PD < density_a;
    ``tpp_b_with_density``, ``density_b``: the route TPP >= 1600 with
    density_b <= PD < density_a.
    """

    version: str
    tpp_a: float
    interconnect_gb_per_s: float = math.nan
    tpp_a_with_density: float = math.nan
    density_a: float = math.nan
    tpp_b: float = math.nan
    density_b_min: float = math.nan
    tpp_b_with_density: float = math.nan
    density_b: float = math.nan


def tpp(tera_ops_per_s: float, bit_length: int) -> float:
    """Return Total Processing Performance (TPP, dimensionless "bit-TOPS").

    TPP = 2 x MacTOPS x bit length; a datasheet's dense TOPS or TFLOP/s already counts
    2 operations per multiply-accumulate, so TPP = dense tera-ops/s x bit length.
    The H100 SXM at 989.5 dense FP16 TFLOP/s has TPP 989.5 x 16 = 15,832.
    """
    if tera_ops_per_s < 0 or not math.isfinite(tera_ops_per_s):
        raise ValueError(f"throughput must be a finite non-negative number, got {tera_ops_per_s}")
    if bit_length <= 0:
        raise ValueError(f"bit length must be positive, got {bit_length}")
    return float(tera_ops_per_s) * bit_length


def tpp_from_mac_tops(mac_tops: float, bit_length: int) -> float:
    """Return TPP from tera multiply-accumulates per second: 2 x MacTOPS x bit length."""
    return tpp(2.0 * mac_tops, bit_length)


def performance_density(tpp_value: float, die_area_mm2: float | None) -> float:
    """Return performance density, TPP per mm^2 of die area; NaN if the area is missing.

    Raises ValueError for a non-positive die area.
    """
    if die_area_mm2 is None or (isinstance(die_area_mm2, float) and math.isnan(die_area_mm2)):
        return math.nan
    if die_area_mm2 <= 0:
        raise ValueError(f"die area must be positive, got {die_area_mm2}")
    return float(tpp_value) / float(die_area_mm2)


def _row(rules: pd.DataFrame, rule_id: str) -> pd.Series:
    match = rules.loc[rules["rule_id"] == rule_id]
    if len(match) != 1:
        raise ValueError(f"export_rules must hold exactly one row {rule_id!r}, found {len(match)}")
    return match.iloc[0]


def thresholds(rules: pd.DataFrame, rule: str = "2023-10") -> Thresholds:
    """Return the :class:`Thresholds` of ``rule`` ("2022-10" or "2023-10") read from ``rules``.

    ``rules`` is the ``export_rules`` curated table (``gaplib.data.load("export_rules")``).
    """
    if rule not in RULE_ROWS:
        raise ValueError(f"unknown rule version {rule!r}; known: {', '.join(RULE_VERSIONS)}")
    a = _row(rules, RULE_ROWS[rule]["a"])
    values = dict(version=rule, tpp_a=float(a["tpp_threshold"]),
                  interconnect_gb_per_s=float(a["interconnect_threshold_gb_per_s"]),
                  tpp_a_with_density=float(a["tpp_threshold_with_density"]),
                  density_a=float(a["performance_density_threshold"]))
    if "b" in RULE_ROWS[rule]:
        b = _row(rules, RULE_ROWS[rule]["b"])
        values.update(tpp_b=float(b["tpp_threshold"]), density_b_min=float(b["tpp_threshold_min_density"]),
                      tpp_b_with_density=float(b["tpp_threshold_with_density"]),
                      density_b=float(b["performance_density_threshold"]))
    return Thresholds(**values)


def _missing(value: float | None) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or pd.isna(value)


def _has(value: float) -> bool:
    return not math.isnan(value)


def classify(tpp: float, performance_density: float | None = None, interconnect_gb_per_s: float | None = None,
             rule: str = "2023-10", *, rules: pd.DataFrame | Thresholds) -> str:
    """Return the 3A090 status of a chip under ``rule``: "3A090.a", "3A090.b", "not controlled" or "unknown".

    ``tpp`` is Total Processing Performance, ``performance_density`` TPP/mm^2,
    ``interconnect_gb_per_s`` the bidirectional chip-to-chip rate in GB/s. ``rules`` is
    the ``export_rules`` table (thresholds of ``rule`` are read from it) or a
    :class:`Thresholds` value (then ``rule`` is ignored: use it for custom lines).
    Every threshold is inclusive ("X or more"). An input that the rule needs and that
    is missing gives "unknown"; one the outcome does not depend on is not needed.
    """
    lines = rules if isinstance(rules, Thresholds) else thresholds(rules, rule)
    if _missing(tpp):
        return UNKNOWN
    if tpp < 0:
        raise ValueError(f"TPP must be non-negative, got {tpp}")
    pd_missing = _missing(performance_density)
    # 2022 route: TPP and interconnect both at or above their lines.
    if _has(lines.interconnect_gb_per_s):
        if tpp < lines.tpp_a:
            return NOT_CONTROLLED
        if _missing(interconnect_gb_per_s):
            return UNKNOWN
        return CONTROLLED_A if interconnect_gb_per_s >= lines.interconnect_gb_per_s else NOT_CONTROLLED
    if tpp >= lines.tpp_a:
        return CONTROLLED_A
    density_routes = [t for t in (lines.tpp_a_with_density, lines.tpp_b, lines.tpp_b_with_density) if _has(t)]
    if not density_routes or tpp < min(density_routes):
        return NOT_CONTROLLED
    if pd_missing:
        return UNKNOWN
    pdv = float(performance_density)
    if _has(lines.density_a) and tpp >= lines.tpp_a_with_density and pdv >= lines.density_a:
        return CONTROLLED_A
    below_a = not _has(lines.density_a) or pdv < lines.density_a
    if below_a and _has(lines.tpp_b) and lines.tpp_b <= tpp < lines.tpp_a and pdv >= lines.density_b_min:
        return CONTROLLED_B
    if below_a and _has(lines.tpp_b_with_density) and tpp >= lines.tpp_b_with_density and pdv >= lines.density_b:
        return CONTROLLED_B
    return NOT_CONTROLLED


def custom_thresholds(base: Thresholds, *, tpp_a: float | None = None, density_a: float | None = None) -> Thresholds:
    """Return ``base`` with the 3A090.a TPP line and/or density line moved (version "custom")."""
    changes: dict[str, float | str] = {"version": "custom"}
    if tpp_a is not None:
        changes["tpp_a"] = float(tpp_a)
    if density_a is not None and _has(base.density_a):
        changes["density_a"] = float(density_a)
    return dataclasses.replace(base, **changes)


def rule_timeline(rules: pd.DataFrame) -> pd.DataFrame:
    """Return the rules as a timeline: ``rule_id``, ``event`` (the row's curated short name, whole: a chart
    labels each event with it; the full title stays in the data), ``event_kind``, ``date`` (publication or
    announcement), ``fr_published``, ``effective`` (when the chip controls applied), ``status``, ``eccn``,
    ``source``, ``url``, ``verified``, ``read_on``, sorted by date."""
    out = rules[["rule_id", "short_name", "event_kind", "published", "fr_published", "effective", "status",
                 "eccn", "source", "url", "verified", "read_on"]].rename(
        columns={"published": "date", "short_name": "event"}).copy()
    return out.sort_values(["date", "rule_id"], ignore_index=True)


def timeline_summary(timeline: pd.DataFrame) -> dict[str, int]:
    """Return counts of a :func:`rule_timeline`: ``events``, ``first_year``, ``last_year``,
    ``threshold_rules`` (rows holding 3A090 lines), ``letters`` (is-informed letters),
    ``rescinded``."""
    require_rows(timeline, 1, source=source_of(timeline, "export_rules"), selection="export-control event",
                 result="the timeline summary")
    kinds = timeline["event_kind"]
    return {"events": len(timeline), "first_year": int(timeline["date"].min().year),
            "last_year": int(timeline["date"].max().year),
            "threshold_rules": int((kinds == "threshold_rule").sum()),
            "letters": int((kinds == "is_informed_letter").sum()),
            "rescinded": int((timeline["status"] == "rescinded").sum())}


def threshold_lines(lines: Thresholds) -> pd.DataFrame:
    """Return the lines of ``lines`` to draw on a TPP x density chart.

    Columns ``axis`` ("tpp" or "performance_density"), ``value`` and ``label``; tests
    that the rule does not have (NaN) are left out.
    """
    candidates = [
        ("tpp", lines.tpp_a, f"3A090.a: TPP {lines.tpp_a:g}"),
        ("tpp", lines.tpp_a_with_density, f"TPP {lines.tpp_a_with_density:g} (with density)"),
        ("tpp", lines.tpp_b, f"3A090.b: TPP {lines.tpp_b:g}"),
        ("performance_density", lines.density_a, f"3A090.a: PD {lines.density_a:g}"),
        ("performance_density", lines.density_b, f"3A090.b: PD {lines.density_b:g}"),
        ("performance_density", lines.density_b_min, f"3A090.b: PD {lines.density_b_min:g}"),
    ]
    rows = [(a, v, lab) for a, v, lab in candidates if _has(v)]
    return pd.DataFrame(rows, columns=["axis", "value", "label"]).drop_duplicates(["axis", "value"], ignore_index=True)


def _names(cell: object) -> list[str]:
    return [part.strip() for part in cell.split(";") if part.strip()] if isinstance(cell, str) else []


def first_control(rules: pd.DataFrame, chip: str) -> pd.Series | None:
    """Return the row of ``rules`` under which ``chip`` first needed a licence for China, or None.

    "First controlled" means the date the controls applied (``effective``; ``published`` where a row
    has none), not the date the event was made public: for the A100 and H100 the is-informed letter
    of 26 Aug 2022 (R09, made public on 31 Aug 2022), before the rule of 7 Oct 2022 (R01) wrote the
    control into 3A090. The row gains ``first_controlled`` (that date). Ties go to the lower rule id.
    """
    hits = rules[rules["chips_affected"].map(lambda cell: chip in _names(cell))].copy()
    if hits.empty:
        return None
    applied = hits["effective"] if "effective" in hits.columns else pd.Series(pd.NaT, index=hits.index)
    hits["first_controlled"] = pd.to_datetime(applied).fillna(pd.to_datetime(hits["published"]))
    return hits.sort_values(["first_controlled", "rule_id"]).iloc[0]

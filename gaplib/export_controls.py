"""Export-control arithmetic: TPP, performance density and ECCN 3A090 classification.

The US rules for advanced computing chips (ECCN 3A090, Commerce Control List) test
two numbers: Total Processing Performance (TPP = 2 x MacTOPS x bit length, i.e. dense
operations per second in tera-ops times the operand bit length, maximised over
precisions) and performance density (PD = TPP / die area in mm^2). The October 2022
rule also tested the chip-to-chip (interconnect) bandwidth; the October 2023 rule
dropped that test and added PD and a lower notification tier (3A090.b).

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

from gaplib.guards import require_rows, source_of, tagged

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

# Chip makers whose designs count as Chinese (designer's headquarters in China).
CHINESE_DESIGNERS = frozenset({
    "Huawei", "Cambricon", "Kunlunxin Baidu", "MetaX", "Iluvatar CoreX", "Biren", "Hygon",
    "Alibaba", "Moore Threads (Tencent)", "Sunway", "National University of Defense Technology",
})

# chips_supplement.csv names -> Epoch ml_hardware names they describe. The Ascend 910
# and 910B variants are bins of one compute die each, so they share its die area.
SUPPLEMENT_TO_EPOCH: dict[str, tuple[str, ...]] = {
    "NVIDIA A100 SXM4": ("NVIDIA A100 SXM4 80 GB", "NVIDIA A100 SXM4 40 GB", "NVIDIA A100"),
    "NVIDIA A800 SXM": ("NVIDIA A800 SXM",),
    "NVIDIA H100 SXM5": ("NVIDIA H100 SXM5 80GB",),
    "NVIDIA H800 SXM5": ("NVIDIA H800 SXM5",),
    "NVIDIA H20": ("NVIDIA HGX H20",),
    "Huawei Ascend 910 (Virtuvian compute die, TSMC N7+)": (
        "Huawei Ascend 910", "Huawei Ascend 910 (320 TFLOPS)", "Huawei Ascend 910A",
        "Huawei Ascend 910A Pro", "Huawei Ascend 910A Premium"),
    "Huawei Ascend 910B (Virtuvian B compute die, SMIC N+1)": (
        "Huawei Ascend 910B", "Huawei Ascend 910B Pro", "Huawei Ascend 910B1 (v1)",
        "Huawei Ascend 910B1 (v2)", "Huawei Ascend 910B2", "Huawei Ascend 910B3", "Huawei Ascend 910B4"),
    "Huawei Ascend 910C": ("Huawei Ascend 910C",),
    "Biren BR100": ("Biren BR100",),
}
# Facts about a whole chip family (shipped in volume, foundry) apply to all its bins.
SUPPLEMENT_TO_EPOCH["Huawei Ascend 910B"] = SUPPLEMENT_TO_EPOCH["Huawei Ascend 910B (Virtuvian B compute die, SMIC N+1)"]

#: How "China's best domestic chip" is chosen: among chips the supplement records as shipped
#: in volume (``shipped_in_volume`` 1), or among every Chinese design with a datasheet TPP.
DOMESTIC_BASES: tuple[str, ...] = ("shipped", "datasheet")


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


def accelerator_table(hardware: pd.DataFrame, supplement: pd.DataFrame) -> pd.DataFrame:
    """Return one row per accelerator with the inputs the rules test.

    Columns: ``chip``, ``maker``, ``designer_country`` ("China" or "other"),
    ``release_date``, ``dense_fp16_tflops`` (tensor FP16/BF16, else plain FP16, TFLOP/s),
    ``tpp`` (Epoch's bit-OP/s / 1e12), ``die_area_mm2`` and its ``die_area_source``
    (the supplement's die-shot figure wins over Epoch's), ``performance_density``
    (TPP/mm^2, NaN without a die area), ``interconnect_gb_per_s`` (Epoch's intranode
    bandwidth, else the supplement's), ``memory_bandwidth_tb_per_s``,
    ``release_price_usd``, ``shipped_in_volume`` (True or False where the supplement records
    it, else NA: no evidence either way). Rows without a TPP are kept (their status is "unknown").
    """
    out = pd.DataFrame({
        "chip": hardware["hardware_name"],
        "maker": hardware["manufacturer"].fillna("unknown"),
        "release_date": hardware["release_date"],
        "dense_fp16_tflops": hardware["tensor_fp16_flops"].fillna(hardware["fp16_flops"]) / 1e12,
        "tpp": hardware["total_processing_performance_bitops"] / 1e12,
        "die_area_mm2": hardware["die_size_mm2"],
        "interconnect_gb_per_s": hardware["intranode_bandwidth_bytes_per_s"] / 1e9,
        "memory_bandwidth_tb_per_s": hardware["memory_bandwidth_bytes_per_s"] / 1e12,
        "release_price_usd": hardware["release_price_usd"],
    }).reset_index(drop=True)
    out["die_area_source"] = out["die_area_mm2"].notna().map({True: "Epoch", False: "missing"})
    for quantity, column in (("die_area_mm2", "die_area_mm2"), ("interconnect_gb_per_s", "interconnect_gb_per_s")):
        rows = supplement[supplement["quantity"] == quantity]
        for _, row in rows.iterrows():
            names = SUPPLEMENT_TO_EPOCH.get(row["chip"], ())
            hit = out["chip"].isin(names) & pd.notna(row["value"])
            if column == "die_area_mm2":
                out.loc[hit, column] = row["value"]
                out.loc[hit, "die_area_source"] = "supplement"
            else:
                out.loc[hit & out[column].isna(), column] = row["value"]
    out["shipped_in_volume"] = pd.array([pd.NA] * len(out), dtype="boolean")
    for _, row in supplement[supplement["quantity"] == "shipped_in_volume"].iterrows():
        if pd.isna(row["value"]) or row["value"] not in (0, 1):
            raise ValueError(f"chips_supplement: shipped_in_volume of {row['chip']!r} must be 0 or 1, got {row['value']!r}")
        out.loc[out["chip"].isin(SUPPLEMENT_TO_EPOCH.get(row["chip"], ())), "shipped_in_volume"] = bool(row["value"])
    out["designer_country"] = out["maker"].isin(CHINESE_DESIGNERS).map({True: "China", False: "other"})
    out["performance_density"] = [performance_density(t, a) for t, a in zip(out["tpp"], out["die_area_mm2"])]
    sources = dict.fromkeys([source_of(hardware, "epoch_ml_hardware"), source_of(supplement, "chips_supplement")])
    return tagged(out, source=" + ".join(sources))  # named by errors about these rows


def classify_table(chips: pd.DataFrame, rule_lines: dict[str, Thresholds]) -> pd.DataFrame:
    """Return ``chips`` classified under each rule: one row per chip and rule.

    ``rule_lines`` maps a rule label to its :class:`Thresholds`. Columns: ``chip``,
    ``maker``, ``designer_country``, ``rule``, ``tpp``, ``performance_density``,
    ``interconnect_gb_per_s``, ``shipped_in_volume`` (when ``chips`` has it), ``status``.
    """
    frames = []
    columns = ["chip", "maker", "designer_country", "tpp", "performance_density", "interconnect_gb_per_s"]
    columns += ["shipped_in_volume"] if "shipped_in_volume" in chips.columns else []
    for label, lines in rule_lines.items():
        frame = chips[columns].copy()
        frame.insert(3, "rule", label)
        frame["status"] = [classify(t, d, i, rules=lines) for t, d, i in
                           zip(frame["tpp"], frame["performance_density"], frame["interconnect_gb_per_s"])]
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


def best_tpp(classified: pd.DataFrame, *, rule: str, designer_country: str,
             statuses: tuple[str, ...] | None = None, shipped_only: bool = False) -> pd.Series:
    """Return the row with the highest TPP among chips of ``designer_country`` under ``rule``.

    ``statuses`` (optional) keeps only chips with one of those statuses, e.g.
    ("not controlled",) for the best chip that may be exported to China without a licence.
    ``shipped_only`` keeps only chips whose ``shipped_in_volume`` is True (a chip without
    that record does not count as shipped).
    Raises EmptySelectionError (a ValueError) naming the selection if no chip qualifies.
    """
    keep = (classified["rule"] == rule) & (classified["designer_country"] == designer_country)
    keep &= classified["tpp"].notna()
    if statuses is not None:
        keep &= classified["status"].isin(statuses)
    if shipped_only:
        if "shipped_in_volume" not in classified.columns:
            raise ValueError("shipped_only needs a shipped_in_volume column (accelerator_table adds it)")
        keep &= classified["shipped_in_volume"].fillna(False).astype(bool)
    rows = classified[keep]
    status = f" with status {' or '.join(repr(s) for s in statuses)}" if statuses is not None else ""
    shipped = " that shipped in volume" if shipped_only else ""
    require_rows(rows, 1, source=source_of(classified, "epoch_ml_hardware"),
                 selection=f"chip designed in {designer_country!r}{shipped} with a TPP under rule {rule!r}{status}",
                 result="the highest-TPP chip")
    return rows.loc[rows["tpp"].idxmax()]


def best_domestic(classified: pd.DataFrame, *, rule: str, basis: str = "shipped") -> pd.Series:
    """Return China's best chip under ``rule``: the highest-TPP Chinese design that shipped in
    volume (``basis`` "shipped", the default) or with any datasheet TPP (``basis`` "datasheet")."""
    if basis not in DOMESTIC_BASES:
        raise ValueError(f"unknown basis {basis!r} for China's best chip; known: {', '.join(DOMESTIC_BASES)}")
    return best_tpp(classified, rule=rule, designer_country="China", shipped_only=basis == "shipped")


def rule_timeline(rules: pd.DataFrame) -> pd.DataFrame:
    """Return the rules as a timeline: ``rule_id``, ``event`` (short name), ``event_kind``,
    ``date`` (publication or announcement), ``fr_published``, ``effective`` (when the chip
    controls applied), ``status``, ``eccn``, ``source``, ``url``, ``verified``, ``read_on``,
    sorted by date."""
    out = rules[["rule_id", "name", "event_kind", "published", "fr_published", "effective", "status", "eccn",
                 "source", "url", "verified", "read_on"]].rename(columns={"published": "date", "name": "event"}).copy()
    out["event"] = out["event"].str.split(r" \(", regex=True).str[0].str.slice(0, 90)
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


# Chips designed to sit just under a line (A800/H800 under the 2022 interconnect test;
# H20/L20 under the 2023 TPP and density lines; the RTX 4090 was caught in 2023 and
# re-cut as the 4090D, which Epoch's table does not list), with their unrestricted
# counterparts for comparison.
DESIGNED_TO_THE_LINE: tuple[str, ...] = (
    "NVIDIA A100 SXM4 80 GB", "NVIDIA A800 SXM", "NVIDIA H100 SXM5 80GB", "NVIDIA H800 SXM5",
    "NVIDIA HGX H20", "NVIDIA L20 PCle", "NVIDIA GeForce RTX 4090",
)


def assume_die_area(chips: pd.DataFrame, chip: str, die_area_mm2: float, source: str = "assumed") -> pd.DataFrame:
    """Return a copy of an :func:`accelerator_table` frame with ``chip``'s missing die area set.

    A die area already in the data is kept. ``performance_density`` is recomputed and
    ``die_area_source`` set to ``source`` for the filled row.
    """
    out = chips.copy()
    hit = (out["chip"] == chip) & out["die_area_mm2"].isna()
    out.loc[hit, "die_area_mm2"] = float(die_area_mm2)
    out.loc[hit, "die_area_source"] = source
    out.loc[hit, "performance_density"] = [performance_density(t, die_area_mm2) for t in out.loc[hit, "tpp"]]
    return out


def status_by_rule(classified: pd.DataFrame, chips: tuple[str, ...] | list[str]) -> pd.DataFrame:
    """Return one row per named chip (in the order given) with its inputs and one status column per rule.

    Columns: ``chip``, ``tpp``, ``performance_density``, ``interconnect_gb_per_s``, then
    one column per rule label holding that rule's status. Chips absent from
    ``classified`` are left out.
    """
    rows = classified[classified["chip"].isin(chips)].drop_duplicates(["chip", "rule"])
    wide = rows.pivot(index="chip", columns="rule", values="status")
    inputs = rows.drop_duplicates("chip").set_index("chip")[["tpp", "performance_density", "interconnect_gb_per_s"]]
    order = [c for c in chips if c in wide.index]
    out = inputs.join(wide).loc[order].reset_index()
    out.columns.name = None
    return out


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

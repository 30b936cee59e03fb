"""Accelerators under the export controls: the chip table the rules test, and who has the best chip.

Joins Epoch's hardware table with the project's chip supplement (die areas, interconnect,
shipped in volume), classifies every chip under each rule of :mod:`gaplib.geopolitics.export_rules`
and picks the best Chinese and exportable chips. TPP is dimensionless ("bit-TOPS"),
performance density TPP/mm^2.
"""

from __future__ import annotations

import math

import pandas as pd

from gaplib.geopolitics.export_rules import Thresholds, classify, performance_density
from gaplib.guards import require_rows, source_of, tagged

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

# The inputs each official rule tests, as (column of classify_table, name in reasons). A chip
# missing one the outcome depends on is "unknown" under that rule, here and on the Replications page.
RULE_INPUTS: dict[str, tuple[tuple[str, str], ...]] = {
    "2022-10": (("tpp", "TPP"), ("interconnect_gb_per_s", "interconnect bandwidth")),
    "2023-10": (("tpp", "TPP"), ("performance_density", "die area (performance density)")),
}


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


def missing_inputs(row: pd.Series | None, rule: str) -> str:
    """Return what the book lacks to classify ``row`` (a :func:`classify_table` row) under ``rule``, "; "-joined.

    "chip not in Epoch's ML Hardware table" for a chip the book has no row for; raises
    ValueError for a rule not in :data:`RULE_INPUTS`.
    """
    if rule not in RULE_INPUTS:
        raise ValueError(f"rule {rule!r} is not one of {', '.join(RULE_INPUTS)}")
    if row is None:
        return "chip not in Epoch's ML Hardware table"
    return "; ".join(name for column, name in RULE_INPUTS[rule] if pd.isna(row[column]))


def classify_with_what_if(chips: pd.DataFrame, official: dict[str, Thresholds], what_if: Thresholds,
                          assumed_die_areas_mm2: dict[str, float]) -> pd.DataFrame:
    """Return :func:`classify_table` rows under the official rules, then under the what-if rule (label "what-if").

    The official rules classify the data as they are: a chip whose die area is not public is
    "unknown" wherever density decides, as on the Replications page. Only the what-if fills the
    die areas in ``assumed_die_areas_mm2`` (chip -> mm^2, a reader's assumption), so an
    assumption never changes an official status.
    """
    assumed = chips
    for chip, area in assumed_die_areas_mm2.items():
        assumed = assume_die_area(assumed, chip, area, source="assumed (parameter)")
    return pd.concat([classify_table(chips, official), classify_table(assumed, {"what-if": what_if})],
                     ignore_index=True)


def density_catch_area_mm2(tpp: float, lines: Thresholds) -> float:
    """Return the largest die area (mm^2) at which a chip of ``tpp`` is controlled on density under ``lines``.

    The lowest density line that controls a chip of that TPP (3A090.a with density, or either
    3A090.b route, which still needs a licence or a notification for China) gives the area:
    ``tpp`` over that line. NaN when no density route applies (the 2022 rule, or a TPP outside
    every density band).
    """
    routes = [(lines.tpp_a_with_density, math.inf, lines.density_a),
              (lines.tpp_b_with_density, lines.tpp_a, lines.density_b),
              (lines.tpp_b, lines.tpp_a, lines.density_b_min)]
    dens = [d for low, high, d in routes if d > 0 and low <= tpp < high]  # NaN lines fail both tests
    return tpp / min(dens) if dens else math.nan

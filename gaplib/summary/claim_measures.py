"""Quantities the claims ledger needs that no chapter publishes, computed from the registered data.

Pure functions over the tidy frames of ``gaplib.data``:

- **Chip class** (:func:`chip_classes`): a chip is *H100-class* when its dense 16-bit
  throughput (tensor FP16/BF16, else plain FP16) is at least ``h100_class_fraction`` of the
  H100 SXM's (989.5 TFLOP/s). The H800 (an H100 with less interconnect) is H100-class; the
  A100, A800 and Ascend 910B are not.
- **Training hardware by country** (:func:`training_hardware_generation`): of the
  large-scale models published since a date whose training hardware Epoch names, the share
  trained on H100-class chips (a model counts when its best named chip is H100-class).
  :func:`share_difference` gives the US-minus-China difference in percentage points with a
  95% Newcombe (Wilson score) interval.
- **Cluster chips** (:func:`cluster_generation`): the share of each country's documented
  cluster compute (H100e) whose primary chip is H100-class, and how many clusters name a chip.
- **Node lag** (:func:`node_lag`): the process node of one group's newest designs against the
  year another group's designs first reached that node, in years.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from gaplib.hardware.chips import H100_DENSE_FP16_TFLOPS

#: The confidence level of the intervals below, percent, and its normal quantile.
INTERVAL_PCT = 95.0
Z_95 = 1.959963984540054


def chip_classes(hardware: pd.DataFrame, h100_class_fraction: float) -> pd.Series:
    """Return {chip name: True if H100-class} for the chips of Epoch's ML hardware table with a 16-bit figure."""
    if not 0 < h100_class_fraction <= 2:
        raise ValueError(f"h100_class_fraction must be in (0, 2], got {h100_class_fraction}")
    tflops = hardware["tensor_fp16_flops"].fillna(hardware["fp16_flops"]) / 1e12
    frame = pd.DataFrame({"chip": hardware["hardware_name"], "tflops": tflops}).dropna()
    return frame.set_index("chip")["tflops"] >= h100_class_fraction * H100_DENSE_FP16_TFLOPS


def _best_class(cell: object, classes: pd.Series) -> float:
    """1.0 if any named chip is H100-class, 0.0 if all named and known are not, NaN if none is known."""
    if not isinstance(cell, str):
        return math.nan
    known = [bool(classes[name]) for name in (p.strip() for p in cell.split(",")) if name in classes.index]
    return float(any(known)) if known else math.nan


def training_hardware_generation(models: pd.DataFrame, hardware: pd.DataFrame, *, since: str,
                                 h100_class_fraction: float, countries: tuple[str, ...] = ("US", "China")
                                 ) -> pd.DataFrame:
    """Return per country: ``models`` published since ``since``, ``models_known`` (training chip in the
    hardware table), ``h100_class`` (of those, trained on an H100-class chip) and ``share_pct``
    (NaN when no model is known). A model of several countries counts for each."""
    classes = chip_classes(hardware, h100_class_fraction)
    recent = models[models["publication_date"] >= pd.Timestamp(since)]
    rows = []
    for country in countries:
        mine = recent[recent["countries"].map(lambda c, k=country: k in c).astype(bool)]
        flags = [_best_class(cell, classes) for cell in mine["training_hardware"]]
        flags = [f for f in flags if not math.isnan(f)]
        known, h100 = len(flags), int(sum(flags))
        rows.append({"country": country, "models": len(mine), "models_known": known, "h100_class": h100,
                     "share_pct": 100.0 * h100 / known if known else math.nan})
    return pd.DataFrame(rows)


def wilson_interval(k: int, n: int, z: float = Z_95) -> tuple[float, float]:
    """Return the Wilson score interval of the proportion k/n (fractions). Raises ValueError for n = 0."""
    if n <= 0 or not 0 <= k <= n:
        raise ValueError(f"a proportion needs 0 <= k <= n and n > 0, got k={k}, n={n}")
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


def share_difference(k1: int, n1: int, k2: int, n2: int, z: float = Z_95) -> tuple[float, float, float]:
    """Return (difference, low, high) of k1/n1 - k2/n2 in percentage points, Newcombe's hybrid score interval."""
    p1, p2 = k1 / n1 if n1 else math.nan, k2 / n2 if n2 else math.nan
    l1, u1 = wilson_interval(k1, n1, z)
    l2, u2 = wilson_interval(k2, n2, z)
    diff = p1 - p2
    low = diff - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2)
    high = diff + math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)
    return 100.0 * diff, 100.0 * low, 100.0 * high


def cluster_generation(clusters: pd.DataFrame, hardware: pd.DataFrame, *, h100_class_fraction: float,
                       countries: tuple[str, ...] = ("US", "China")) -> pd.DataFrame:
    """Return per country: ``clusters``, ``clusters_named`` (primary chip named), ``h100e`` (all),
    ``h100e_named`` and ``h100e_h100_class`` (H100e whose primary chip is H100-class), and
    ``share_pct`` of the named H100e on H100-class chips (NaN when no cluster names its chip)."""
    classes = chip_classes(hardware, h100_class_fraction)
    rows = []
    for country in countries:
        mine = clusters[clusters["countries"].map(lambda c, k=country: k in c).astype(bool)]
        named = mine[mine["chip_type"].isin(classes.index)]
        h100e_named = float(named["h100_equivalents"].sum())
        top = float(named.loc[named["chip_type"].map(classes).astype(bool), "h100_equivalents"].sum())
        rows.append({"country": country, "clusters": len(mine), "clusters_named": len(named),
                     "h100e": float(mine["h100_equivalents"].sum()), "h100e_named": h100e_named,
                     "h100e_h100_class": top, "share_pct": 100.0 * top / h100e_named if h100e_named > 0 else math.nan})
    return pd.DataFrame(rows)


@dataclass(frozen=True)
class NodeLag:
    """One group's newest process node against the year a reference group first reached it."""

    year: int  # latest release year with a node among the group's designs
    node_nm: float  # the group's smallest node that year
    reference_year: int | None  # first year a reference design had a node at or below it (None: never)
    reference_node_nm: float  # the reference group's smallest node up to ``year``
    designs: int  # the group's designs with a node and a release year
    lag_years: float  # year - reference_year; 0 when the reference had not reached it by ``year``


def node_lag(hardware: pd.DataFrame, in_group: Callable[[pd.DataFrame], pd.Series],
             in_reference: Callable[[pd.DataFrame], pd.Series]) -> NodeLag:
    """Return how many years the group's newest node trails the reference group (see :class:`NodeLag`).

    ``in_group``/``in_reference`` select rows of Epoch's ML hardware table. Designs without
    a node or a release date are left out. Raises ValueError when either group has none.
    """
    dated = hardware[hardware["process_size_nm"].notna() & hardware["release_date"].notna()]
    group, reference = dated[in_group(dated)], dated[in_reference(dated)]
    if group.empty or reference.empty:
        raise ValueError("node lag needs designs with a node and a release date in both groups "
                         f"(group: {len(group)}, reference: {len(reference)})")
    year = int(group["release_date"].dt.year.max())
    node = float(group.loc[group["release_date"].dt.year == year, "process_size_nm"].min())
    reached = reference[reference["process_size_nm"] <= node]
    first = int(reached["release_date"].dt.year.min()) if not reached.empty else None
    upto = reference[reference["release_date"].dt.year <= year]
    ref_node = float(upto["process_size_nm"].min()) if not upto.empty else math.nan
    lag = float(year - first) if first is not None and first <= year else 0.0
    return NodeLag(year, node, first, ref_node, len(group), lag)


def designs_by_year(hardware: pd.DataFrame, in_group: Callable[[pd.DataFrame], pd.Series], since_year: int) -> pd.Series:
    """Return the number of the group's designs released in each year from ``since_year`` (every year, zeros kept)."""
    dated = hardware[hardware["release_date"].notna()]
    years = dated.loc[in_group(dated), "release_date"].dt.year
    last = int(dated["release_date"].dt.year.max())
    return years[years >= since_year].value_counts().reindex(range(since_year, last + 1), fill_value=0).sort_index()


def share_controlled(classified: pd.DataFrame, *, maker: str, min_tpp: float, controlled: str) -> tuple[float, int, int]:
    """Return (share in percent, controlled, chips) of ``maker``'s chips with TPP >= ``min_tpp`` whose
    status (``export_controls.classify_table`` under one rule) is ``controlled``. Raises ValueError
    when no such chip exists."""
    top = classified[(classified["maker"] == maker) & (classified["tpp"] >= min_tpp)].drop_duplicates("chip")
    if top.empty:
        raise ValueError(f"no {maker} chip with TPP >= {min_tpp:g} in the classified table")
    caught = int((top["status"] == controlled).sum())
    return 100.0 * caught / len(top), caught, len(top)

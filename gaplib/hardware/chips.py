"""Accelerator comparisons and domestic chip supply, in H100-equivalents.

An H100-equivalent (H100e) is one NVIDIA H100 SXM's dense 16-bit throughput,
989.5 TFLOP/s (facts F032), the unit of Epoch's cluster data.
"""

from __future__ import annotations

import pandas as pd

from gaplib.hardware.compute import H100_DENSE_FP16_FLOP_PER_S

H100_DENSE_FP16_TFLOPS = H100_DENSE_FP16_FLOP_PER_S / 1e12

# Flagship accelerators compared in the hardware chapter (Epoch ml_hardware names).
FLAGSHIPS: tuple[str, ...] = (
    "NVIDIA A100 SXM4 80 GB", "NVIDIA H100 SXM5 80GB", "NVIDIA H200 SXM", "NVIDIA B200",
    "NVIDIA H800 SXM5", "NVIDIA HGX H20",
    "Huawei Ascend 910", "Huawei Ascend 910B", "Huawei Ascend 910C", "Cambricon Siyuan 590",
    "Baidu Kunlun RG800", "Biren BR100",
)


def h100_equivalents(dense_fp16_tflops: float) -> float:
    """Return how many H100-equivalents one chip of ``dense_fp16_tflops`` (TFLOP/s) is."""
    return float(dense_fp16_tflops) / H100_DENSE_FP16_TFLOPS


def flagship_comparison(chips: pd.DataFrame, names: tuple[str, ...] = FLAGSHIPS) -> pd.DataFrame:
    """Return the flagship rows of an accelerator table with ratios to the H100.

    ``chips`` is ``gaplib.geopolitics.export_controls.accelerator_table``'s frame. Columns: ``chip``,
    ``maker``, ``designer_country``, ``release_date``, ``dense_fp16_tflops``,
    ``h100_equivalents`` (per chip), ``memory_bandwidth_tb_per_s``, ``release_price_usd``,
    ``tflops_per_kusd`` (dense TFLOP/s per 1,000 USD of list price, NaN without a price),
    ``shipped_in_volume`` (the chip supplement's record; NA where it has none).
    """
    rows = chips[chips["chip"].isin(names)].drop_duplicates("chip").copy()
    rows["h100_equivalents"] = rows["dense_fp16_tflops"] / H100_DENSE_FP16_TFLOPS
    rows["tflops_per_kusd"] = rows["dense_fp16_tflops"] / (rows["release_price_usd"] / 1000.0)
    order = {name: i for i, name in enumerate(names)}
    rows = rows.sort_values("chip", key=lambda s: s.map(order), ignore_index=True)
    if "shipped_in_volume" not in rows.columns:
        rows["shipped_in_volume"] = pd.array([pd.NA] * len(rows), dtype="boolean")
    return rows[["chip", "maker", "designer_country", "release_date", "dense_fp16_tflops", "h100_equivalents",
                 "memory_bandwidth_tb_per_s", "release_price_usd", "tflops_per_kusd", "shipped_in_volume"]]


def best_shipped(flagships: pd.DataFrame, designer_country: str = "China") -> pd.Series:
    """Return the flagship of ``designer_country`` with the highest dense 16-bit TFLOP/s among
    those recorded as shipped in volume (``flagship_comparison``'s frame).

    Raises EmptySelectionError (a ValueError) when no such chip has a throughput.
    """
    from gaplib.guards import require_rows, source_of

    rows = flagships[(flagships["designer_country"] == designer_country)
                     & flagships["shipped_in_volume"].fillna(False).astype(bool)
                     & flagships["dense_fp16_tflops"].notna()]
    require_rows(rows, 1, source=source_of(flagships, "epoch_ml_hardware"),
                 selection=f"flagship designed in {designer_country!r} that shipped in volume",
                 result="the best shipped chip")
    return rows.loc[rows["dense_fp16_tflops"].idxmax()]


def domestic_supply_h100e_per_year(units_per_year: float, yield_fraction: float, share_of_second_chip: float,
                                   first_chip_tflops: float, second_chip_tflops: float) -> float:
    """Return the H100-equivalents a domestic chip supply adds per year.

    ``units_per_year`` x ``yield_fraction`` working chips, a ``share_of_second_chip``
    of them of the second design (e.g. Ascend 910C), the rest of the first (910B),
    each counted at its dense 16-bit TFLOP/s over the H100's.
    """
    if units_per_year < 0:
        raise ValueError(f"units cannot be negative, got {units_per_year}")
    if not 0 <= yield_fraction <= 1 or not 0 <= share_of_second_chip <= 1:
        raise ValueError("yield and share must be fractions in [0, 1]")
    mean_tflops = (1 - share_of_second_chip) * first_chip_tflops + share_of_second_chip * second_chip_tflops
    return units_per_year * yield_fraction * h100_equivalents(mean_tflops)

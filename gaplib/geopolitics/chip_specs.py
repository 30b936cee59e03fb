"""The best-chip ratio under each of its defensible definitions (a specification curve).

China's best domestic chip (by default the Huawei Ascend 910C, the best shipped in volume) is
set against each US chip of the comparison (H100, H200, B200) on each **measure**: Total
Processing Performance (TPP, the measure of the export rules: dense 16-bit throughput times bit
length), memory bandwidth and memory capacity. Ratios are US chip over China's chip (x); above 1
the US chip leads.

The default, by a stated rule: TPP (the rules' own measure) against the best US chip documented
in operating clusters at the data's end (Epoch's cluster table), the best US chip in volume that
the data show. The chips carry no earlier value, so no specification gives a direction.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence

import pandas as pd

from gaplib.guards import require_rows, source_of
from gaplib.specs import Estimate, Spec

US_CHIPS: tuple[str, ...] = ("NVIDIA H100 SXM5 80GB", "NVIDIA H200 SXM", "NVIDIA B200")
SHORT = {"NVIDIA H100 SXM5 80GB": "H100", "NVIDIA H200 SXM": "H200", "NVIDIA B200": "B200"}
#: measure -> (column of the chip frame, why it is defensible)
MEASURES: dict[str, tuple[str, str]] = {
    "TPP": ("tpp", "the export rules' measure of compute (dense 16-bit throughput x bit length)"),
    "memory bandwidth": ("memory_bandwidth_tb_per_s", "bounds inference speed of large models, which are "
                         "limited by moving weights rather than by arithmetic"),
    "memory capacity": ("memory_gb", "bounds how large a model one chip holds, hence how many chips a model needs"),
}


def chip_measures(accelerators: pd.DataFrame, hardware: pd.DataFrame) -> pd.DataFrame:
    """Return the accelerator table (:func:`gaplib.geopolitics.export_controls.accelerator_table`) with
    ``memory_gb`` (GB, 1e9 bytes) from Epoch's ML Hardware frame added by chip name."""
    memory = hardware.set_index("hardware_name")["memory_bytes"] / 1e9
    out = accelerators.copy()
    out["memory_gb"] = out["chip"].map(memory[~memory.index.duplicated()])
    return out


def best_us_chip_in_clusters(clusters: pd.DataFrame, chips: pd.DataFrame, us_chips: Sequence[str] = US_CHIPS) -> str:
    """Return the US chip of ``us_chips`` with the highest TPP (then the latest release) that is the primary
    chip of an Existing cluster.

    Raises EmptySelectionError when no Existing cluster uses one of them."""
    used = set(clusters.loc[clusters["status"] == "Existing", "chip_type"].dropna())
    rows = chips[chips["chip"].isin([c for c in us_chips if c in used]) & chips["tpp"].notna()]
    require_rows(rows, 1, source=source_of(clusters, "epoch_gpu_clusters"),
                 selection=f"Existing cluster built on one of {', '.join(us_chips)}", result="the best US chip in volume")
    # equal TPP (the H200 has the H100's compute) goes to the later release, the chip of the data's end
    return str(rows.sort_values(["tpp", "release_date"]).iloc[-1]["chip"])


def best_chip_estimates(chips: pd.DataFrame, china_chip: str, default_us_chip: str,
                        us_chips: Sequence[str] = US_CHIPS) -> list[Estimate]:
    """Return US chip / ``china_chip`` (x) for every US chip and measure; the default is TPP against ``default_us_chip``.

    ``chips`` is :func:`chip_measures`' frame. A measure missing for either chip gives NaN.
    Raises ValueError when a chip is not in the frame or the default is not among ``us_chips``.
    """
    if default_us_chip not in us_chips:
        raise ValueError(f"the default US chip {default_us_chip!r} is not one of {', '.join(us_chips)}")
    by = chips.drop_duplicates("chip").set_index("chip")
    missing = [c for c in (china_chip, *us_chips) if c not in by.index]
    if missing:
        raise ValueError(f"{source_of(chips, 'epoch_ml_hardware')}: no chip named {', '.join(missing)}")
    out = []
    for chip in us_chips:
        for measure, (column, reason) in MEASURES.items():
            us, china = by.loc[chip, column], by.loc[china_chip, column]
            value = float(us / china) if pd.notna(us) and pd.notna(china) and china > 0 else math.nan
            spec = Spec(f"{SHORT.get(chip, chip)}, {measure}", {"US chip": SHORT.get(chip, chip), "measure": measure},
                        reason)
            out.append(Estimate(spec, value))
    default_name = f"{SHORT.get(default_us_chip, default_us_chip)}, TPP"
    return [dataclasses.replace(e, spec=dataclasses.replace(e.spec, default=True)) if e.spec.name == default_name
            else e for e in out]

"""Epoch AI's AI chip estimates (the ``epoch_ai_chip_sales_*`` sources) as two tables.

Epoch publishes one file per vendor of cumulative chips since the vendor's first estimated
quarter (NVIDIA from Q1 2022, Google TPU from Q1 2023, AMD and Amazon Trainium from
Q1 2024), each row ending at a calendar quarter's end, and one file of the NVIDIA chips
each named owner (Microsoft, Meta, Amazon, Google, Oracle, China) added per quarter. The
vendor files name their columns differently (Trainium's order and capitals differ); the
registry maps them to the same snake_case names, so :func:`vendor_totals` stacks them.
Values are Epoch's: a median and the 5th and 95th percentiles of its Monte Carlo estimate
(percentiles do not add across vendors or quarters).
"""

from __future__ import annotations

import pandas as pd

from .loaders import load

#: source id -> vendor label, in the order the table lists them
VENDOR_SOURCES = {
    "epoch_ai_chip_sales_nvidia": "NVIDIA",
    "epoch_ai_chip_sales_tpu": "Google TPU",
    "epoch_ai_chip_sales_amd": "AMD",
    "epoch_ai_chip_sales_trainium": "Amazon Trainium",
}
OWNERS_SOURCE = "epoch_ai_chip_sales_nvidia_owners"
MEASURES = ("units", "h100e", "power_mw")
ESTIMATE_COLUMNS = tuple(f"{m}_{q}" for m in MEASURES for q in ("p5", "median", "p95"))


def vendor_totals() -> pd.DataFrame:
    """Return the cumulative chips of every vendor by quarter end, one row per (vendor, quarter).

    Columns: ``vendor``, ``start_date`` (the vendor's first estimated quarter),
    ``end_date`` (the quarter's last day), ``incomplete`` (True where the vendor's fiscal
    data end before the calendar quarter does), and for units, H100-equivalents and power
    in MW the 5th percentile, median and 95th percentile (``units_p5`` ... ``power_mw_p95``;
    units and H100e as counts, power in megawatts). Sorted by vendor, then quarter.
    """
    frames = []
    for source_id, vendor in VENDOR_SOURCES.items():
        raw = load(source_id)
        part = raw[["start_date", "end_date", *ESTIMATE_COLUMNS]].copy()
        flag = raw["incomplete"] if "incomplete" in raw.columns else pd.Series(pd.NA, index=raw.index)
        part["incomplete"] = flag.notna() & (flag.astype("string").str.strip() != "")
        part.insert(0, "vendor", vendor)
        frames.append(part)
    out = pd.concat(frames, ignore_index=True)
    order = {v: i for i, v in enumerate(VENDOR_SOURCES.values())}
    out = out.sort_values(["vendor", "end_date"], key=lambda s: s.map(order) if s.name == "vendor" else s)
    return out.reset_index(drop=True)


def nvidia_owner_quarters() -> pd.DataFrame:
    """Return the NVIDIA chips each named owner added per calendar quarter.

    Columns: ``owner`` (Microsoft, Meta, Amazon, Google, Oracle, China), ``start_date`` and
    ``end_date`` of the quarter, and the 5th percentile, median and 95th percentile of
    units, H100-equivalents and total TDP in watts (``tdp_w_p5`` ... ``tdp_w_p95``).
    Everyone else (Epoch's "Other") is not in this file. Sorted by owner, then quarter.
    """
    raw = load(OWNERS_SOURCE)
    cols = ["owner", "start_date", "end_date",
            *(f"{m}_{q}" for m in ("units", "h100e", "tdp_w") for q in ("p5", "median", "p95"))]
    return raw[cols].sort_values(["owner", "end_date"]).reset_index(drop=True)

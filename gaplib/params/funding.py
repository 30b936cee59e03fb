"""Parameters of the funding chapter."""

from typing import Literal

from gaplib.params.base import ChapterParams, param


class FundingParams(ChapterParams):
    comparison_year: int = param(
        2024, ge=2015, le=2025, unit="year",
        help="year whose private AI investment the chapter compares (2025 values are projections)",
    )
    chip: Literal["H100", "H20", "Ascend 910B"] = param(
        "H100", unit="",
        help="accelerator the money buys; price and dense 16-bit throughput from Epoch's ML Hardware "
        "table (H100 $33,600 and 989 TFLOP/s, F032; H20 $12,000 and 148 TFLOP/s, F037; "
        "Ascend 910B $16,854 and 376 TFLOP/s, F038)",
    )
    compute_share: float = param(
        0.5, ge=0.05, le=1.0, unit="fraction",
        help="share of the money that goes to compute: about half of Zhipu's and MiniMax's spending "
        "went on rented compute (F062); ByteDance planned RMB 90bn of RMB 160bn capex for compute (F058)",
    )
    h100_rental_usd_per_hour: float = param(
        2.0, ge=0.5, le=10.0, unit="USD per GPU-hour",
        help="rental price of one H100-class GPU-hour; DeepSeek-V3's reported rate for H800s "
        "(F012, verified=read for the $5.6M total, the $2/hour rate itself unverified); other chips "
        "are priced in proportion to their purchase price",
    )
    utilisation: float = param(
        0.33, ge=0.05, le=0.8, unit="fraction",
        help="model-FLOP utilisation of rented accelerators: DeepSeek-V3's 3.3e24 FLOP (Epoch) over "
        "2.788M H800-hours (F011) at 989 TFLOP/s (F032) gives 0.33",
    )

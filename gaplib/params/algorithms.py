"""Parameters of the algorithms chapter."""

from typing import Literal

from gaplib.params.base import ChapterParams, param


class AlgorithmsParams(ChapterParams):
    ordered_pairs = (
        ("halving_time_low_months", "halving_time_months", "the interval's low end cannot exceed its central value"),
        ("halving_time_months", "halving_time_high_months", "the central value cannot exceed the interval's high end"),
    )

    frontier_top_k: int = param(
        5, ge=1, le=50, unit="models/year",
        help="frontier definition: the k models with most training compute per country and year",
    )
    # From 2024 the fits rest on 2.5 years of models and the US trend falls (below 1x/year),
    # for which a lag in months is undefined: 2023 is the latest start the data support.
    start_year: int = param(
        2018, ge=2010, le=2023, unit="year",
        help="first publication year used in the trend fits (Epoch: the frontier trend since 2018 fits "
        "best, fact F003); at most 2023, as later starts leave too few years for a rising trend",
    )
    model_table: Literal["combined", "notable", "large_scale"] = param(
        "combined", unit="",
        help="Epoch model table(s) the compute trend is fitted on; 'combined' is their union, one row per model",
    )
    robust_quantile: float = param(
        0.75, ge=0.0, le=0.99, unit="fraction",
        help="second frontier definition for the robustness check: models at or above this quantile of "
        "their country's trailing window",
    )
    robust_window_months: float = param(
        12.0, ge=3.0, le=48.0, unit="months", help="length of the trailing window of the second frontier definition",
    )
    bootstrap_samples: int = param(
        1000, ge=100, le=20000, unit="resamples", help="bootstrap resamples for the interval of the frontier lag",
    )
    seed: int = param(20260101, ge=0, le=2**32 - 1, unit="", help="seed of the bootstrap random generator")
    eci_chinese_models: Literal["frontier", "all"] = param(
        "frontier", unit="",
        help="Chinese models whose ECI lag is measured: 'frontier' = those that set a new Chinese record, 'all'",
    )
    arena_min_votes: int = param(
        0, ge=0, le=50000, unit="votes",
        help="leave out LMArena entries with fewer votes (0 keeps the leaderboard as published)",
    )
    halving_time_months: float = param(
        8.0, ge=1.0, le=36.0, unit="months",
        help="compute-equivalent halving time of algorithmic progress (Ho et al. 2024: 8 months, 95% CI 5-14, "
        "fact F001, verified: read)",
    )
    halving_time_low_months: float = param(
        5.0, ge=1.0, le=36.0, unit="months", help="low end of the halving-time interval (F001 95% CI)",
    )
    halving_time_high_months: float = param(
        14.0, ge=1.0, le=60.0, unit="months", help="high end of the halving-time interval (F001 95% CI)",
    )
    open_weights_from_year: int = param(
        2024, ge=2015, le=2026, unit="year",
        help="first year of the period whose open-weight share is reported (2024 on: the period of the "
        "article's 'open-source momentum'; Stanford's 2024 model counts, F020)",
    )

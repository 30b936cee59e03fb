"""Parameters of the algorithms chapter."""

from typing import Literal

from gaplib.params.base import ChapterParams, param


class AlgorithmsParams(ChapterParams):
    # The ends against each other first: a user who swaps them is told so, not that the central value is wrong.
    ordered_pairs = (
        ("halving_time_low_months", "halving_time_high_months", "the interval's low end cannot exceed its high end"),
        ("halving_time_low_months", "halving_time_months", "the interval's low end cannot exceed its central value"),
        ("halving_time_months", "halving_time_high_months", "the central value cannot exceed the interval's high end"),
    )

    frontier_top_n: int = param(
        10, ge=3, le=30, unit="models",
        help="frontier definition (Epoch AI's China trends, 2025): a model counts if it was among its country's "
        "n largest by training compute when published; Epoch uses 10; below 3 too few Chinese models remain",
    )
    # From 2024 the fits rest on two years of models; 2023 still leaves 10+ models a side for a break.
    start_year: int = param(
        2018, ge=2010, le=2023, unit="year",
        help="frontier models published after 1 January of this year enter the trend fits (Epoch: 2018, "
        "fact F003); at most 2023, as later starts leave too few models for a segmented fit",
    )
    ci_level: float = param(
        0.9, ge=0.5, le=0.99, unit="fraction",
        help="level of the percentile bootstrap intervals of the frontier trends (Epoch: 90%)",
    )
    # 5,000 resamples take about 15 s on one core; percentiles move in the second decimal beyond 1,000.
    bootstrap_samples: int = param(
        1000, ge=100, le=5000, unit="resamples",
        help="bootstrap resamples of the frontier trends (Epoch: 1,000)",
    )
    seed: int = param(20260101, ge=0, le=2**32 - 1, unit="", help="seed of the bootstrap random generator")
    frontier_top_k: int = param(
        5, ge=1, le=50, unit="models/year",
        help="robustness row: one straight line through the k models with most training compute per country and year",
    )
    model_table: Literal["combined", "notable", "large_scale"] = param(
        "combined", unit="",
        help="Epoch model table(s) of the single-line robustness rows; 'combined' is their union, one row per "
        "model (the headline needs the notable table's base-model and domain columns)",
    )
    robust_quantile: float = param(
        0.75, ge=0.0, le=0.99, unit="fraction",
        help="robustness row: models at or above this quantile of their country's trailing window",
    )
    robust_window_months: float = param(
        12.0, ge=3.0, le=48.0, unit="months", help="length of the trailing window of that robustness row",
    )
    eci_chinese_models: Literal["frontier", "all"] = param(
        "frontier", unit="",
        help="Chinese models whose ECI lag is measured: 'frontier' = those that set a new Chinese record, 'all'",
    )
    arena_min_votes: int = param(
        0, ge=0, le=20000, unit="votes",
        help="leave out LMArena entries with fewer votes (0 keeps the leaderboard as published; above 20,000 "
        "too few open-weight models remain for every definition of the gap to have a value)",
    )
    halving_time_months: float = param(
        8.0, ge=1.0, le=36.0, unit="months", fact="F001",
        help="compute-equivalent halving time of algorithmic progress (Ho et al. 2024: 8 months, 95% CI 5-14, "
        "fact F001, verified: read)",
    )
    halving_time_low_months: float = param(
        5.0, ge=1.0, le=36.0, unit="months", fact="F001", fact_bound="low", help="low end of the halving-time interval (F001 95% CI)",
    )
    halving_time_high_months: float = param(
        14.0, ge=1.0, le=60.0, unit="months", fact="F001", fact_bound="high", help="high end of the halving-time interval (F001 95% CI)",
    )
    open_weights_from_year: int = param(
        2024, ge=2015, le=2026, unit="year",
        help="first year of the period whose open-weight share is reported (2024 on: the period of the "
        "article's 'open-source momentum'; Stanford's 2024 model counts, F020)",
    )
    model_counts_first_year: int = param(
        2022, ge=2021, le=2024, unit="year",
        help="year whose end gives the earlier US/China ratio of cumulative large-scale models (the direction of "
        "travel); 2022 is the first year-end at which both countries had several models above 1e23 FLOP (before "
        "2021 China had none, so no ratio), 2024 the last that leaves a full year before the data's end",
    )

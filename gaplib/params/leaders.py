"""Parameters of the leaders chapter."""

from typing import Literal

from gaplib.params.base import ChapterParams, param


class LeadersParams(ChapterParams):
    horizon_years: float = param(
        5.0, ge=0.5, le=30.0, unit="years",
        help="horizon over which a pooled overtaking probability is converted to an annual hazard "
        "(the stated 3-5 years, F022; the article says 'within five years')",
    )
    bound_reading: Literal["upper", "midpoint"] = param(
        "upper", unit="",
        help="how a stated range such as 'under 20%' (0-0.2, F022) becomes one probability: its upper "
        "bound or its midpoint",
    )
    frontier_top_n: int = param(
        10, ge=3, le=30, unit="models",
        help="frontier definition of the compute trends, as in the algorithms chapter (Epoch AI: rolling top 10)",
    )
    # As in the algorithms chapter: 2023 still leaves 10+ models a side for a break.
    start_year: int = param(
        2018, ge=2010, le=2023, unit="year",
        help="frontier models published after 1 January of this year (as in the algorithms chapter; F003)",
    )
    bootstrap_samples: int = param(
        1000, ge=100, le=5000, unit="resamples",
        help="bootstrap resamples of the frontier trends, whose replicates give the trend-implied probability",
    )
    frontier_seed: int = param(
        20260101, ge=0, le=2**32 - 1, unit="",
        help="seed of the frontier bootstrap (the algorithms chapter's default, so both chapters fit the same draws)",
    )
    n_simulations: int = param(
        20000, ge=1000, le=500000, unit="draws",
        help="draws of the capability-lag trend in the ECI-implied probability",
    )
    seed: int = param(20260110, ge=0, le=2**32 - 1, unit="", help="seed of the capability-lag simulation")

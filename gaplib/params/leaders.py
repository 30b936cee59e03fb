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
    frontier_top_k: int = param(
        5, ge=1, le=50, unit="models/year",
        help="frontier definition of the refitted compute trends (as in the algorithms chapter)",
    )
    # As in the algorithms chapter: from 2024 the US trend falls and the lag is undefined.
    start_year: int = param(
        2018, ge=2010, le=2023, unit="year",
        help="first year of the refitted compute trends (as in the algorithms chapter; F003); at most 2023",
    )
    n_simulations: int = param(
        20000, ge=1000, le=500000, unit="draws",
        help="draws of the fitted trend parameters in the model-implied probability",
    )
    seed: int = param(20260110, ge=0, le=2**32 - 1, unit="", help="seed of the simulation random generator")

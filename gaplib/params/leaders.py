"""Parameters of the leaders chapter."""

from gaplib.params.base import ChapterParams, param


class LeadersParams(ChapterParams):
    horizon_years: float = param(
        5.0, ge=0.5, le=30.0, unit="years",
        help="horizon over which a pooled overtaking probability is converted to an annual hazard",
    )

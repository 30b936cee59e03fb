"""Parameters of the funding chapter."""

from gaplib.params.base import ChapterParams, param


class FundingParams(ChapterParams):
    comparison_year: int = param(
        2024, ge=2015, le=2025, unit="year",
        help="year whose private AI investment the chapter compares (2025 values are projections)",
    )

"""Parameters of the algorithms chapter."""

from gaplib.params.base import ChapterParams, param


class AlgorithmsParams(ChapterParams):
    frontier_top_k: int = param(
        5, ge=1, le=50, unit="models/year",
        help="frontier definition: the k models with most training compute per country and year",
    )
    start_year: int = param(
        2018, ge=2010, le=2024, unit="year", help="first publication year used in the trend fits",
    )

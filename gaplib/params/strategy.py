"""Parameters of the strategy chapter."""

from gaplib.params.base import ChapterParams, param


class StrategyParams(ChapterParams):
    us_compute_growth_per_year: float = param(
        4.5, ge=1.0, le=20.0, unit="x/year", help="growth of the US AI compute fleet",
    )
    china_compute_growth_per_year: float = param(
        4.5, ge=1.0, le=20.0, unit="x/year", help="growth of China's AI compute fleet",
    )
    end_year: int = param(2035, ge=2026, le=2050, unit="year", help="last year of the projection")

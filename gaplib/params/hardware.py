"""Parameters of the hardware chapter."""

from gaplib.params.base import ChapterParams, param


class HardwareParams(ChapterParams):
    frontier_growth_per_year: float = param(
        4.5, ge=1.1, le=20.0, unit="x/year",
        help="growth of frontier training compute, used to turn a compute ratio into years of lag "
        "(Epoch AI: 4-5x/year, facts F003/F004)",
    )
    include_planned: bool = param(
        False, unit="", help="count clusters whose status is Planned as if they were operating",
    )

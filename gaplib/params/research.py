"""Parameters of the research-output chapter (publications and patents)."""

from gaplib.params.base import ChapterParams, param


class ResearchParams(ChapterParams):
    first_year: int = param(
        2016, ge=2015, le=2019, unit="year",
        help="first year of the comparison; the snapshot starts in 2015, CSET's April 2026 release in 2016 "
             "(OWID data page), and 2019 is the last year that leaves one year of change before the patent series ends in 2020",
    )

"""Parameters of the introduction (the gap at a glance)."""

from gaplib.params.base import ChapterParams, param


class IntroParams(ChapterParams):
    parity_ratio: float = param(
        2.0, gt=1.0, le=10.0, unit="x (US/China)",
        help="a US/China ratio at or below which the book calls a dimension near parity",
    )
    stable_change_pct: float = param(
        10.0, ge=0.0, le=100.0, unit="%",
        help="a change in a US/China ratio between two dates smaller than this counts as stable, not as a trend",
    )

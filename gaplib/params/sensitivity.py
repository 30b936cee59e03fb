"""Parameters of the sensitivity page."""

from gaplib.params.base import ChapterParams, param


class SensitivityParams(ChapterParams):
    parity_ratio: float = param(
        2.0, gt=1.0, le=10.0, unit="x (US/China)",
        help="ratio at or below which a cell of the heatmap is marked as near parity",
    )

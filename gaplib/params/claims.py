"""Parameters of the claims ledger page."""

from gaplib.params.base import ChapterParams, param


class ClaimsParams(ChapterParams):
    tolerance_pct: float = param(
        25.0, ge=0.0, le=100.0, unit="%",
        help="relative margin around a claimed point value (e.g. 'about 10x') within which evidence counts as consistent",
    )
    date_tolerance_months: float = param(
        6.0, ge=0.0, le=60.0, unit="months",
        help="largest gap between a claimed date and the book's date that still counts as consistent",
    )

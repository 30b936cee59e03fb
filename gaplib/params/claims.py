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
    stable_change_pct: float = param(
        10.0, ge=0.0, le=100.0, unit="%",
        help="a change in a US/China ratio smaller than this counts as stable when directions of the gap are compared "
             "(the introduction's default)",
    )
    generation_since_year: int = param(
        2024, ge=2018, le=2025,
        help="first publication year of the large-scale models whose training chips are compared by country "
             "(2025 is the last year the snapshot covers in full)",
    )
    h100_class_fraction: float = param(
        0.9, ge=0.5, le=0.95, unit="of the H100's dense 16-bit throughput",
        help="a chip at or above this fraction of the H100's dense 16-bit throughput counts as H100-class "
             "(0.95 keeps the H800; above 1 would exclude the H100's own listed figure)",
    )

"""Chart titles of the funding chapter, stated from the numbers the chart draws."""

from __future__ import annotations

import pandas as pd

from gaplib.guards import require_rows, source_of


def investment_title(ratios: pd.DataFrame) -> str:
    """Return the private-investment chart's title: the lowest and highest measured US/China ratio and their years.

    ``ratios`` is :func:`gaplib.funding.funding.investment_ratio`'s frame; projected years
    are left out. Raises EmptySelectionError when no year is measured.
    """
    measured = require_rows(ratios[~ratios["projected"]], 1, source=source_of(ratios, "owid_ai_private_investment"),
                            selection="measured year", result="the investment chart's title")
    low, high = measured["ratio"].min(), measured["ratio"].max()
    first, last = int(measured["year"].min()), int(measured["year"].max())
    return f"US private AI investment ran at {low:.1f} to {high:.1f} times China's in {first}-{last}"

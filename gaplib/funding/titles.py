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


def capex_title(capex: pd.DataFrame) -> str:
    """Return the capex chart's title: the US/China ratio in each year both sides name as many firms.

    ``capex`` is :func:`gaplib.funding.capex_specs.mark_compared`'s frame. One compared year gives
    "... in YEAR ...", several give the lowest and highest ratio. Raises EmptySelectionError when
    no year is compared.
    """
    compared = require_rows(capex[capex["compared"]], 2, source=source_of(capex, "funding_events"),
                            selection="capex rows of a year in which both countries name the same number of firms",
                            result="the capex chart's title")
    wide = compared.pivot_table(index=["year", "basis"], columns="country", values="capex_mid_usd")
    ratios = (wide["US"] / wide["China"]).reset_index(name="ratio")
    if len(ratios) == 1:
        row = ratios.iloc[0]
        return (f"In {int(row['year'])}, the one year both sides name as many firms, US capex was "
                f"{row['ratio']:.1f} times China's")
    years = ", ".join(str(int(y)) for y in sorted(ratios["year"].unique()))
    return (f"In the years both sides name as many firms ({years}), US capex ran at {ratios['ratio'].min():.1f} "
            f"to {ratios['ratio'].max():.1f} times China's")

"""The conventions the trend modules share: the two countries, decimal years, the 95% z.

Dates become decimal years; a model credited to several countries counts in full for
each of them (the book's joint rule).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

COUNTRIES = ("US", "China")
MODELS_SOURCE = "Epoch AI model tables"  # for frames not loaded through gaplib.data
DAYS_PER_YEAR = 365.25
Z95 = 1.959963984540054


def decimal_year(dates: pd.Series) -> pd.Series:
    """Return dates as decimal years (2024-07-02 is about 2024.5), float."""
    dates = pd.to_datetime(dates)
    start = pd.to_datetime(dates.dt.year.astype("Int64").astype(str) + "-01-01", errors="coerce")
    days = (dates - start).dt.days.astype(float)
    length = np.where(dates.dt.is_leap_year, 366.0, 365.0)
    return dates.dt.year.astype(float) + days / length


def has_country(countries: object, country: str) -> bool:
    """Return True when a model's ``countries`` tuple names ``country``."""
    return isinstance(countries, tuple) and country in countries

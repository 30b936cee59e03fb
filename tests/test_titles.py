"""The funding chart's title states the range of the ratios it draws."""

from __future__ import annotations

import pandas as pd
import pytest

from gaplib.funding.titles import investment_title
from gaplib.guards import EmptySelectionError


def test_the_title_gives_the_measured_range_and_leaves_out_projections():
    ratios = pd.DataFrame({"year": [2015, 2016, 2024, 2025], "ratio": [16.1, 4.3, 11.7, 23.3],
                           "projected": [False, False, False, True]})
    assert investment_title(ratios) == "US private AI investment ran at 4.3 to 16.1 times China's in 2015-2024"


def test_no_measured_year_is_a_clear_error():
    with pytest.raises(EmptySelectionError, match="measured year"):
        investment_title(pd.DataFrame({"year": [2025], "ratio": [23.3], "projected": [True]}))

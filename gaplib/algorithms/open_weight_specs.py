"""The open-weight gap under each of its defensible definitions (a specification curve).

Choices: the **measure** (the share of each country's notable models released with open
weights, the release practice whatever the number of models; the count of open-weight models
released, the volume that diffuses) and the **period** (every year from a first year; the
data's last full year). No published analysis sets this headline; the default is the share
since the first year, the chapter's measure, because the number of models each country
releases is its own row of the gap at a glance and a count would weigh it twice. Values are
US/China ratios (x): below 1, China releases more (or a larger share) with open weights. A
share ratio carries the interval of the two 95% Wilson intervals (low over high, high over low).
"""

from __future__ import annotations

import math

import pandas as pd

from gaplib.algorithms.open_weights import open_weight_shares
from gaplib.specs import Estimate, Spec

SHARE_REASON = "the release practice of each country's labs, whatever the number of models they release"
COUNT_REASON = "the number of open-weight models each country puts into the world"


def _ratio(us: float, china: float) -> float:
    return us / china if china > 0 else math.nan


def open_weight_estimates(models: pd.DataFrame, *, from_year: int, last_full_year: int) -> list[Estimate]:
    """Return the US/China open-weight ratio (x) under every specification, the default (shares since
    ``from_year``) first. Periods: models published from ``from_year``; models of ``last_full_year`` only."""
    out = []
    periods = {f"since {from_year}": models[models["publication_date"].dt.year >= from_year],
               f"{last_full_year} only": models[models["publication_date"].dt.year == last_full_year]}
    for period, rows in periods.items():
        shares = open_weight_shares(rows, by_year=False).set_index("country")
        us, cn = shares.loc["US"], shares.loc["China"]
        default = period.startswith("since")
        out.append(Estimate(Spec(f"Share with open weights, {period}", {"measure": "share of models", "period": period},
                                 SHARE_REASON, default),
                            _ratio(us["share_pct"], cn["share_pct"]), _ratio(us["ci_low_pct"], cn["ci_high_pct"]),
                            _ratio(us["ci_high_pct"], cn["ci_low_pct"])))
        out.append(Estimate(Spec(f"Open-weight models released, {period}", {"measure": "count of models",
                                                                            "period": period}, COUNT_REASON),
                            _ratio(float(us["n_open"]), float(cn["n_open"]))))
    return out

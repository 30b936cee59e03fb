"""Epoch AI's US-China capability lag on the Epoch Capabilities Index, reproduced (case 2.3).

Published method (Epoch AI data insight, January 2026: Chinese models have trailed the US
frontier by about 7 months on average since 2023, from 4 to 14 months): for each day,
take the ECI score of the best Chinese model released up to that day and find how long
before that day a US model first reached that score. The daily lag is averaged over
the days from 2023-01-01 to the end of the data.

Countries follow the book's rule (:func:`gaplib.data.us_china_flags`): a model credited
to both the US and China counts for both; Hong Kong is China.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from gaplib.algorithms.conventions import DAYS_PER_YEAR
from gaplib.data import us_china_flags
from gaplib.guards import require_rows, source_of, tagged

PUBLISHED_START = pd.Timestamp("2023-01-01")
DAYS_PER_MONTH = DAYS_PER_YEAR / 12.0
SOURCE = "epoch_capabilities_index"


def _record(scored: pd.DataFrame, country_index: int) -> tuple[np.ndarray, np.ndarray]:
    """Return (release dates, best score to date) of one country's models, by date."""
    mine = scored[scored["countries"].map(lambda c: us_china_flags(c)[country_index])]
    best = mine.groupby("release_date")["eci_score"].max().sort_index()
    return best.index.to_numpy(), np.maximum.accumulate(best.to_numpy()) if len(best) else np.array([])


def daily_eci_lag(eci: pd.DataFrame, start: str | pd.Timestamp = PUBLISHED_START,
                  end: str | pd.Timestamp | None = None) -> pd.DataFrame:
    """Return the US lead over the best Chinese ECI score, one row per day from ``start`` to ``end``.

    ``end`` defaults to the last release date among scored models (the end of the data).
    Columns ``date``, ``china_best_score`` (best score of a Chinese model released on
    or before the day), ``us_first_date`` (first day a US model scored at least that),
    ``lag_months`` (days between the two / 30.44; negative when the first US model to
    reach the score came after the day, i.e. China was ahead; NaN before any Chinese
    model or when no US model in the data reaches the score), ``censored`` (the US reached the score with its
    first scored model, so the lag is a lower bound). Raises EmptySelectionError if no
    model has both a score and a release date.
    """
    scored = eci.dropna(subset=["eci_score", "release_date"])
    require_rows(scored, 1, source=source_of(eci, SOURCE), selection="model with an ECI score and a release date",
                 result="the daily ECI lag")
    last = scored["release_date"].max() if end is None else pd.Timestamp(end)
    days = pd.date_range(pd.Timestamp(start), last, freq="D")
    us_dates, us_best = _record(scored, 0)
    cn_dates, cn_best = _record(scored, 1)
    # best Chinese score on each day: the record set by the last Chinese release on or before it
    cn_pos = np.searchsorted(cn_dates, days.to_numpy(), side="right") - 1
    china = np.where(cn_pos >= 0, cn_best[np.clip(cn_pos, 0, None)] if len(cn_best) else np.nan, np.nan)
    # first US release whose record reaches that score (the record is non-decreasing)
    us_pos = np.searchsorted(us_best, np.nan_to_num(china, nan=np.inf), side="left")
    reached = ~np.isnan(china) & (us_pos < len(us_best))
    first = np.full(len(days), np.datetime64("NaT"), dtype="datetime64[ns]")
    first[reached] = us_dates[us_pos[reached]]
    out = pd.DataFrame({"date": days, "china_best_score": china, "us_first_date": pd.to_datetime(first)})
    out["lag_months"] = (out["date"] - out["us_first_date"]).dt.days / DAYS_PER_MONTH
    out["censored"] = reached & (us_pos == 0)
    return tagged(out, source=source_of(eci, SOURCE),
                  selection=f"days {pd.Timestamp(start):%Y-%m-%d} to {last:%Y-%m-%d}")


@dataclass(frozen=True)
class DailyLagSummary:
    """Mean, minimum and maximum of the daily ECI lag, months, over the days where it is defined.

    ``n_days`` counts those days; ``n_undefined`` the days without a Chinese model yet or
    whose best Chinese score no US model had reached; ``n_censored`` the days whose lag
    is a lower bound (included in the mean).
    """

    mean_months: float
    min_months: float
    max_months: float
    n_days: int
    n_undefined: int
    n_censored: int
    start: pd.Timestamp
    end: pd.Timestamp

    def results(self, prefix: str = "eci_daily_lag") -> dict[str, float]:
        """Return ``<prefix>_mean_months``, ``_min_months`` and ``_max_months``."""
        return {f"{prefix}_mean_months": self.mean_months, f"{prefix}_min_months": self.min_months,
                f"{prefix}_max_months": self.max_months}


def summarise_daily_lag(daily: pd.DataFrame) -> DailyLagSummary:
    """Return the :class:`DailyLagSummary` of a :func:`daily_eci_lag` frame.

    Raises EmptySelectionError when the lag is undefined on every day.
    """
    ok = daily.dropna(subset=["lag_months"])
    require_rows(ok, 1, source=source_of(daily, SOURCE),
                 selection=f"day with a defined lag among {len(daily)} {daily.attrs.get('selection', 'days')}",
                 result="the mean ECI lag")
    lags = ok["lag_months"]
    return DailyLagSummary(float(lags.mean()), float(lags.min()), float(lags.max()), len(ok),
                           len(daily) - len(ok), int(ok["censored"].sum()),
                           pd.Timestamp(daily["date"].min()), pd.Timestamp(daily["date"].max()))


def eci_lag_as_of(eci: pd.DataFrame, as_of: str | pd.Timestamp,
                  start: str | pd.Timestamp = PUBLISHED_START) -> DailyLagSummary:
    """Return the daily-lag summary using only models released on or before ``as_of``, to that day.

    The ECI data carry no vintage, so this restricts by release date only: scores
    re-estimated after ``as_of`` keep their current values.
    """
    when = pd.Timestamp(as_of)
    known = eci[eci["release_date"] <= when]
    return summarise_daily_lag(daily_eci_lag(tagged(known, source=source_of(eci, SOURCE)), start, when))


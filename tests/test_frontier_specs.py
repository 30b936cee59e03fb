"""The frontier-lag specification curve on planted lines whose lags are known by hand."""

from __future__ import annotations

import math
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from gaplib.algorithms.frontier_specs import (BACKWARD, FORWARD, backward_lag_months, frontier_lag_estimates,
                                              same_window_fit, trend_lags_months)
from gaplib.specs import DEPENDS, glue_items
from gaplib.summary.spec_directions import headline_direction


def _planted_frontier() -> pd.DataFrame:
    """US on log10 = 25 + 0.5 (t - 2022) from 2018; China on 23 + 0.25 (t - 2022) from 2022 (alternating noise)."""
    rows = []
    for i, day in enumerate(pd.date_range("2018-01-15", "2025-12-15", freq="MS")):
        t = day.year + (day.day_of_year - 1) / (366 if day.is_leap_year else 365) - 2022
        wiggle = 0.05 if i % 2 else -0.05
        rows.append(("US", day, 25 + 0.5 * t + wiggle))
        if day >= pd.Timestamp("2022-01-01"):
            rows.append(("China", day, 23 + 0.25 * t - wiggle))
    frame = pd.DataFrame(rows, columns=["category", "publication_date", "log10_compute_flop"])
    return frame.sort_values("publication_date", kind="stable", ignore_index=True)


def _trend(gap=(1.0, 0.8, 1.2), china=(0.5, 0.25, 1.0), other=(0.25, 0.2, 0.5), growth_ci=(4.0, 6.0, 1.5, 3.0)):
    side = SimpleNamespace
    return SimpleNamespace(gap_draws_log10=np.array(gap), china_slope_draws=np.array(china),
                           other_slope_draws=np.array(other), ci_level=0.9,
                           other=side(ci_low=growth_ci[0], ci_high=growth_ci[1]),
                           china=side(ci_low=growth_ci[2], ci_high=growth_ci[3], breakpoint=pd.Timestamp("2022-01-01"),
                                      first_date=pd.Timestamp("2018-01-01")),
                           frontier=_planted_frontier())


def test_forward_divides_the_gap_by_chinas_slope_and_backward_by_the_counterparts():
    lags = trend_lags_months(_trend())
    assert lags[FORWARD][0] == pytest.approx(12 * 1.0 / 0.5)   # 24 months at China's rate
    assert lags[BACKWARD][0] == pytest.approx(12 * 1.0 / 0.25)  # 48 months back on the counterpart's line
    # the interval: the bootstrap gaps over the data's slope, as the replicated method computes its lag
    assert lags[FORWARD][1:] == pytest.approx(tuple(np.quantile(12 * np.array([1.0, 0.8, 1.2]) / 0.5, [0.05, 0.95])))
    assert lags[BACKWARD][1] == pytest.approx(np.quantile(12 * np.array([1.0, 0.8, 1.2]) / 0.25, 0.05))


def test_a_flat_slope_gives_no_lag():
    assert math.isnan(trend_lags_months(_trend(china=(0.0, 0.3, 0.2)))[FORWARD][0])
    assert math.isnan(backward_lag_months(np.array([25.0, 0.0, 23.0, 0.3]), 2025.0, 2022.0))


def test_backward_lag_on_planted_lines():
    # at 2024 the US line is at 26, China at 23.5: 2.5 orders, 5 years back at 0.5 a year
    assert backward_lag_months(np.array([25.0, 0.5, 23.0, 0.25]), 2024.0, 2022.0) == pytest.approx(60.0)


def test_the_same_window_fits_both_countries_from_chinas_break():
    fit = same_window_fit(_trend())
    assert fit.n_china == fit.n_us  # the US models before 2022 are left out
    assert math.log10(fit.growth_per_year("US")) == pytest.approx(0.5, abs=0.01)
    assert math.log10(fit.growth_per_year("China")) == pytest.approx(0.25, abs=0.01)


def test_the_default_is_epochs_forward_reading_and_directions_that_differ_are_reported():
    flat = _trend(growth_ci=(4.0, 6.0, 1.5, 3.0))  # US growth above China's: widening
    estimates = frontier_lag_estimates(flat, rest=_trend(growth_ci=(2.0, 3.0, 3.5, 5.0)))  # rest below: narrowing
    items = glue_items("frontier_lag", estimates)
    assert items["frontier_lag_default_spec"] == "Epoch's method, US, forward"
    assert items["frontier_lag_default"] == pytest.approx(24.0)
    assert items["frontier_lag_spec_count"] == 6  # two comparisons and the same-window lines, each read both ways
    direction, detail = headline_direction(estimates, stable_change_pct=10.0)
    assert direction == DEPENDS and "narrowing: Epoch's method, rest of the world, forward" in detail


def test_the_same_window_starts_on_chinas_break_inclusive_or_on_its_first_model_without_one():
    fit = same_window_fit(_trend())
    assert (fit.n_us, fit.n_china) == (48, 48)  # January 2022 to December 2025, the break's own month included
    no_break = _trend()
    no_break.china.breakpoint, no_break.china.first_date = None, pd.Timestamp("2024-01-01")
    assert same_window_fit(no_break).n_us == 24  # from China's first model instead


def test_names_choices_and_reasons_of_every_specification():
    estimates = frontier_lag_estimates(_trend(), rest=_trend(), top_n=10)
    assert [e.spec.name for e in estimates] == [
        "Epoch's method, US, forward", "Epoch's method, US, backward",
        "Epoch's method, rest of the world, forward", "Epoch's method, rest of the world, backward",
        "Epoch's rolling top 10, one line, both from China's last break, forward",
        "Epoch's rolling top 10, one line, both from China's last break, backward"]
    assert [e.spec.default for e in estimates] == [True, False, False, False, False, False]
    assert estimates[0].spec.choices == {"frontier": "Epoch's rolling top 10, segmented", "counterpart": "US",
                                         "window": "each country's last segment", "reading": FORWARD}
    assert not estimates[0].spec.reason.endswith("Epoch's own counterpart")
    assert estimates[2].spec.reason.endswith("; Epoch's own counterpart")
    assert estimates[1].spec.reason.endswith("how long ago the counterpart stood where China stands today")
    assert estimates[0].evidence == ("growth", 4.0, 6.0, 1.5, 3.0)
    # the default top_n is Epoch's 10
    assert frontier_lag_estimates(_trend())[0].spec.choices["frontier"] == "Epoch's rolling top 10, segmented"


def test_without_the_rest_of_the_world_and_with_other_frontiers():
    fit = same_window_fit(_trend())
    estimates = frontier_lag_estimates(_trend(), fits={"top 3 a year": (fit, "whole period", "a simpler frontier")})
    names = [e.spec.name for e in estimates]
    assert len(names) == 6 and not any("rest of the world" in n for n in names)
    other = {e.spec.name: e for e in estimates}["top 3 a year, whole period, backward"]
    assert other.spec.choices == {"frontier": "top 3 a year", "counterpart": "US", "window": "whole period",
                                  "reading": BACKWARD}
    # the planted lines at the last model (2025-12): US 25 + 0.5 t, China 23 + 0.25 t, t about 3.96
    t = 2025 + 334 / 365 - 2022
    assert other.value == pytest.approx(12 * (2 + 0.25 * t) / 0.5, rel=0.02)
    assert other.evidence[0] == "growth" and other.evidence[1] < other.evidence[2]

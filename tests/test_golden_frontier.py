"""Golden values of the frontier fits, computed here by statsmodels and numpy on the same small data.

The module fits one regression with a China dummy and an interaction; here the same model is
fitted in another parameterisation (an intercept and a slope per country), so the growth rates,
their 95% intervals, the bands, the residual spread and the lag are checked against numbers
that do not go through the module's transformation or its constants.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from scipy import stats

from gaplib.algorithms import frontier_fit as ff
from gaplib.guards import EmptySelectionError

Z = stats.norm.ppf(0.975)
US = [(2019.0, 22.0), (2020.5, 22.9), (2021.0, 23.1), (2022.5, 24.2), (2024.0, 25.0)]
CN = [(2020.0, 21.5), (2021.5, 22.1), (2023.0, 23.2), (2024.5, 23.8)]


def frontier(us=US, cn=CN) -> pd.DataFrame:
    rows = [("US", y, v) for y, v in us] + [("China", y, v) for y, v in cn]
    return pd.DataFrame(rows, columns=["country", "year", "log10_compute_flop"])


def separate_lines(frame: pd.DataFrame, center: float = 2022.0):
    """OLS with an intercept and a slope per country (pooled residual variance): params and covariance
    in the order (a_us, b_us, a_cn, b_cn), and the fit."""
    us = (frame["country"] == "US").to_numpy(float)
    t = frame["year"].to_numpy(float) - center
    x = np.column_stack([us, us * t, 1 - us, (1 - us) * t])
    res = sm.OLS(frame["log10_compute_flop"].to_numpy(float), x).fit()
    return np.asarray(res.params), np.asarray(res.cov_params()), res


def test_growth_and_its_interval_match_a_fit_of_one_line_per_country():
    params, cov, res = separate_lines(frontier())
    fit = ff.fit_frontier(frontier())
    assert fit.params == pytest.approx(params, rel=1e-10)
    assert fit.cov == pytest.approx(cov, rel=1e-8, abs=1e-14)
    for country, i in (("US", 1), ("China", 3)):
        se = math.sqrt(cov[i, i])
        assert fit.growth_per_year(country) == pytest.approx(10 ** params[i], rel=1e-10)
        assert fit.growth_ci(country) == pytest.approx((10 ** (params[i] - Z * se), 10 ** (params[i] + Z * se)),
                                                       rel=1e-9)
    assert fit.residual_sd == pytest.approx(math.sqrt(res.ssr / (9 - 4)), rel=1e-10)
    assert (fit.n_us, fit.n_china, fit.reference_year, fit.center_year) == (5, 4, 2024.5, 2022.0)


def test_slopes_by_hand_and_the_interaction_test():
    fit = ff.fit_frontier(frontier())
    for country, rows, i in (("US", US, 1), ("China", CN, 3)):
        years, values = np.array(rows).T
        slope = np.sum((years - years.mean()) * (values - values.mean())) / np.sum((years - years.mean()) ** 2)
        assert fit.params[i] == pytest.approx(slope, rel=1e-10)
        intercept_2022 = values.mean() + slope * (2022.0 - years.mean())
        assert fit.params[i - 1] == pytest.approx(intercept_2022, rel=1e-10)
    params, cov, res = separate_lines(frontier())
    t = (params[3] - params[1]) / math.sqrt(cov[1, 1] + cov[3, 3])  # the two slopes' estimates are independent
    assert fit.interaction_pvalue == pytest.approx(2 * stats.t.sf(abs(t), df=9 - 4), rel=1e-8)


def test_predictions_and_their_band_at_years_off_the_centre():
    params, cov, _ = separate_lines(frontier())
    fit = ff.fit_frontier(frontier())
    years = np.array([2018.0, 2022.0, 2027.5])
    lines = ff.fitted_lines(fit, years).set_index(["country", "year"])
    for country, i in (("US", 1), ("China", 3)):
        x = years - 2022.0
        mid = params[i - 1] + params[i] * x
        se = np.sqrt(cov[i - 1, i - 1] + 2 * x * cov[i - 1, i] + x ** 2 * cov[i, i])
        assert fit.predict_log10(country, years) == pytest.approx(mid, rel=1e-12)
        assert fit.predict_se(country, years) == pytest.approx(se, rel=1e-8)
        rows = lines.loc[country]
        assert rows["fit_flop"].to_numpy() == pytest.approx(10 ** mid, rel=1e-9)
        assert rows["low_flop"].to_numpy() == pytest.approx(10 ** (mid - Z * se), rel=1e-9)
        assert rows["high_flop"].to_numpy() == pytest.approx(10 ** (mid + Z * se), rel=1e-9)


def test_a_fit_centred_elsewhere_has_the_same_lines():
    fit = ff.fit_frontier(frontier(), center_year=2020.0)
    default = ff.fit_frontier(frontier())
    assert fit.params[0] == pytest.approx(default.predict_log10("US", 2020.0), rel=1e-12)
    assert fit.predict_log10("China", 2026.0) == pytest.approx(default.predict_log10("China", 2026.0), rel=1e-12)


def test_the_lag_of_lines_that_converge_by_hand():
    # US: 24 + 0.5 t, China: 22 + 0.6 t (t from 2022). At 2025 the US is at 25.5, which China
    # reaches at t = 3.5/0.6 = 5.8333 years, 2.8333 years (34 months) after 2025.
    params = np.array([24.0, 0.5, 22.0, 0.6])
    assert ff.horizontal_lag_months(params, 2025.0, 2022.0) == pytest.approx(34.0)
    assert ff.horizontal_lag_months(params, 2022.0, 2022.0) == pytest.approx(12 * 2 / 0.6)


def test_the_model_counts_decide_whether_a_fit_is_possible():
    three_each = frontier(US[:3], CN[:3])
    assert (ff.fit_frontier(three_each).n_us, ff.fit_frontier(three_each).n_china) == (3, 3)
    with pytest.raises(EmptySelectionError, match="5 US and 2 Chinese frontier models"):
        ff.fit_frontier(frontier(US, CN[:2]))
    with pytest.raises(EmptySelectionError, match="2 US and 4 Chinese frontier models"):
        ff.fit_frontier(frontier(US[:2], CN))


def test_bootstrap_replicates_equal_refits_of_resampled_models_drawn_in_the_same_order():
    """Seeded: the replicates are those of per-country resampling with replacement (US first, then China),
    each refitted here with numpy's polyfit and turned into a lag by hand."""
    frame = frontier()
    lags = ff.bootstrap_lag_months(frame, 2024.5, n_boot=50, seed=7)
    rng = np.random.default_rng(7)
    groups = [np.flatnonzero(frame["country"].to_numpy() == c) for c in ("US", "China")]
    t = frame["year"].to_numpy() - 2022.0
    y = frame["log10_compute_flop"].to_numpy()
    expected, lines = [], []
    for _ in range(50):
        picks = [rng.choice(g, size=len(g), replace=True) for g in groups]
        lines.append(all(len(set(t[p])) > 1 for p in picks))  # one year drawn only: no line to compare
        if not lines[-1]:
            expected.append(np.nan)
            continue
        (b_us, a_us), (b_cn, a_cn) = (np.polyfit(t[p], y[p], 1) for p in picks)
        at = 2024.5 - 2022.0
        expected.append(12 * ((a_us + b_us * at) - (a_cn + b_cn * at)) / b_cn if b_cn > 0 else np.nan)
    lines, expected = np.array(lines), np.array(expected)
    assert lines.sum() >= 40
    assert np.array_equal(np.isfinite(lags[lines]), np.isfinite(expected[lines]))
    finite = lines & np.isfinite(expected)
    assert lags[finite] == pytest.approx(expected[finite], rel=1e-7)
    assert len(set(np.round(lags[finite], 6))) > 10, "replicates differ from one another"

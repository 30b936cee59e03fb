"""The model-count specification curve on planted models counted by hand, and on Epoch AI's tables."""

from __future__ import annotations

import pandas as pd
import pytest

from gaplib import data
from gaplib.algorithms import model_count_specs as mcs
from gaplib.guards import EmptySelectionError
from gaplib.specs import DEPENDS, glue_items
from gaplib.summary.spec_directions import headline_direction, spec_directions


def _models(rows):
    return pd.DataFrame([{"countries": tuple(c), "publication_date": pd.Timestamp(f"{y}-06-01")} for c, y in rows])


# notable, 2025: US 6 alone + 1 joint US/China; China 2 alone + 1 joint + 1 Hong Kong alone.
# notable, 2022: US 4, China 1 (each alone). large-scale, 2025: US 2, China 4; 2022: US 1, China 4.
NOTABLE = _models([(["US"], 2025)] * 6 + [(["US", "China"], 2025)] + [(["China"], 2025)] * 2
                  + [(["Hong Kong"], 2025)] + [(["US"], 2022)] * 4 + [(["China"], 2022)]
                  + [(["US"], 2024)] * 3 + [(["China"], 2024)] * 3)
LARGE = _models([(["US"], 2025)] * 2 + [(["China"], 2025)] * 4 + [(["US"], 2022)] + [(["China"], 2022)] * 4)


def _by(estimates):
    return {(e.spec.choices["table"], e.spec.choices["period"], e.spec.choices["attribution"]): e for e in estimates}


def test_the_default_is_the_ai_index_count_and_comes_first():
    est = mcs.model_count_estimates(NOTABLE, LARGE, last_year=2025, earlier_year=2022)
    assert est[0].spec.default and est[0].spec.choices == {"table": "notable", "period": "2025",
                                                           "attribution": mcs.EACH}
    assert sum(e.spec.default for e in est) == 1 and len(est) == 18
    assert est[0].value == pytest.approx(7 / 4)  # the joint model counts for each; Hong Kong is China
    assert est[0].evidence == ("ratio_change", pytest.approx(4.0), pytest.approx(7 / 4))


def test_attribution_rules_give_their_hand_counts():
    by = _by(mcs.model_count_estimates(NOTABLE, LARGE, last_year=2025, earlier_year=2022))
    assert by[("notable", "2025", mcs.SOLE)].value == pytest.approx(6 / 3)
    assert by[("notable", "2025", mcs.FRACTIONAL)].value == pytest.approx(6.5 / 3.5)
    assert by[("notable", "2023-2025", mcs.EACH)].value == pytest.approx(10 / 7)
    assert by[("notable", "to 2025", mcs.EACH)].value == pytest.approx(14 / 8)
    # the three-year window's earlier value is 2020-2022, the cumulative one's everything to 2022
    assert by[("notable", "2023-2025", mcs.EACH)].evidence[1] == pytest.approx(4.0)
    assert by[("large-scale", "2025", mcs.EACH)].value == pytest.approx(0.5)


def test_known_range_and_a_planted_disagreement_of_direction():
    est = mcs.model_count_estimates(NOTABLE, LARGE, last_year=2025, earlier_year=2022)
    items = glue_items("model_counts", est)
    assert items["model_counts_default"] == pytest.approx(1.75)
    assert items["model_counts_spec_low"] == pytest.approx(3 / 8)  # large-scale, to 2025 (China ahead)
    assert items["model_counts_spec_high"] == pytest.approx(2.0)  # notable, 2025, only country
    assert items["model_counts_spec_count"] == 18
    directions = spec_directions(est, stable_change_pct=10.0)
    # notable: 4.0 -> 1.75, narrowing; large-scale 2025: 0.25 -> 0.5, widening
    assert directions["Notable models, 2025, each credited country"] == "narrowing"
    assert directions["Large-scale models, 2025, each credited country"] == "widening"
    assert headline_direction(est, stable_change_pct=10.0)[0] == DEPENDS


def test_a_period_without_chinese_models_has_no_value_or_no_direction():
    us_only_then = _models([(["US"], 2022), (["US"], 2025), (["China"], 2025)])
    est = _by(mcs.model_count_estimates(us_only_then, us_only_then, last_year=2025, earlier_year=2022))
    assert est[("notable", "2025", mcs.EACH)].value == 1.0 and est[("notable", "2025", mcs.EACH)].evidence == ()
    no_china = _models([(["US"], 2025), (["China"], 2020)])
    est = _by(mcs.model_count_estimates(no_china, no_china, last_year=2025, earlier_year=2022))
    assert pd.isna(est[("notable", "2025", mcs.EACH)].value)


def test_bad_input_is_refused():
    with pytest.raises(ValueError, match="must come before"):
        mcs.model_count_estimates(NOTABLE, LARGE, last_year=2025, earlier_year=2025)
    with pytest.raises(ValueError, match="attribution must be one of"):
        mcs.count_models(NOTABLE, "US", first_year=None, last_year=2025, attribution="half")
    undated = NOTABLE.assign(publication_date=pd.NaT)
    with pytest.raises(EmptySelectionError, match="no dated models"):
        mcs.model_count_estimates(undated, LARGE, last_year=2025, earlier_year=2022)


def _hand_count(models, country, first, last, sole=False):
    years = models["publication_date"].dt.year
    rows = models[(years >= first) & (years <= last)]
    names = rows["countries"].map(lambda c: {"China" if x == "Hong Kong" else x for x in c})
    mine = names.map(lambda n: country in n and (len(n) == 1 or not sole))
    return int(mine.sum())


def test_real_tables_match_a_count_made_here():
    notable, large = data.load("epoch_notable_models"), data.load("epoch_large_scale_models")
    by = _by(mcs.model_count_estimates(notable, large, last_year=2025, earlier_year=2022))
    assert by[("notable", "2025", mcs.EACH)].value == pytest.approx(
        _hand_count(notable, "US", 2025, 2025) / _hand_count(notable, "China", 2025, 2025))
    assert by[("notable", "2025", mcs.EACH)].value == pytest.approx(60 / 35)  # 2026 vintage
    assert by[("notable", "2025", mcs.SOLE)].value == pytest.approx(
        _hand_count(notable, "US", 2025, 2025, True) / _hand_count(notable, "China", 2025, 2025, True))
    assert by[("large-scale", "to 2025", mcs.EACH)].value == pytest.approx(
        _hand_count(large, "US", 1900, 2025) / _hand_count(large, "China", 1900, 2025))
    assert by[("large-scale", "2025", mcs.EACH)].value < 1 < by[("notable", "2025", mcs.EACH)].value

"""The installed-compute specification curve on planted clusters whose ratios are known by hand."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from gaplib.hardware.compute_specs import ANONYMISED, data_end, installed_compute_estimates
from gaplib.specs import Estimate, Spec, glue_items
from gaplib.summary.spec_directions import headline_direction

ROWS = [  # name, status, country, date, H100e, 16-bit FLOP/s, standard analysis, single site
    ("us-a", "Existing", "US", "2021-06-01", 100.0, 1e20, True, "Yes"),
    ("us-b", "Existing", "US", "2024-06-01", 900.0, 9e20, True, "Yes"),
    ("us-c", "Existing", "US", "2025-09-01", 1000.0, 2e21, False, "Yes"),
    ("us-planned", "Planned", "US", "2025-03-01", 5000.0, 5e21, True, "Yes"),
    (ANONYMISED, "Existing", "China", "2021-03-01", 50.0, 1e20, True, "Yes"),
    (ANONYMISED, "Existing", "China", "2024-03-01", 50.0, 1e20, True, "Yes"),
    (ANONYMISED, "Existing", "China", "2024-09-01", 100.0, 3e20, False, "No"),
]


def _clusters(rows=ROWS) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["name", "status", "country", "first_operational_date", "h100_equivalents",
                                        "ops_16bit", "include_in_standard_analysis", "single_cluster"])
    frame["countries"] = frame.pop("country").map(lambda c: (c,))
    frame["first_operational_date"] = pd.to_datetime(frame["first_operational_date"])
    return frame


def test_each_specification_gives_its_hand_computed_ratio():
    by = {e.spec.name: e for e in installed_compute_estimates(_clusters(), epoch_date="2024-12-31")}
    # Epoch's filter counts the planned US row already operational by the data's end (2025-09-01)
    assert by["Epoch's method, data's end"].value == pytest.approx((1e20 + 9e20 + 2e21 + 5e21) / 5e20)
    assert by["Epoch's method, Epoch's date"].value == pytest.approx(1e21 / 5e20)
    assert by["Existing, Epoch's standard analysis, H100e"].value == pytest.approx(1000 / 100)
    assert by["Existing, every row, H100e"].value == pytest.approx(2000 / 200)
    assert by["Existing, every row, 16-bit FLOP/s"].value == pytest.approx(3e21 / 5e20)
    assert by["Existing, every row but anonymised multi-site Chinese systems, H100e"].value == pytest.approx(20.0)
    # the year-end 2022 ratio of the standard analysis: 100 against 50
    assert by["Existing, Epoch's standard analysis, H100e"].evidence == ("ratio_change", 2.0, 10.0)


def test_the_default_is_epochs_method_and_every_definition_widens():
    estimates = installed_compute_estimates(_clusters(), epoch_date="2024-12-31")
    items = glue_items("compute_ratio", estimates)
    assert items["compute_ratio_default_spec"] == "Epoch's method, data's end"
    assert items["compute_ratio_spec_low"] == pytest.approx(2.0) and items["compute_ratio_spec_high"] == pytest.approx(20.0)
    assert headline_direction(estimates, stable_change_pct=10.0)[0] == "widening"


def test_an_extra_specification_joins_the_curve():
    supply = Estimate(Spec("supply-side", {"measure": "chips supplied"}, "a supply estimate"), 1.5)
    estimates = installed_compute_estimates(_clusters(), extra=[supply])
    assert glue_items("c", estimates)["c_spec_low"] == 1.5


def test_data_end_is_the_latest_existing_cluster():
    assert data_end(_clusters()) == pd.Timestamp("2025-09-01")
    with pytest.raises(ValueError, match="no Existing cluster"):
        data_end(_clusters().assign(status="Planned"))


def test_the_supply_side_ratio_joins_the_curve_without_a_direction():
    from gaplib.hardware.compute_specs import supply_estimate
    from gaplib.specs import spec_range

    supply = supply_estimate(19.9, 12.0, 26.7, "Q1 2026")
    assert (supply.value, supply.low, supply.high) == (19.9, 12.0, 26.7)
    assert supply.evidence == () and not supply.spec.default
    assert supply.spec.choices == {"filter": "chip supply, not clusters", "measure": "H100e", "date": "Q1 2026"}
    planted = installed_compute_estimates(_clusters())
    low, high, count = spec_range(installed_compute_estimates(_clusters(), extra=[supply]))
    assert count == spec_range(planted)[2] + 1
    assert high == max(19.9, spec_range(planted)[1]) and low == spec_range(planted)[0]


def test_ratio_of_is_nan_without_china_or_without_any_of_the_measure_and_exact_below_one():
    from gaplib.hardware.compute_specs import ratio_of

    frame = _clusters()
    assert ratio_of(frame.iloc[[0, 4]], "h100_equivalents") == pytest.approx(100 / 50)
    assert ratio_of(frame.assign(h100_equivalents=frame["h100_equivalents"] / 1000).iloc[[0, 4]],
                    "h100_equivalents") == pytest.approx(0.1 / 0.05)  # fractions of an H100e still count
    assert math.isnan(ratio_of(frame.iloc[[0, 1]], "h100_equivalents"))  # no Chinese row
    assert math.isnan(ratio_of(frame.assign(h100_equivalents=0.0), "h100_equivalents"))
    assert math.isnan(ratio_of(frame.iloc[[]], "h100_equivalents"))


def test_the_earlier_ratio_counts_a_cluster_opened_on_the_last_day_and_not_an_undated_one():
    frame = _clusters([("us", "Existing", "US", "2021-01-01", 100.0, 1e20, True, "Yes"),
                          ("us-eve", "Existing", "US", "2022-12-31", 300.0, 3e20, True, "Yes"),
                          ("us-undated", "Existing", "US", None, 7000.0, 7e21, True, "Yes"),
                          ("cn", "Existing", "China", "2021-01-01", 100.0, 1e20, True, "Yes"),
                          ("cn-new", "Existing", "China", "2023-01-01", 100.0, 1e20, True, "Yes")])
    by = {e.spec.name: e for e in installed_compute_estimates(frame, epoch_date="2023-06-30")}
    # by the end of 2022: 100 + 300 (the 31 December cluster counts) against 100; today 7,400 against 200
    assert by["Existing, Epoch's standard analysis, H100e"].evidence == ("ratio_change", 4.0, 37.0)
    assert by["Existing, every row, 16-bit FLOP/s"].evidence == pytest.approx(("ratio_change", 4.0, 37.0))
    # a later year-end moves the earlier value
    later = {e.spec.name: e for e in installed_compute_estimates(frame, before_year=2023, epoch_date="2023-06-30")}
    assert later["Existing, Epoch's standard analysis, H100e"].evidence == ("ratio_change", 2.0, 37.0)


def test_only_the_anonymised_chinese_rows_not_known_to_be_one_site_are_left_out():
    frame = _clusters([("us", "Existing", "US", "2024-01-01", 1200.0, 1.2e21, True, "Yes"),
                          (ANONYMISED, "Existing", "China", "2024-01-01", 10.0, 1e19, True, "Yes"),
                          (ANONYMISED, "Existing", "China", "2024-01-01", 20.0, 2e19, True, "No"),
                          (ANONYMISED, "Existing", "China", "2024-01-01", 40.0, 4e19, True, None),
                          ("cn-named", "Existing", "China", "2024-01-01", 50.0, 5e19, True, "No")])
    by = {e.spec.name: e for e in installed_compute_estimates(frame, epoch_date="2024-06-30")}
    # kept: the single-site anonymised row (10) and the named multi-site row (50)
    assert by["Existing, every row but anonymised multi-site Chinese systems, H100e"].value == pytest.approx(1200 / 60)
    assert by["Existing, every row, H100e"].value == pytest.approx(1200 / 120)


def test_every_specification_names_its_choices_and_its_reason():
    estimates = installed_compute_estimates(_clusters(), epoch_date="2024-12-31")
    assert [e.spec.name for e in estimates] == [
        "Epoch's method, data's end", "Epoch's method, Epoch's date",
        "Existing, Epoch's standard analysis, H100e", "Existing, Epoch's standard analysis, 16-bit FLOP/s",
        "Existing, every row, H100e", "Existing, every row, 16-bit FLOP/s",
        "Existing, every row but anonymised multi-site Chinese systems, H100e"]
    assert [e.spec.default for e in estimates] == [True] + [False] * 6
    by = {e.spec.name: e for e in estimates}
    assert by["Existing, every row, H100e"].spec.reason.endswith("; H100e is the book's unit for fleets")
    assert by["Existing, every row, 16-bit FLOP/s"].spec.reason.endswith("; Epoch's unit for shares")
    assert by["Existing, every row, 16-bit FLOP/s"].spec.choices == {
        "filter": "Existing, every row", "measure": "16-bit FLOP/s", "date": "data's end"}
    assert by["Epoch's method, Epoch's date"].spec.choices["date"] == "Epoch's date"
    # the standard analysis in 16-bit FLOP/s: us-a and us-b (1e21) against the two standard Chinese rows (2e20)
    assert by["Existing, Epoch's standard analysis, 16-bit FLOP/s"].value == pytest.approx(5.0)

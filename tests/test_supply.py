"""Supply-side compute: owners at a quarter, the rest of world, units x H100e per unit, China's components."""

import math

import pandas as pd
import pytest

from gaplib.data import load
from gaplib.guards import EmptySelectionError
from gaplib.hardware import ranged_sum as rs
from gaplib.hardware import supply

AT = pd.Timestamp("2026-03-31")


def owners_frame():
    rows = [(o, 100.0 * (i + 1), 80.0 * (i + 1), 130.0 * (i + 1)) for i, o in enumerate(supply.US_HYPERSCALERS)]
    rows.append(("China", 50.0, 40.0, 60.0))
    return pd.DataFrame([{"owner": o, "end_date": AT, "h100e_median": m, "h100e_p5": lo, "h100e_p95": hi}
                         for o, m, lo, hi in rows])


def supply_rows():
    cols = ["row_id", "component", "chip", "period", "units", "units_low", "units_high", "h100e_per_unit",
            "h100e_per_unit_low", "h100e_per_unit_high", "counted"]
    data = [("S1", "ascend_output", "910B", "2024", 200_000, None, None, 0.5, None, None, "yes"),
            ("S2", "ascend_output", "910B", "2024", 800_000, None, None, 0.5, None, None, "yes"),
            ("S3", "smuggling", "H100", "2024", 100, 100, 100, 1.0, None, None, "yes"),
            ("S4", "nvidia_legal_imports", "H20", "2024", 1_000_000, None, None, 0.15, None, None, "no"),
            ("S5", "ascend_output", "910C", "2027", 9e9, None, None, 0.8, None, None, "yes")]
    return pd.DataFrame(data, columns=cols)


def test_units_times_h100e_per_unit_from_the_spread_of_estimates():
    comps = supply.domestic_components(supply_rows(), through="2026-Q1")
    by_name = {c.name: c for c in comps}
    ascend = by_name["Ascend output, 2024"]
    # 200,000-800,000 units (median 400,000) x 0.5 H100e each
    assert (ascend.p5, ascend.median, ascend.p95) == (pytest.approx(100_000), pytest.approx(200_000),
                                                      pytest.approx(400_000))
    assert by_name["Smuggling, 2024"].median == pytest.approx(100.0)
    assert len(comps) == 2  # uncounted H20 row and the 2027 row after `through` are left out


def test_us_is_hyperscalers_plus_a_share_of_the_rest():
    rest = rs.Component("rest", 1000.0, 500.0, 2000.0, supply.EPOCH_GROUP)
    comps = supply.us_components(owners_frame(), rest, None, AT, 0.4)
    assert sum(c.median for c in comps) == pytest.approx(100 * (1 + 2 + 3 + 4 + 5) + 400)
    assert rs.interval_sum(comps)["high"] == pytest.approx(130 * 15 + 800)
    # every Epoch line shares one draw, so the Monte Carlo percentiles add
    mc = rs.monte_carlo_sum(comps, n=200_000, seed=1)
    assert mc["median"] == pytest.approx(1900.0, rel=0.02)
    with pytest.raises(ValueError, match="fraction"):
        supply.us_components(owners_frame(), rest, None, AT, 1.5)


def test_rest_of_world_is_total_less_named_owners_with_the_remainder_spread():
    total = pd.DataFrame({"end_date": [AT], "h100e_median": [3000.0], "h100e_p5": [2500.0], "h100e_p95": [3600.0]})
    other = pd.DataFrame({"end_date": [AT], "h100e_median": [400.0], "h100e_p5": [200.0], "h100e_p95": [800.0]})
    rest = supply.rest_of_world(total, owners_frame(), other, AT)
    assert rest.median == pytest.approx(3000 - 1500 - 50)
    assert (rest.p5, rest.p95) == (pytest.approx(1450 / 2), pytest.approx(1450 * 2))


def test_a_quarter_missing_from_the_data_is_named():
    with pytest.raises(EmptySelectionError, match="2027-03-31"):
        supply.owner_components(owners_frame(), pd.Timestamp("2027-03-31"))


def test_loaders_give_epoch_china_line_and_curated_rows():
    owners = load("epoch_ai_chip_sales_nvidia_owners_cumulative")
    china = supply.owner_components(owners, AT)["China"]
    # Epoch's published China line through Q1 2026 (owners_csv_export/nvidia_owners_cumulative_totals.csv)
    assert (china.median, china.p5, china.p95) == (401_698, 324_871, 496_849)
    other = load("epoch_ai_chip_sales_nvidia_other_cumulative")
    assert set(other["owner"]) == {"Other"}
    rows = load("china_chip_supply")
    assert rows["source"].str.len().min() > 0 and rows["as_of"].notna().all()
    check = supply.die_bank_check(rows)
    assert check["bank_chips_high"] == pytest.approx(1_450_000)


def _vendors():
    return pd.DataFrame({"vendor": ["Google TPU", "Google TPU", "Google TPU", "Amazon Trainium", "Other chip"],
                         "end_date": pd.to_datetime(["2025-12-31", "2026-03-31", "2026-06-30", "2025-09-30",
                                                     "2026-03-31"]),
                         "h100e_median": [10.0, 20.0, 40.0, 7.0, 99.0], "h100e_p5": [8.0, 16.0, 30.0, 5.0, 90.0],
                         "h100e_p95": [12.0, 25.0, 50.0, 9.0, 110.0]})


def test_vendors_count_their_value_at_the_quarter_or_their_last_one_before():
    rest = rs.Component("rest", 1000.0, 500.0, 2000.0, supply.EPOCH_GROUP)
    comps = supply.us_components(owners_frame(), rest, _vendors(), AT, 0.0)
    by_name = {c.name: c for c in comps}
    assert [c.name for c in comps][-2:] == ["Google TPU", "Amazon Trainium"]
    # TPU: the row ending on the quarter itself (20), not the later one; Trainium: its last row (7)
    assert (by_name["Google TPU"].median, by_name["Google TPU"].p5, by_name["Google TPU"].p95) == (20.0, 16.0, 25.0)
    assert by_name["Amazon Trainium"].median == 7.0 and by_name["Google TPU"].group == supply.EPOCH_GROUP
    assert by_name["NVIDIA: 0% of the rest of world"].median == 0.0
    early_at = pd.Timestamp("2025-06-30")
    early = supply.us_components(owners_frame().assign(end_date=early_at), rest, _vendors(), early_at, 1.0)
    assert [c.name for c in early][-1] == "NVIDIA: 100% of the rest of world"  # no vendor row yet
    assert (early[-1].median, early[-1].p5, early[-1].p95) == (1000.0, 500.0, 2000.0)
    assert len(supply.us_components(owners_frame(), rest, None, AT, 0.25)) == 6


def test_the_share_of_the_rest_is_a_fraction_and_every_hyperscaler_is_needed():
    rest = rs.Component("rest", 1000.0, 500.0, 2000.0, supply.EPOCH_GROUP)
    for bad in (-0.01, 1.01):
        with pytest.raises(ValueError, match=f"fraction in \\[0, 1\\], got {bad}"):
            supply.us_components(owners_frame(), rest, None, AT, bad)
    share = supply.us_components(owners_frame(), rest, None, AT, 0.25)[-1]
    assert (share.name, share.median, share.p5, share.p95) == ("NVIDIA: 25% of the rest of world", 250.0, 125.0, 500.0)
    no_oracle = owners_frame()[lambda f: f["owner"] != "Oracle"]
    with pytest.raises(EmptySelectionError, match=r"no row for \['Oracle'\]"):
        supply.us_components(no_oracle, rest, None, AT, 0.5)


def test_rest_of_world_must_be_above_the_named_owners():
    other = pd.DataFrame({"end_date": [AT], "h100e_median": [400.0], "h100e_p5": [200.0], "h100e_p95": [800.0]})
    named = 100 * 15 + 50
    for total_median in (named, named - 1):
        total = pd.DataFrame({"end_date": [AT], "h100e_median": [float(total_median)], "h100e_p5": [1.0],
                              "h100e_p95": [1e9]})
        with pytest.raises(EmptySelectionError, match="not above the named owners' sum"):
            supply.rest_of_world(total, owners_frame(), other, AT)
    total = pd.DataFrame({"end_date": [AT], "h100e_median": [named + 0.5], "h100e_p5": [1.0], "h100e_p95": [1e9]})
    assert supply.rest_of_world(total, owners_frame(), other, AT).median == pytest.approx(0.5)
    with pytest.raises(EmptySelectionError, match="epoch_ai_chip_sales_nvidia: no row ends on 2026-03-31"):
        supply.rest_of_world(total.assign(end_date=pd.Timestamp("2025-12-31")), owners_frame(), other, AT)


def test_china_is_epochs_line_plus_the_domestic_components_and_needs_its_line():
    comps = supply.china_components(owners_frame(), supply_rows(), AT)
    assert [c.name for c in comps] == ["NVIDIA: China", "Ascend output, 2024", "Smuggling, 2024"]
    assert comps[0].median == 50.0
    with pytest.raises(EmptySelectionError, match="no China row"):
        supply.china_components(owners_frame()[lambda f: f["owner"] != "China"], supply_rows(), AT)


def test_domestic_ranges_span_every_estimate_and_periods_sort_as_text():
    cols = ["row_id", "component", "chip", "period", "units", "units_low", "units_high", "h100e_per_unit",
            "h100e_per_unit_low", "h100e_per_unit_high", "counted"]
    rows = pd.DataFrame([
        ("A", "smuggling", "H100", "2026-Q1", 300.0, None, None, 1.0, None, None, "yes"),
        ("B", "ascend_output", "910C", "2025", 100.0, 50.0, 400.0, 0.6, 0.5, None, "yes"),
        ("C", "ascend_output", "910C", "2025", 200.0, None, 800.0, 0.8, None, 2.0, "yes"),
        ("D", "ascend_output", "910C", "2026-Q2", 1e9, None, None, 1.0, None, None, "yes")], columns=cols)
    comps = supply.domestic_components(rows, through="2026-Q1")
    assert [c.name for c in comps] == ["Ascend output, 2025", "Smuggling, 2026-Q1"]  # sorted; 2026-Q2 is later
    ascend = comps[0]
    # units 50 to 800 (every low and high, else the point value), H100e per unit 0.5 to 2.0
    units, per = rs.from_range("u", 50.0, 800.0), rs.from_range("p", 0.5, 2.0)
    assert ascend.median == pytest.approx(units.median * per.median)
    assert ascend.p95 == pytest.approx(ascend.median * math.exp(math.hypot(units.log_sd, per.log_sd) * rs.Z95))
    assert comps[1].median == pytest.approx(300.0)
    assert [c.name for c in supply.domestic_components(rows, through="2025")] == ["Ascend output, 2025"]
    with pytest.raises(EmptySelectionError, match="no counted rows up to 2024"):
        supply.domestic_components(rows, through="2024")
    no_per = rows.assign(h100e_per_unit=float("nan"), h100e_per_unit_low=float("nan"))
    with pytest.raises(EmptySelectionError, match="has no H100e per unit"):
        supply.domestic_components(no_per, through="2026-Q1")


def test_die_bank_check_sums_each_periods_lowest_and_highest_output():
    cols = ["component", "period", "units", "units_low", "units_high"]
    rows = pd.DataFrame([("ascend_output", "2024", 200.0, None, None), ("ascend_output", "2024", 500.0, None, None),
                         ("ascend_output", "2025", 700.0, None, None), ("ascend_output", "2025", 900.0, None, None),
                         ("ascend_output", "2023", 5000.0, None, None), ("smuggling", "2024", 7000.0, None, None),
                         ("die_bank", "2024", 3000.0, 2000.0, None)], columns=cols)
    check = supply.die_bank_check(rows)
    assert check == {"output_low": 900.0, "output_high": 1400.0, "bank_chips_low": 1000.0, "bank_chips_high": 1500.0}
    assert supply.die_bank_check(rows, dies_per_chip=1.0)["bank_chips_high"] == 3000.0
    ranged = rows.assign(units_high=[None] * 6 + [3600.0], units_low=None)
    assert supply.die_bank_check(ranged) == {**check, "bank_chips_low": 1500.0, "bank_chips_high": 1800.0}
    for missing in ("die_bank", "ascend_output"):
        with pytest.raises(EmptySelectionError, match="no 2024-2025 Ascend output or no die-bank row"):
            supply.die_bank_check(rows[rows["component"] != missing])

"""Supply-side compute: owners at a quarter, the rest of world, units x H100e per unit, China's components."""

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

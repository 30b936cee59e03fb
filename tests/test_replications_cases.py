"""The replication cases: verdicts and reasons from small tables whose answer is known."""

import pandas as pd
import pytest

from gaplib.replications import cases
from gaplib.replications.verdict import NOT_REPRODUCED, REPRODUCED


def _clusters(rows):
    frame = pd.DataFrame(rows, columns=["countries", "first_operational_date", "ops_16bit", "status",
                                        "include_in_standard_analysis"])
    frame["first_operational_date"] = pd.to_datetime(frame["first_operational_date"])
    frame["include_in_standard_analysis"] = frame["include_in_standard_analysis"].astype("boolean")
    return frame


def test_supercomputer_shares_reproduced_when_the_published_filter_gives_the_published_shares():
    # US 75, China 15, others 10: the published figures exactly
    clusters = _clusters([(("US",), "2024-01-01", 75.0, "Existing", True), (("China",), "2024-01-01", 15.0, "Existing", True),
                          (("France",), "2024-01-01", 10.0, "Existing", True)])
    records = {r.id: r for r in cases.supercomputer_replications(clusters)}
    assert records["epoch_us_share_pct"].verdict == REPRODUCED and records["epoch_us_share_pct"].reason is None
    assert records["epoch_china_share_pct"].reproduced == pytest.approx(15.0)


def test_a_miss_is_put_down_to_definition_when_the_book_selection_matches():
    # all rows: US 75 of 150 (50%); the book's selection (standard analysis) drops the planned French row: 75 of 100
    clusters = _clusters([(("US",), "2024-01-01", 75.0, "Existing", True), (("China",), "2024-01-01", 15.0, "Existing", True),
                          (("Japan",), "2024-01-01", 10.0, "Existing", True),
                          (("France",), "2024-01-01", 50.0, "Planned", False)])
    us = {r.id: r for r in cases.supercomputer_replications(clusters)}["epoch_us_share_pct"]
    assert us.verdict == NOT_REPRODUCED and us.reason == "definition"


def test_export_history_leaves_out_what_the_book_cannot_classify():
    comparison = pd.DataFrame({"agrees": pd.array([True, True, pd.NA], dtype="boolean"),
                               "book_controlled": ["yes", "no", "unknown"]})
    record = cases.bis_history_replication(comparison)
    assert record.reproduced == 100.0 and record.verdict == REPRODUCED and record.reason is None
    wrong = pd.DataFrame({"agrees": [True, False], "book_controlled": ["yes", "no"]})
    assert cases.bis_history_replication(wrong).reason == "definition"
    right = pd.DataFrame({"agrees": [True, True], "book_controlled": ["yes", "no"]})
    assert cases.bis_history_replication(right).verdict == REPRODUCED


def test_epoch_trend_records_take_today_and_the_snapshot():
    table = pd.DataFrame([
        {"id": "epoch_china_growth", "vintage": "today", "published": 2.93, "published_ci_low": 1.96,
         "published_ci_high": 5.54, "reproduced": 8.0, "reproduced_ci_low": 7.0, "reproduced_ci_high": 9.0,
         "verdict": NOT_REPRODUCED},
        {"id": "epoch_china_growth", "vintage": "as of 2025-01-22", "published": 2.93, "published_ci_low": 1.96,
         "published_ci_high": 5.54, "reproduced": 3.0, "reproduced_ci_low": 2.0, "reproduced_ci_high": 4.0,
         "verdict": REPRODUCED}])
    [record] = cases.epoch_trend_replications(table)
    assert record.verdict == NOT_REPRODUCED and record.reason == "vintage"
    assert record.as_of_publication == 3.0 and record.as_of_publication_verdict == REPRODUCED
    row = cases.summary([record]).iloc[0]
    assert (row["published_low"], row["reproduced_high"], row["reason"]) == (1.96, 9.0, "vintage")


def test_china_nvidia_stock_replication_adds_epoch_quarters():
    import pandas as pd
    from gaplib.replications import cases as _cases
    end = pd.to_datetime(["2022-03-31", "2022-06-30"])
    quarters = pd.DataFrame({"owner": "China", "end_date": end, "h100e_median": [10.0, 20.0],
                             "h100e_p5": [8.0, 15.0], "h100e_p95": [13.0, 26.0]})
    cumulative = pd.DataFrame({"owner": "China", "end_date": end, "h100e_median": [10.0, 30.0],
                               "h100e_p5": [8.0, 25.0], "h100e_p95": [13.0, 36.0]})
    r = _cases.china_nvidia_stock_replication(quarters, cumulative)
    assert (r.published, r.reproduced, r.reproduced_ci) == (30.0, 30.0, (23.0, 39.0))
    assert r.verdict == "reproduced"

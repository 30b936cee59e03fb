"""The summary pages (introduction, claims ledger): execution, variants, missing chapters.

Their notebook contract is checked with the chapters' in test_notebooks_clean.py.
"""

import pandas as pd
import pytest

from gaplib import data
from gaplib.engine.runner import run_chapter, run_chapters, write_upstream
from gaplib.params import CHAPTERS

HARDWARE_VARIANT = {"standard_analysis_only": False, "include_planned": True}


@pytest.fixture(scope="module")
def chapter_runs(cache_dir):
    return run_chapters({chapter: {} for chapter in CHAPTERS}, cache_dir=cache_dir)


def _ledger(runs, cache_dir, **overrides):
    upstream = write_upstream(runs, cache_dir)
    run = run_chapter("claims", overrides, cache_dir=cache_dir, upstream=upstream)
    return run, pd.read_csv(run.directory / "claims.ledger.csv").set_index("claim_id")


def test_claims_page_lists_every_claim(chapter_runs, cache_dir):
    run, ledger = _ledger(chapter_runs, cache_dir)
    curated = list(data.load("claims")["claim_id"])
    assert list(ledger.index) == curated
    text = run.notebook.read_text()
    for claim_id in curated:
        assert f"<b>{claim_id}</b>" in text, f"{claim_id} not in the executed page"
    results = run.results
    assert results["claims_total"] == len(curated)
    counts = [v for k, v in results.items()
              if k.startswith("claims_") and k != "claims_total" and not isinstance(v, str)]  # the summary sentence
    assert sum(counts) == len(curated)
    assert ledger.loc["C22", "verdict"] == "outdated or inaccurate"
    assert ledger.loc["C11", "verdict"] == "consistent"
    assert "result missing" not in set(ledger["verdict"])
    unchecked = ledger[ledger["verdict"] == "not checkable with open data"]
    assert len(unchecked) <= 4, list(unchecked.index)
    assert all("open data: " in text for text in unchecked["evidence"]), "each undecided claim says why"
    assert ledger.loc["C14", "verdict"] == "misattributed"
    assert ledger.loc["C01", "evidence_verdict"] == "not evidence: the claim's own number"
    assert ledger.loc["C10", "verdict"] in ("consistent", "too wide to decide", "overstated")  # decided by a rule
    assert ledger.loc["C26", "evidence"].startswith("gap at a glance:")
    assert "Misattributions and misdatings" in text and "claims-findings" in text
    assert results["ledger_findings"] == int(ledger["verdict"].isin(["misattributed", "outdated or inaccurate"]).sum())


def test_hardware_variant_flips_the_ten_fold_claim(chapter_runs, cache_dir):
    variant = run_chapter("hardware", HARDWARE_VARIANT, cache_dir=cache_dir)
    assert variant.results["us_china_h100e_ratio"] > 50
    _, ledger = _ledger({**chapter_runs, "hardware": variant}, cache_dir)
    assert ledger.loc["C11", "verdict"] == "understated"
    assert ledger.loc["C05", "verdict"] == "consistent"  # still within 10 to 100


def test_a_tighter_tolerance_changes_verdicts(chapter_runs, cache_dir):
    _, default = _ledger(chapter_runs, cache_dir)
    _, tight = _ledger(chapter_runs, cache_dir, tolerance_pct=1.0)
    # C09 (a point against a point) reports what Jefferies said: its verdict is the attribution's, and
    # its evidence verdict moves with the tolerance. C11's evidence is the ratio's counting range (6 to 11x).
    assert default.loc["C09", "evidence_verdict"] == "consistent" and tight.loc["C09", "evidence_verdict"] == "understated"
    assert default.loc["C09", "verdict"] == tight.loc["C09", "verdict"] == "attribution confirmed"
    # at 1% the claimed ten-fold is 9.9-10.1x, inside the counting range on both sides: too wide to decide
    assert default.loc["C11", "verdict"] == "consistent" and tight.loc["C11", "verdict"] == "too wide to decide"


def test_a_missing_chapter_gives_result_missing_rows(chapter_runs, cache_dir):
    runs = {name: run for name, run in chapter_runs.items() if name != "hardware"}
    _, ledger = _ledger(runs, cache_dir)
    assert len(ledger) == len(data.load("claims"))
    assert ledger.loc["C12", "verdict"] == "result missing"  # an assertion whose result only hardware publishes
    assert "hardware" in ledger.loc["C12", "evidence"]
    assert ledger.loc["C04", "evidence_verdict"] == "result missing"  # an attribution keeps its own verdict
    assert ledger.loc["C04", "verdict"] == "attribution not found"

    upstream = write_upstream(runs, cache_dir)
    intro = run_chapter("intro", cache_dir=cache_dir, upstream=upstream)
    summary = pd.read_csv(intro.directory / "intro.summary.csv").set_index("slug")
    assert summary.loc["compute", "direction"] == "result missing"
    assert "missing from this build" in intro.results["gap_answer"]


def test_intro_page_answers_from_the_results(chapter_runs, cache_dir):
    upstream = write_upstream(chapter_runs, cache_dir)
    run = run_chapter("intro", cache_dir=cache_dir, upstream=upstream)
    results = run.results
    hardware = chapter_runs["hardware"].results
    assert results["compute_ratio"] == pytest.approx(hardware["compute_ratio_default"])
    assert isinstance(results["gap_answer"], str) and results["gap_answer"]
    text = run.notebook.read_text()
    assert 'href=\\"chapters/hardware.html\\"' in text or 'href="chapters/hardware.html"' in text


REPLICATION_IDS = ("epoch_china_growth", "epoch_nonchina_growth", "epoch_lag_years", "epoch_us_share_pct",
                   "epoch_china_share_pct", "epoch_eci_lag_months", "bis_history_agreement_pct")


def test_replications_page_publishes_every_case_with_a_verdict(chapter_runs, cache_dir):
    upstream = write_upstream(chapter_runs, cache_dir)
    results = run_chapter("replications", cache_dir=cache_dir, upstream=upstream).results
    for case in REPLICATION_IDS:
        for part in ("published", "reproduced", "verdict"):
            assert f"replication_{case}_{part}" in results, (case, part)
        if results[f"replication_{case}_verdict"] == "not reproduced":
            assert results[f"replication_{case}_reason"] in ("vintage", "coverage", "definition")
    assert results["replication_epoch_china_growth_published"] == 2.93
    assert results["replication_epoch_china_growth_verdict"] == "reproduced"
    assert 0 < results["bis_history_agreement_pct"] <= 100
    fewer = run_chapter("replications", {"bootstrap_samples": 300}, cache_dir=cache_dir, upstream=upstream).results
    assert fewer["replication_epoch_china_growth_reproduced"] == results["replication_epoch_china_growth_reproduced"]
    assert fewer["replication_epoch_china_growth_reproduced_ci_low"] != results["replication_epoch_china_growth_reproduced_ci_low"]

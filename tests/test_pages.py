"""The summary pages (introduction, claims ledger): notebook contract, execution, variants, missing chapters."""

import ast
import json

import pandas as pd
import pytest

from gaplib import data
from gaplib.params import CHAPTERS, PAGES
from gaplib.runner import chapter_notebook, run_chapter, run_chapters, write_upstream

HARDWARE_VARIANT = {"standard_analysis_only": False, "include_planned": True}


@pytest.mark.parametrize("page", list(PAGES))
def test_page_follows_the_notebook_contract(page):
    notebook = json.loads(chapter_notebook(page).read_text())
    code = [c for c in notebook["cells"] if c["cell_type"] == "code"]
    for cell in code:
        assert cell["outputs"] == [] and cell["execution_count"] is None, f"{page}: stored with outputs"
        assert "hide-input" in cell["metadata"].get("tags", []), f"{page}: code cell without hide-input"
        tree = ast.parse("".join(cell["source"]))
        assert not any(isinstance(n, ast.FunctionDef | ast.ClassDef | ast.Lambda) for n in ast.walk(tree))
    first = "".join(code[0]["source"])
    assert "parameters" in code[0]["metadata"]["tags"]
    values = {}
    for node in ast.parse(first).body:
        assert isinstance(node, ast.AnnAssign)
        values[node.target.id] = ast.literal_eval(node.value)
    for line in first.splitlines():
        assert "#" in line and "=" not in line.split("#", 1)[1], f"{page}: {line!r}"
    assert values == {name: f.default for name, f in PAGES[page].model_fields.items()}
    assert f'validate_namespace("{page}", globals())' in "".join(code[1]["source"])


@pytest.mark.parametrize("page", list(PAGES))
def test_papermill_sees_every_page_parameter(page):
    import papermill

    assert list(papermill.inspect_notebook(str(chapter_notebook(page)))) == list(PAGES[page].model_fields)


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
    counts = [v for k, v in results.items() if k.startswith("claims_") and k != "claims_total"]
    assert sum(counts) == len(curated)
    assert ledger.loc["C22", "verdict"] == "outdated or inaccurate"
    assert ledger.loc["C11", "verdict"] == "consistent"
    assert "result missing" not in set(ledger["verdict"])


def test_hardware_variant_flips_the_ten_fold_claim(chapter_runs, cache_dir):
    variant = run_chapter("hardware", HARDWARE_VARIANT, cache_dir=cache_dir)
    assert variant.results["us_china_h100e_ratio"] > 50
    _, ledger = _ledger({**chapter_runs, "hardware": variant}, cache_dir)
    assert ledger.loc["C11", "verdict"] == "understated"
    assert ledger.loc["C05", "verdict"] == "consistent"  # still within 10 to 100


def test_a_tighter_tolerance_changes_verdicts(chapter_runs, cache_dir):
    _, default = _ledger(chapter_runs, cache_dir)
    _, tight = _ledger(chapter_runs, cache_dir, tolerance_pct=1.0)
    assert default.loc["C11", "verdict"] == "consistent" and tight.loc["C11", "verdict"] == "understated"


def test_a_missing_chapter_gives_result_missing_rows(chapter_runs, cache_dir):
    runs = {name: run for name, run in chapter_runs.items() if name != "hardware"}
    _, ledger = _ledger(runs, cache_dir)
    assert len(ledger) == len(data.load("claims"))
    assert ledger.loc["C04", "verdict"] == "result missing"
    assert "hardware" in ledger.loc["C04", "evidence"]

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
    assert results["compute_ratio"] == pytest.approx(hardware["us_china_h100e_ratio"])
    assert isinstance(results["gap_answer"], str) and results["gap_answer"]
    text = run.notebook.read_text()
    assert 'href=\\"chapters/hardware.html\\"' in text or 'href="chapters/hardware.html"' in text

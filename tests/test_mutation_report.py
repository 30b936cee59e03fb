"""The mutation report counts listed equivalent mutants apart and says when the list is wrong."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench"


@pytest.fixture()
def mutation(monkeypatch):
    monkeypatch.syspath_prepend(str(BENCH))
    import mutation as module

    yield module
    sys.modules.pop("mutation", None)
    sys.modules.pop("mutants", None)


def _site(line, code, mutation_text, col=4):
    return {"file": "gaplib/x.py", "line": line, "col": col, "code": code, "mutation": mutation_text}


def test_listed_survivors_count_apart_and_wrong_or_stale_entries_are_named(mutation, monkeypatch):
    sites = [_site(3, "if a < b:", "'<' -> '<='"), _site(5, "return a + b", "'+' -> '-'"),
             _site(7, "x = max(a, b)", "max -> min")]
    monkeypatch.setattr(mutation, "current_sites", lambda relative: sites)
    result = {"module": "gaplib/x.py", "tests": ["test_x.py"], "mutants": 10, "killed": 8, "survived": 2,
              "survivors": [sites[0], sites[2]], "killed_sites": [sites[1]]}
    listed = [{"file": "gaplib/x.py", "code": "  if a < b:", "col": 4, "mutation": "'<' -> '<='", "reason": "a == b"},
              {"file": "gaplib/x.py", "code": "return a + b", "col": 4, "mutation": "'+' -> '-'", "reason": "wrong"},
              {"file": "gaplib/x.py", "code": "gone()", "col": 0, "mutation": "'not' removed", "reason": "old"},
              {"file": "gaplib/other.py", "code": "x = max(a, b)", "col": 4, "mutation": "max -> min", "reason": "-"}]
    out = mutation.classify(result, listed)
    assert [s["equivalent"] for s in out["survivors"]] == ["a == b", ""]
    assert out["equivalent"] == 1
    assert out["killed_share"] == pytest.approx(0.8) and out["killed_share_nonequivalent"] == pytest.approx(8 / 9)
    assert out["wrongly_equivalent"] == ["gaplib/x.py | return a + b | 4 | '+' -> '-'"]
    assert out["stale_equivalents"] == ["gaplib/x.py | gone() | 0 | 'not' removed"]
    text = mutation.report([out])
    assert "[equivalent: a == b]" in text and "killed by a test" in text and "matching no mutant" in text
    assert text.splitlines()[1].split()[1:7] == ["10", "8", "2", "1", "80.0%", "88.9%"]


def test_the_list_needs_a_reason_for_every_entry(mutation, tmp_path):
    path = tmp_path / "eq.toml"
    path.write_text('[[equivalent]]\nfile = "gaplib/x.py"\ncode = "a"\ncol = 0\nmutation = "m"\nreason = " "\n')
    with pytest.raises(SystemExit, match="equivalent mutant 1 lacks reason"):
        mutation.load_equivalents(path)
    assert mutation.load_equivalents(tmp_path / "absent.toml") == []


def test_every_listed_equivalent_mutant_is_a_mutant_of_its_file_today(mutation):
    for entry in mutation.load_equivalents():
        keys = {mutation._key(s["file"], s["code"], s["col"], s["mutation"])
                for s in mutation.current_sites(entry["file"])}
        assert mutation._key(entry["file"], entry["code"], entry["col"], entry["mutation"]) in keys, entry

"""The suite's own rules: every expected error names its message, examples have no deadline."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from hypothesis import settings

TESTS = Path(__file__).parent


def _raises_without_match(path: Path) -> list[int]:
    """Lines of ``path`` that call pytest.raises without ``match=``."""
    lines = []
    for node in ast.walk(ast.parse(path.read_text())):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "raises"
                and isinstance(node.func.value, ast.Name) and node.func.value.id == "pytest"
                and not any(k.arg == "match" for k in node.keywords)):
            lines.append(node.lineno)
    return lines


def test_every_expected_error_names_its_message():
    missing = {p.name: lines for p in sorted(TESTS.glob("*.py")) if (lines := _raises_without_match(p))}
    assert missing == {}


def test_the_rule_finds_a_bare_raises(tmp_path):
    sample = tmp_path / "test_sample.py"
    sample.write_text("import pytest\n\ndef test_x():\n    with pytest.raises(ValueError):\n        int('x')\n"
                      "    with pytest.raises(ValueError, match='invalid'):\n        int('x')\n")
    assert _raises_without_match(sample) == [4]


def test_hypothesis_examples_have_no_deadline_and_are_derandomized():
    assert settings.default.deadline is None and settings.default.derandomize


@pytest.mark.parametrize("marker, tests", [
    ("pdf", ["test_book.py::test_pdf_of_the_whole_book",
             "test_book.py::test_printed_book_starts_every_page_of_the_book_on_a_new_sheet",
             "test_book.py::test_printed_chinese_edition_starts_its_pages_in_chinese"]),
    ("binder", ["test_binder.py::test_a_binder_environment_runs_a_chapter_from_its_own_folder"]),
])
def test_the_slowest_printing_and_environment_tests_can_be_skipped_by_marker(marker, tests):
    for test in tests:
        file, name = test.split("::")
        [function] = [n for n in ast.parse((TESTS / file).read_text()).body
                      if isinstance(n, ast.FunctionDef) and n.name == name]
        marks = {ast.unparse(d) for d in function.decorator_list}
        assert f"pytest.mark.{marker}" in marks, test

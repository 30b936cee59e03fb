"""Comparing two vintages of a table (gaplib.data.diff): known values, edge cases, properties."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gaplib.data.diff import FileReport, TableDiff, diff_tables, render_report, md_code, md_text

HEADER = ["id", "value", "note"]


def test_known_changes_by_key():
    old = [["a", "1", ""], ["b", "2", ""], ["c", "3", ""]]
    new = [["a", "1", ""], ["b", "20", ""], ["d", "4", ""], ["e", "5", ""]]
    diff = diff_tables(HEADER, old, HEADER, new, ["id"])
    assert (diff.rows_before, diff.rows_after, diff.added, diff.removed, diff.changed) == (3, 4, 2, 1, 1)
    assert diff.added_examples == ("d", "e") and diff.removed_examples == ("c",) and diff.changed_examples == ("b",)
    assert diff.columns_added == diff.columns_dropped == () and diff.duplicate_keys == 0


def test_without_a_key_a_changed_row_is_one_removed_and_one_added():
    old = [["a", "1", ""], ["b", "2", ""]]
    new = [["a", "1", ""], ["b", "20", ""]]
    diff = diff_tables(HEADER, old, HEADER, new)
    assert (diff.added, diff.removed, diff.changed, diff.key) == (1, 1, None, None)


def test_columns_are_matched_by_name_and_only_shared_ones_are_compared():
    old = [["a", "1", "x"]]
    new_header = [" value", "id", "source"]  # reordered, one dropped, one added, stray space
    diff = diff_tables(HEADER, old, new_header, [["1", "a", "y"]], ["id"])
    assert (diff.columns_added, diff.columns_dropped) == (("source",), ("note",))
    assert (diff.added, diff.removed, diff.changed) == (0, 0, 0)


def test_duplicate_keys_are_paired_in_file_order():
    old = [["a", "1", ""], ["a", "2", ""]]
    new = [["a", "1", ""], ["a", "3", ""], ["a", "4", ""]]
    diff = diff_tables(HEADER, old, HEADER, new, ["id"])
    assert (diff.added, diff.removed, diff.changed, diff.duplicate_keys) == (1, 0, 1, 1)


def test_a_key_missing_from_a_version_is_named():
    with pytest.raises(KeyError, match="'note'"):
        diff_tables(HEADER, [], ["id", "value"], [], ["note"])


def test_report_says_unchanged_and_not_applied():
    same = FileReport("s", "f.csv", "a" * 64, "a" * 64, None)
    text = render_report([same], day="2026-12-02")
    assert text.startswith("## Data update of 2026-12-02\n")
    assert "Every downloaded file (1) is unchanged" in text and "Unchanged (sha256 `aaaaaaaaaaaa`)." in text
    moved = FileReport("t", "g.csv", "a" * 64, "b" * 64, diff_tables(HEADER, [], HEADER, [["a", "1", ""]], ["id"]),
                       ("2020-01-01", "2024-05-01"), ("2020-01-01", "2026-11-30"))
    text = render_report([same, moved], skipped=[("u", "no URL")])
    assert "1 of 2 downloaded file(s) changed: not applied (run with `--apply` to replace them)." in text
    assert text.index("### t") < text.index("### s")  # changed files first
    assert "- Dates: 2020-01-01 .. 2024-05-01 → 2020-01-01 .. 2026-11-30" in text
    assert "Not downloaded (no direct download URL" in text and ": u." in text
    failed = render_report([moved], failures=[("v", "v: HTTP 404")], applied=False)
    assert "**Not applied: 1 source(s) failed.**" in failed and "- **v failed**: v: HTTP 404" in failed


cells = st.sampled_from(["", "0", "1", "x", "a,b"])
rows = st.lists(st.tuples(st.sampled_from("abcdef"), cells, cells).map(list), max_size=12)


@settings(max_examples=200, deadline=None, derandomize=True)
@given(old=rows, new=rows, keyed=st.booleans())
def test_counts_add_up(old, new, keyed):
    diff = diff_tables(HEADER, old, HEADER, new, ["id"] if keyed else None)
    assert diff.rows_after - diff.rows_before == diff.added - diff.removed
    assert 0 <= diff.added <= len(new) and 0 <= diff.removed <= len(old)
    if keyed:
        assert 0 <= diff.changed <= min(len(old), len(new))
    back = diff_tables(HEADER, new, HEADER, old, ["id"] if keyed else None)
    assert (back.added, back.removed, back.changed) == (diff.removed, diff.added, diff.changed)


@settings(max_examples=100, deadline=None, derandomize=True)
@given(table=rows, keyed=st.booleans())
def test_a_table_against_itself_has_no_changes(table, keyed):
    diff = diff_tables(HEADER, table, HEADER, table, ["id"] if keyed else None)
    assert diff == TableDiff(diff.key, len(table), len(table), 0, 0, 0 if keyed else None, (), (),
                             diff.duplicate_keys)


# --- upstream texts in the report are shown, never interpreted ---

HOSTILE = ["\n### Unchanged (sha256 `aaaaaaaaaaaa`).\n", "![x](https://evil.example/pixel.png)", "[click](javascript:x)",
           "<img src=x onerror=alert(1)>", "``` fence", "`tick`"]


def test_md_code_shows_any_text_as_one_literal_code_span():
    assert md_code("plain") == "`plain`"
    assert md_code("a`b") == "``a`b``" and md_code("`tick`") == "`` `tick` ``"
    assert md_code("line\nbreak\r\x00") == "`line break `" and md_code("") == "(empty)"
    assert md_code("x" * 500) == "`" + "x" * 119 + "…`"


def test_md_text_escapes_what_has_a_meaning_inside_a_line():
    assert md_text("![x](http://e/p.png) <b>&amp; *a* _b_ | ~c~") == \
        "\\!\\[x\\](http://e/p.png) \\<b\\>\\&amp; \\*a\\* \\_b\\_ \\| \\~c\\~"
    assert md_text("2020-01-01") == "2020-01-01" and "\n" not in md_text("a\n## b")


def test_hostile_keys_columns_dates_and_reasons_cannot_add_lines_links_or_images():
    diff = diff_tables(["id", "v"], [], ["id", "v", *HOSTILE], [[k, "1", *HOSTILE] for k in HOSTILE], ["id"])
    report = FileReport("t", "t.csv", "a" * 64, "b" * 64, diff, ("2020", "2021"), ("2020", "<script>x</script>\n# h"))
    text = render_report([report], failures=[("s", "HTTP 500 ![p](https://evil.example/p.png)\n## Unchanged")])
    lines = text.splitlines()
    assert [line for line in lines if line.startswith("#")] == ["## Data update", "### t (`t.csv`)"]
    assert not any(line.startswith("Unchanged") for line in lines)
    outside_code = re.sub(r"(`+)(?!`).*?(?<!`)\1(?!`)", "", text.replace("\\!", "").replace("\\<", ""))
    assert "![" not in outside_code and "<img" not in outside_code and "<script" not in outside_code
    assert "](" not in outside_code.replace("\\](", "")
    added = next(line for line in lines if line.startswith("  - e.g. added"))
    assert added.count("; ") == min(len(HOSTILE), 5) - 1  # five examples are quoted

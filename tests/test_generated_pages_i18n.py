"""The generated pages (data and sources, what changed, a variant) in English and in a translation.

English must come out exactly as before the pages took a translator; a translation must
change the words and keep every number, name and escape; and the patterns a page asks
must not depend on what changed.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from gaplib.data import sources_page
from gaplib.data.registry import Column, FutureWhen, Source
from gaplib.data.summary import SourceSummary
from gaplib.engine import variants
from gaplib.engine.cache import PROJECT_DIR
from gaplib.engine.editions import chapter_record, compare, make_edition, render_changes_page
from gaplib.present.i18n import Translator

FILES = {"epoch/gpu_clusters.csv": "epoch_gpu_clusters"}

ZH = {
    "What changed since the last edition": "自上一版以来的变化",
    "{0} number moved in {1} chapter.": "{1} 章中有 {0} 个数字变动。",
    "Why: {causes}.": "原因：{causes}。",
    "{a}; {b}": "{a}；{b}",
    "parameter {name} changed from {old} to {new}": "参数 {name} 由 {old} 改为 {new}",
    "code changed: {path}": "代码变更：{path}",
    "data file of source {source} changed (new fingerprint)": "来源 {source} 的数据文件已变更（新指纹）",
    "result": "结果", "change": "变化", "change (%)": "变化（%）",
    "Hardware": "硬件",
    "This variant against the published book": "此变体与已出版之书的对照",
    "Owner: {owner}": "所有者：{owner}",
    "Licence: {licence}": "许可：{licence}",
    "Rows: {0}": "行数：{0}",
    "Retrieved: {date} (no date in the file may be later, except {columns})":
        "获取日期：{date}（文件中的日期均不晚于此日，{columns} 除外）",
    "{column} where {condition} is {values}": "{condition} 为 {values} 的 {column}",
    "{a}, {b}": "{a}、{b}",
}


def chapter_results(ratio=11.4, parameters=None, modules=("compute.py",), data_sha="aaa"):
    """Return a results.json of the chapter "hardware" with the given values and inputs."""
    return {"chapter": "hardware", "parameters": parameters or {"growth": 4.5},
            "data": {"/x/epoch/gpu_clusters.csv": data_sha},
            "modules": {str(PROJECT_DIR / "gaplib" / m): "m1" for m in modules},
            "ratio": ratio, "trend": "widening", "count": 1036}


def edition(name="e1", recorded="2026-12-01", notebook="nb1", **values):
    return make_edition(name, recorded, {"hardware": chapter_record(chapter_results(**values), FILES, notebook)})


def changes_with_every_cause(growth=5.0, module="funding.py", notebook="nb2"):
    now = edition("now", "", notebook=notebook, ratio=9.0, parameters={"growth": growth},
                  modules=("compute.py", module), data_sha="bbb")
    return compare(edition(), now)


ENGLISH_CHANGES = """\
# What changed since the last edition

This build is compared with the edition **e1**, recorded on 2026-12-01: every number the chapters publish, \
read from each chapter's `results.json`, against the same number in the edition. Where a number moved, the \
chapter's recorded inputs say why: its parameters, the fingerprints of the data files it read, and the \
fingerprints of its notebook and the gaplib modules it imported.

**1 number moved in 1 chapter.**

## Hardware

Why: parameter growth changed from 4.5 to 5.0; data file of source epoch_gpu_clusters changed (new \
fingerprint); code changed: `gaplib/funding.py`; code changed: `notebook`.

| result | edition | this build | change | change (%) |
|---|---:|---:|---:|---:|
| `ratio` | 11.4 | 9 | -2.4 | -21.1 |
"""


def test_english_changes_page_is_unchanged():
    changes = changes_with_every_cause()
    assert render_changes_page(edition(), changes) == ENGLISH_CHANGES
    assert render_changes_page(edition(), changes, Translator("en")) == ENGLISH_CHANGES


def test_english_variant_page_is_unchanged():
    params = [("hardware", "growth", 4.5, 5.0)]
    page = variants.render_variant_page(params, changes_with_every_cause())
    assert page == variants.render_variant_page(params, changes_with_every_cause(), Translator("en"))
    assert page.startswith("# This variant against the published book\n\nThis book was built with parameters")
    assert "## Parameters that differ\n\n| chapter | parameter | published | this variant |\n" in page
    assert "| hardware | `growth` | `4.5` | `5.0` |" in page
    assert "| result | published | this variant | change | change (%) |" in page
    assert "**No parameter differs from the published book.**" in variants.render_variant_page([], [])
    assert "**Nothing moved.** Every published number is as in the published book." in \
        variants.render_variant_page([], [])


def test_chinese_changes_page_translates_words_and_keeps_numbers():
    tr = Translator("zh_CN", ZH)
    page = render_changes_page(edition(), changes_with_every_cause(), tr)
    assert page.startswith("# 自上一版以来的变化\n")
    assert "**1 章中有 1 个数字变动。**" in page
    assert "## 硬件" in page
    assert ("原因：参数 growth 由 4.5 改为 5.0；来源 epoch_gpu_clusters 的数据文件已变更（新指纹）；"
            "代码变更：`gaplib/funding.py`；代码变更：`notebook`。") in page
    assert "| 结果 | edition | this build | 变化 | 变化（%） |" in page  # untranslated headers fall back to English
    assert "| `ratio` | 11.4 | 9 | -2.4 | -21.1 |" in page
    assert "edition" in tr.missing
    assert "This build is compared with" in page  # a missing pattern is shown in English


def test_changes_page_patterns_do_not_depend_on_what_changed():
    first, second = Translator("zh_CN", {}), Translator("zh_CN", {})
    render_changes_page(edition(), changes_with_every_cause(), first)
    render_changes_page(edition("e2", "2027-03-04"),
                        changes_with_every_cause(growth=7.25, module="scenarios.py", notebook="nb3"), second)
    assert set(first.asked) == set(second.asked)
    assert "parameter {name} changed from {old} to {new}" in first.asked
    assert "code changed: {path}" in first.asked and "{a}; {b}" in first.asked
    assert not [p for p in first.asked if "growth" in p or "funding" in p or "notebook`" in p]


def test_variant_page_asks_its_words_and_keeps_values():
    tr = Translator("zh_CN", ZH)
    page = variants.render_variant_page([("hardware", "growth", 4.5, 5.0)], changes_with_every_cause(), tr)
    assert page.startswith("# 此变体与已出版之书的对照\n")
    assert "| hardware | `growth` | `4.5` | `5.0` |" in page
    assert {"chapter", "parameter", "published", "this variant", "Parameters that differ"} <= set(tr.asked)


def fake_source(owner="Epoch *AI* | team"):
    """Return a registered third-party source whose planned rows may be dated after the retrieval."""
    planned = FutureWhen(column="status", values=("Planned", "Q_3"))
    columns = (Column(name="Date", as_="date", type="date", future_when=planned),
               Column(name="Status", as_="status", type="str"))
    return Source(id="clusters", title="GPU clusters", owner=owner, url="https://epoch.ai/data", licence="CC BY 4.0",
                  citation="Epoch AI (2025)", file="epoch/gpu_clusters.csv", kind="third_party", rows=(1, 9),
                  columns=columns, date_column="date")


@pytest.fixture
def one_source(monkeypatch):
    """The sources page with one fake source, so it renders without the data files."""
    monkeypatch.setattr(sources_page, "sources", lambda: [fake_source()])
    monkeypatch.setattr(sources_page, "read_manifest", lambda: {"epoch/gpu_clusters.csv": {}})
    monkeypatch.setattr(sources_page, "retrieval_date", lambda sid, row: dt.date(2025, 12, 14))
    summary = SourceSummary("clusters", Path("x"), 1036, "2019-01-02", "2026-07-15", "ab" * 32)
    monkeypatch.setattr(sources_page, "describe", lambda sid: summary)


def test_english_sources_page_lines_are_unchanged(one_source):
    page = sources_page.render_sources_page()
    assert page == sources_page.render_sources_page(Translator("en"))
    assert "\n".join([
        "### GPU clusters", "",
        r"- Owner: Epoch \*AI\* \| team",
        "- Licence: CC BY 4.0",
        "- Citation: Epoch AI (2025)",
        "- Upstream: <https://epoch.ai/data>",
        "- File used: `epoch/gpu_clusters.csv`",
        r"- Retrieved: 2025-12-14 (no date in the file may be later, except `date` where `status` is Planned, Q\_3)",
        "- Rows: 1,036",
        "- Date range (date): 2019-01-02 .. 2026-07-15",
        "- SHA-256 fingerprint: `abababababababab`",
    ]) in page
    assert page.startswith("# Data and sources\n\nEvery number in this book is computed from the files listed")
    assert "as a snapshot (`data/upstream/`). Each file was copied byte for byte from a public git repository" in page
    assert "otherwise a third-party mirror" in page and "repository's `data/` folder" in page


def test_sources_page_says_whether_a_copy_is_the_owners_or_a_mirrors():
    from gaplib import data
    from gaplib.present.i18n import english

    commit = "d1b1bc311479ed385befa400e94533afc8b59fb7"
    own = sources_page._origin_line(data.source("epoch_ai_chip_sales_nvidia"),
                                    f"epoch-research/ai-chip-counts @ {commit}", english)
    assert own == ("Copy in the snapshot taken from: the owner's own repository `epoch-research/ai-chip-counts` at "
                   f"commit `{commit}` (<https://github.com/epoch-research/ai-chip-counts/tree/{commit}>)")
    mirror = sources_page._origin_line(data.source("epoch_gpu_clusters"), "sr3-k/data @ d62de22b", english)
    assert mirror.endswith("a third-party mirror, `sr3-k/data` at commit `d62de22b` (<https://github.com/sr3-k/data>), "
                           "not from the owner's site")
    stacked = sources_page._origin_line(data.source("lmarena_text_snapshots"),
                                        f"a/b @ 44db9588 + c/d @ {commit} (versions stacked: DERIVED)", english)
    assert "derived by this book" in stacked and f"`a/b` at commit `44db9588`; `c/d` at commit `{commit}`" in stacked
    assert sources_page._origin_line(data.source("epoch_gpu_clusters"), "upstream download: https://x", english) == (
        "Copy in the snapshot taken from: upstream download: https://x")


def test_chinese_sources_page_keeps_numbers_names_and_escapes(one_source):
    tr = Translator("zh_CN", ZH)
    page = sources_page.render_sources_page(tr)
    assert r"- 所有者：Epoch \*AI\* \| team" in page  # the owner is data, escaped as in English
    assert "- 许可：CC BY 4.0" in page and "- 行数：1,036" in page
    assert r"- 获取日期：2025 年 12 月 14 日（文件中的日期均不晚于此日，`status` 为 Planned、Q\_3 的 `date` 除外）" in page
    assert "- Citation: Epoch AI (2025)" in page  # missing: English, still correct markup
    assert "### GPU clusters" in page  # dataset titles are proper names
    registry = ("GPU clusters", "gpu_clusters", "team", "2025", "1,036", "Planned")
    assert not [p for p in tr.asked if any(value in p for value in registry)]


def write_catalog(path: Path, entries: dict[str, str]) -> Path:
    """Write a gettext catalog of ``entries`` at ``path``; return the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    body = "".join(f'\nmsgid "{k}"\nmsgstr "{v}"\n' for k, v in entries.items())
    path.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n' + body, encoding="utf-8")
    return path


def test_sources_page_is_cached_per_language_and_catalog(one_source, monkeypatch, tmp_path):
    from gaplib.engine.build_pages import sources_page as build_sources_page
    from gaplib.present import i18n

    catalog = write_catalog(tmp_path / "zh_CN.po", {"Data and sources": "数据与来源"})
    monkeypatch.setattr(i18n, "catalog_path", lambda language, *args, **kwargs: catalog)
    english = build_sources_page(tmp_path / "cache")
    assert english.startswith("# Data and sources\n")
    assert build_sources_page(tmp_path / "cache", "zh_CN").startswith("# 数据与来源\n")
    # another file, so that the translator's catalog cache (keyed by path and time) reads it
    revised = write_catalog(tmp_path / "zh_CN-revised.po", {"Data and sources": "数据和来源"})
    monkeypatch.setattr(i18n, "catalog_path", lambda language, *args, **kwargs: revised)
    assert build_sources_page(tmp_path / "cache", "zh_CN").startswith("# 数据和来源\n")
    assert build_sources_page(tmp_path / "cache") == english
    assert len(list((tmp_path / "cache" / "_sources").glob("*.md"))) == 3

"""The whole book builds with warnings as errors, caches, and fails safely."""

from __future__ import annotations

import html
import json
import re
import shutil
import unicodedata

import pytest
import yaml

from gaplib.engine import runner
from gaplib.engine.book import BookBuildError, render
from gaplib.engine.build import build_book
from gaplib.engine.cache import PROJECT_DIR
from gaplib.engine.runner import ChapterFailed, run_chapter
from gaplib.params import CHAPTERS, NOTEBOOKS, PAGES
from notebook_fixtures import write_chapter_notebook

pytestmark = pytest.mark.slow


def test_every_page_is_rendered(built_book):
    report, site = built_book
    assert set(report.runs) == set(NOTEBOOKS)
    for page in ["sources", "reproduce", "bibliography", *PAGES, *(f"chapters/{c}" for c in CHAPTERS)]:
        assert (site / f"{page}.html").is_file(), page
    for chapter in NOTEBOOKS:
        results = json.loads((site / f"{chapter}.results.json").read_text())
        assert results["chapter"] == chapter


def test_pages_show_no_errors_and_hide_parameter_cells(built_book):
    _, site = built_book
    for chapter in CHAPTERS:
        html = (site / "chapters" / f"{chapter}.html").read_text()
        assert "Traceback (most recent call last)" not in html, chapter
        assert "injected-parameters" not in html, chapter
        assert 'class="pasted-text"' in html, f"{chapter}: no glued number in the prose"


def test_no_notebook_prints_warnings_or_stderr_to_its_readers(built_book):
    """A library's warning (a deprecation, a no-op call) would show on the page as a grey box."""
    report, _ = built_book
    for name, run in report.runs.items():
        notebook = json.loads(run.notebook.read_text())
        for cell in notebook["cells"]:
            for output in cell.get("outputs", []):
                assert not (output.get("output_type") == "stream" and output.get("name") == "stderr"), (
                    f"{name}: {''.join(output.get('text', ''))[:300]}")


def test_prose_numbers_come_from_results(built_book):
    report, site = built_book
    ratio = report.runs["hardware"].results["us_china_h100e_ratio"]
    assert f"{ratio:.1f}" in (site / "chapters" / "hardware.html").read_text()


def test_pages_publish_one_value_per_quantity(built_book):
    from gaplib.summary.consistency import SAME_QUANTITY, inconsistencies

    report, _ = built_book
    results = {name: run.results for name, run in report.runs.items()}
    assert inconsistencies(results) == []
    published = {(page, key) for places in SAME_QUANTITY.values() for page, key in places
                 if key in results.get(page, {})}
    assert len(published) >= 2 * len(SAME_QUANTITY) - 1  # the check compares numbers the pages really publish


def test_noop_rebuild_reuses_everything(built_book, cache_dir):
    report, site = built_book
    again = build_book(out=site, cache_dir=cache_dir, progress=False)
    assert again.executed == []
    assert again.rendered is False


def test_failed_render_leaves_the_previous_site_untouched(built_book, tmp_path):
    _, site = built_book
    out = tmp_path / "html"
    shutil.copytree(site, out)
    before = sorted(p.relative_to(out).as_posix() for p in out.rglob("*"))
    stage = site.parent / f".{site.name}-stage"
    broken = tmp_path / "stage"
    shutil.copytree(stage, broken)
    (broken / "reproduce.md").write_text("# Reproduce\n\nA link to [nowhere](no-such-page).\n")
    with pytest.raises(BookBuildError, match="previous site") as info:
        render(broken, out)
    assert "no-such-page" in str(info.value), "the failure names its cause"
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == before


def test_failing_chapter_names_itself_and_its_error(tmp_path, monkeypatch):
    path = write_chapter_notebook(tmp_path / "leaders.ipynb", "raise RuntimeError('deliberate failure for the test')")
    monkeypatch.setattr(runner, "chapter_notebook", lambda chapter: path)
    with pytest.raises(ChapterFailed, match="chapter 'leaders' failed") as info:
        run_chapter("leaders", cache_dir=tmp_path / "cache")
    assert "chapter 'leaders' failed" in str(info.value)
    assert "deliberate failure for the test" in str(info.value)
    assert not list((tmp_path / "cache" / "leaders").glob("*/leaders.results.json"))


@pytest.fixture(scope="module")
def book_pdf(built_book, tmp_path_factory):
    """The whole book printed once for this module's tests."""
    from gaplib.engine.pdf import render_pdf

    _, site = built_book
    stage = site.parent / f".{site.name}-stage"
    return render_pdf(stage, tmp_path_factory.mktemp("pdf") / "book.pdf")


@pytest.mark.pdf
def test_pdf_of_the_whole_book(book_pdf):
    data = book_pdf.read_bytes()
    assert data.startswith(b"%PDF")
    assert data.count(b"/Type /Page") + data.count(b"/Type/Page") >= 20, "the PDF should hold the whole book"


@pytest.mark.pdf
def test_printed_book_starts_every_page_of_the_book_on_a_new_sheet(built_book, book_pdf):
    """Each chapter and page of the table of contents begins a sheet of its own, in book order,
    its title the first text on that sheet; no code toggle or chart menu is printed."""
    _, site = built_book
    titles = [page_title(site / f"{name}.html") for name in toc_files()]
    sheets = printed_sheets(book_pdf)
    starts = [next((n for n, text in enumerate(sheets) if n and text.startswith(title)), None) for title in titles]
    assert None not in starts, [t for t, n in zip(titles, starts) if n is None]
    assert starts == sorted(starts) and len(set(starts)) == len(starts), list(zip(titles, starts))
    assert sheets[0].startswith("The China AI Gap Contents"), "the first sheet is the title and contents"
    printed = " ".join(sheets)
    for control in ("Show code cell source", "Hide code cell source", "Save as SVG", "View Source"):
        assert control not in printed, control


def toc_files() -> list[str]:
    """The book's pages in reading order, as listed by _toc.yml."""
    toc = yaml.safe_load((PROJECT_DIR / "_toc.yml").read_text())
    return [toc["root"], *(entry["file"] for part in toc["parts"] for entry in part["chapters"])]


def page_title(page) -> str:
    title = re.search(r"<title>(.*?)</title>", page.read_text(), flags=re.S).group(1)
    return html.unescape(title).rsplit(" \u2014 ", 1)[0].strip()


def printed_sheets(pdf, footer_pt: float = 40.0) -> list[str]:
    """Each sheet's text from the top down, without the running footer at its foot."""
    from pypdf import PdfReader

    sheets = []
    for page in PdfReader(pdf).pages:
        runs = []

        def visit(text, cm, tm, font, size, runs=runs):
            x = cm[0] * tm[4] + cm[2] * tm[5] + cm[4]
            y = cm[1] * tm[4] + cm[3] * tm[5] + cm[5]
            if y > footer_pt and text.strip():
                runs.append((-round(y), x, text))

        page.extract_text(visitor_text=visit)
        text = " ".join(text for *_, text in sorted(runs))
        sheets.append(unicodedata.normalize("NFKC", " ".join(text.split())))
    return sheets


# Radicals that the CJK font's glyph names map back to instead of the characters (NFKC keeps them).
CJK_RADICALS = str.maketrans("⻓⻚⻅⻛⻢⻔⻆⻘⻝⻬⻜⻋⻨⻩⻰⻮⻤⻄", "长页见风马门角青食齐飞车麦黄龙齿鬼西")


@pytest.mark.pdf
def test_printed_chinese_edition_starts_its_pages_in_chinese(built_book, tmp_path):
    """The Chinese edition prints too (a CJK font is installed by the setup): every page of the
    contents starts a sheet with its Chinese title, and the running title is the Chinese one."""
    from pypdf import PdfReader

    from gaplib.engine.pdf import render_pdf

    _, site = built_book
    pdf = render_pdf(site.parent / f".{site.name}-stage-zh_CN", tmp_path / "book-zh_CN.pdf")
    titles = [page_title(site / "zh_CN" / f"{name}.html") for name in toc_files()]
    assert all(re.search(r"[\u4e00-\u9fff]", title) for title in titles), titles
    sheets = printed_sheets(pdf)
    def bare(text):  # as pypdf reads CJK text back: compatibility and radical forms folded, no spaces
        return unicodedata.normalize("NFKC", text).translate(CJK_RADICALS).replace(" ", "")

    starts = [next((n for n, text in enumerate(sheets) if n and bare(text).startswith(bare(title))), None)
              for title in titles]
    assert None not in starts, [t for t, n in zip(titles, starts) if n is None]
    assert "中美人工智能差距" in unicodedata.normalize("NFKC", PdfReader(pdf).pages[1].extract_text())

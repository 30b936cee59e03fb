"""The whole book as one PDF: Jupyter Book's single-page HTML, printed by headless Chromium.

``gaplib build --pdf`` writes it beside the site (and one per edition); the browser
tests start Chromium with the same flags.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from gaplib.engine.book import BookBuildError, render
from gaplib.engine.lifecycle import die_with_parent

PDF_NAME = "china-ai-gap.pdf"
#: Headless Chromium as root on a machine with no network: no sandbox, no background traffic.
CHROMIUM_BASE_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
)
CHROMIUM_FLAGS = (
    *CHROMIUM_BASE_FLAGS, "--host-resolver-rules=MAP * ~NOTFOUND", "--virtual-time-budget=60000",
    "--no-pdf-header-footer",
)


def _tail(text: str, lines: int = 25) -> str:
    return "\n".join(text.strip().splitlines()[-lines:])


def render_pdf(stage_dir: Path, pdf_path: Path) -> Path:
    """Print the whole book to ``pdf_path`` and return it.

    Jupyter Book renders one single HTML page (warnings as errors); headless Chromium,
    with every external host unresolvable, draws its charts and prints it. The PDF is
    written beside and moved into place only when complete.
    """
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        raise BookBuildError("the PDF needs headless Chromium: install the Debian package 'chromium'")
    with tempfile.TemporaryDirectory(prefix="gaplib-pdf-") as tmp:
        single = Path(tmp) / "singlehtml"
        render(stage_dir, single, force=True, builder="singlehtml")
        partial = pdf_path.with_name(f".{pdf_path.name}.partial")
        pdf_path.parent.mkdir(parents=True, exist_ok=True)
        command = [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={tmp}/profile",
                   f"--print-to-pdf={partial}", (single / "index.html").as_uri()]
        done = subprocess.run(command, capture_output=True, text=True, check=False, timeout=600,
                              preexec_fn=die_with_parent)
        if done.returncode != 0 or not partial.is_file() or partial.stat().st_size == 0:
            partial.unlink(missing_ok=True)
            raise BookBuildError(f"chromium could not print the book (exit {done.returncode}):\n{_tail(done.stderr)}")
        os.replace(partial, pdf_path)
    return pdf_path

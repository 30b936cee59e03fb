"""make test installs Chromium and a CJK font when missing, or says in one line what to install."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from gaplib.engine.cache import PROJECT_DIR

SCRIPT = PROJECT_DIR / "scripts" / "ensure-chromium.sh"


def fake_bin(tmp_path: Path, names: dict[str, str]) -> Path:
    """A folder of stub commands (name -> shell body) plus the basics the script uses."""
    folder = tmp_path / "bin"
    folder.mkdir()
    for tool in ("sh", "id", "env", "grep"):
        (folder / tool).symlink_to(shutil.which(tool))
    for name, body in names.items():
        (folder / name).write_text(f"#!/bin/sh\n{body}\n")
        (folder / name).chmod(0o755)
    return folder


def run(folder: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(folder / "sh"), str(SCRIPT)], env={"PATH": str(folder)},
                          capture_output=True, text=True)


CJK_FONT = 'echo "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc: Noto Sans CJK SC:style=Regular"'


def test_present_chromium_and_font_install_nothing(tmp_path):
    log = tmp_path / "apt.log"
    folder = fake_bin(tmp_path, {"chromium": "exit 0", "fc-list": CJK_FONT, "apt-get": f'echo "$@" >> {log}'})
    assert run(folder).returncode == 0 and not log.exists()


def test_missing_cjk_font_is_installed_with_apt_get(tmp_path):
    log = tmp_path / "apt.log"
    folder = fake_bin(tmp_path, {"chromium": "exit 0", "fc-list": "exit 0", "apt-get": f'echo "$@" >> {log}'})
    if os.geteuid() != 0:
        (folder / "sudo").write_text('#!/bin/sh\n[ "$1" = -n ] && shift; exec "$@"\n')
        (folder / "sudo").chmod(0o755)
    done = run(folder)
    assert done.returncode == 0, done.stderr
    assert log.read_text().splitlines() == ["update -qq", "install -y -qq --no-install-recommends fonts-noto-cjk"]


def test_missing_chromium_is_installed_with_apt_get(tmp_path):
    log = tmp_path / "apt.log"
    folder = fake_bin(tmp_path, {"fc-list": CJK_FONT, "apt-get": f'echo "$@" >> {log}'})
    if os.geteuid() != 0:
        (folder / "sudo").write_text('#!/bin/sh\n[ "$1" = -n ] && shift; exec "$@"\n')
        (folder / "sudo").chmod(0o755)
    done = run(folder)
    assert done.returncode == 0, done.stderr
    assert log.read_text().splitlines() == ["update -qq", "install -y -qq --no-install-recommends chromium"]


def test_no_way_to_install_says_what_to_install(tmp_path):
    folder = fake_bin(tmp_path, {})
    done = run(folder)
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        "make test needs headless Chromium and a CJK font: install the packages: chromium fonts-noto-cjk "
        "(Debian/Ubuntu: apt-get install chromium fonts-noto-cjk), then run make test again"]

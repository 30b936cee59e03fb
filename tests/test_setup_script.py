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
    for tool in ("sh", "id", "env", "grep", "find"):
        (folder / tool).symlink_to(shutil.which(tool))
    for name, body in names.items():
        (folder / name).write_text(f"#!/bin/sh\n{body}\n")
        (folder / name).chmod(0o755)
    return folder


def run(folder: Path, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(folder / "sh"), str(SCRIPT)], env={"PATH": str(folder), **env},
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
    done = run(folder, GAPLIB_FONT_DIRS=str(tmp_path / "no-fonts"))
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        "make test needs headless Chromium and a CJK font: install the packages: chromium fonts-noto-cjk "
        "(Debian/Ubuntu: apt-get install chromium fonts-noto-cjk), then run make test again"]


def test_without_fontconfig_an_installed_cjk_font_is_found_by_its_files_and_apt_get_runs_once(tmp_path):
    """Debian's fonts-noto-cjk does not bring fc-list: the second run finds the font's files and installs nothing."""
    fonts = tmp_path / "fonts"
    (fonts / "opentype" / "noto").mkdir(parents=True)
    log = tmp_path / "apt.log"
    install = f'echo "$@" >> {log}; case "$*" in *fonts-noto-cjk*) : > {fonts}/opentype/noto/NotoSansCJK-Regular.ttc;; esac'
    folder = fake_bin(tmp_path, {"chromium": "exit 0", "apt-get": install})
    first = run(folder, GAPLIB_FONT_DIRS=str(fonts))
    assert first.returncode == 0, first.stderr
    second = run(folder, GAPLIB_FONT_DIRS=str(fonts))
    assert second.returncode == 0, second.stderr
    assert log.read_text().splitlines() == ["update -qq", "install -y -qq --no-install-recommends fonts-noto-cjk"]


def test_without_fontconfig_and_without_the_font_the_message_names_it(tmp_path):
    folder = fake_bin(tmp_path, {"chromium": "exit 0"})
    done = run(folder, GAPLIB_FONT_DIRS=str(tmp_path / "no-fonts"))
    assert done.returncode == 1
    assert done.stderr.strip() == ("make test needs headless Chromium and a CJK font: install the packages: "
                                   "fonts-noto-cjk (Debian/Ubuntu: apt-get install fonts-noto-cjk), then run make test again")


CHECK_PYTHON = PROJECT_DIR / "scripts" / "check-python.sh"


def fake_python(tmp_path: Path, version_ok: bool, venv_ok: bool) -> Path:
    """A stub interpreter answering check-python.sh's three questions as a Python 3.10 or one without venv would."""
    path = tmp_path / "python-stub"
    path.write_text("#!/bin/sh\n"
                    'case "$2" in\n'
                    f'  *"sys.exit(sys.version_info"*) exit {0 if version_ok else 1};;\n'
                    '  *print*) echo 3.10;;\n'
                    f'  *ensurepip*) exit {0 if venv_ok else 1};;\n'
                    "esac\n")
    path.chmod(0o755)
    return path


def check_python(python: str) -> subprocess.CompletedProcess:
    return subprocess.run(["sh", str(CHECK_PYTHON), python], capture_output=True, text=True)


def test_the_setup_accepts_this_python():
    done = check_python(shutil.which("python3"))
    assert (done.returncode, done.stderr) == (0, "")


def test_the_setup_names_an_old_python_a_missing_venv_and_a_missing_interpreter_in_one_line(tmp_path):
    old = check_python(str(fake_python(tmp_path, version_ok=False, venv_ok=True)))
    assert old.returncode == 1 and old.stderr.count("\n") == 1
    assert "needs Python 3.11 or later" in old.stderr and "is 3.10" in old.stderr
    no_venv = check_python(str(fake_python(tmp_path, version_ok=True, venv_ok=False)))
    assert no_venv.returncode == 1 and no_venv.stderr.count("\n") == 1 and "python3-venv" in no_venv.stderr
    missing = check_python(str(tmp_path / "no-python"))
    assert missing.returncode == 1 and missing.stderr.count("\n") == 1 and "was not found" in missing.stderr


def test_the_makefile_checks_python_before_making_the_environment():
    makefile = (PROJECT_DIR / "Makefile").read_text()
    assert "sh scripts/check-python.sh $(PYTHON) && $(PYTHON) -m venv $(VENV)" in makefile


FONT_SCRIPT = PROJECT_DIR / "scripts" / "ensure-cjk-font.sh"


def run_font_script(folder: Path, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(folder / "sh"), str(FONT_SCRIPT)], env={"PATH": str(folder), **env},
                          capture_output=True, text=True)


def test_the_build_s_font_script_shares_the_install_and_goes_on_without_a_way_to_install(tmp_path):
    log = tmp_path / "apt.log"
    folder = fake_bin(tmp_path, {"fc-list": "exit 0", "apt-get": f'echo "$@" >> {log}'})
    if os.geteuid() != 0:
        (folder / "sudo").write_text('#!/bin/sh\n[ "$1" = -n ] && shift; exec "$@"\n')
        (folder / "sudo").chmod(0o755)
    done = run_font_script(folder)
    assert done.returncode == 0, done.stderr
    assert log.read_text().splitlines() == ["update -qq",
                                            "install -y -qq --no-install-recommends fonts-noto-cjk fontconfig"]
    (tmp_path / "bare").mkdir()
    bare = fake_bin(tmp_path / "bare", {})
    done = run_font_script(bare, GAPLIB_FONT_DIRS=str(tmp_path / "no-fonts"))
    assert done.returncode == 0 and "install fonts-noto-cjk" in done.stderr


def test_a_failing_apt_get_stops_the_script(tmp_path):
    folder = fake_bin(tmp_path, {"fc-list": "exit 0", "apt-get": "exit 100"})
    if os.geteuid() != 0:
        (folder / "sudo").write_text('#!/bin/sh\n[ "$1" = -n ] && shift; exec "$@"\n')
        (folder / "sudo").chmod(0o755)
    assert run(folder).returncode != 0 and run_font_script(folder).returncode != 0

"""The build writes and replaces only folders it wrote; it checks where it writes before working."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from gaplib.engine import outdir
from gaplib.engine.cache import PROJECT_DIR
from gaplib.engine.cli import main
from gaplib.engine.outdir import OutDirError, check_out_dir, check_writable, clean_stale, may_replace, prepare_stage


def invoke(*args):
    return CliRunner().invoke(main, list(args))


def user_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "thesis.md").write_text("two years of work\n")
    return folder


def test_new_and_empty_folders_are_accepted(tmp_path):
    assert check_out_dir(tmp_path / "new" / "site") == (tmp_path / "new" / "site").resolve()
    (tmp_path / "empty").mkdir()
    assert check_out_dir(tmp_path / "empty") == (tmp_path / "empty").resolve()


def test_a_folder_with_a_users_file_is_refused_and_kept(tmp_path):
    folder = user_folder(tmp_path)
    with pytest.raises(OutDirError, match="holds files the book did not write.*thesis.md.*--force-out"):
        check_out_dir(folder)
    assert not may_replace(folder)
    assert (folder / "thesis.md").read_text() == "two years of work\n"


def test_force_out_allows_an_unprotected_foreign_folder(tmp_path):
    folder = user_folder(tmp_path)
    assert check_out_dir(folder, force_out=True) == folder.resolve()
    assert may_replace(folder, force_out=True)


def test_a_gaplib_site_may_be_replaced(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<html></html>")
    (site / outdir.SITE_MARKER).write_text("")
    assert check_out_dir(site) == site.resolve() and may_replace(site)


def test_a_site_from_before_the_marker_counts_as_the_books(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / ".gaplib-render-key").write_text("abc\n")
    assert may_replace(site)


@pytest.mark.parametrize("place", ["project", "parent of project", "home", "root", "cwd", "git checkout"])
def test_protected_folders_are_refused_even_with_force_out(tmp_path, monkeypatch, place):
    checkout = tmp_path / "repo"
    (checkout / ".git").mkdir(parents=True)
    (checkout / "README").write_text("x")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    (tmp_path / "home").mkdir()
    (tmp_path / "home" / ".bashrc").write_text("")
    work = tmp_path / "work"
    work.mkdir()
    (work / "draft.txt").write_text("")
    monkeypatch.chdir(work)
    target = {"project": PROJECT_DIR, "parent of project": PROJECT_DIR.parent, "home": tmp_path / "home",
              "root": Path("/"), "cwd": Path("."), "git checkout": checkout}[place]
    with pytest.raises(OutDirError, match="refusing to build into"):
        check_out_dir(target, force_out=True)
    assert not may_replace(target.resolve(), force_out=True)


def test_project_sources_are_refused_but_build_folders_are_not():
    with pytest.raises(OutDirError, match="sources"):
        check_out_dir(PROJECT_DIR / "chapters", force_out=True)
    with pytest.raises(OutDirError, match="sources"):
        check_out_dir(PROJECT_DIR / "site-here")
    assert check_out_dir(PROJECT_DIR / "_build" / "variant-xyz") == PROJECT_DIR / "_build" / "variant-xyz"


def test_out_under_a_file_is_named(tmp_path):
    (tmp_path / "afile").write_text("")
    with pytest.raises(OutDirError, match="afile is a file"):
        check_out_dir(tmp_path / "afile" / "site")
    with pytest.raises(OutDirError, match="it is a file"):
        check_out_dir(tmp_path / "afile")


def test_read_only_folder_is_named(tmp_path):
    ro = tmp_path / "ro"
    ro.mkdir()
    # root ignores permission bits, so a read-only bind mount would be needed; a mode
    # change is enough for other users and the probe is what both cases go through.
    if os.geteuid() == 0:
        if subprocess.run(["mount", "-o", "bind,ro", str(ro), str(ro)], capture_output=True).returncode != 0:
            pytest.skip("cannot make a read-only mount here")
        try:
            with pytest.raises(OutDirError, match="is not writable"):
                check_out_dir(ro / "site")
        finally:
            subprocess.run(["umount", str(ro)], check=True)
    else:
        ro.chmod(0o555)
        with pytest.raises(OutDirError, match="is not writable"):
            check_out_dir(ro / "site")


def test_check_writable_makes_nothing(tmp_path):
    check_writable(tmp_path / "a" / "b", "the sweep")
    assert list(tmp_path.iterdir()) == []


def test_stage_folder_that_is_not_the_builds_is_refused(tmp_path):
    stage = user_folder(tmp_path)
    with pytest.raises(OutDirError, match="not a gaplib staging folder"):
        prepare_stage(stage)
    assert (stage / "thesis.md").exists()
    fresh = prepare_stage(tmp_path / ".html-stage")
    (fresh / "x").write_text("")
    assert list(p.name for p in prepare_stage(fresh).iterdir()) == [outdir.STAGE_MARKER]


def test_clean_stale_removes_dead_builds_folders_only(tmp_path):
    out = tmp_path / "html"
    dead = subprocess.Popen(["true"])
    dead.wait()
    alive = subprocess.Popen(["sleep", "30"])
    try:
        names = [f".html-render-{dead.pid}-abc", f".html-old-{dead.pid}-x1", f".html-render-{alive.pid}-def",
                 ".html-render-legacy9", ".other-render-1-x", "html", f".html-live-{dead.pid}",
                 f".html-live-{alive.pid}"]
        for name in names:
            (tmp_path / name).mkdir()
        removed = {p.name for p in clean_stale(out)}
        assert removed == {f".html-render-{dead.pid}-abc", f".html-old-{dead.pid}-x1", ".html-render-legacy9",
                           f".html-live-{dead.pid}"}
        assert {p.name for p in tmp_path.iterdir()} == {f".html-render-{alive.pid}-def", ".other-render-1-x", "html",
                                                         f".html-live-{alive.pid}"}
    finally:
        alive.kill()
        alive.wait()


def test_cli_build_refuses_a_users_folder_before_running_anything(tmp_path):
    folder = user_folder(tmp_path)
    result = invoke("build", "--out", str(folder))
    assert result.exit_code == 1
    assert "holds files the book did not write" in result.output and "Traceback" not in result.output
    assert sorted(p.name for p in folder.iterdir()) == ["thesis.md"]


def test_cli_build_refuses_dot_and_dotdot_inside_the_checkout(monkeypatch):
    monkeypatch.chdir(PROJECT_DIR)
    for target in (".", ".."):
        result = invoke("build", "--out", target, "--force-out")
        assert result.exit_code == 1 and "refusing to build into" in result.output
    assert (PROJECT_DIR / ".git").exists() and (PROJECT_DIR / "gaplib" / "engine" / "outdir.py").exists()


def test_cli_run_and_sweep_check_out_first(tmp_path):
    (tmp_path / "afile").write_text("")
    result = invoke("run", "hardware", "--out", str(tmp_path / "afile" / "run"))
    assert result.exit_code == 1 and "afile is a file" in result.output and "Traceback" not in result.output
    grid = tmp_path / "grid.yaml"
    grid.write_text("grid:\n  end_year: [2030]\n")
    result = invoke("sweep", "strategy", "--grid", str(grid), "--out", str(tmp_path / "afile" / "sweep"))
    assert result.exit_code == 1 and "afile is a file" in result.output


def test_cli_debug_shows_the_traceback(tmp_path):
    (tmp_path / "afile").write_text("")
    result = invoke("--debug", "run", "hardware", "--out", str(tmp_path / "afile" / "run"))
    assert result.exit_code == 1 and isinstance(result.exception, OutDirError)


def foreign(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "keep.txt").write_text("not the book's\n")
    return folder


@pytest.mark.parametrize("system", ["/usr", "/etc", "/var", "/bin", "/sbin", "/lib", "/boot", "/opt", "/srv",
                                    "/usr/share", "/var/tmp"])
def test_force_out_refuses_system_folders(system):
    if not Path(system).is_dir() or not any(Path(system).iterdir()):
        pytest.skip(f"{system} is absent or empty here")
    with pytest.raises(OutDirError, match="refusing to build into .*(system folder|contains)"):
        check_out_dir(Path(system), force_out=True)
    assert not may_replace(Path(system), force_out=True)


def test_force_out_refuses_a_symlink_to_a_system_folder(tmp_path):
    link = tmp_path / "innocent"
    link.symlink_to("/etc")
    with pytest.raises(OutDirError, match=r"system folder \(under /etc\)"):
        check_out_dir(link, force_out=True)
    assert not may_replace(link, force_out=True)


def test_force_out_refuses_the_build_folder_and_the_cache_through_symlinks(tmp_path, monkeypatch):
    build = foreign(tmp_path / "project" / "_build")
    foreign(build / "cache" / "hardware")
    monkeypatch.setattr(outdir, "BUILD_DIR", build)
    monkeypatch.setattr(outdir, "CACHE_DIR", build / "cache")
    monkeypatch.setattr(outdir, "PROJECT_DIR", build.parent)
    for target, why in ((build, "build folder, which holds the cache"), (build / "cache", "cache"),
                        (build / "cache" / "hardware", "cache")):
        link = tmp_path / f"link-{target.name}"
        link.symlink_to(target)
        with pytest.raises(OutDirError, match=why):
            check_out_dir(link, force_out=True)
        assert not may_replace(link, force_out=True)
    assert check_out_dir(foreign(build / "html"), force_out=True) == (build / "html").resolve()
    assert (build / "cache" / "hardware" / "keep.txt").is_file()


def test_force_out_allows_a_project_under_a_system_folder_to_replace_its_own_sites(tmp_path, monkeypatch):
    build = Path("/opt/gaplib-book/_build")
    monkeypatch.setattr(outdir, "_never_replaced", lambda out: None)
    monkeypatch.setattr(outdir, "BUILD_DIR", build)
    assert outdir._never_forced(build / "html") is None
    assert "system folder" in outdir._never_forced(Path("/opt/other"))


@pytest.mark.parametrize("name", ["editions", "data", "locales", "gaplib", "tests", "chapters", "pages"])
def test_run_out_refuses_the_projects_source_folders_through_symlinks(tmp_path, name):
    link = tmp_path / "results"
    link.symlink_to(PROJECT_DIR / name)
    for target in (PROJECT_DIR / name, PROJECT_DIR / name / "sub", link, link / "sub"):
        with pytest.raises(OutDirError, match=f"project's {name}/ folder"):
            outdir.check_run_out(target)
    assert outdir.check_run_out(tmp_path / "fresh") == (tmp_path / "fresh").resolve()
    assert outdir.check_run_out(PROJECT_DIR / "_build" / "runs" / "x") == PROJECT_DIR / "_build" / "runs" / "x"


def test_cli_run_into_editions_writes_nothing_there(tmp_path):
    before = sorted(p.name for p in (PROJECT_DIR / "editions").iterdir())
    result = invoke("run", "hardware", "--out", str(PROJECT_DIR / "editions"))
    assert result.exit_code == 1 and "project's editions/ folder" in result.output and "Traceback" not in result.output
    result = invoke("sweep", "hardware", "--grid", str(_grid(tmp_path)), "--out", str(PROJECT_DIR / "data"))
    assert result.exit_code == 1 and "project's data/ folder" in result.output
    assert sorted(p.name for p in (PROJECT_DIR / "editions").iterdir()) == before


def _grid(tmp_path: Path) -> Path:
    grid = tmp_path / "grid.yaml"
    grid.write_text("grid:\n  frontier_growth_per_year: [3.0]\n")
    return grid

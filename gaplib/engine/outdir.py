"""Where a build may write: folders it made itself, and nothing else.

A build replaces its output folder as a whole (the new site is swapped in atomically),
so the folder must be one the book wrote: empty, new, or holding the marker file every
built site carries. Anything else is refused before a chapter runs, and a few folders
are never replaced, even when asked to: the filesystem root, the home folder, the
current folder, the project and every folder that contains one of them, and any git
checkout. ``--force-out`` lets a build replace a folder with foreign files only when
that folder is none of the system folders (:data:`SYSTEM_FOLDERS`), the chapter cache,
or a folder of the project outside ``_build/`` (symlinks are resolved first).

``gaplib run --out`` copies files into a folder instead of replacing it; it refuses the
project's source folders (:func:`check_run_out`).

The staging folder beside the site and the render folders of builds that were killed
are the build's own too; :func:`clean_stale` removes the latter at the next build.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

from gaplib.engine.cache import PROJECT_DIR
from gaplib.engine.lifecycle import pid_alive

SITE_MARKER = ".gaplib-site"
STAGE_MARKER = ".gaplib-stage"
#: Sites built before the marker existed carry the render key; they are the book's too.
LEGACY_SITE_MARKERS = (".gaplib-render-key",)
BUILD_DIR = PROJECT_DIR / "_build"
CACHE_DIR = BUILD_DIR / "cache"
#: Folders no build replaces, whatever it is told: the operating system's and the administrator's.
SYSTEM_FOLDERS = ("/usr", "/etc", "/var", "/bin", "/sbin", "/lib", "/boot", "/proc", "/sys", "/dev", "/opt",
                  "/srv", "/root")
#: Project folders that hold sources; ``run --out`` never writes into them or below them.
SOURCE_FOLDERS = ("chapters", "pages", "editions", "data", "locales", "gaplib", "tests", ".git")


class OutDirError(ValueError):
    """An output folder the build must not write to, or cannot."""


def is_site(folder: Path) -> bool:
    """Return True when ``folder`` holds a site built by gaplib (it has the marker file)."""
    return any((folder / name).is_file() for name in (SITE_MARKER, *LEGACY_SITE_MARKERS))


def _never_replaced(out: Path) -> str | None:
    """Return why ``out`` may never be replaced, or None when it may be (with permission)."""
    for place, what in ((PROJECT_DIR, "the project folder"), (Path.home().resolve(), "your home folder"),
                        (Path.cwd().resolve(), "the current folder")):
        if out == place:
            return f"it is {what}"
        if out in place.parents:
            return f"it contains {what} ({place})"
    if out == Path(out.anchor):
        return "it is the filesystem root"
    if (out / ".git").exists():
        return "it is a git checkout"
    if PROJECT_DIR in out.parents and BUILD_DIR not in out.parents:
        return ("it is the project's build folder, which holds the cache" if out == BUILD_DIR
                else "it is among the project's sources (sites go under _build/)")
    cache = CACHE_DIR.resolve()
    if out == cache or cache in out.parents:
        return "it is the chapter cache"
    return None


def _system_folder(out: Path) -> str | None:
    """Return the system folder ``out`` is or lies in (``/lib*`` included), or None."""
    top = Path(*out.parts[:2]) if len(out.parts) > 1 else out
    for name in SYSTEM_FOLDERS:
        if str(top) == name or (name == "/lib" and str(top).startswith("/lib")):
            return str(top)
    return None


def _never_forced(out: Path) -> str | None:
    """Return why a foreign (non-empty, unmarked) ``out`` may not be replaced even with --force-out, or None."""
    reason = _never_replaced(out)
    if reason is not None:
        return reason
    system = _system_folder(out)
    # A project that lives in /opt or /root still builds its sites under its own _build/.
    if system is not None and BUILD_DIR.resolve() not in out.parents:
        return f"it is a system folder (under {system})"
    return None


def _nearest_existing(path: Path) -> Path:
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


def check_writable(folder: Path, what: str) -> None:
    """Raise OutDirError (naming ``what``) unless ``folder`` exists or can be made, and can be written in.

    Probes the nearest folder that exists with a temporary folder, so that a read-only
    filesystem or a path under a file is caught before any work starts.
    """
    existing = _nearest_existing(folder)
    if not existing.is_dir():
        raise OutDirError(f"cannot write {what} in {folder}: {existing} is a file, not a folder")
    try:
        probe = tempfile.mkdtemp(prefix=".gaplib-probe-", dir=existing)
    except OSError as exc:
        raise OutDirError(f"cannot write {what} in {folder}: {existing} is not writable ({exc.strerror})") from None
    os.rmdir(probe)


def check_out_dir(out: Path, *, force_out: bool = False) -> Path:
    """Return the absolute output folder once it is safe and possible to build into it.

    Accepted: a gaplib site (marker file), or a new or empty folder that is not one of
    the folders listed in the module docstring. A folder with other content is
    refused unless ``force_out``; the listed folders are refused always. Raises OutDirError with a one-line reason.
    """
    out = Path(out).expanduser().resolve()
    if out.exists() and not out.is_dir():
        raise OutDirError(f"cannot build into {out}: it is a file, not a folder")
    if not (out.is_dir() and is_site(out)):
        entries = sorted(p.name for p in out.iterdir()) if out.is_dir() else []
        reason = _never_forced(out) if entries else _never_replaced(out)
        if reason is not None:
            raise OutDirError(f"refusing to build into {out}: {reason}, and a build replaces the whole "
                              "folder; choose a new folder such as _build/html")
        if entries and not force_out:
            shown = ", ".join(entries[:3]) + (", ..." if len(entries) > 3 else "")
            raise OutDirError(f"refusing to build into {out}: it holds files the book did not write ({shown}); "
                              "choose a new or empty folder, or pass --force-out to replace it")
    check_writable(out.parent, "the site")
    return out


def may_replace(out: Path, *, force_out: bool = False) -> bool:
    """Return True when ``out`` is absent, empty, a gaplib site, or (with ``force_out``) not protected."""
    if not out.exists():
        return True
    if not out.is_dir():
        return False
    if is_site(out):
        return True
    out = out.resolve()
    if not any(out.iterdir()):
        return _never_replaced(out) is None
    return force_out and _never_forced(out) is None


def check_run_out(out: Path) -> Path:
    """Return the resolved folder ``gaplib run --out`` may copy a chapter's files into; raise OutDirError if not.

    Refused (symlinks resolved): the project folder and its ancestors, and the project's
    source folders (:data:`SOURCE_FOLDERS`) and anything inside them, where chart and
    notebook files would break later builds.
    """
    resolved = Path(out).expanduser().resolve()
    project = PROJECT_DIR.resolve()
    if resolved == project or resolved in project.parents:
        raise OutDirError(f"refusing to write the executed chapter into {resolved}: it is the project folder "
                          "or contains it; choose a new folder such as _build/runs/NAME")
    for name in SOURCE_FOLDERS:
        source = (project / name).resolve()
        if resolved == source or source in resolved.parents:
            raise OutDirError(f"refusing to write the executed chapter into {resolved}: it is in the project's "
                              f"{name}/ folder, which holds sources; choose a new folder such as _build/runs/NAME")
    return resolved


def prepare_stage(stage_dir: Path) -> Path:
    """Empty (or make) the build's staging folder and mark it; return it.

    A folder of that name without the marker is not the build's and is refused.
    """
    if stage_dir.exists():
        if not (stage_dir / STAGE_MARKER).is_file() and any(stage_dir.iterdir()):
            raise OutDirError(f"refusing to empty {stage_dir}: it is not a gaplib staging folder")
        shutil.rmtree(stage_dir)
    stage_dir.mkdir(parents=True)
    (stage_dir / STAGE_MARKER).write_text("staging folder of a gaplib build; replaced by the next one\n")
    return stage_dir


def remove_stage(stage_dir: Path) -> bool:
    """Remove ``stage_dir`` when it is a staging folder the book marked (:func:`prepare_stage`); return
    whether it was removed."""
    if not (stage_dir / STAGE_MARKER).is_file():
        return False
    shutil.rmtree(stage_dir, ignore_errors=True)
    return True


def work_prefix(out: Path, kind: str) -> str:
    """Return the name prefix of a build's temporary folder beside ``out`` (``kind``: render, old)."""
    return f".{out.name}-{kind}-{os.getpid()}-"


def clean_stale(out: Path) -> list[Path]:
    """Remove the render, swap and live-render folders that killed builds and previews left beside ``out``; return them.

    Their names carry the building process's id; folders of a process still running
    (a concurrent build) are kept.
    """
    parent = out.parent
    if not parent.is_dir():
        return []
    pattern = re.compile(rf"^\.{re.escape(out.name)}-(render|old|live)(?:-(\d+))?(?:-|$)")
    removed = []
    for folder in parent.iterdir():
        match = pattern.match(folder.name)
        if not match or not folder.is_dir():
            continue
        pid = match.group(2)
        # Names without a process id come from builds older than this rule.
        if pid is None or not pid_alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed

"""How many single-token changes to the modules behind the book's headlines the tests catch.

Run with ``make mutation`` (or ``python bench/mutation.py [MODULE ...] [--jobs N]``); not part
of CI. Each mutant (see ``mutants.py``) is imported in place of its module, in a forked copy of
a process that has already imported the heavy libraries, and the fast tests that import the
module run against it until the first failure (``-x``). A mutant is killed when a test fails
or its run exceeds the time limit (a mutated loop that never ends); it survived when every
test passed. Prints killed/survived per module and every survivor's file, line and change.

A survivor that cannot change any observable result (an equivalent mutant) is listed, with its
reason, in ``equivalent_mutants.toml`` beside this script; the report counts them apart and gives
each module's score with and without them. An entry names the file, the line's code, the column
and the change, so it follows the line when code above it moves; an entry whose mutant a test
kills, or that matches no mutant any more, is reported, since the list is then wrong.

Modules are named by their last dotted parts (``frontier_fit``, ``replications.epoch_trends``)
and found wherever they live in ``gaplib`` (the flat layout or a chapter's package).
"""

from __future__ import annotations

import argparse
import ast
import importlib.abc
import importlib.util
import json
import os
import signal
import sys
import time
import tomllib
from pathlib import Path

from mutants import mutant, sites

PROJECT_DIR = Path(__file__).resolve().parents[1]
PACKAGE_DIR = PROJECT_DIR / "gaplib"
TESTS_DIR = PROJECT_DIR / "tests"
MODULES = ["frontier_fit", "segmented", "scenario_paths", "replications.epoch_trends", "funding", "compute",
           "overview", "claim_rules", "data.schemas",
           # the specification curves and the supply side
           "gaplib.specs", "hardware.compute_specs", "algorithms.capability_specs", "algorithms.frontier_specs",
           "algorithms.open_weight_specs", "algorithms.arena_specs", "algorithms.model_count_specs",
           "funding.capex_specs", "geopolitics.chip_specs", "summary.claim_specs",
           "hardware.supply", "hardware.ranged_sum", "strategy.supply_growth", "strategy.bands",
           # the benchmark gaps the AI Index quotes
           "algorithms.benchmark_specs", "data.benchmark_facts"]
EQUIVALENTS = Path(__file__).with_name("equivalent_mutants.toml")
FAST = "not slow and not pdf and not binder"
TARGET_KILLED = 0.9


def load_equivalents(path: Path = EQUIVALENTS) -> list[dict]:
    """The equivalent mutants listed in ``path``: dicts with file, code, col, mutation and reason."""
    if not path.exists():
        return []
    entries = tomllib.loads(path.read_text()).get("equivalent", [])
    for n, entry in enumerate(entries, 1):
        missing = [k for k in ("file", "code", "col", "mutation", "reason") if not str(entry.get(k, "")).strip()]
        if missing:
            raise SystemExit(f"{path.name}: equivalent mutant {n} lacks {', '.join(missing)}")
    return entries


def _key(file: str, code: str, col: int, mutation: str) -> tuple:
    return file, code.strip(), int(col), mutation


def module_name(path: Path) -> str:
    """The dotted name of a file of the package."""
    parts = list(path.relative_to(PROJECT_DIR).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def resolve(name: str) -> tuple[str, Path]:
    """The module (dotted name, file) that defines most functions among those named ``...name``.

    A flat module moved into a package may leave a short module behind that re-exports it;
    the one with the definitions is the one to mutate.
    """
    found = [(module_name(p), p) for p in PACKAGE_DIR.rglob("*.py")
             if f".{module_name(p)}".endswith(f".{name}") and "engine" not in p.parts]
    if not found:
        raise SystemExit(f"no module named {name!r} in {PACKAGE_DIR}")

    def definitions(path: Path) -> int:
        return sum(isinstance(n, (ast.FunctionDef, ast.ClassDef)) for n in ast.parse(path.read_text()).body)

    return max(found, key=lambda item: (definitions(item[1]), -len(item[0])))


def imported_names(path: Path) -> set[str]:
    """Dotted names a file imports (``from a import b`` gives ``a`` and ``a.b``)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def _importers(targets: set[str]) -> list[Path]:
    """The test files that import one of ``targets``, directly or through a helper module of tests/."""
    files = {p: imported_names(p) for p in TESTS_DIR.glob("*.py")}
    helpers = {p.stem for p, names in files.items() if not p.name.startswith("test_") and targets & names}
    return sorted(p for p, names in files.items() if p.name.startswith("test_") and (
        targets & names or any(h in names or f"tests.{h}" in names for h in helpers)))


def reexporters(target: str) -> set[str]:
    """The modules that re-export names of ``target`` (``from target import f as f``, or ``# noqa: F401``),
    the project's way of keeping a short import for notebooks when a module was split."""
    found = set()
    for path in PACKAGE_DIR.rglob("*.py"):
        source = path.read_text()
        lines = source.splitlines()
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.ImportFrom) and node.module == target and (
                    any(a.asname == a.name for a in node.names) or "noqa: F401" in lines[node.lineno - 1]):
                found.add(module_name(path))
    return found


def tests_importing(target: str) -> list[Path]:
    """The test files that import ``target`` or a module that re-exports it (``claim_rules`` through
    ``claims``, ``frontier_fit`` through ``trends``)."""
    return _importers({target} | reexporters(target))


class _MutantFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Imports one module from a compiled mutant instead of its file (``__file__`` unchanged)."""

    def __init__(self, name: str, path: Path, code) -> None:
        self.name, self.path, self.code = name, path, code

    def find_spec(self, fullname, path=None, target=None):
        if fullname != self.name:
            return None
        package = [str(self.path.parent)] if self.path.name == "__init__.py" else None
        return importlib.util.spec_from_file_location(fullname, self.path, loader=self,
                                                      submodule_search_locations=package)

    def create_module(self, spec):
        return None

    def exec_module(self, module) -> None:
        exec(self.code, module.__dict__)


def _pytest_args(tests: list[Path]) -> list[str]:
    return [*map(str, tests), "-x", "-q", "-m", FAST, "-p", "no:cacheprovider", "--no-header", "-W", "ignore"]


def _start(target: str, path: Path, code, tests: list[Path]) -> int:
    """Fork a process that runs ``tests`` with ``code`` as the module ``target``; return its pid."""
    pid = os.fork()
    if pid:
        return pid
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        os.setpgid(0, 0)  # the test's own subprocesses go with it when a mutant hangs
        sys.path.insert(0, str(PROJECT_DIR))  # as `python -m pytest` from the clone: tests import tests.test_x
        if code is not None:
            sys.meta_path.insert(0, _MutantFinder(target, path, code))
        import pytest

        os._exit(int(pytest.main(_pytest_args(tests))))
    except BaseException:  # noqa: BLE001 (whatever happened, the child must not return into the parent's loop)
        os._exit(99)


def _warm(tests: list[Path]) -> None:
    """Import the libraries the tests use, then forget gaplib and the tests so each child imports them anew."""
    sys.dont_write_bytecode = False  # children compile gaplib once, not once each
    sys.path.insert(0, str(TESTS_DIR))
    for test in [*tests, *(p for p in TESTS_DIR.glob("*.py") if not p.name.startswith("test_"))]:
        for name in sorted(imported_names(test)):
            try:
                importlib.import_module(name)
            except Exception:  # noqa: BLE001 (a name that is not a module: ``from a import function``)
                pass
    import pytest  # noqa: F401

    sys.path.remove(str(TESTS_DIR))
    for name, module in list(sys.modules.items()):
        file = getattr(module, "__file__", None) or ""
        if name.split(".")[0] in ("gaplib", "tests", "conftest") or file.startswith(str(TESTS_DIR)):
            del sys.modules[name]


def run_module(name: str, jobs: int, timeout_s: float | None, lines: set[int] | None = None,
               only_tests: list[Path] | None = None) -> dict:
    """Mutate one module; return its counts and survivors.

    ``only_tests`` runs those test files instead of every fast test importing the module: fewer
    tests can only let more mutants survive, so the score it gives is a lower bound."""
    target, path = resolve(name)
    tests = [t.resolve() for t in only_tests] if only_tests else tests_importing(target)
    source = path.read_text()
    relative = str(path.relative_to(PROJECT_DIR))
    _warm(tests)
    started = time.monotonic()
    pid = _start(target, path, None, tests)
    if os.waitpid(pid, 0)[1] != 0:
        raise SystemExit(f"{relative}: the tests fail without a mutant: {' '.join(t.name for t in tests)}")
    baseline_s = time.monotonic() - started
    limit = timeout_s or max(20.0, 4 * baseline_s + 10)
    every = sites(source)
    todo = [(i, site) for i, site in enumerate(every) if not lines or site.line in lines]
    code_lines = source.splitlines()

    def record(site) -> dict:
        return {"file": relative, "line": site.line, "col": site.col, "code": code_lines[site.line - 1].strip(),
                "mutation": site.description}

    running: dict[int, tuple] = {}
    killed, survivors, killed_sites, timeouts = 0, [], [], 0
    while todo or running:
        while todo and len(running) < jobs:
            index, _ = todo.pop(0)
            site, code = mutant(source, str(path), index)
            running[_start(target, path, code, tests)] = (site, time.monotonic())
        done_pid, status = os.waitpid(-1, os.WNOHANG)
        if not done_pid:
            for pid, (site, since) in list(running.items()):
                if time.monotonic() - since > limit:
                    os.killpg(pid, signal.SIGKILL)
            time.sleep(0.05)
            continue
        site, since = running.pop(done_pid)
        if os.waitstatus_to_exitcode(status) == 0:
            survivors.append(record(site))
        else:
            killed += 1
            killed_sites.append(record(site))
            timeouts += os.WIFSIGNALED(status)
    result = {"module": relative, "tests": [t.name for t in tests], "mutants": killed + len(survivors),
              "killed": killed, "timeouts": timeouts, "survived": len(survivors), "baseline_s": round(baseline_s, 1),
              "survivors": sorted(survivors, key=lambda s: (s["line"], s["col"])), "killed_sites": killed_sites}
    return classify(result)


def current_sites(relative: str) -> list[dict]:
    """Every mutant site of a file of the project as it is now: file, line, col, code and mutation."""
    source = (PROJECT_DIR / relative).read_text()
    code_lines = source.splitlines()
    return [{"file": relative, "line": s.line, "col": s.col, "code": code_lines[s.line - 1].strip(),
             "mutation": s.description} for s in sites(source)]


def classify(result: dict, equivalents: list[dict] | None = None) -> dict:
    """Mark the survivors listed as equivalent and add the scores with and without them.

    ``killed_share`` is killed / mutants; ``killed_share_nonequivalent`` leaves the equivalent
    survivors out of the mutants. Entries of this module that a test kills (``wrongly_equivalent``)
    or that match no mutant of the file (``stale_equivalents``) are returned for the report."""
    listed = {_key(e["file"], e["code"], e["col"], e["mutation"]): e["reason"]
              for e in (load_equivalents() if equivalents is None else equivalents) if e["file"] == result["module"]}
    for s in result["survivors"]:
        s["equivalent"] = listed.get(_key(s["file"], s["code"], s["col"], s["mutation"]), "")
    equivalent = sum(bool(s["equivalent"]) for s in result["survivors"])
    existing = {_key(s["file"], s["code"], s["col"], s["mutation"]) for s in current_sites(result["module"])}
    killed_keys = {_key(s["file"], s["code"], s["col"], s["mutation"]) for s in result["killed_sites"]}
    total, killed = result["mutants"], result["killed"]
    return {**result, "equivalent": equivalent,
            "killed_share": killed / total if total else 1.0,
            "killed_share_nonequivalent": killed / (total - equivalent) if total - equivalent else 1.0,
            "wrongly_equivalent": sorted(" | ".join(map(str, k)) for k in listed.keys() & killed_keys),
            "stale_equivalents": sorted(" | ".join(map(str, k)) for k in listed.keys() - existing)}


def report(results: list[dict]) -> str:
    """The table of modules (killed % with every mutant, and without the listed equivalent ones) and the
    survivors, each equivalent one with its reason."""
    lines = [f"{'module':44} {'mutants':>7} {'killed':>6} {'survived':>8} {'equiv.':>6} {'killed %':>8} "
             f"{'w/o equiv.':>10}"]
    for r in results:
        flag = "" if r["killed_share"] >= TARGET_KILLED else "  below 90%"
        lines.append(f"{r['module']:44} {r['mutants']:7d} {r['killed']:6d} {r['survived']:8d} {r['equivalent']:6d} "
                     f"{100 * r['killed_share']:7.1f}% {100 * r['killed_share_nonequivalent']:9.1f}%{flag}")
    total, killed = sum(r["mutants"] for r in results), sum(r["killed"] for r in results)
    equivalent = sum(r["equivalent"] for r in results)
    lines.append(f"{'all':44} {total:7d} {killed:6d} {total - killed:8d} {equivalent:6d} "
                 f"{100 * killed / max(total, 1):7.1f}% {100 * killed / max(total - equivalent, 1):9.1f}%")
    for r in results:
        if r["survivors"]:
            lines.append(f"\nsurvivors in {r['module']} (tests: {', '.join(r['tests'])}):")
            lines += [f"  {s['file']}:{s['line']}:{s['col']}: {s['mutation']}"
                      + (f"  [equivalent: {s['equivalent']}]" if s["equivalent"] else "") for s in r["survivors"]]
        for kind, what in (("wrongly_equivalent", "killed by a test"), ("stale_equivalents", "matching no mutant")):
            if r[kind]:
                lines.append(f"\n{EQUIVALENTS.name} lists as equivalent, {what} (fix the list):")
                lines += [f"  {entry}" for entry in r[kind]]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("modules", nargs="*", default=MODULES, help="modules to mutate (default: the headline ones)")
    parser.add_argument("--jobs", type=int, default=2, help="mutants tested at once (default 2)")
    parser.add_argument("--timeout", type=float, help="seconds before a mutant's run counts as hung")
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    parser.add_argument("--lines", type=lambda text: {int(n) for n in text.split(",")},
                        help="only the mutants on these lines (comma-separated), e.g. to recheck survivors")
    parser.add_argument("--tests", type=Path, nargs="+", metavar="FILE",
                        help="run only these test files against each mutant (one module at a time on a busy machine)")
    parser.add_argument("--from-json", type=Path, nargs="+", metavar="FILE",
                        help="print the report of earlier --json runs (one per module) against today's "
                             f"{EQUIVALENTS.name}, running no mutant")
    args = parser.parse_args()
    os.chdir(PROJECT_DIR)
    if args.from_json:
        print(report([classify(r) for f in args.from_json for r in json.loads(f.read_text())]))
        return
    results = []
    for name in args.modules:
        started = time.monotonic()
        results.append(run_module(name, args.jobs, args.timeout, args.lines, args.tests))
        r = results[-1]
        print(f"{r['module']}: {r['killed']}/{r['mutants']} killed ({time.monotonic() - started:.0f} s)",
              file=sys.stderr, flush=True)
    print(report(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n")


if __name__ == "__main__":
    main()

"""Benchmarks of the book build, a chapter re-run, sweeps, the live preview, the scenario engine and pages on a phone
(with Lighthouse's scores where Node is present).

Run with ``make bench``. Works on a clean clone of the project (git HEAD) in a
temporary folder, with its own cache, and prints a table; every figure also goes to
``bench/results.json`` with the machine's cores and memory. Timings are medians over
repeated runs; the clean-build comparison alternates gaplib and Jupyter Book's own
executor pair by pair in one run, because shared machines are noisy.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

import nbformat
import yaml

from common import CLEAN_BUILD_ARGS, PROJECT_DIR, PYTHON, clone, gaplib_command, timed
from lighthouse_scores import lighthouse_figures, lighthouse_rows, print_costs
from phone import phone_figures, phone_rows
from interactive import (
    PREVIEW_MARKDOWN_TARGET_S, PREVIEW_PARAMETER_MARGIN_S, SWEEP_BASELINE_POINTS_PER_S, SWEEP_JOBS, SWEEP_POINTS,
    preview_reload, sweep_rate,
)

JUPYTER_BOOK = str(Path(PYTHON).with_name("jupyter-book"))
CHAPTERS = ["leaders", "hardware", "algorithms", "research", "funding", "geopolitics", "strategy"]
PAGES = ["intro", "claims", "sensitivity"]
PAGE_TARGET_BYTES = 500_000
CLEAN_BUILD_TARGET_RATIO = 0.5
RERUN_TARGET_RATIO = 1.1


def machine() -> dict:
    """Cores, memory and versions of the machine the figures were measured on."""
    memory_kb = next(int(line.split()[1]) for line in open("/proc/meminfo") if line.startswith("MemTotal"))
    return {"cores": os.cpu_count(), "memory_gib": round(memory_kb / 2**20, 1),
            "python": platform.python_version(), "platform": platform.platform()}


def gaplib(repo: Path, *args: str, env: dict | None = None) -> tuple[float, str]:
    environment = {**os.environ, "PYTHONPATH": str(repo), **(env or {})}
    return timed(gaplib_command(*args), repo, environment)


def jupyter_book_stage(repo: Path, stage: Path) -> None:
    """The same book sources set up for Jupyter Book's own serial executor."""
    if stage.exists():
        shutil.rmtree(stage)
    stage.mkdir()
    for name in ["_toc.yml", "reproduce.md", "bibliography.md", "references.bib"]:
        shutil.copy2(repo / name, stage / name)
    config = yaml.safe_load((repo / "_config.yml").read_text())
    config["execute"] = {"execute_notebooks": "force", "timeout": 600}
    config["sphinx"]["config"].pop("html_extra_path", None)
    (stage / "_config.yml").write_text(yaml.safe_dump(config))
    shutil.copytree(repo / "chapters", stage / "chapters")
    for page in (repo / "pages").glob("*.ipynb"):
        shutil.copy2(page, stage / page.name)
    shutil.copytree(repo / "_static", stage / "_static")
    shutil.copytree(repo / "_templates", stage / "_templates")
    html_static = repo / "_build" / "html" / "_static" / "vega-bundle.js"
    shutil.copy2(html_static, stage / "_static" / "vega-bundle.js")
    shutil.copy2(repo / "_build" / ".html-stage" / "sources.md", stage / "sources.md")


def clean_builds(repo: Path, repeat: int) -> dict:
    gaplib_s, jb_s, ratios = [], [], []
    stage = repo.parent / "jb-stage"
    for _ in range(repeat):
        shutil.rmtree(repo / "_build", ignore_errors=True)
        seconds, _ = gaplib(repo, *CLEAN_BUILD_ARGS)
        gaplib_s.append(seconds)
        jupyter_book_stage(repo, stage)
        shutil.rmtree(repo.parent / "jb-out", ignore_errors=True)
        # The summary pages read the chapters' results; Jupyter Book's executor gets the same file.
        upstream = max((repo / "_build" / "cache" / "_upstream").glob("*.json"), key=lambda p: p.stat().st_mtime)
        jb, _ = timed([JUPYTER_BOOK, "build", str(stage), "--path-output", str(repo.parent / "jb-out")], repo,
                      {**os.environ, "PYTHONPATH": str(repo), "GAPLIB_CHAPTER_RESULTS": str(upstream)})
        jb_s.append(jb)
        ratios.append(seconds / jb)
    return {"gaplib_clean_build_s": gaplib_s, "jupyter_book_execute_force_s": jb_s,
            "gaplib_clean_build_median_s": statistics.median(gaplib_s),
            "jupyter_book_median_s": statistics.median(jb_s),
            "clean_build_ratio_median": statistics.median(ratios), "clean_build_ratio_target": CLEAN_BUILD_TARGET_RATIO}


def noop_builds(repo: Path, repeat: int, clean_median: float) -> dict:
    runs = [gaplib(repo, "build")[0] for _ in range(repeat)]
    median = statistics.median(runs)
    return {"noop_build_s": runs, "noop_build_median_s": median, "noop_target_s": 5.0,
            "clean_over_noop": clean_median / median}


def executed(output: str) -> list[str]:
    line = next(line for line in output.splitlines() if line.startswith("executed:"))
    names = line.split(":", 1)[1].split(";")[0].strip()
    return [] if names.startswith("none") else [n.strip() for n in names.split(",")]


def invalidation(repo: Path) -> dict:
    results = {c: json.loads((repo / "_build" / "html" / f"{c}.results.json").read_text()) for c in CHAPTERS}
    users: dict[str, list[str]] = {}
    for chapter, result in results.items():
        for path in result.get("modules", {}):  # by path: module names repeat across gaplib's subpackages
            users.setdefault(Path(path).relative_to(repo.resolve()).as_posix(), []).append(chapter)
    single = sorted(name for name, chapters in users.items() if len(chapters) == 1)
    report: dict = {}
    if single:
        module = repo / single[0]
        module.write_text(module.read_text() + "\n# touched by the benchmark\n")
        _, out = gaplib(repo, "build")
        report["touched_module"] = single[0]
        report["module_users"] = users[single[0]]
        report["executed_after_module_touch"] = executed(out)
    data_users: dict[str, list[str]] = {}
    for chapter, result in results.items():
        for path in result.get("data", {}):
            data_users.setdefault(path, []).append(chapter)
    # A third-party file of the snapshot (GAPLIB_DATA_DIR relocates those; curated tables stay).
    source_root = repo / "data" / "upstream"
    third_party = {p: c for p, c in data_users.items() if p.startswith(str(source_root))}
    path, chapters = min(third_party.items(), key=lambda item: (len(item[1]), item[0]))
    data_dir = repo.parent / "data-copy"
    shared = Path(path).resolve()
    shutil.copytree(source_root, data_dir)
    env = {"GAPLIB_DATA_DIR": str(data_dir)}
    gaplib(repo, "build", env=env)  # the copy has new paths: every chapter re-reads once
    copy = data_dir / shared.relative_to(source_root)
    copy.write_text(copy.read_text() + "\n")
    _, out = gaplib(repo, "build", env=env)
    report.update({"touched_data_file": str(shared.relative_to(source_root)), "data_file_users": chapters,
                   "executed_after_data_touch": executed(out)})
    return report


def rerun_vs_floor(repo: Path, repeat: int) -> dict:
    """One chapter re-run with a changed parameter, against its floor: a bare kernel's start plus the chapter's
    code cells as one plain Python script that writes the same table and chart files (the run writes them, so
    the floor does too). The script's time without the files is reported beside it."""
    from jupyter_client.manager import start_new_kernel

    chapter, name, values = "hardware", "frontier_growth_per_year", [3.1, 3.2, 3.3, 3.4, 3.5]
    reruns = [gaplib(repo, "run", chapter, "-p", name, str(v), "--out", str(repo.parent / f"run-{v}"))[0]
              for v in values[:repeat]]
    notebook = nbformat.read(repo / "chapters" / f"{chapter}.ipynb", as_version=4)
    script = repo.parent / f"{chapter}_floor.py"
    # As the re-run's output folder: the chart pictures drawn from their specs, in every language.
    draw = ("import os, pathlib\nfrom gaplib.engine.pictures import draw_missing\n"
            "if os.environ.get('GAPLIB_ARTIFACT_DIR'):\n"
            "    draw_missing(pathlib.Path(os.environ['GAPLIB_ARTIFACT_DIR']))")
    script.write_text("\n\n".join([*(c.source for c in notebook.cells if c.cell_type == "code"), draw]))
    env = {**os.environ, "PYTHONPATH": str(repo)}
    plain_without_files = [timed([PYTHON, str(script)], repo, env)[0] for _ in range(repeat)]
    plain = []
    for i in range(repeat):
        files = repo.parent / f"{chapter}-floor-files-{i}"
        files.mkdir()
        plain.append(timed([PYTHON, str(script)], repo, {**env, "GAPLIB_ARTIFACT_DIR": str(files),
                                                         "GAPLIB_ARTIFACT_PREFIX": chapter})[0])
    kernel = []
    for _ in range(repeat):
        started = time.perf_counter()
        manager, client = start_new_kernel(kernel_name="python3", stderr=subprocess.DEVNULL)  # its TCP warning
        client.stop_channels()
        manager.shutdown_kernel(now=True)
        kernel.append(time.perf_counter() - started)
    floor = statistics.median(plain) + statistics.median(kernel)
    return {"rerun_s": reruns, "rerun_median_s": statistics.median(reruns), "plain_python_s": plain,
            "plain_python_without_files_s": plain_without_files,
            "kernel_start_s": kernel, "floor_s": floor, "rerun_over_floor": statistics.median(reruns) / floor,
            "rerun_target_ratio": RERUN_TARGET_RATIO}


def scenario_engine(repo: Path) -> dict:
    """Paths per second on one core and peak memory for 1,000,000 paths, in a fresh process."""
    code = (
        "import json, os, resource, time\n"
        "os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})\n"
        "from gaplib.strategy import scenario_paths\n"
        "from gaplib.params import validate_params\n"
        "levers = scenario_paths.Levers.from_params(validate_params('strategy'))\n"
        "run = lambda n: scenario_paths.simulate(levers, start_fleet_ratio=11.4, n_paths=n, seed=0)\n"
        "n = 1_000_000\n"
        "run(10_000)\n"
        "times = []\n"
        "for _ in range(3):\n"
        "    t = time.perf_counter(); run(n); times.append(time.perf_counter() - t)\n"
        "times.sort()\n"
        "print(json.dumps({'paths': n, 'seconds_median': times[1],\n"
        "  'paths_per_second': n / times[1],\n"
        "  'peak_rss_mib': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))\n"
    )
    try:
        _, out = timed([PYTHON, "-c", code], repo, {**os.environ, "PYTHONPATH": str(repo)})
    except RuntimeError as exc:
        return {"error": str(exc)[-500:]}
    result = json.loads(out.strip().splitlines()[-1])
    result["paths_per_second_target"] = 1_000_000
    return result


def page_weights(repo: Path) -> dict:
    site = repo / "_build" / "html"
    pages = {c: (site / "chapters" / f"{c}.html").stat().st_size for c in CHAPTERS}
    pages |= {p: (site / f"{p}.html").stat().st_size for p in PAGES}
    return {"page_bytes": pages, "largest_page_bytes": max(pages.values()), "page_target_bytes": PAGE_TARGET_BYTES}


def summary(figures: dict) -> list[tuple[str, str, str, str]]:
    """Rows (figure, measured, target, met) of the printed table."""
    clean, noop, rerun = figures["clean_build"], figures["noop_build"], figures["rerun"]
    engine, pages, inval = figures["scenario_engine"], figures["page_weight"], figures["invalidation"]
    yes = lambda ok: "yes" if ok else "NO"  # noqa: E731
    rows = [
        ("clean build", f"gaplib {clean['gaplib_clean_build_median_s']:.1f} s, Jupyter Book "
         f"{clean['jupyter_book_median_s']:.1f} s, ratio {clean['clean_build_ratio_median']:.2f}",
         f"ratio <= {CLEAN_BUILD_TARGET_RATIO}", yes(clean["clean_build_ratio_median"] <= clean["clean_build_ratio_target"])),
        ("no-op build", f"{noop['noop_build_median_s']:.1f} s ({noop['clean_over_noop']:.0f}x faster than clean)",
         "< 5 s and >= 10x", yes(noop["noop_build_median_s"] < noop["noop_target_s"] and noop["clean_over_noop"] >= 10)),
        ("module touched", f"{inval.get('touched_module')}: ran {', '.join(inval.get('executed_after_module_touch', []))}",
         f"only {', '.join(inval.get('module_users', []))}",
         yes(inval.get("executed_after_module_touch") == inval.get("module_users"))),
        ("data file touched", f"{inval['touched_data_file']}: ran {', '.join(inval['executed_after_data_touch'])}",
         f"only {', '.join(inval['data_file_users'])}",
         yes(sorted(inval["executed_after_data_touch"]) == sorted(inval["data_file_users"]))),
        ("one-parameter re-run", f"{rerun['rerun_median_s']:.2f} s vs floor {rerun['floor_s']:.2f} s, "
         f"{rerun['rerun_over_floor']:.2f}x", f"<= {RERUN_TARGET_RATIO}x",
         yes(rerun["rerun_over_floor"] <= rerun["rerun_target_ratio"])),
    ]
    if "sweep" in figures:
        sweep = figures["sweep"]
        rows.append((f"sweep ({SWEEP_POINTS} points, {SWEEP_JOBS} cores)",
                     f"{sweep['points_per_s_median']:.2f} points/s as the build runs it (results only); "
                     f"{sweep['full_points_per_s_median']:.2f} with table and chart files",
                     f">= {sweep['points_per_s_target']:.2f} (2x {SWEEP_BASELINE_POINTS_PER_S})",
                     yes(sweep["points_per_s_median"] >= sweep["points_per_s_target"])))
    if "preview" in figures:
        preview = figures["preview"]
        rows.append(("preview: markdown saved", f"{preview['markdown_median_s']:.1f} s to the reloaded page",
                     f"<= {PREVIEW_MARKDOWN_TARGET_S:.0f} s", yes(preview["markdown_median_s"] <= PREVIEW_MARKDOWN_TARGET_S)))
        rows.append(("preview: parameter default saved", f"{preview['parameter_median_s']:.1f} s to the reloaded page",
                     f"<= floor + {PREVIEW_PARAMETER_MARGIN_S:.0f} s = {preview['parameter_target_s']:.1f} s",
                     yes(preview["parameter_median_s"] <= preview["parameter_target_s"])))
    if "error" in engine:
        rows.append(("scenario engine", "failed: " + engine["error"].splitlines()[-1], ">= 1,000,000 paths/s", "NO"))
    else:
        rows.append(("scenario engine", f"{engine['paths_per_second']:,.0f} paths/s, peak {engine['peak_rss_mib']:.0f} MiB "
                     "for 1M paths", ">= 1,000,000 paths/s", yes(engine["paths_per_second"] >= 1_000_000)))
    largest = max(pages["page_bytes"], key=pages["page_bytes"].get)
    if "phone" in figures:
        rows += phone_rows(figures["phone"])
    if "lighthouse" in figures:
        rows += lighthouse_rows(figures["lighthouse"])
    rows.append(("page weight", f"largest {largest} {pages['largest_page_bytes'] / 1000:.0f} KB", "<= 500 KB",
                 yes(pages["largest_page_bytes"] <= pages["page_target_bytes"])))
    return rows


def print_table(rows: list[tuple[str, str, str, str]]) -> None:
    header = ("figure", "measured", "target", "met")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(4)]
    for row in [header, tuple("-" * w for w in widths), *rows]:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="repetitions per timing (median reported)")
    parser.add_argument("--out", type=Path, default=PROJECT_DIR / "bench" / "results.json")
    parser.add_argument("--timeline", action="store_true", help="also print the timeline of one clean build")
    parser.add_argument("--only", choices=["clean", "rerun", "sweep", "preview", "phone", "lighthouse"], default=None,
                        help="measure only this figure (after a build it needs), print it and stop")
    args = parser.parse_args()
    figures: dict = {"machine": machine(), "repeat": args.repeat,
                     "warm_up": "none for builds (each is from a clean cache); the engine runs 10,000 paths first"}
    if args.only:
        with tempfile.TemporaryDirectory(prefix="gaplib-bench-") as tmp:
            repo = clone(Path(tmp))
            if args.only == "clean":
                print(json.dumps(clean_builds(repo, args.repeat), indent=1))
            elif args.only == "rerun":
                print(json.dumps(rerun_vs_floor(repo, args.repeat), indent=1))
            elif args.only == "phone":
                gaplib(repo, "build")
                result = phone_figures(repo / "_build" / "html", repeat=args.repeat)
                print(json.dumps(result, indent=1))
                print_table(phone_rows(result))
            elif args.only == "lighthouse":
                gaplib(repo, "build")
                result = lighthouse_figures(repo / "_build" / "html", repeat=args.repeat)
                print(json.dumps(result, indent=1))
                print_table(lighthouse_rows(result))
                print_costs(result)
            elif args.only == "sweep":
                print(json.dumps(sweep_rate(repo, args.repeat), indent=1))
            else:
                gaplib(repo, *CLEAN_BUILD_ARGS)
                floor = rerun_vs_floor(repo, 1)["floor_s"]
                print(json.dumps(preview_reload(repo, args.repeat, floor), indent=1))
        return
    with tempfile.TemporaryDirectory(prefix="gaplib-bench-") as tmp:
        repo = clone(Path(tmp))
        print("clean builds (gaplib vs Jupyter Book executor, alternating) ...", flush=True)
        figures["clean_build"] = clean_builds(repo, args.repeat)
        print("no-op builds ...", flush=True)
        figures["noop_build"] = noop_builds(repo, args.repeat, figures["clean_build"]["gaplib_clean_build_median_s"])
        figures["page_weight"] = page_weights(repo)
        print("one chapter re-run ...", flush=True)
        figures["rerun"] = rerun_vs_floor(repo, args.repeat)
        print(f"{SWEEP_POINTS}-point sweep ...", flush=True)
        figures["sweep"] = sweep_rate(repo, args.repeat)
        print("preview save-to-reload ...", flush=True)
        figures["preview"] = preview_reload(repo, args.repeat, figures["rerun"]["floor_s"])
        print("phone: first chart and all charts on a throttled phone (both editions) ...", flush=True)
        gaplib(repo, "build")  # the clean builds above are of the English edition alone
        figures["phone"] = phone_figures(repo / "_build" / "html", repeat=args.repeat)
        print("lighthouse: mobile performance scores (both editions; skipped without Node) ...", flush=True)
        figures["lighthouse"] = lighthouse_figures(repo / "_build" / "html", repeat=args.repeat)
        print("scenario engine ...", flush=True)
        figures["scenario_engine"] = scenario_engine(repo)
        print("invalidation ...", flush=True)
        figures["invalidation"] = invalidation(repo)
        if args.timeline:
            import timeline

            shutil.rmtree(repo / "_build", ignore_errors=True)
            seconds, spans = timeline.timed_build(repo, gaplib_command(*CLEAN_BUILD_ARGS))
            figures["timeline"] = spans
            print(f"timeline of one more clean build ({seconds:.1f} s):")
            timeline.print_timeline(spans)
    args.out.write_text(json.dumps(figures, indent=2) + "\n")
    print_table(summary(figures))
    print_costs(figures["lighthouse"])
    print(f"every figure: {args.out}")


if __name__ == "__main__":
    main()

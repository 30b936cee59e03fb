"""Every chapter and page runs at both ends of every numeric parameter's documented range.

The cases are generated from the schemas: for each numeric parameter its lower and
upper bound (a value just inside for ``gt``/``lt``), for each bool and Literal
parameter every value, the other parameters at their defaults. A case whose end
breaks one of the schema's cross-parameter rules moves the partner parameters as
little as the rule needs (an ordered pair's partner to the same value; the other
weights of a group that must add up to a total in proportion).

All points are queued at once on one process pool (warm kernels, the session cache);
each test then waits for its own point. The pages run on the default chapters'
results, as ``gaplib run PAGE`` does. About 140 cases, under two minutes on two cores.
"""

from __future__ import annotations

import os
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any, Literal, get_args, get_origin

import pytest

from gaplib.engine.cache import params_digest
from gaplib.engine.runner import ChapterFailed, run_chapter
from gaplib.params import CHAPTERS, NOTEBOOKS, PAGES, validate_params

# A worker of its own under make test (-n): its cases share little with the built book, and
# running them beside the book's tests halves the wait more than the shared cache would save.
pytestmark = pytest.mark.xdist_group("param-ranges")

JOBS = min(2, os.cpu_count() or 1)
#: How far inside an open bound (gt/lt) a case goes, as a share of the range's width.
INSIDE = 1e-6


@dataclass(frozen=True)
class Case:
    chapter: str
    name: str
    end: str
    overrides: dict[str, Any]

    @property
    def id(self) -> str:
        return f"{self.chapter}-{self.name}-{self.end}"


def _bounds(schema, name: str) -> dict[str, Any]:
    bounds: dict[str, Any] = {}
    for meta in schema.model_fields[name].metadata:
        for key in ("ge", "gt", "le", "lt"):
            if getattr(meta, key, None) is not None:
                bounds[key] = getattr(meta, key)
    return bounds


def range_ends(schema, name: str) -> list[tuple[str, Any]]:
    """Return [(label, value)] for one parameter: both range ends, or every value of a bool/Literal."""
    annotation = schema.model_fields[name].annotation
    if annotation is bool:
        return [("False", False), ("True", True)]
    if get_origin(annotation) is Literal:
        return [(str(choice), choice) for choice in get_args(annotation)]
    bounds = _bounds(schema, name)
    low, high = bounds.get("ge", bounds.get("gt")), bounds.get("le", bounds.get("lt"))
    assert low is not None and high is not None, f"{schema.__name__}.{name} has no documented range"
    if annotation is int:
        return [("low", low + 1 if "gt" in bounds else low), ("high", high - 1 if "lt" in bounds else high)]
    step = INSIDE * (high - low)
    return [("low", float(low + step if "gt" in bounds else low)),
            ("high", float(high - step if "lt" in bounds else high))]


def satisfy_rules(schema, name: str, overrides: dict[str, Any]) -> dict[str, Any]:
    """Return ``overrides`` (``name`` at its end) with partners moved so the schema's rules hold."""
    values = {**schema().model_dump(), **overrides}
    changed = dict(overrides)
    for group, total, _ in schema.fixed_sums:
        if name in group:
            rest = [other for other in group if other != name]
            left, share = total - values[name], sum(values[other] for other in rest)
            for other in rest:
                changed[other] = values[other] = left * values[other] / share if share else left / len(rest)
    pairs = schema.ordered_pairs
    for _ in range(len(pairs) + 1):  # a chain low <= mid <= high settles in as many passes
        for low, high, _ in pairs:
            if values[low] > values[high]:
                moved = low if high == name or (low != name and high in changed) else high
                changed[moved] = values[moved] = values[high if moved == low else low]
    return changed


def cases() -> list[Case]:
    out = []
    for chapter, schema in NOTEBOOKS.items():
        for name in schema.model_fields:
            for end, value in range_ends(schema, name):
                out.append(Case(chapter, name, end, satisfy_rules(schema, name, {name: value})))
    return out


CASES = cases()


def _digest(chapter: str, overrides: dict[str, Any]) -> str:
    return params_digest({"__chapter__": chapter, **validate_params(chapter, overrides).model_dump()})


@pytest.fixture(scope="session")
def range_runs(cache_dir, request):
    """case id -> Future of its ChapterRun, for the cases selected; identical points share one execution."""
    from gaplib.engine.notebook_runs import run_chapters_for_pages

    selected = [item.callspec.params["case"] for item in request.session.items
                if getattr(item, "originalname", "") == "test_chapter_runs_at_range_end"]

    # Every point is queued from this thread before any other thread starts: the pool's
    # workers are forked at the first submit and must not inherit another thread's locks.
    with ProcessPoolExecutor(max_workers=JOBS) as pool:
        by_point: dict[str, Future] = {}
        futures: dict[str, Future] = {}
        defaults = {_digest(chapter, {}): chapter for chapter in CHAPTERS}
        for case in (c for c in selected if c.chapter in CHAPTERS):
            digest = _digest(case.chapter, case.overrides)
            if digest not in by_point and digest not in defaults:
                by_point[digest] = pool.submit(run_chapter, case.chapter, case.overrides, cache_dir=cache_dir)
        # The default chapters (and the sensitivity sweep) are what the pages summarise;
        # a case equal to a chapter's defaults is that run.
        needed = any(c.chapter in PAGES or _digest(c.chapter, c.overrides) in defaults for c in selected)
        try:
            runs, pages_input = run_chapters_for_pages({}, cache_dir=cache_dir, pool=pool) if needed else ({}, None)
        except ChapterFailed as exc:
            runs, pages_input = {}, exc
        if needed:
            for digest, chapter in defaults.items():
                by_point[digest] = Future()
                if chapter in runs:
                    by_point[digest].set_result(runs[chapter])
                else:
                    by_point[digest].set_exception(pages_input)
        for case in selected:
            digest = _digest(case.chapter, case.overrides)
            if case.chapter in PAGES and digest not in by_point:
                if isinstance(pages_input, Exception):
                    by_point[digest] = Future()
                    by_point[digest].set_exception(pages_input)
                else:
                    by_point[digest] = pool.submit(run_chapter, case.chapter, case.overrides, cache_dir=cache_dir,
                                                   upstream=pages_input)
            futures[case.id] = by_point[digest]
        yield futures


def test_cases_cover_every_parameter_of_every_notebook():
    covered = {(case.chapter, case.name) for case in CASES}
    assert covered == {(chapter, name) for chapter, schema in NOTEBOOKS.items() for name in schema.model_fields}
    for case in CASES:  # every generated point is valid, so it tests the chapter, not the schema
        validate_params(case.chapter, case.overrides)


@pytest.mark.slow
@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_chapter_runs_at_range_end(case, range_runs):
    try:
        run, failure = range_runs[case.id].result(), None
    except ChapterFailed as exc:
        run, failure = None, exc.detail
    if failure is not None:  # outside the except: the report shows the chapter's traceback, not the pool's
        pytest.fail(f"{case.chapter} with {case.overrides} failed:\n{failure}", pytrace=False)
    for name, value in case.overrides.items():
        assert run.results["parameters"][name] == value

"""The GitHub workflows call commands that exist, with options that exist."""

from __future__ import annotations

import re
import shlex

import pytest
import yaml
from click.testing import CliRunner

from gaplib.engine.cache import PROJECT_DIR
from gaplib.engine.cli import main

WORKFLOWS = PROJECT_DIR / ".github" / "workflows"


def _gaplib_calls(workflow: dict) -> list[list[str]]:
    calls = []
    for job in workflow["jobs"].values():
        for step in job["steps"]:
            for line in step.get("run", "").splitlines():
                if line.strip().startswith(".venv/bin/gaplib "):
                    calls.append(shlex.split(line)[1:])
    return calls


@pytest.mark.parametrize("name", sorted(p.name for p in WORKFLOWS.glob("*.yml")))
def test_every_gaplib_call_parses(name):
    workflow = yaml.safe_load((WORKFLOWS / name).read_text())
    for args in _gaplib_calls(workflow):
        # --help is handled after the options are parsed: an unknown option or command still fails
        result = CliRunner().invoke(main, [*args, "--help"])
        assert result.exit_code == 0, f"{name}: gaplib {' '.join(args)}: {result.output}"


def test_data_update_workflow_runs_weekly_and_opens_a_pull_request():
    workflow = yaml.safe_load((WORKFLOWS / "data-update.yml").read_text())
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert "workflow_dispatch" in triggers and len(triggers["schedule"][0]["cron"].split()) == 5
    assert workflow["permissions"] == {"contents": "write", "pull-requests": "write"}
    steps = workflow["jobs"]["update"]["steps"]
    calls = [" ".join(c) for c in _gaplib_calls(workflow)]
    assert calls[0].startswith("data update --apply --report") and any(c.startswith("edition changes") for c in calls)
    assert any(s.get("run") == "make book" for s in steps) and any(s.get("run") == "make .venv/.installed" for s in steps)
    [pull] = [s for s in steps if s.get("uses", "").startswith("peter-evans/create-pull-request@")]
    assert re.fullmatch(r"peter-evans/create-pull-request@v\d+", pull["uses"])  # pinned to a major version
    assert pull["with"]["body-path"].endswith("pull-request.md") and pull["with"]["add-paths"] == "data/upstream"


def test_the_book_is_published_only_after_make_test_passed_in_the_same_job():
    workflow = yaml.safe_load((WORKFLOWS / "book.yml").read_text())
    steps = workflow["jobs"]["build"]["steps"]
    runs = [s.get("run") for s in steps]
    upload = next(n for n, s in enumerate(steps) if s.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert "make test" in runs and runs.index("make test") < runs.index("make book") < upload
    assert not any(s.get("continue-on-error") for s in steps[:upload]), "a failed test must stop the job"
    assert workflow["jobs"]["deploy"]["needs"] == "build"

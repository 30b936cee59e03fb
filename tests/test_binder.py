"""Launch buttons: Binder can build the environment and run a chapter; no Colab button that cannot work."""

import json
import os
import subprocess

import pytest
import yaml

from gaplib.engine.cache import PROJECT_DIR

BINDER = PROJECT_DIR / "binder"


def test_binder_installs_the_pinned_requirements_and_the_package():
    assert (BINDER / "requirements.txt").read_text().splitlines()[-1] == "-r ../requirements.txt"
    post = BINDER / "postBuild"
    assert os.access(post, os.X_OK), "repo2docker runs postBuild only when it is executable"
    assert "pip install" in post.read_text() and "-e ." in post.read_text()


def test_no_colab_button_and_binder_follows_the_repository_setting():
    config = yaml.safe_load((PROJECT_DIR / "_config.yml").read_text())
    assert "colab_url" not in config["launch_buttons"]
    assert config["launch_buttons"]["binderhub_url"] == "https://mybinder.org"
    assert config["repository"]["url"].startswith("https://github.com/")


@pytest.mark.slow
@pytest.mark.binder
def test_a_binder_environment_runs_a_chapter_from_its_own_folder(tmp_path):
    """The committed HEAD, a fresh environment built as Binder builds it, papermill from chapters/."""
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH", "GAPLIB_DATA_DIR")}
    done = subprocess.run(["bash", str(PROJECT_DIR / "scripts" / "binder-repro.sh"), str(tmp_path), "research"],
                          capture_output=True, text=True, env=env, timeout=1500)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-4000:]
    executed = json.loads((tmp_path / "research.executed.ipynb").read_text())
    outputs = [o for c in executed["cells"] if c["cell_type"] == "code" for o in c.get("outputs", [])]
    assert not any(o.get("output_type") == "error" for o in outputs)
    glued = json.dumps(outputs)
    assert "publications_china" in glued  # the chapter computed and glued its numbers

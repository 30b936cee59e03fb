#!/usr/bin/env bash
# Reproduce what Binder does with this repository, then run one chapter as a Binder user would.
#   scripts/binder-repro.sh WORKDIR [CHAPTER]
# Clones the committed HEAD into WORKDIR/clone, makes a fresh virtual environment
# WORKDIR/venv, installs binder/requirements.txt, runs binder/postBuild from the clone's
# root (as repo2docker does), then executes chapters/CHAPTER.ipynb with papermill from
# the chapters/ folder. Exits non-zero at the first failing step.
set -euo pipefail
work=${1:?usage: scripts/binder-repro.sh WORKDIR [CHAPTER]}
chapter=${2:-research}
repo=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$work"
git clone --quiet --no-hardlinks "$repo" "$work/clone"
python3 -m venv "$work/venv"
export PATH="$work/venv/bin:$PATH" VIRTUAL_ENV="$work/venv"
cd "$work/clone"
python -m pip install --quiet --disable-pip-version-check -r binder/requirements.txt
./binder/postBuild
cd chapters
python -m papermill --log-level WARNING "$chapter.ipynb" "$work/$chapter.executed.ipynb"
echo "binder reproduction: $chapter executed in $work/$chapter.executed.ipynb"

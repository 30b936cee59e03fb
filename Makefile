# One-command entry points: `make book` builds the site, `make test` runs every test.
# Both create .venv and install the pinned requirements and gaplib on first use.
# `make mutation` (not in CI) measures how many small code changes the tests catch.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

# Test workers: one per core by default; the grouping of the tests is in tests/conftest.py.
TEST_WORKERS ?= auto

.PHONY: book test bench mutation clean browser

# Setup also makes the offline vega/vega-lite/vega-embed bundle the site ships: it depends
# only on the installed packages, so it is kept in the environment, not in _build.
$(STAMP): requirements.txt pyproject.toml
	test -x $(PY) || { sh scripts/check-python.sh $(PYTHON) && $(PYTHON) -m venv $(VENV); }
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	$(PY) -c "from gaplib.engine.vega import vega_bundle; print('vega bundle:', vega_bundle())"
	touch $(STAMP)

# The Chinese chart pictures need a CJK font: installed here when missing and possible (see the script).
book: $(STAMP)
	sh scripts/ensure-cjk-font.sh
	$(VENV)/bin/gaplib build

# The browser tests need headless Chromium; installed here when missing (see the script).
browser:
	sh scripts/ensure-chromium.sh

test: $(STAMP) browser
	$(PY) -m pytest -n $(TEST_WORKERS) --dist loadgroup --durations=30

bench: $(STAMP)
	$(PY) bench/run.py

mutation: $(STAMP)
	$(PY) bench/mutation.py

clean:
	rm -rf _build

#!/bin/sh
# make's setup needs Python 3.11 or later with its venv module (and ensurepip, which Debian ships
# apart in python3-venv). Says in one line what is missing; exits 1 then.
set -u
python="${1:-python3}"
if ! command -v "$python" >/dev/null 2>&1; then
  echo "make needs Python 3.11 or later: '$python' was not found (install python3, or run make PYTHON=/path/to/python3.11)" >&2
  exit 1
fi
if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  version=$("$python" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null || echo unknown)
  echo "make needs Python 3.11 or later, '$python' is $version (run make PYTHON=/path/to/python3.11)" >&2
  exit 1
fi
if ! "$python" -c 'import venv, ensurepip' 2>/dev/null; then
  echo "make needs Python's venv module: '$python' has none (Debian/Ubuntu: apt-get install python3-venv)" >&2
  exit 1
fi

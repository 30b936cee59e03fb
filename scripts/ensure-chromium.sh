#!/bin/sh
# Headless Chromium draws the built pages in the browser tests and prints the PDF.
# Installs Debian's package when it is missing and this user may; otherwise says what to install.
set -eu
if command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1; then
  exit 0
fi
if command -v apt-get >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    SUDO=""
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO="sudo -n"
  else
    SUDO="none"
  fi
  if [ "$SUDO" != none ]; then
    echo "installing Debian's chromium for the browser tests ..."
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium
    exit 0
  fi
fi
echo "make test needs headless Chromium: install the package 'chromium' (Debian/Ubuntu: apt-get install chromium), then run make test again" >&2
exit 1

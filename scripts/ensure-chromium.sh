#!/bin/sh
# Headless Chromium draws the built pages in the browser tests and prints the PDF; a CJK font
# (Debian's fonts-noto-cjk) lets it, and the chart pictures, show the Chinese edition's text.
# Installs Debian's packages when they are missing and this user may; otherwise says what to install.
set -eu
missing=""
if ! command -v chromium >/dev/null 2>&1 && ! command -v chromium-browser >/dev/null 2>&1; then
  missing="chromium"
fi
if command -v fc-list >/dev/null 2>&1; then
  fc-list :lang=zh 2>/dev/null | grep -q . || missing="$missing fonts-noto-cjk"
else
  # No fontconfig command: look for the font's files instead. Debian's fonts-noto-cjk does not bring
  # fc-list, so asking fc-list alone would run apt-get again on every make test.
  font_dirs="${GAPLIB_FONT_DIRS:-/usr/share/fonts /usr/local/share/fonts ${HOME:-/nonexistent}/.local/share/fonts ${HOME:-/nonexistent}/.fonts}"
  # shellcheck disable=SC2086  # the folder list is meant to split
  find $font_dirs -iname '*cjk*' 2>/dev/null | grep -q . || missing="$missing fonts-noto-cjk"
fi
if [ -z "$missing" ]; then
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
    echo "installing Debian's$missing for the browser tests and the Chinese edition ..."
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    # shellcheck disable=SC2086  # the package list is meant to split
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing
    exit 0
  fi
fi
echo "make test needs headless Chromium and a CJK font: install the packages: ${missing# } (Debian/Ubuntu: apt-get install ${missing# }), then run make test again" >&2
exit 1

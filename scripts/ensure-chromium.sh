#!/bin/sh
# Headless Chromium draws the built pages in the browser tests and prints the PDF; a CJK font
# (Debian's fonts-noto-cjk) lets it, and the chart pictures, show the Chinese edition's text.
# Installs Debian's packages when they are missing and this user may; otherwise says what to install.
set -eu
. "${0%/*}/apt-lib.sh"
missing=""
if ! command -v chromium >/dev/null 2>&1 && ! command -v chromium-browser >/dev/null 2>&1; then
  missing="chromium"
fi
has_cjk_font || missing="$missing fonts-noto-cjk"
if [ -z "$missing" ]; then
  exit 0
fi
if can_apt_install; then
  echo "installing Debian's$missing for the browser tests and the Chinese edition ..."
  # shellcheck disable=SC2086  # the package list is meant to split
  apt_install $missing
  exit 0
fi
echo "make test needs headless Chromium and a CJK font: install the packages: ${missing# } (Debian/Ubuntu: apt-get install ${missing# }), then run make test again" >&2
exit 1

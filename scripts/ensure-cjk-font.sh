#!/bin/sh
# The Chinese edition's chart pictures need a font with Chinese glyphs (Debian's fonts-noto-cjk):
# without one every character would be drawn as an empty box, and the picture step refuses.
# Installs the package when it is missing and this user may; otherwise says what to install and
# lets the build go on (the English edition, `gaplib build --lang en`, needs no such font).
set -eu
. "${0%/*}/apt-lib.sh"
if has_cjk_font; then
  exit 0
fi
if can_apt_install; then
  echo "installing Debian's fonts-noto-cjk and fontconfig for the Chinese edition's chart pictures ..."
  apt_install fonts-noto-cjk fontconfig
  exit 0
fi
echo "no CJK font: the Chinese edition's chart pictures cannot be drawn; install fonts-noto-cjk (Debian/Ubuntu: apt-get install fonts-noto-cjk fontconfig) or build the English edition alone: .venv/bin/gaplib build --lang en" >&2

#!/bin/sh
# The Chinese edition's chart pictures need a font with Chinese glyphs (Debian's fonts-noto-cjk):
# without one every character would be drawn as an empty box, and the picture step refuses.
# Installs the package when it is missing and this user may; otherwise says what to install and
# lets the build go on (the English edition, `gaplib build --lang en`, needs no such font).
set -eu
if command -v fc-list >/dev/null 2>&1 && fc-list :lang=zh 2>/dev/null | grep -q .; then
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
    echo "installing Debian's fonts-noto-cjk and fontconfig for the Chinese edition's chart pictures ..."
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends fonts-noto-cjk fontconfig
    exit 0
  fi
fi
echo "no CJK font: the Chinese edition's chart pictures cannot be drawn; install fonts-noto-cjk (Debian/Ubuntu: apt-get install fonts-noto-cjk fontconfig) or build the English edition alone: .venv/bin/gaplib build --lang en" >&2

# Shared by scripts/ensure-*.sh, which source it: is a CJK font there, and Debian packages
# installed when missing and this user may (as root or with password-less sudo).

# Succeeds when a font with Chinese glyphs is installed. Without fontconfig's command it looks for
# the font's files: Debian's fonts-noto-cjk does not bring fc-list, so asking fc-list alone would
# run apt-get again on every make test.
has_cjk_font() {
  if command -v fc-list >/dev/null 2>&1; then
    fc-list :lang=zh 2>/dev/null | grep -q .
  else
    font_dirs="${GAPLIB_FONT_DIRS:-/usr/share/fonts /usr/local/share/fonts ${HOME:-/nonexistent}/.local/share/fonts ${HOME:-/nonexistent}/.fonts}"
    # shellcheck disable=SC2086  # the folder list is meant to split
    find $font_dirs -iname '*cjk*' 2>/dev/null | grep -q .
  fi
}

# Succeeds when apt-get can install here: as root, or through sudo without a password (set in APT_SUDO).
can_apt_install() {
  command -v apt-get >/dev/null 2>&1 || return 1
  if [ "$(id -u)" = 0 ]; then
    APT_SUDO=""
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    APT_SUDO="sudo -n"
  else
    return 1
  fi
}

# apt_install PACKAGE...: after can_apt_install succeeded; a failing apt-get stops the script (set -e).
apt_install() {
  $APT_SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $APT_SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@"
}

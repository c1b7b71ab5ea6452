#!/usr/bin/env bash
# The browser tests drive Debian's Chromium (never a browser downloaded by playwright).
set -euo pipefail
if [ ! -x /usr/bin/chromium ]; then
  echo "Installing Debian's Chromium for the browser tests (apt, about a minute, once) ..."
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
  echo "Chromium installed."
fi

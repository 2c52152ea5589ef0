#!/usr/bin/env bash
# The browser tests drive Debian's Chromium (never a downloaded browser).
# Installs it when missing and we may (root with apt), otherwise says how.
set -euo pipefail
chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
[ -x "$chromium" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's chromium for the browser tests (once)..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  [ -x "$chromium" ] && exit 0
fi
echo "The browser tests need Chromium at $chromium: install it with 'sudo apt-get install -y chromium', or set CHROMIUM_PATH." >&2
exit 1

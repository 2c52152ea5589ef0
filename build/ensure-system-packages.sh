#!/usr/bin/env bash
# The tests drive Debian's Chromium (never a downloaded browser), make it
# trust a generated CA through an NSS database (certutil, libnss3-tools),
# put Debian's nginx in front of the server as a plant's reverse proxy, and
# read posters' PDFs back as pixels with poppler's pdftoppm (poppler-utils).
# Installs what is missing when we may (root with apt), otherwise says how.
set -euo pipefail
chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
nginx="${NGINX_PATH:-/usr/sbin/nginx}"
missing=()
[ -x "$chromium" ] || missing+=(chromium)
[ -x "$nginx" ] || missing+=(nginx)
command -v certutil >/dev/null 2>&1 || missing+=(libnss3-tools)
command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's ${missing[*]} for the tests (once)..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  # The package starts nginx on port 80; the tests run their own.
  if command -v service >/dev/null 2>&1; then service nginx stop >/dev/null 2>&1 || true; fi
  [ -x "$chromium" ] && [ -x "$nginx" ] && command -v certutil >/dev/null 2>&1 && command -v pdftoppm >/dev/null 2>&1 && exit 0
fi
echo "The tests need Chromium at $chromium, nginx at $nginx, certutil and pdftoppm: install them with 'sudo apt-get install -y chromium nginx libnss3-tools poppler-utils', or set CHROMIUM_PATH and NGINX_PATH." >&2
exit 1

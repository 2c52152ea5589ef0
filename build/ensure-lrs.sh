#!/usr/bin/env bash
# The xAPI round-trip and forwarding tests post to a real LRS: Learning
# Locker's xapi-statements, an in-memory LRS on Node. It is GPL-3.0, so it is
# never a dependency of ours: its own manifest and lockfile (harness/lrs/) are
# installed into .lrs/ (install scripts off), and harness/lrs-process.ts
# starts it as a separate process. Installs again only when the lockfile changed.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=.lrs
if [ -f "$dir/node_modules/xapi-statements/package.json" ] && cmp -s harness/lrs/package-lock.json "$dir/package-lock.json"; then exit 0; fi
echo "Installing the test LRS (xapi-statements) into $dir (once)..."
rm -rf "$dir" && mkdir -p "$dir"
cp harness/lrs/package.json harness/lrs/package-lock.json "$dir/"
npm ci --prefix "$dir" --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null

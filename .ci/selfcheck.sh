#!/usr/bin/env bash
# Runs the built program's self-check: `check` on a new temporary database, and the GUI
# opening and closing offscreen. A broken bundle fails here.
set -euo pipefail
exe="$1"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$exe" --db "$tmp/check.db" init
"$exe" --db "$tmp/check.db" demo --cases 5
"$exe" --db "$tmp/check.db" check
QT_QPA_PLATFORM=offscreen "$exe" --db "$tmp/check.db" gui --smoke-test
echo "bundle self-check ok: $(du -sh "$(dirname "$exe")" | cut -f1)"

#!/usr/bin/env bash
# Runs the built program's self-check: `check` on a new temporary database, the GUI
# opening and closing offscreen, the same on an encrypted database (passphrase from
# $CASEMANAGER_PASSPHRASE, never a dialog), and a damaged database refused with a
# message. A broken bundle fails here; `timeout` turns a hang into a failure.
set -euo pipefail
exe="$1"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
run() { timeout 300 "$exe" "$@" </dev/null; }
unset CASEMANAGER_PASSPHRASE CASEMANAGER_DB
run --db "$tmp/check.db" init
run --db "$tmp/check.db" demo --cases 5
run --db "$tmp/check.db" check
QT_QPA_PLATFORM=offscreen run --db "$tmp/check.db" gui --smoke-test

export CASEMANAGER_PASSPHRASE="bundle self-check passphrase"
run --db "$tmp/enc.db" init --encrypt >/dev/null
run --db "$tmp/enc.db" demo --cases 2
run --db "$tmp/enc.db" check
QT_QPA_PLATFORM=offscreen run --db "$tmp/enc.db" gui --smoke-test
echo "encrypted database ok"
unset CASEMANAGER_PASSPHRASE

# Damaged: the key file beside an emptied file. Must exit 1 with a message, not hang.
: > "$tmp/enc.db"
status=0
QT_QPA_PLATFORM=offscreen run --db "$tmp/enc.db" gui --smoke-test 2>"$tmp/err" || status=$?
if [ "$status" != 1 ] || ! grep -q "damaged" "$tmp/err"; then
    echo "a damaged database was not refused (status $status): $(cat "$tmp/err")" >&2
    exit 1
fi
echo "damaged database refused"
echo "bundle self-check ok: $(du -sh "$(dirname "$exe")" | cut -f1)"

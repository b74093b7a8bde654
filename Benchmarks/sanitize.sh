#!/usr/bin/env bash
# Runs the test suite (or the tests matching a filter) under a sanitizer, in its own build folder.
#   Benchmarks/sanitize.sh address [FILTER]
#   Benchmarks/sanitize.sh thread  [FILTER]
# A first build takes several minutes on 2 cores; the folder (.build-address, .build-thread) is kept.
set -euo pipefail
cd "$(dirname "$0")/.."
kind="${1:?usage: Benchmarks/sanitize.sh address|thread [filter]}"
filter="${2:-}"
case "$kind" in address|thread) ;; *) echo "sanitize.sh: expected address or thread, got '$kind'" >&2; exit 64 ;; esac
make deps
export LSAN_OPTIONS="suppressions=$(pwd)/Benchmarks/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
swift build --build-tests --sanitize="$kind" --scratch-path ".build-$kind"
if [ -n "$filter" ]; then
  swift test --skip-build --sanitize="$kind" --scratch-path ".build-$kind" --filter "$filter"
else
  swift test --skip-build --sanitize="$kind" --scratch-path ".build-$kind"
fi

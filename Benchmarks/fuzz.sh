#!/usr/bin/env bash
# Coverage-guided fuzzing (libFuzzer, with AddressSanitizer) of the TimeSeries parsers, on a fixed budget.
#   Benchmarks/fuzz.sh [RUNS]        default: 500000 inputs
# The CSV reader and the job loader depend on packages swiftc cannot link here without SwiftPM; they
# are fuzzed by generated input in the test suite (Tests/HeadroomKitTests/FuzzTests.swift).
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-500000}"
out=Benchmarks/results/fuzz
mkdir -p "$out/corpus"
swiftc -O -sanitize=fuzzer,address -parse-as-library Sources/TimeSeries/*.swift Benchmarks/fuzz/TimeSeriesParsers.swift \
  -o "$out/timeseries-parsers" 2> >(grep -v "Cannot export local symbol" >&2)
# Seeds: spellings the docs use.
for seed in 500ms 60s 5m 1.5h 1d 8w 48 2026-07-06T13:45:00Z "2026-07-06 13:45:00" 1783345500 2026-07-06 2015Q2 2015-06; do
  printf '%s' "$seed" > "$out/corpus/$(printf '%s' "$seed" | md5sum | cut -c1-12)"
done
"$out/timeseries-parsers" -runs="$runs" -max_len=64 -artifact_prefix="$out/" "$out/corpus"

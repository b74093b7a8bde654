#!/usr/bin/env bash
# Anomaly detection on labelled data, and the treatment's effect on forecasts: every figure of
# BENCHMARKS.md's NAB section, from a release build.
#
#   Benchmarks/anomalies.sh [SHARED_DATA]     (default: ../shared/data, holding nab/ and m4-hourly/)
#
# 1. NAB, six folders: the shipped defaults per folder, and leave-one-folder-out over the candidate
#    grid, batch and causal.
# 2. M4 Hourly with the treatment `forecast` applies (raw, winsorize, exclude, keep), and the
#    two-fold cross-validation of the smallest level shift that starts a new baseline.
set -euo pipefail
cd "$(dirname "$0")/.."
data=${1:-../shared/data}
out=Benchmarks/results
mkdir -p "$out"
swift build -c release --product headroom
h=.build/release/headroom

echo "## NAB (standard profile), batch"
$h eval nab --data "$data/nab" --cross-validate | tee "$out/nab.txt"
echo "## NAB, causal"
$h eval nab --data "$data/nab" --cross-validate --causal | tee "$out/nab-causal.txt"

m4=(--train "$data/m4-hourly/Hourly-train.csv" --test "$data/m4-hourly/Hourly-test.csv" --no-growth --quiet)
echo "## M4 Hourly, auto, by treatment"
{
  echo "raw: $($h eval m4 "${m4[@]}" | tail -1)"
  for treatment in winsorize exclude keep; do
    echo "$treatment: $($h eval m4 "${m4[@]}" --anomalies "$treatment" | tail -1)"
  done
} | tee "$out/m4-treatment.txt"
echo "## M4 Hourly, smallest shift that starts a new baseline, two folds"
for fold in 0/2 1/2; do
  for share in 0.05 0.1 0.2 0.3 0.5; do
    echo "fold $fold, shift $share: $($h eval m4 "${m4[@]}" --anomalies winsorize --new-baseline-shift "$share" --fold "$fold" | tail -1)"
  done
  echo "fold $fold, raw history: $($h eval m4 "${m4[@]}" --fold "$fold" | tail -1)"
done | tee "$out/m4-new-baseline.txt"

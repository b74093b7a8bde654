#!/usr/bin/env bash
# Headroom's `arima` and `theta` against statsforecast's AutoARIMA and Theta on M4 Hourly, without
# seasonal terms on either side (season_length = 1): the same orders chosen, and the accuracy.
# Installs statsforecast into Benchmarks/.venv (git-ignored, never a dependency of the product).
#   Benchmarks/arima.sh [M4_FOLDER]     (default: ../shared/data/m4-hourly)
set -euo pipefail
cd "$(dirname "$0")/.."
data=${1:-../shared/data/m4-hourly}
out=Benchmarks/results/arima
mkdir -p "$out"
swift build -c release --product headroom
if [ ! -x Benchmarks/.venv/bin/python ]; then
  python3 -m venv Benchmarks/.venv
fi
Benchmarks/.venv/bin/pip install -q "statsforecast==2.1.1" "pandas" "numpy"
for model in arima theta; do
  .build/release/headroom eval m4 --train "$data/Hourly-train.csv" --test "$data/Hourly-test.csv" --model "$model" --no-growth \
    --forecasts "$out/headroom-$model.csv" | tee "$out/headroom-$model.txt"
done
Benchmarks/.venv/bin/python Benchmarks/m4_arima_theta.py --train "$data/Hourly-train.csv" --test "$data/Hourly-test.csv" \
  --arima "$out/headroom-arima.csv" --theta "$out/headroom-theta.csv" --cache "$out" | tee "$out/comparison.txt"

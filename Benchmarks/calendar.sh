#!/usr/bin/env bash
# Monthly and quarterly series shipped inside statsmodels (no download), last year / two years held
# out: Headroom's `forecast` (auto, calendar steps inferred from YYYY-MM and YYYYQn dates) against
# statsforecast's AutoARIMA and Theta on the same training part, MASE with the seasonal scale.
# Installs statsmodels and statsforecast into Benchmarks/.venv (git-ignored, never a dependency of
# the product). Results in Benchmarks/results/calendar/.
#   Benchmarks/calendar.sh
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product headroom
if [ ! -x Benchmarks/.venv/bin/python ]; then
  python3 -m venv Benchmarks/.venv
fi
Benchmarks/.venv/bin/pip install -q "statsforecast==2.1.1" "statsmodels" "pandas" "numpy"
Benchmarks/.venv/bin/python Benchmarks/calendar_series.py .build/release/headroom Benchmarks/results/calendar

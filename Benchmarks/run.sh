#!/usr/bin/env bash
# M4 Hourly, side by side: Headroom's models against statsforecast's, on this machine.
#
# Builds `headroom` in release mode, installs statsforecast into a private virtual environment
# (Benchmarks/.venv, git-ignored: never a dependency of the product), runs both over the 414 series,
# scores Headroom's forecasts a second time with an independent Python scorer, and prints the wall
# times and the speed ratio against statsforecast's MSTL. Results go to Benchmarks/results/.
#
#   Benchmarks/run.sh [M4_FOLDER]     (default: ../shared/data/m4-hourly)
set -euo pipefail
cd "$(dirname "$0")/.."
data=${1:-../shared/data/m4-hourly}
train=$data/Hourly-train.csv
test=$data/Hourly-test.csv
out=Benchmarks/results
mkdir -p "$out"

swift build -c release --product headroom
if [ ! -x Benchmarks/.venv/bin/python ]; then
  python3 -m venv Benchmarks/.venv
fi
Benchmarks/.venv/bin/pip install -q "statsforecast==2.1.1" "pandas" "numpy"

echo "## Headroom (release build, $(nproc) cores)"
for model in snaive mstl mstl-log auto; do
  .build/release/headroom eval m4 --train "$train" --test "$test" --model "$model" --forecasts "$out/headroom-$model.csv" \
    | tee "$out/headroom-$model.txt"
  Benchmarks/.venv/bin/python Benchmarks/score_m4.py "$train" "$test" "$out/headroom-$model.csv"
done

echo "## statsforecast $(Benchmarks/.venv/bin/python -c 'import statsforecast; print(statsforecast.__version__)') (n_jobs = all cores)"
Benchmarks/.venv/bin/python Benchmarks/m4_statsforecast.py --train "$train" --test "$test" --forecasts "$out" | tee "$out/statsforecast.txt"

ours=$(grep '^model auto' "$out/headroom-auto.txt" | grep -o '[0-9.]* s$' | cut -d' ' -f1)
theirs=$(grep '^statsforecast MSTL' "$out/statsforecast.txt" | grep -o '[0-9.]* s$' | cut -d' ' -f1)
python3 -c "print(f'speed: headroom auto {float($ours):.2f} s, statsforecast MSTL {float($theirs):.2f} s: {float($theirs) / float($ours):.1f}x faster')"

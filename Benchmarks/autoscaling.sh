#!/usr/bin/env bash
# The autoscaling simulator: speed on a year of 15 s steps, and agreement with an independent
# Python implementation of the same semantics (Benchmarks/parity/autoscaler_reference.py, written
# from specs/autoscaler-semantics.md without reading the Swift code) on random traces and parameters.
#
#   Benchmarks/autoscaling.sh [CASES]     (default 600 random cases)
set -euo pipefail
cd "$(dirname "$0")/.."
cases=${1:-600}
out=Benchmarks/results
mkdir -p "$out"
swift build -c release --product headroom

# A year at 15 s: 2,102,400 rows, daily and weekly cycles, slow growth and noise (seeded).
trace=$out/year-15s.csv
python3 - "$trace" <<'PY'
import math, random, sys
rng = random.Random(7)
start, step, rows = 1_767_225_600, 15, 365 * 86_400 // 15
with open(sys.argv[1], "w") as f:
    f.write("timestamp,demand_cores\n")
    for i in range(rows):
        t = i * step
        daily = math.sin(2 * math.pi * t / 86_400 - math.pi / 2)
        weekly = 0.8 if (t // 86_400) % 7 in (5, 6) else 1.0
        demand = (20 + 12 * daily) * weekly * (1 + 0.3 * t / (365 * 86_400)) + rng.gauss(0, 1.0)
        f.write(f"{start + t},{max(demand, 0):.4f}\n")
PY

echo "## One year of 15 s steps ($(($(wc -l < "$trace") - 1)) rows), release build"
common=(--trace "$trace" --request 2 --min 2 --max 40 --target 70 --output "$out/year-sim.csv")
for policy in "hpa" "hpa --behavior" "aws" "aws --scale-out-cooldown 0 --scale-in-cooldown 0 --warmup 300" "step"; do
  # shellcheck disable=SC2086
  start=$(date +%s.%N)
  simulated=$(.build/release/headroom simulate --policy $policy "${common[@]}" --summary "$out/year-sim.json" --log-level info 2>&1 \
    | grep -o 'simulated .* s$')
  end=$(date +%s.%N)
  events=$(python3 -c "import json; print(json.load(open('$out/year-sim.json'))['metrics']['scale_events'])")
  python3 -c "print(f'  --policy $policy: {\"$simulated\"}; {float($end) - float($start):.2f} s for the whole command (reading the trace, writing 2.1 M rows); $events scale events')"
done
rm -f "$out/year-sim.csv" "$trace"

echo "## Agreement with the independent reference ($cases random cases)"
python3 Benchmarks/parity/check_simulate.py .build/release/headroom "$cases" | tail -5

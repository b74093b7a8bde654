#!/usr/bin/env bash
# Fleet scale: `headroom run` on a generated fleet of N hourly series (eight weeks each), release
# build, every stage timed, peak memory measured by GNU time. The fleet is generated once per N into
# Benchmarks/results/fleet/ (Benchmarks/fleet_generate.py, standard library only, deterministic).
# Then statsforecast's MSTL (installed into Benchmarks/.venv, never a dependency of the product) fits
# the first 200 series of the same fleet, and the ratio of Headroom's fit stage (anomalies, `auto`
# with its backtest) to it is printed; and MSTL alone, `headroom decompose` against statsmodels' MSTL
# on 50 series (Benchmarks/fleet_mstl.py).
# With SHARDS=K, each fleet is also run as K shards, one after another (each as one machine of a
# Kubernetes Indexed Job would run it), and merged; the merged report is compared with the single
# run's, file by file, and the slowest shard and the merge are timed.
#   Benchmarks/fleet.sh N [N …]        (e.g. Benchmarks/fleet.sh 1000 10000; SHARDS=4 Benchmarks/fleet.sh 10000)
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 1 ] || { echo "usage: Benchmarks/fleet.sh N [N …]" >&2; exit 64; }
out=Benchmarks/results/fleet
mkdir -p "$out"
command -v /usr/bin/time >/dev/null || { echo "Benchmarks/fleet.sh needs GNU time (apt-get install time)" >&2; exit 69; }
swift build -c release --product headroom
for n in "$@"; do
  db=$out/fleet-$n.sqlite
  [ -f "$db" ] || python3 Benchmarks/fleet_generate.py "$n" "$db"
  cat > "$out/fleet-$n.yaml" <<YAML
name: Generated fleet of $n series
database: fleet-$n.sqlite
step: 1h
horizon: 8w
models: [auto]
levels: [80, 95]
output: run-$n
YAML
  rm -rf "$out/run-$n"
  /usr/bin/time -v -o "$out/time-$n.txt" .build/release/headroom run "$out/fleet-$n.yaml" --quiet > /dev/null || true
  python3 - "$n" "$out/run-$n/run.json" "$out/time-$n.txt" "$out/run-$n" <<'PY' | tee "$out/summary-$n.txt"
import json, os, sys
n, manifest, timing, folder = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
samples = n * 1344
t = json.load(open(manifest))["timings_seconds"]
fields = dict(line.strip().split(": ", 1) for line in open(timing) if ": " in line)
peak = int(fields["Maximum resident set size (kbytes)"]) / 1024 / 1024
size = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(folder) for f in fs)
files = sum(len(fs) for _, _, fs in os.walk(folder))
print(f"fleet {n} series ({samples:,} samples): wall {t['total']:.1f} s, peak memory {peak * 1024:.0f} MiB, {files} files, {size / 2**20:.0f} MiB")
for stage in ["survey", "load", "prepare", "fit", "plan", "report"]:
    if stage in t:
        s = t[stage]
        print(f"  {stage:8s} {s:8.2f} s  {n / s:10.0f} series/s  {samples / s / 1e6:8.2f} M samples/s")
PY
  if [ -n "${SHARDS:-}" ]; then
    rm -rf "$out/shards-$n" "$out/merged-$n"
    for ((i = 0; i < SHARDS; i++)); do
      /usr/bin/time -v -o "$out/time-$n-shard-$i.txt" .build/release/headroom run "$out/fleet-$n.yaml" --shard "$i/$SHARDS" \
        --output "$out/shards-$n/$i" --quiet > /dev/null || true
    done
    /usr/bin/time -v -o "$out/time-$n-merge.txt" .build/release/headroom merge $(for ((i = 0; i < SHARDS; i++)); do echo "$out/shards-$n/$i"; done) \
      --output "$out/merged-$n" --quiet > /dev/null
    python3 - "$n" "$SHARDS" "$out" <<'PY' | tee -a "$out/summary-$n.txt"
import sys
n, k, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
def measure(path):
    fields = dict(line.strip().split(": ", 1) for line in open(path) if ": " in line)
    wall = fields["Elapsed (wall clock) time (h:mm:ss or m:ss)"].split(":")
    seconds = sum(float(x) * 60 ** i for i, x in enumerate(reversed(wall)))
    return seconds, int(fields["Maximum resident set size (kbytes)"]) / 1024 / 1024
shards = [measure(f"{out}/time-{n}-shard-{i}.txt") for i in range(k)]
merge = measure(f"{out}/time-{n}-merge.txt")
print(f"  {k} shards: slowest {max(s for s, _ in shards):.1f} s (peak {max(m for _, m in shards):.2f} GiB), merge {merge[0]:.1f} s"
      f" (peak {merge[1]:.2f} GiB): {max(s for s, _ in shards) + merge[0]:.1f} s with one machine per shard")
PY
    if diff -r -q -x run.json "$out/run-$n" "$out/merged-$n"; then
      echo "  merged report identical to the single run's (every file but run.json)" | tee -a "$out/summary-$n.txt"
    else
      echo "  merged report DIFFERS from the single run's" | tee -a "$out/summary-$n.txt"; exit 1
    fi
  fi
done
if [ ! -x Benchmarks/.venv/bin/python ]; then
  python3 -m venv Benchmarks/.venv
fi
Benchmarks/.venv/bin/pip install -q "statsforecast==2.1.1" "statsmodels" "pandas" "numpy"
for n in "$@"; do
  Benchmarks/.venv/bin/python Benchmarks/fleet_mstl.py .build/release/headroom "$out/fleet-$n.sqlite" --sample 50
  # Not `tee /dev/stderr`: with standard error redirected to a file, tee would truncate it.
  line=$(Benchmarks/.venv/bin/python Benchmarks/fleet_statsforecast.py "$out/fleet-$n.sqlite" --sample 200)
  echo "$line"
  theirs=$(echo "$line" | grep -o '[0-9.]* series/s' | cut -d' ' -f1)
  ours=$(grep '^  fit' "$out/summary-$n.txt" | awk '{print $4}')
  python3 -c "print(f'fit, fleet of $n: headroom {float($ours):.1f} series/s, statsforecast MSTL {float($theirs):.2f} series/s: {float($ours) / float($theirs):.0f}x')"
done


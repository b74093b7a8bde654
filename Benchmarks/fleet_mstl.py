"""MSTL alone on a sample of a generated fleet: `headroom eval mstl` against statsmodels' MSTL.

Both with statsmodels' defaults (periods 24 and 168, seasonal windows 7 and 11, jumps of 1, two
iterations), on the first N series of the fleet database (read-only) by service and metric, one after
the other on one core, each timing the decompositions only (not reading the database). Headroom's
decompositions are written to a CSV and checked against statsmodels': the largest difference is
printed with the ratio.
    python Benchmarks/fleet_mstl.py HEADROOM FLEET.sqlite [--sample 50]
"""
import argparse, csv, os, re, subprocess, tempfile, time

import numpy as np
from statsmodels.tsa.seasonal import MSTL

from fleet_sample import first_series

parser = argparse.ArgumentParser()
parser.add_argument("headroom")
parser.add_argument("database")
parser.add_argument("--sample", type=int, default=50)
args = parser.parse_args()

series = [values for _, _, values in first_series(args.database, args.sample)]

with tempfile.TemporaryDirectory() as folder:
    out = os.path.join(folder, "mstl.csv")
    line = subprocess.run([args.headroom, "eval", "mstl", args.database, "--sample", str(args.sample), "--output", out],
                          check=True, capture_output=True, text=True).stdout
    ours = float(re.search(r"([0-9.]+) series/s", line).group(1))
    rows = list(csv.DictReader(open(out)))

start = time.perf_counter()
fits = [MSTL(values, periods=(24, 168)).fit() for values in series]
theirs = len(series) / (time.perf_counter() - start)

names = [n for n in rows[0].keys() if n not in ("series", "index")]
columns = {n: np.array([float(r[n]) for r in rows]) for n in names}
expected = {"trend": np.concatenate([f.trend for f in fits]), "resid": np.concatenate([f.resid for f in fits])}
for i, p in enumerate((24, 168)):
    expected[f"seasonal_{p}"] = np.concatenate([np.asarray(f.seasonal)[:, i] for f in fits])
difference = max(float(np.max(np.abs(columns[n] - expected[n]))) for n in names)
print(f"MSTL alone, {len(series)} series of {len(series[0])} points, one core, decompositions only: headroom {ours:.1f} series/s,"
      f" statsmodels {theirs:.2f} series/s: {ours / theirs:.0f}x; largest difference from statsmodels {difference:.2e}")

"""MSTL alone on a sample of a generated fleet: `headroom decompose` against statsmodels' MSTL.

Both with statsmodels' defaults (periods 24 and 168, seasonal windows 7 and 11, jumps of 1, two
iterations), on the first N series of the fleet database (read-only), one after the other on one core.
Headroom's time includes starting a process, reading the CSV and writing the decomposition for
every series, so the ratio understates the decomposition's own speed.
    python Benchmarks/fleet_mstl.py HEADROOM FLEET.sqlite [--sample 50]
"""
import argparse, os, subprocess, tempfile, time

import numpy as np
from statsmodels.tsa.seasonal import MSTL

from fleet_sample import first_series

parser = argparse.ArgumentParser()
parser.add_argument("headroom")
parser.add_argument("database")
parser.add_argument("--sample", type=int, default=50)
args = parser.parse_args()

series = [(ts, values) for _, ts, values in first_series(args.database, args.sample)]

with tempfile.TemporaryDirectory() as folder:
    paths = []
    for i, (ts, values) in enumerate(series):
        path = os.path.join(folder, f"{i}.csv")
        with open(path, "w") as f:
            f.write("timestamp,value\n" + "".join(f"{int(t)},{float(v)!r}\n" for t, v in zip(ts, values)))
        paths.append(path)
    start = time.perf_counter()
    for path in paths:
        subprocess.run([args.headroom, "decompose", "--csv", path, "--period", "24", "--period", "168",
                        "--output", path + ".out.csv", "--quiet"], check=True)
    ours = time.perf_counter() - start

start = time.perf_counter()
for _, values in series:
    MSTL(values, periods=(24, 168)).fit()
theirs = time.perf_counter() - start
print(f"MSTL alone, {len(series)} series of {len(series[0][1])} points, one core: headroom decompose {len(series) / ours:.1f} series/s"
      f" (process start included), statsmodels {len(series) / theirs:.2f} series/s: {theirs / ours:.0f}x")

"""Checks `headroom forecast --model trend` against statsmodels OLS observation intervals on random series.

Usage: python check_trend.py HEADROOM_BINARY (run in a scratch folder: it writes in.csv and out.csv)
"""
import numpy as np, pandas as pd, statsmodels.api as sm, subprocess, sys
rng = np.random.default_rng(7)
worst = 0
for trial in range(6):
    n = int(rng.integers(10, 3000))
    t = np.arange(n)
    y = rng.normal(50, 10) + rng.normal(0, 0.05) * t + rng.normal(0, rng.uniform(0.1, 20), n) + 10*np.sin(t*2*np.pi/24)
    start = 1_700_000_000
    ts = pd.to_datetime(start + 3600 * t, unit="s").strftime("%Y-%m-%dT%H:%M:%SZ")
    pd.DataFrame({"timestamp": ts, "value": y}).to_csv("in.csv", index=False)
    h = int(rng.integers(1, 200))
    subprocess.run([sys.argv[1], "forecast", "--csv", "in.csv", "--horizon", str(h), "--model", "trend", "--output", "out.csv"], check=True)
    out = pd.read_csv("out.csv")
    X = sm.add_constant(t.astype(float))
    fit = sm.OLS(y, X).fit()
    fx = sm.add_constant(np.arange(n, n + h).astype(float), has_constant="add")
    for level, lo, hi in [(0.8, "lo_80", "hi_80"), (0.95, "lo_95", "hi_95")]:
        sf = fit.get_prediction(fx).summary_frame(alpha=1 - level)
        for col, ref in [("mean", sf["mean"]), (lo, sf["obs_ci_lower"]), (hi, sf["obs_ci_upper"])]:
            err = np.max(np.abs(out[col].values - ref.values) / np.maximum(np.abs(ref.values), 1e-12))
            worst = max(worst, err)
    print(f"n={n} h={h} worst so far {worst:.2e}")
print("worst relative error", worst)

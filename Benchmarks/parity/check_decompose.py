"""Checks `headroom decompose` against statsmodels' STL and MSTL on random inputs.

Usage: python check_decompose.py HEADROOM_BINARY [TRIALS]
Prints the worst relative error |ours − statsmodels| / max(|statsmodels|, 1) per trial.
"""
import subprocess, sys, tempfile, os
import numpy as np, pandas as pd
from statsmodels.tsa.seasonal import STL, MSTL

binary = sys.argv[1]
trials = int(sys.argv[2]) if len(sys.argv) > 2 else 20
rng = np.random.default_rng(2026)
worst_all = 0.0
with tempfile.TemporaryDirectory() as folder:
    for trial in range(trials):
        multi = trial % 3 == 2
        period = int(rng.choice([7, 12, 24, 52]))
        cycles = int(rng.integers(3, 12))
        n = period * cycles + int(rng.integers(0, period))
        t = np.arange(n)
        y = 100 + 0.05 * t + 10 * np.sin(2 * np.pi * t / period) + rng.normal(0, 2, n)
        if rng.random() < 0.3:
            y[rng.integers(0, n, 5)] += 40
        stamp = 1_700_000_000 + 3600 * t
        path = os.path.join(folder, "in.csv")
        pd.DataFrame({"timestamp": stamp, "value": y}).to_csv(path, index=False)
        out = os.path.join(folder, "out.csv")
        args = [binary, "decompose", "--csv", path, "--output", out]
        if multi:
            periods = [24, 168]
            n = 168 * 3 + 50
            t = np.arange(n)
            y = 100 + 0.02 * t + 10 * np.sin(2 * np.pi * t / 24) + 6 * np.sin(2 * np.pi * t / 168) + rng.normal(0, 2, n)
            pd.DataFrame({"timestamp": 1_700_000_000 + 3600 * t, "value": y}).to_csv(path, index=False)
            args += ["--period", "24", "--period", "168"]
            ref = MSTL(y, periods=periods).fit()
            expected = {"trend": ref.trend, "seasonal_24": ref.seasonal[:, 0], "seasonal_168": ref.seasonal[:, 1], "resid": ref.resid}
            label = "MSTL(24, 168)"
        else:
            seasonal = int(rng.choice([7, 9, 13, 25]))
            robust = bool(rng.random() < 0.5)
            kw = {"seasonal": seasonal, "robust": robust}
            args += ["--period", str(period), "--seasonal", str(seasonal)] + (["--robust"] if robust else [])
            if rng.random() < 0.5:
                j = [int(v) for v in rng.integers(1, 5, 3)]
                kw.update(seasonal_jump=j[0], trend_jump=j[1], low_pass_jump=j[2])
                args += ["--seasonal-jump", str(j[0]), "--trend-jump", str(j[1]), "--low-pass-jump", str(j[2])]
            ref = STL(y, period=period, **kw).fit()
            expected = {"trend": ref.trend, f"seasonal_{period}": ref.seasonal, "resid": ref.resid}
            label = f"STL(period={period}, n={n}, {kw})"
        subprocess.run(args, check=True)
        ours = pd.read_csv(out)
        worst = max(float(np.max(np.abs(ours[c].to_numpy() - np.asarray(v)) / np.maximum(np.abs(np.asarray(v)), 1))) for c, v in expected.items())
        worst_all = max(worst_all, worst)
        print(f"{label}: worst relative error {worst:.2e}")
print(f"worst over {trials} trials: {worst_all:.2e}")

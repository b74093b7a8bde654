"""Scores a `series,step,mean,lo_95,hi_95` forecast file on M4 Hourly independently of Headroom.

Usage: python score_m4.py TRAIN TEST FORECASTS
Definitions as in shared/data/README.md: sMAPE and MASE (m = 24) per series, averaged; OWA against
Naive2's published 18.383 / 2.395; and the share of outcomes inside [lo_95, hi_95].
"""
import sys
import numpy as np
import pandas as pd

train = pd.read_csv(sys.argv[1], index_col=0)
test = pd.read_csv(sys.argv[2], index_col=0)
forecasts = pd.read_csv(sys.argv[3]).sort_values(["series", "step"])
smape, mase, inside, total = [], [], 0, 0
for sid, group in forecasts.groupby("series"):
    y = test.loc[sid].to_numpy(dtype=float)[:48]
    f, lo, hi = group["mean"].to_numpy(), group["lo_95"].to_numpy(), group["hi_95"].to_numpy()
    insample = train.loc[sid].dropna().to_numpy(dtype=float)
    smape.append(np.mean(200 * np.abs(y - f) / (np.abs(y) + np.abs(f))))
    mase.append(np.mean(np.abs(y - f)) / np.mean(np.abs(insample[24:] - insample[:-24])))
    inside += int(np.sum((y >= lo) & (y <= hi)))
    total += len(y)
s, a = np.mean(smape), np.mean(mase)
print(f"independent score of {sys.argv[3]}: {len(smape)} series, sMAPE {s:.3f}, MASE {a:.3f}, "
      f"OWA {0.5 * (s / 18.383 + a / 2.395):.3f}, 95% coverage {100 * inside / total:.1f}%")

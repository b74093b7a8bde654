"""Scores M4 Hourly forecasts independently of Headroom; also the scorer the other benchmark scripts import.

Usage: python score_m4.py TRAIN TEST FORECASTS     (a `series,step,mean,lo_95,hi_95` file)
Definitions as in shared/data/README.md: sMAPE and MASE (m = 24) per series, averaged; OWA against
Naive2's published 18.383 / 2.395; and the share of outcomes inside [lo_95, hi_95].
"""
import sys
import numpy as np
import pandas as pd

H, M = 48, 24


def score(train, test, means, lows, highs):
    """(sMAPE, MASE, OWA, coverage) of per-series forecasts given as dicts series -> array of H values."""
    smape, mase, inside = [], [], 0
    for sid in means:
        y = test.loc[sid].to_numpy(dtype=float)[:H]
        f, lo, hi = np.asarray(means[sid]), np.asarray(lows[sid]), np.asarray(highs[sid])
        insample = train.loc[sid].dropna().to_numpy(dtype=float)
        smape.append(np.mean(200 * np.abs(y - f) / (np.abs(y) + np.abs(f))))
        mase.append(np.mean(np.abs(y - f)) / np.mean(np.abs(insample[M:] - insample[:-M])))
        inside += int(np.sum((y >= lo) & (y <= hi)))
    s, a = float(np.mean(smape)), float(np.mean(mase))
    return s, a, 0.5 * (s / 18.383 + a / 2.395), inside / (len(smape) * H)


def columns(frame, key, mean="mean", lo="lo_95", hi="hi_95"):
    """Per-series arrays of a long forecast table, in step order."""
    groups = {sid: g for sid, g in frame.groupby(key)}
    return ({k: g[mean].to_numpy() for k, g in groups.items()}, {k: g[lo].to_numpy() for k, g in groups.items()},
            {k: g[hi].to_numpy() for k, g in groups.items()})


if __name__ == "__main__":
    train = pd.read_csv(sys.argv[1], index_col=0)
    test = pd.read_csv(sys.argv[2], index_col=0)
    forecasts = pd.read_csv(sys.argv[3]).sort_values(["series", "step"])
    means, lows, highs = columns(forecasts, "series")
    s, a, owa, coverage = score(train, test, means, lows, highs)
    print(f"independent score of {sys.argv[3]}: {len(means)} series, sMAPE {s:.3f}, MASE {a:.3f}, "
          f"OWA {owa:.3f}, 95% coverage {100 * coverage:.1f}%")

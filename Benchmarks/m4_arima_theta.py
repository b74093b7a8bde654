"""Headroom's ARIMA and Theta against statsforecast's AutoARIMA and Theta on M4 Hourly.

Run by Benchmarks/arima.sh, which installs statsforecast into Benchmarks/.venv. Both sides model the
raw series without seasonal terms (season_length = 1), the model class Headroom's `arima` and
`theta` implement: the check is of the order search (Hyndman-Khandakar: KPSS for d, stepwise AICc
over p, q and the constant) and of the accuracy, not of seasonal modelling. statsforecast's search is
run twice: with its default CSS approximation for long series, and with exact likelihood throughout
(`approximation=False`), which is what Headroom does.

Prints, per model: sMAPE, MASE, OWA, 95 % coverage and wall time; for ARIMA, the share of series with
the same (p, d, q) and the same d, and the most frequent disagreements.
"""
import argparse, collections, multiprocessing, os, pickle, re, time

import numpy as np
import pandas as pd
from statsforecast.models import AutoARIMA, Theta

import score_m4

parser = argparse.ArgumentParser()
parser.add_argument("--train", required=True)
parser.add_argument("--test", required=True)
parser.add_argument("--arima", required=True, help="headroom eval m4 --model arima --forecasts CSV")
parser.add_argument("--theta", required=True, help="headroom eval m4 --model theta --forecasts CSV")
parser.add_argument("--cache", help="folder keeping statsforecast's results between runs (they do not depend on Headroom)")
args = parser.parse_args()

train = pd.read_csv(args.train, index_col=0)
test = pd.read_csv(args.test, index_col=0)
h, m = 48, 24


def score(means, lows, highs):
    return score_m4.score(train, test, means, lows, highs)


def line(name, result, seconds=None):
    s, a, owa, cov = result
    t = f", {seconds:.2f} s" if seconds is not None else ""
    print(f"{name}: sMAPE {s:.3f}, MASE {a:.3f}, OWA {owa:.4f}, 95% coverage {100 * cov:.1f}%{t}", flush=True)
    return owa


def headroom(path):
    f = pd.read_csv(path).sort_values(["series", "step"])
    return score_m4.columns(f, "series") + ({k: g["model"].iloc[0] for k, g in f.groupby("series")},)


def fit_one(task):
    kind, approximation, sid, y = task
    model = AutoARIMA(season_length=1, approximation=approximation) if kind == "arima" else Theta(season_length=1)
    fitted = model.fit(y)
    f = fitted.predict(h=h, level=[95])
    order = None
    if kind == "arima":
        p, q, P, Q, period, d, D = fitted.model_["arma"]
        order = (int(p), int(d), int(q))
    return sid, f["mean"], f["lo-95"], f["hi-95"], order


def statsforecast(kind, approximation=None):
    """Each series fitted and forecast on its own, over all cores: means, bounds and ARIMA orders."""
    cached = args.cache and os.path.join(args.cache, f"statsforecast-{kind}-{approximation}.pickle")
    if cached and os.path.exists(cached):
        with open(cached, "rb") as f:
            return pickle.load(f)
    tasks = [(kind, approximation, sid, v.dropna().to_numpy(float)) for sid, v in train.iterrows()]
    start = time.perf_counter()
    with multiprocessing.Pool() as pool:
        results = pool.map(fit_one, tasks, chunksize=4)
    seconds = time.perf_counter() - start
    found = ({r[0]: r[1] for r in results}, {r[0]: r[2] for r in results}, {r[0]: r[3] for r in results},
             seconds, {r[0]: r[4] for r in results})
    if cached:
        with open(cached, "wb") as f:
            pickle.dump(found, f)
    return found


ours_arima = headroom(args.arima)
ours_theta = headroom(args.theta)
print("## ARIMA without seasonal terms (season_length = 1)")
owa_ours = line("headroom arima", score(*ours_arima[:3]))
parsed = {sid: tuple(int(x) for x in re.findall(r"-?\d+", name)[:3]) for sid, name in ours_arima[3].items()}
for approximation in [None, False]:
    label = "default (CSS approximation for n > 150)" if approximation is None else "exact likelihood (approximation=False)"
    means, lows, highs, seconds, theirs = statsforecast("arima", approximation)
    owa_theirs = line(f"statsforecast AutoARIMA, {label}", score(means, lows, highs), seconds)
    same = sum(parsed[s] == theirs[s] for s in parsed)
    same_d = sum(parsed[s][1] == theirs[s][1] for s in parsed)
    print(f"  same (p,d,q): {same}/{len(parsed)} = {100 * same / len(parsed):.1f}%; same d: {100 * same_d / len(parsed):.1f}%; "
          f"headroom OWA / statsforecast OWA = {owa_ours / owa_theirs:.4f}")
    pairs = collections.Counter((parsed[s], theirs[s]) for s in parsed if parsed[s] != theirs[s])
    print("  most frequent disagreements (headroom, statsforecast): "
          + ", ".join(f"{a}/{b} ×{n}" for (a, b), n in pairs.most_common(6)))

print("## Theta without seasonal decomposition (season_length = 1)")
owa_ours = line("headroom theta", score(*ours_theta[:3]))
means, lows, highs, seconds, _ = statsforecast("theta")
owa_theirs = line("statsforecast Theta", score(means, lows, highs), seconds)
gaps = [np.max(np.abs(ours_theta[0][s] - means[s])) / max(np.mean(np.abs(means[s])), 1e-9) for s in means]
print(f"  headroom OWA / statsforecast OWA = {owa_ours / owa_theirs:.4f}; median largest forecast gap "
      f"{100 * float(np.median(gaps)):.2f}% of the level, 90th percentile {100 * float(np.percentile(gaps, 90)):.2f}%")

"""statsforecast's MSTL and seasonal naive on M4 Hourly, scored as `headroom eval m4` scores.

Run by Benchmarks/run.sh, which installs statsforecast in a private virtual environment; it is
never a dependency of Headroom. Prints one line per model: sMAPE, MASE, OWA, 95 % coverage and the
wall time of fitting and forecasting every series (n_jobs = all cores), the same span that
`headroom eval m4` times.
"""
import argparse, os, sys, time

import numpy as np
import pandas as pd
from statsforecast import StatsForecast
from statsforecast.models import MSTL, AutoETS, SeasonalNaive

import score_m4

parser = argparse.ArgumentParser()
parser.add_argument("--train", required=True)
parser.add_argument("--test", required=True)
parser.add_argument("--forecasts", help="folder for series,step,mean,lo_95,hi_95 per model")
args = parser.parse_args()

train = pd.read_csv(args.train, index_col=0)
test = pd.read_csv(args.test, index_col=0)
rows = []
for sid, values in train.iterrows():
    y = values.dropna().to_numpy(dtype=float)
    rows.append(pd.DataFrame({"unique_id": sid, "ds": np.arange(len(y)), "y": y}))
frame = pd.concat(rows, ignore_index=True)
h, m = 48, 24

def score(forecast, name):
    return score_m4.score(train, test, *score_m4.columns(forecast, "unique_id", name, f"{name}-lo-95", f"{name}-hi-95"))

models = {
    "SeasonalNaive": SeasonalNaive(season_length=m),
    "MSTL": MSTL(season_length=[24, 168], trend_forecaster=AutoETS(model="ZZN")),
}
for name, model in models.items():
    sf = StatsForecast(models=[model], freq=1, n_jobs=-1)
    start = time.perf_counter()
    forecast = sf.forecast(df=frame, h=h, level=[95]).reset_index()
    seconds = time.perf_counter() - start
    s, a, owa, coverage = score(forecast, name)
    print(f"statsforecast {name}: {len(test)} series, sMAPE {s:.3f}, MASE {a:.3f}, OWA {owa:.3f}, "
          f"95% coverage {100 * coverage:.1f}%, {seconds:.2f} s", flush=True)
    if args.forecasts:
        os.makedirs(args.forecasts, exist_ok=True)
        out = forecast.assign(step=forecast.groupby("unique_id").cumcount() + 1)
        out = out.rename(columns={"unique_id": "series", name: "mean", f"{name}-lo-95": "lo_95", f"{name}-hi-95": "hi_95"})
        out[["series", "step", "mean", "lo_95", "hi_95"]].to_csv(os.path.join(args.forecasts, f"statsforecast-{name}.csv"), index=False)

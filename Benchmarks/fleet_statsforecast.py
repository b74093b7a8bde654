"""statsforecast's MSTL on a sample of a generated fleet, for Benchmarks/fleet.sh.

Reads the first N series of the fleet database (read-only) and fits statsforecast's
MSTL(season_length=[24, 168], trend_forecaster=AutoETS(model="ZZN")), forecasting 168 hours with 80 %
and 95 % intervals on all cores (n_jobs = -1), as issue 14's side-by-side did. Prints series per second.
    python Benchmarks/fleet_statsforecast.py FLEET.sqlite [--sample 200]
"""
import argparse, time

import numpy as np
import pandas as pd
from statsforecast import StatsForecast
from statsforecast.models import MSTL, AutoETS

from fleet_sample import first_series

parser = argparse.ArgumentParser()
parser.add_argument("database")
parser.add_argument("--sample", type=int, default=200)
args = parser.parse_args()

sample = first_series(args.database, args.sample)
frame = pd.concat([pd.DataFrame({"unique_id": sid, "ds": np.arange(len(values)), "y": values}) for sid, _, values in sample],
                  ignore_index=True)
sf = StatsForecast(models=[MSTL(season_length=[24, 168], trend_forecaster=AutoETS(model="ZZN"))], freq=1, n_jobs=-1)
start = time.perf_counter()
sf.forecast(df=frame, h=168, level=[80, 95])
seconds = time.perf_counter() - start
print(f"statsforecast MSTL+AutoETS: {len(sample)} series in {seconds:.2f} s, {len(sample) / seconds:.2f} series/s")

"""Reference values for ARIMA from statsmodels' SARIMAX and KPSS (run with Benchmarks/.venv/bin/python).

    python make_arima.py > arima.json
"""
import json
import numpy as np
import statsmodels
from statsmodels.tsa.statespace.sarimax import SARIMAX
from statsmodels.tsa.stattools import kpss

rng = np.random.default_rng(20261206)
n = 300
e = rng.normal(0, 1.5, n + 100)
w = np.zeros(n + 100)
for t in range(2, n + 100):
    w[t] = 0.5 * w[t - 1] - 0.3 * w[t - 2] + e[t] + 0.4 * e[t - 1]
y = w[100:]

# The exact log-likelihood of a zero-mean ARMA(2,1) at fixed parameters (stationary start).
model = SARIMAX(y, order=(2, 0, 1), trend="n")
params = [0.45, -0.25, 0.35, 2.1]
loglike = model.loglike(params)

# Maximum likelihood of ARMA(2,1) with a mean (fitted on the demeaned data to keep the mean out).
fitted = SARIMAX(y - y.mean(), order=(2, 0, 1), trend="n").fit(disp=False)

# A random walk with drift, for the KPSS test (level, Newey-West with floor(4 (n/100)^(1/4)) lags).
walk = np.cumsum(rng.normal(0.2, 1, 200))
lags = int(4 * (200 / 100) ** 0.25)
stat_walk = kpss(walk, regression="c", nlags=lags)[0]
stat_noise = kpss(y, regression="c", nlags=int(4 * (n / 100) ** 0.25))[0]

print(json.dumps({
    "generator": f"statsmodels {statsmodels.__version__}, numpy {np.__version__}",
    "y": y.tolist(),
    "params": params, "loglike": loglike,
    "mle_params": fitted.params.tolist(), "mle_loglike": fitted.llf,
    "walk": walk.tolist(), "kpss_walk": stat_walk, "kpss_noise": stat_noise,
}))

"""Monthly and quarterly series that ship inside statsmodels (no download), held out at the end,
forecast by Headroom (`headroom forecast`, calendar steps inferred from YYYY-MM / YYYYQn dates) and by
statsforecast's AutoARIMA and Theta on the same training part; MASE with the seasonal scale.

    python calendar_series.py HEADROOM_BINARY OUT_FOLDER
"""
import subprocess, sys, os, time
import numpy as np
import pandas as pd
import statsmodels.api as sm
import statsmodels.datasets.elec_equip as elec_equip
from statsforecast import StatsForecast
from statsforecast.models import AutoARIMA, Theta

headroom, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)

def monthly():
    series = {}
    e = elec_equip.load_pandas().data.iloc[:, 0]
    series["elec_equip"] = e.values
    nino = sm.datasets.elnino.load_pandas().data.set_index("YEAR")
    series["elnino"] = nino.values.reshape(-1)
    co2 = sm.datasets.co2.load_pandas().data["co2"].resample("MS").mean().interpolate()
    series["co2"] = co2.values
    return {k: (np.asarray(v, float), 12, 12) for k, v in series.items()}

def quarterly():
    series = {}
    macro = sm.datasets.macrodata.load_pandas().data
    for column in ["realgdp", "realcons", "realinv", "realgovt", "realdpi", "cpi", "m1", "tbilrate", "unemp", "pop"]:
        series[f"macro_{column}"] = macro[column].values
    danish = sm.datasets.danish_data.load_pandas().data
    for column in ["lrm", "lry", "lpy", "ibo", "ide"]:
        series[f"danish_{column}"] = danish[column].values
    return {k: (np.asarray(v, float), 4, 8) for k, v in series.items()}

def stamps(n, m):
    if m == 12:
        return [f"{2000 + i // 12}-{i % 12 + 1:02d}" for i in range(n)]
    return [f"{1900 + i // 4}Q{i % 4 + 1}" for i in range(n)]

def mase(train, test, forecast, m):
    scale = np.mean(np.abs(train[m:] - train[:-m]))
    return float(np.mean(np.abs(test - forecast)) / scale)

rows = []
seconds = {"headroom": 0.0, "AutoARIMA": 0.0, "Theta": 0.0}
for name, (y, m, h) in {**monthly(), **quarterly()}.items():
    train, test = y[:-h], y[-h:]
    path = os.path.join(out, f"{name}.csv")
    with open(path, "w") as f:
        f.write("ds,y\n" + "".join(f"{t},{float(v)!r}\n" for t, v in zip(stamps(len(train), m), train)))
    forecast_path = os.path.join(out, f"{name}-headroom.csv")
    start = time.perf_counter()
    subprocess.run([headroom, "forecast", "--csv", path, "--horizon", str(h), "--output", forecast_path],
                   check=True, stderr=subprocess.DEVNULL)
    seconds["headroom"] += time.perf_counter() - start
    ours = pd.read_csv(forecast_path)
    row = {"series": name, "period": m, "h": h, "n": len(train), "headroom_model": ours["model"][0],
           "headroom": mase(train, test, ours["mean"].values, m)}
    frame = pd.DataFrame({"unique_id": name, "ds": np.arange(len(train)), "y": train})
    for label, model in [("AutoARIMA", AutoARIMA(season_length=m)), ("Theta", Theta(season_length=m))]:
        start = time.perf_counter()
        fc = StatsForecast(models=[model], freq=1).forecast(df=frame, h=h)
        seconds[label] += time.perf_counter() - start
        row[label] = mase(train, test, fc.iloc[:, -1].values, m)
    rows.append(row)

table = pd.DataFrame(rows)
table.to_csv(os.path.join(out, "calendar_series.csv"), index=False)
pd.set_option("display.width", 200)
print(table.to_string(index=False, float_format=lambda v: f"{v:.3f}"))
for kind, m in [("monthly", 12), ("quarterly", 4), ("all", None)]:
    part = table if m is None else table[table.period == m]
    print(f"{kind}: {len(part)} series, mean MASE headroom auto {part.headroom.mean():.3f}, "
          f"AutoARIMA {part.AutoARIMA.mean():.3f}, Theta {part.Theta.mean():.3f}")
print("seconds: " + ", ".join(f"{k} {v:.1f}" for k, v in seconds.items()))

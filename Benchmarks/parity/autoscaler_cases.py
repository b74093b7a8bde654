"""Runs the hand-checked cases 1-7 of autoscaler-semantics.md Part D against autoscaler_reference.py.

Usage: python autoscaler_cases.py     (exits non-zero if any case fails)

Times below are decision times: a row's `replicas` is the value after the decision at row end (timestamp + step),
so "scales at t" means the row with timestamp t - step.
"""
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REF = os.path.join(HERE, "autoscaler_reference.py")
STEP = 15


def run(demand, *flags):
    """demand: list of per-row cores (rows at t = 0, 15, 30, ...). Returns {decision_time: row dict}."""
    with tempfile.TemporaryDirectory() as d:
        trace, out = os.path.join(d, "trace.csv"), os.path.join(d, "out.csv")
        with open(trace, "w") as f:
            f.write("timestamp,demand_cores\n")
            for i, v in enumerate(demand):
                f.write(f"{i * STEP},{v!r}\n")
        subprocess.run([sys.executable, REF, "--trace", trace, "--output", out] + [str(x) for x in flags], check=True)
        rows = {}
        with open(out) as f:
            header = f.readline().strip().split(",")
            for line in f:
                r = dict(zip(header, line.strip().split(",")))
                for k in ("timestamp", "desired", "replicas", "ready"):
                    r[k] = int(r[k])
                rows[r["timestamp"] + STEP] = r
        return rows


def series(rows, key, times):
    return [rows[t][key] for t in times]


results = []


def check(name, ok, observed):
    results.append(ok)
    print(f"{'PASS' if ok else 'FAIL'}  {name}: {observed}")


BASE = ["--request", 0.5, "--min", 2, "--max", 10, "--startup", 30]
BEH = ["--behavior"]

# 1. Demand rising: 2 pods at 100 % with target 50 -> 4 (both paths), held at 4 while the new pods start.
for label, extra in (("legacy", []), ("behavior", BEH)):
    r = run([1.0] * 12, *BASE, "--target", 50, *extra)
    times = [15, 30, 45, 60, 75, 90]
    reps = series(r, "replicas", times)
    des = series(r, "desired", times)
    ok = reps == [4] * 6 and des[0] == 4 and all(x == 4 for x in des)
    check(f"case 1 ({label}) 2 pods @100% target 50 -> 4, holds", ok,
          f"replicas@{times}={reps} desired={des} ready={series(r, 'ready', times)}")

# 2. Tolerance: 55 % vs 50 % -> no change; 56 % -> 5 (4 pods of 0.5 cores).
for label, extra in (("legacy", []), ("behavior", BEH)):
    r55 = run([1.1] * 4, *BASE, "--target", 50, "--initial", 4, *extra)
    r56 = run([1.12] * 4, *BASE, "--target", 50, "--initial", 4, *extra)
    ok = r55[15]["desired"] == 4 and r55[15]["replicas"] == 4 and r56[15]["desired"] == 5 and r56[15]["replicas"] == 5
    check(f"case 2 ({label}) tolerance 55%->4, 56%->5", ok,
          f"55%: util={r55[15]['utilization_pct']} desired={r55[15]['desired']} replicas={r55[15]['replicas']}; "
          f"56%: util={r56[15]['utilization_pct']} desired={r56[15]['desired']} replicas={r56[15]['replicas']}")

# 3. Scale-down stabilization: last high recommendation at t = 60; behavior 4->2 at 360, legacy at 375.
demand3 = [1.0] * 4 + [0.2] * 36          # rows 0..45 at 50 % (raw 4), rows >= 60 at 10 % (raw 1)
for label, extra, expect in (("behavior", ["--scale-down-window", 300], 360), ("legacy", [], 375)):
    r = run(demand3, *BASE, "--target", 50, "--initial", 4, *extra)
    last_high = max(t for t in r if r[t]["desired"] >= 4)
    first_down = min(t for t in r if r[t]["replicas"] == 2)
    ok = last_high == 60 and first_down == expect and r[first_down - STEP]["replicas"] == 4
    check(f"case 3 ({label}) last high rec at 60, 4->2 at {expect}", ok,
          f"last raw>=4 at t={last_high}, first replicas==2 at t={first_down}")

# 4. Scale-up caps: 1 pod, proposal 10 -> 4 (legacy), 5 (behavior defaults).
for label, extra, expect in (("legacy", [], 4), ("behavior", BEH, 5)):
    r = run([1.0] * 2, "--request", 1, "--min", 1, "--max", 10, "--target", 10, "--initial", 1, *extra)
    ok = r[15]["desired"] == 10 and r[15]["replicas"] == expect
    check(f"case 4 ({label}) 1 pod, proposal 10 -> {expect}", ok,
          f"desired={r[15]['desired']} replicas={r[15]['replicas']}")

# 5. Pods:1:60 scale-down policy: 6 -> 5, holds 60 s, then 4.
r = run([0.3] * 10, "--request", 0.5, "--min", 1, "--max", 10, "--target", 50, "--initial", 6,
        "--down-policy", "Pods:1:60", "--scale-down-window", 0)
times = [15, 30, 45, 60, 75, 90, 105, 120, 135]
reps = series(r, "replicas", times)
ok = reps[:5] == [5, 5, 5, 5, 4] and reps[5:] == [4, 4, 4, 3]
check("case 5 Pods:1:60 -> 6->5 @15, hold to 60, 4 @75 (3 @135)", ok, f"replicas@{times}={reps}")

# 6a. Unready pods count as 0 % on scale-up: 2 ready @100 % + 2 starting, target 46.
#     At t=15 the raw proposal 5 is capped to 4 by an up policy Pods:2:15 (behavior path; the legacy path would
#     re-apply the windowed max 5 at t=30). At t=30 ignoring the unready pods would give ceil(100/46*2) = 5;
#     counting them at 0 gives 50/46 = 1.087 -> within tolerance -> 4.
r = run([1.0] * 4, *BASE, "--target", 46, "--up-policy", "Pods:2:15")
ok = r[15]["replicas"] == 4 and r[30]["desired"] == 4 and r[30]["replicas"] == 4 and r[45]["desired"] == 4
check("case 6a unready pods count 0 on scale-up (2@100% + 2 starting, target 46 -> stays 4)", ok,
      f"t=15 desired={r[15]['desired']} replicas={r[15]['replicas']}; t=30 desired={r[30]['desired']}; "
      f"t=45 desired={r[45]['desired']}")
# 6b. Ignored on scale-down: after scaling 2->4, demand falls; 2 ready pods at 30 % vs target 50 give
#     ceil(0.6*2) = 2 (ceil over ready pods), not ceil(0.6*4) = 3 and not a blend with the starting pods.
r = run([1.0, 0.3, 0.3, 0.3], *BASE, "--target", 50)
ok = r[15]["replicas"] == 4 and r[30]["desired"] == 2 and r[45]["desired"] == 2
check("case 6b unready pods ignored on scale-down (2 ready @30%, 2 starting -> raw 2)", ok,
      f"t=15 replicas={r[15]['replicas']}; t=30 desired={r[30]['desired']} replicas={r[30]['replicas']}; "
      f"t=45 desired={r[45]['desired']}")

# 7. AWS: scale-out to 4 at the 3rd datapoint (t = 180), scale-in to 2 after 15 low datapoints (t = 1080).
demand7 = [1.0] * 12 + [0.2] * 80          # 100 % on 2 units until t = 180, then 10 % on 4 units
AWS = ["--policy", "aws", "--request", 0.5, "--min", 2, "--max", 10, "--target", 50, "--startup", 30]
r = run(demand7, *AWS)
first_out = min(t for t in r if r[t]["replicas"] == 4)
first_in = min(t for t in r if t > first_out and r[t]["replicas"] == 2)
ok = first_out == 180 and first_in == 1080 and r[first_in]["ready"] == 4 and r[first_in + STEP]["ready"] == 2
check("case 7a AWS out to 4 @180, in to 2 @1080", ok,
      f"replicas 4 from t={first_out} (desired {r[first_out]['desired']}), 2 from t={first_in} "
      f"(desired {r[first_in]['desired']}), ready after={r[first_in + STEP]['ready']}")
r = run(demand7, *AWS, "--disable-scale-in")
ok = all(r[t]["replicas"] == 4 for t in r if t >= 180) and r[1080]["desired"] == 1
check("case 7b AWS --disable-scale-in keeps 4 (computed still shown)", ok,
      f"replicas after 180: {sorted(set(r[t]['replicas'] for t in r if t >= 180))}, desired@1080={r[1080]['desired']}")
r = run(demand7, *AWS, "--protected", 2, "--protect-new")
ok = r[1080]["replicas"] == 2 and all(r[t]["ready"] == 4 for t in r if t >= 1095)
check("case 7c AWS all units protected: desired drops to 2, 4 units keep running", ok,
      f"replicas@1080={r[1080]['replicas']} ready after={sorted(set(r[t]['ready'] for t in r if t >= 1095))}")
r = run(demand7, *AWS, "--protected", 2)
ok = r[1080]["replicas"] == 2 and r[1095]["ready"] == 2
check("case 7d AWS --protected 2 (initial units): the 2 new units are terminated", ok,
      f"replicas@1080={r[1080]['replicas']} ready@1095={r[1095]['ready']}")
r = run(demand7, *AWS, "--protect-new")
ok = r[1080]["replicas"] == 2 and r[1095]["ready"] == 2
check("case 7e AWS --protect-new: desired 2, the unprotected initial units go, new ones stay", ok,
      f"replicas@1080={r[1080]['replicas']} ready@1095={r[1095]['ready']}")

print(f"{sum(results)}/{len(results)} passed")
sys.exit(0 if all(results) else 1)

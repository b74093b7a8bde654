"""Checks `headroom simulate` against the independent Python reference (autoscaler_reference.py) on random cases.

Usage:
  python check_simulate.py HEADROOM_BINARY [N_CASES (default 300)] [--seed S (default 20240601)] [--keep DIR]
                           [--show K] [--min-share PCT (default 99.5)]

HEADROOM_BINARY is split with shlex, so the plumbing can be tested against the reference itself:
  python check_simulate.py "python3 autoscaler_reference.py"          (expects 100 %)

For each case it draws a trace (15 s steps, 1-6 hours: sines, steps, spikes, noise, zero stretches) and random
parameters (HPA legacy, HPA with behavior, AWS), runs `HEADROOM_BINARY simulate --trace T <flags> --output O`
and the reference with the same flags, and compares every row: desired, replicas, ready exactly, utilization_pct and
unserved_cores to 1e-6 relative (plus 1e-9 absolute). Summary JSON fields are compared too (reported, not gated).
Prints the match share per family and overall, the first mismatching cases (flags + first differing row), and exits
non-zero if fewer than 99.5 % of the rows match. Stdlib only; the run is reproducible for a given seed.

The row share is a weak gate: a subtle rule difference (an inclusive instead of strict boundary, a missing
cross-direction netting, a different termination order) typically shows up in only a few cases and a fraction of
a percent of rows. Read "cases fully matching", which is N/N for an exact implementation; --min-share 100 gates on it.
"""
import argparse
import csv
import json
import math
import os
import random
import shlex
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True  # keep the parity folder clean
sys.path.insert(0, HERE)
import autoscaler_reference as ref  # noqa: E402

STEP = 15
EXACT = ["desired", "replicas", "ready"]
FLOATS = ["utilization_pct", "unserved_cores"]
SUMMARY_INT = ["pod_seconds", "scale_events", "seconds_above_target", "seconds_saturated"]
SUMMARY_FLOAT = ["unserved_core_seconds"]


# ------------------------------------------------------------------------------------------------ random inputs

def make_trace(rng, capacity_hint):
    """A demand series in cores. capacity_hint ~ max_replicas * request."""
    hours = rng.uniform(1, 6)
    n = int(hours * 3600 / STEP)
    level = rng.uniform(0.05, 0.7) * capacity_hint
    x = [level] * n
    # sines
    for _ in range(rng.randint(0, 3)):
        period = rng.uniform(300, 6 * 3600)
        amp = rng.uniform(0.05, 0.5) * capacity_hint
        phase = rng.uniform(0, 2 * math.pi)
        for i in range(n):
            x[i] += amp * math.sin(2 * math.pi * i * STEP / period + phase)
    # steps (piecewise-constant offsets)
    for _ in range(rng.randint(0, 4)):
        a = rng.randrange(n)
        b = min(n, a + rng.randint(4, max(5, n // 2)))
        off = rng.uniform(-0.5, 0.8) * capacity_hint
        for i in range(a, b):
            x[i] += off
    # fast oscillation (square or sine, 1-10 min), to make the autoscaler flip between directions
    if rng.random() < 0.35:
        period = rng.uniform(60, 600)
        amp = rng.uniform(0.15, 0.6) * capacity_hint
        square = rng.random() < 0.5
        for i in range(n):
            w = math.sin(2 * math.pi * i * STEP / period)
            x[i] += amp * ((1 if w >= 0 else -1) if square else w)
    # spikes
    for _ in range(rng.randint(0, 5)):
        a = rng.randrange(n)
        b = min(n, a + rng.randint(1, 12))
        off = rng.uniform(0.2, 1.5) * capacity_hint
        for i in range(a, b):
            x[i] += off
    # noise
    sd = rng.choice([0.0, 0.01, 0.05, 0.15]) * capacity_hint * rng.random()
    if sd > 0:
        x = [v + rng.gauss(0, sd) for v in x]
    # occasional zero stretches
    if rng.random() < 0.3:
        for _ in range(rng.randint(1, 3)):
            a = rng.randrange(n)
            b = min(n, a + rng.randint(1, 120))
            for i in range(a, b):
                x[i] = 0.0
    x = [max(0.0, v) for v in x]
    # half of the traces on a coarse grid, so exact ties (e.g. utilization == target) occur
    if rng.random() < 0.5:
        x = [round(v, rng.choice([1, 2])) for v in x]
    else:
        x = [round(v, 6) for v in x]
    t0 = 1_700_000_000 + STEP * rng.randint(0, 100_000)
    return [t0 + i * STEP for i in range(n)], x


def policy_list(rng, up):
    out = []
    for _ in range(rng.choice([1, 1, 2, 2, 3])):
        period = rng.choice([15, 15, 30, 45, 60, 60, 90, 120, 120, 300, 300, 600, 1800])
        if rng.random() < 0.5:
            out.append(f"Pods:{rng.randint(1, 6)}:{period}")
        else:
            out.append(f"Percent:{rng.choice([10, 25, 50, 100, 150, 200] if up else [10, 20, 25, 50, 75, 100])}:{period}")
    return ",".join(out)


def make_flags(rng, family):
    request = rng.randint(25, 200) / 100          # 0.25 .. 2.00 cores, whole millicores
    mn = rng.randint(1, 3)
    mx = rng.randint(4, 30)
    target = rng.randint(40, 90)
    startup = 15 * rng.randint(0, 8)              # 0 .. 120
    flags = ["--request", f"{request:g}", "--min", str(mn), "--max", str(mx), "--target", str(target),
             "--startup", str(startup)]
    r = rng.random()
    if r < 0.25:
        flags += ["--initial", str(rng.randint(mn, mx))]
    elif r < 0.35 and family != "aws":
        flags += ["--initial", str(rng.choice([max(1, mn - 1), mx + rng.randint(1, 3)]))]  # outside [min, max]
    if rng.random() < 0.15:
        flags += ["--saturation", rng.choice(["0.8", "1.2", "1.5", "2"])]
    if family.startswith("hpa"):
        flags = ["--policy", "hpa"] + flags
        if rng.random() < 0.15:
            flags += ["--sync", str(rng.choice([30, 45, 60]))]
        if rng.random() < 0.15:
            flags += ["--metric-window", str(rng.choice([30, 60]))]
        r = rng.random()
        if r < 0.15:
            flags += ["--tolerance", f"{rng.choice([0.0, 0.05, 0.15, 0.2]):g}"]
        elif r < 0.3:
            flags += ["--tolerance-up", f"{rng.choice([0.0, 0.05, 0.1, 0.2]):g}",
                      "--tolerance-down", f"{rng.choice([0.0, 0.05, 0.1, 0.3]):g}"]
        if family == "hpa-legacy":
            if rng.random() < 0.4:
                flags += ["--legacy-window", str(rng.choice([0, 15, 60, 120, 180, 300, 600, 100]))]
        else:
            opts = []
            if rng.random() < 0.2:
                opts.append(["--behavior"])
            if rng.random() < 0.6:
                opts.append(["--scale-down-window", str(rng.choice([0, 0, 0, 15, 30, 60, 120, 300, 600, 100]))])
            if rng.random() < 0.4:
                opts.append(["--scale-up-window", str(rng.choice([0, 15, 30, 60, 120, 100]))])
            if rng.random() < 0.5:
                opts.append(["--up-policy", policy_list(rng, True)])
            if rng.random() < 0.5:
                opts.append(["--down-policy", policy_list(rng, False)])
            if rng.random() < 0.3:
                opts.append(["--up-select", rng.choice(["Max", "Min", "Min", "Disabled"])])
            if rng.random() < 0.3:
                opts.append(["--down-select", rng.choice(["Max", "Min", "Min", "Disabled"])])
            if not opts:
                opts.append(["--behavior"])
            for o in opts:
                flags += o
            if rng.random() < 0.3:
                flags += ["--legacy-window", str(rng.choice([60, 120, 600]))]  # default for the scale-down window
    else:
        flags = ["--policy", "aws"] + flags
        flags += ["--scale-out-cooldown", str(rng.choice([0, 0, 60, 120, 180, 300, 300, 600, 90])),
                  "--scale-in-cooldown", str(rng.choice([0, 0, 60, 120, 300, 300, 600, 900, 1200, 90])),
                  "--warmup", str(rng.choice([0, 0, 0, 30, 60, 120, 300, 45]))]
        if rng.random() < 0.2:
            flags += ["--metric-period", str(rng.choice([30, 120, 300]))]
        flags += ["--high-points", str(rng.choice([1, 1, 2, 3, 3, 4, 5])),
                  "--low-points", str(rng.choice([1, 2, 2, 3, 3, 4, 5, 8, 10, 15])),
                  "--low-factor", f"{rng.choice([0.7, 0.75, 0.8, 0.85, 0.9, 0.95]):g}"]
        if rng.random() < 0.15:
            flags += ["--disable-scale-in"]
        if rng.random() < 0.2:
            flags += ["--protected", str(rng.randint(0, 3))]
        if rng.random() < 0.15:
            flags += ["--protect-new"]
    return flags


# ------------------------------------------------------------------------------------------------ comparison

def read_out(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def close(a, b):
    return abs(a - b) <= 1e-6 * max(abs(a), abs(b)) + 1e-9


def row_matches(a, b):
    try:
        if int(a["timestamp"]) != int(b["timestamp"]):
            return False
        for k in EXACT:
            if int(float(a[k])) != int(float(b[k])) or float(a[k]) != int(float(a[k])):
                return False
        for k in FLOATS:
            if not close(float(a[k]), float(b[k])):
                return False
    except (KeyError, ValueError, TypeError):
        return False
    return True


# Headroom's summary nests its metrics (and calls pod-seconds instance-seconds); read either shape.
HEADROOM_NAMES = {"pod_seconds": "instance_seconds"}


def flat_summary(doc):
    if "metrics" not in doc:
        return doc
    m = doc["metrics"]
    return {k: m.get(HEADROOM_NAMES.get(k, k)) for k in
            ("pod_seconds", "scale_events", "seconds_above_target", "seconds_saturated", "unserved_core_seconds")}


def summary_matches(a, b):
    a, b = flat_summary(a), flat_summary(b)
    try:
        return (all(float(a[k]) == float(b[k]) for k in SUMMARY_INT)
                and all(close(float(a[k]), float(b[k])) for k in SUMMARY_FLOAT))
    except (KeyError, ValueError, TypeError):
        return False


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("binary")
    ap.add_argument("n_cases", nargs="?", type=int, default=300)
    ap.add_argument("--seed", type=int, default=20240601)
    ap.add_argument("--keep", default=None, help="copy traces of mismatching cases here")
    ap.add_argument("--show", type=int, default=5, help="how many mismatching cases to print")
    ap.add_argument("--min-share", type=float, default=99.5,
                    help="row match percentage needed to exit 0 (use 100 to fail on any mismatching row)")
    a = ap.parse_args()
    binary = shlex.split(a.binary)
    if len(binary) >= 2 and binary[-1].endswith(".py") and not os.path.exists(binary[-1]):
        cand = os.path.join(HERE, binary[-1])
        if os.path.exists(cand):
            binary[-1] = cand
    if shutil.which(binary[0]) is None:
        sys.exit(f"cannot run {binary[0]!r}: not found or not executable")
    rng = random.Random(a.seed)
    families = ["hpa-legacy", "hpa-behavior", "aws"]
    stats = {f: [0, 0, 0, 0, 0] for f in families}  # rows matched, rows total, summaries matched, cases, clean cases
    shown = 0
    work = tempfile.mkdtemp(prefix="check_simulate_")
    if a.keep:
        os.makedirs(a.keep, exist_ok=True)
    for case in range(a.n_cases):
        family = families[case % 3]
        flags = make_flags(rng, family)
        hint = float(flags[flags.index("--max") + 1]) * float(flags[flags.index("--request") + 1])
        ts, dm = make_trace(rng, hint)
        trace = os.path.join(work, "trace.csv")
        with open(trace, "w") as f:
            f.write("timestamp,demand_cores\n")
            for t, v in zip(ts, dm):
                f.write(f"{t},{v!r}\n")
        out_b, sum_b = os.path.join(work, "bin.csv"), os.path.join(work, "bin.json")
        out_r, sum_r = os.path.join(work, "ref.csv"), os.path.join(work, "ref.json")
        for p in (out_b, sum_b):
            if os.path.exists(p):
                os.remove(p)
        ref.main(["--trace", trace, *flags, "--output", out_r, "--summary", sum_r])
        proc = subprocess.run(binary + ["simulate", "--trace", trace, *flags, "--output", out_b, "--summary", sum_b],
                              capture_output=True, text=True)
        rows_r = read_out(out_r)
        err = None
        rows_b = []
        if proc.returncode != 0:
            err = f"exit {proc.returncode}: {proc.stderr.strip()[-500:]}"
        else:
            try:
                rows_b = read_out(out_b)
            except OSError as e:
                err = f"no output: {e}"
        st = stats[family]
        st[1] += len(rows_r)
        st[3] += 1
        first_bad = None
        for i, rr in enumerate(rows_r):
            if i < len(rows_b) and row_matches(rows_b[i], rr):
                st[0] += 1
            elif first_bad is None:
                first_bad = i
        if len(rows_b) != len(rows_r) and err is None:
            err = f"row count {len(rows_b)} vs reference {len(rows_r)}"
        summ_ok = False
        if err is None:
            try:
                summ_ok = summary_matches(json.load(open(sum_b)), json.load(open(sum_r)))
            except (OSError, ValueError):
                summ_ok = False
        st[2] += summ_ok
        st[4] += first_bad is None and err is None and summ_ok
        if (first_bad is not None or err is not None or not summ_ok) and shown < a.show:
            shown += 1
            print(f"--- case {case} ({family}, {len(rows_r)} rows) mismatch")
            print("    flags:", " ".join(shlex.quote(x) for x in flags))
            if err:
                print("    error:", err)
            if first_bad is not None:
                print(f"    first differing row {first_bad}:")
                print("      binary   :", dict(rows_b[first_bad]) if first_bad < len(rows_b) else None)
                print("      reference:", dict(rows_r[first_bad]))
                lo = max(0, first_bad - 3)
                print(f"      reference rows {lo}..{first_bad}:",
                      [(r["timestamp"], r["demand_cores"], r["desired"], r["replicas"], r["ready"])
                       for r in rows_r[lo:first_bad + 1]])
            if not summ_ok and err is None:
                print("    summary binary   :", open(sum_b).read().replace("\n", " "))
                print("    summary reference:", open(sum_r).read().replace("\n", " "))
            if a.keep:
                kept = os.path.join(a.keep, f"case_{case}.csv")
                shutil.copy(trace, kept)
                print("    trace kept at", kept)
    shutil.rmtree(work, ignore_errors=True)
    tot_m = sum(s[0] for s in stats.values())
    tot_n = sum(s[1] for s in stats.values())
    print(f"\nseed {a.seed}, {a.n_cases} cases")
    for f in families:
        m, n, sm, c, clean = stats[f]
        print(f"  {f:13s} rows matched {m}/{n} = {100.0 * m / max(n, 1):.3f} %   summaries matched {sm}/{c}   "
              f"cases fully matching {clean}/{c}")
    share = 100.0 * tot_m / max(tot_n, 1)
    print(f"  {'total':13s} rows matched {tot_m}/{tot_n} = {share:.3f} %   "
          f"summaries matched {sum(s[2] for s in stats.values())}/{a.n_cases}   "
          f"cases fully matching {sum(s[4] for s in stats.values())}/{a.n_cases}")
    ok = share >= a.min_share
    print("OK" if ok else f"FAIL (below {a.min_share:g} %)")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()

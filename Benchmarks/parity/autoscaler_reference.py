"""Independent Python reference for `headroom simulate` (HPA and AWS target tracking).

Follows /work/shared/specs/autoscaler-semantics.md (Parts A and C) and /work/shared-notes/simulate-contract.md.
Standard library only. Usage (same flags as the Swift tool; a leading `simulate` argument is accepted and ignored):

  python autoscaler_reference.py --trace FILE --policy hpa|aws --request CORES --min N --max N --target PCT \
      [...] --output OUT.csv [--summary OUT.json]

`simulate(timestamps, demand, cfg)` can also be imported; it returns (rows, summary).
"""
import argparse
import csv
import json
import math
import sys

NEG_INF = float("-inf")
CPU_INIT_PERIOD = 300  # --horizontal-pod-autoscaler-cpu-initialization-period (A.4)


# ----------------------------------------------------------------------------------------------------------------
# configuration

def parse_policies(text):
    """'Pods:4:15,Percent:100:15' -> [('Pods', 4, 15), ('Percent', 100, 15)]."""
    out = []
    if text is None or text.strip() == "":
        return out
    for item in text.split(","):
        parts = item.strip().split(":")
        if len(parts) != 3:
            raise SystemExit(f"bad policy {item!r}: expected Type:value:periodSeconds")
        kind = parts[0].strip()
        if kind.lower() == "pods":
            kind = "Pods"
        elif kind.lower() == "percent":
            kind = "Percent"
        else:
            raise SystemExit(f"bad policy type {parts[0]!r}")
        value, period = int(parts[1]), int(parts[2])
        if value <= 0 or not (0 < period <= 1800):
            raise SystemExit(f"bad policy {item!r}: value must be > 0 and period in (0, 1800]")
        out.append((kind, value, period))
    return out


def parse_select(text):
    if text is None:
        return None
    t = text.strip().lower()
    if t == "max":
        return "Max"
    if t == "min":
        return "Min"
    if t == "disabled":
        return "Disabled"
    raise SystemExit(f"bad select policy {text!r}")


def build_parser():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--trace", required=True)
    p.add_argument("--policy", "--mode", dest="policy", choices=["hpa", "aws"], default="hpa")
    p.add_argument("--request", type=float, required=True)
    p.add_argument("--min", dest="min_replicas", type=int, required=True)
    p.add_argument("--max", dest="max_replicas", type=int, required=True)
    p.add_argument("--target", type=float, required=True)
    p.add_argument("--startup", type=int, default=30)
    p.add_argument("--initial", type=int, default=None)
    p.add_argument("--saturation", type=float, default=1.0)
    # hpa
    p.add_argument("--sync", type=int, default=15)
    p.add_argument("--metric-window", type=int, default=15)
    p.add_argument("--tolerance", type=float, default=None)
    p.add_argument("--tolerance-up", type=float, default=None)
    p.add_argument("--tolerance-down", type=float, default=None)
    p.add_argument("--legacy-window", type=int, default=300)
    p.add_argument("--behavior", action="store_true")
    p.add_argument("--scale-down-window", type=int, default=None)
    p.add_argument("--scale-up-window", type=int, default=None)
    p.add_argument("--up-policy", default=None)
    p.add_argument("--down-policy", default=None)
    p.add_argument("--up-select", default=None)
    p.add_argument("--down-select", default=None)
    # aws
    p.add_argument("--scale-out-cooldown", type=int, default=300)
    p.add_argument("--scale-in-cooldown", type=int, default=300)
    p.add_argument("--warmup", type=int, default=0)
    p.add_argument("--metric-period", type=int, default=60)
    p.add_argument("--high-points", type=int, default=3)
    p.add_argument("--low-points", type=int, default=15)
    p.add_argument("--low-factor", type=float, default=0.9)
    p.add_argument("--disable-scale-in", action="store_true")
    p.add_argument("--protected", type=int, default=0)
    p.add_argument("--protect-new", action="store_true")
    # io
    p.add_argument("--output", required=True)
    p.add_argument("--summary", default=None)
    return p


def config_from_args(a):
    cfg = dict(vars(a))
    if cfg["initial"] is None:
        cfg["initial"] = cfg["min_replicas"]
    tol = 0.1 if a.tolerance is None else a.tolerance
    cfg["tol_up"] = tol if a.tolerance_up is None else a.tolerance_up
    cfg["tol_down"] = tol if a.tolerance_down is None else a.tolerance_down
    cfg["behavior_set"] = bool(a.behavior or a.scale_down_window is not None or a.scale_up_window is not None
                               or a.up_policy is not None or a.down_policy is not None
                               or a.up_select is not None or a.down_select is not None)
    # A.7 defaults, copied per direction over the given fields.
    cfg["up_window"] = 0 if a.scale_up_window is None else a.scale_up_window
    # A.6.1: a nil scale-down window is filled from the controller flag (--legacy-window, 300 by default).
    cfg["down_window"] = a.legacy_window if a.scale_down_window is None else a.scale_down_window
    cfg["up_policies"] = [("Pods", 4, 15), ("Percent", 100, 15)] if a.up_policy is None else parse_policies(a.up_policy)
    cfg["down_policies"] = [("Percent", 100, 15)] if a.down_policy is None else parse_policies(a.down_policy)
    cfg["up_select_v"] = parse_select(a.up_select) or "Max"
    cfg["down_select_v"] = parse_select(a.down_select) or "Max"
    return cfg


# ----------------------------------------------------------------------------------------------------------------
# HPA pieces (Part A)

def _tolerance_within(ratio, tol_up, tol_down):
    return (1.0 - tol_down) <= ratio and ratio <= (1.0 + tol_up)


def hpa_raw_proposal(current, n_ready, n_unready, metric_m, request_m, target, tol_up, tol_down):
    """A.3 GetResourceReplicas for ready pods all at metric_m millicores, n_unready pods unready, none missing.

    Returns None when no ready pod has a metric (the controller errors out and records nothing)."""
    if n_ready == 0:
        return None
    metrics_total = n_ready * metric_m
    requests_total = n_ready * request_m
    utilization = (metrics_total * 100) // requests_total
    usage_ratio = float(utilization) / float(target)
    scale_up_with_unready = n_unready > 0 and usage_ratio > 1.0
    if not scale_up_with_unready:
        if _tolerance_within(usage_ratio, tol_up, tol_down):
            return current
        return int(math.ceil(usage_ratio * float(n_ready)))
    # unready pods count at 0 on a scale-up; recompute the ratio over all pods
    n_all = n_ready + n_unready
    new_util = (metrics_total * 100) // (n_all * request_m)
    new_ratio = float(new_util) / float(target)
    if (_tolerance_within(new_ratio, tol_up, tol_down) or (usage_ratio < 1.0 and new_ratio > 1.0)
            or (usage_ratio > 1.0 and new_ratio < 1.0)):
        return current
    new_replicas = int(math.ceil(new_ratio * float(n_all)))
    if (new_ratio < 1.0 and new_replicas > current) or (new_ratio > 1.0 and new_replicas < current):
        return current
    return new_replicas


def legacy_scale_up_limit(current):
    return int(max(2.0 * float(current), 4.0))


def _changes_in_period(events, period, now):
    cutoff = now - period
    return sum(change for (change, ts) in events if ts > cutoff)  # strict After(cutoff)


def scale_up_limit_with_rules(current, up_events, down_events, policies, select, now):
    if select == "Disabled":
        return current
    if select == "Min":
        result, fn = 2**31 - 1, min
    else:
        result, fn = -(2**31), max
    for kind, value, period in policies:
        added = _changes_in_period(up_events, period, now)
        deleted = _changes_in_period(down_events, period, now)
        start = current - added + deleted
        if kind == "Pods":
            proposed = start + value
        else:
            proposed = int(math.ceil(float(start) * (1 + float(value) / 100)))
        result = fn(result, proposed)
    return result


def scale_down_limit_with_rules(current, up_events, down_events, policies, select, now):
    if select == "Disabled":
        return current
    if select == "Min":
        result, fn = -(2**31), max
    else:
        result, fn = 2**31 - 1, min
    for kind, value, period in policies:
        added = _changes_in_period(up_events, period, now)
        deleted = _changes_in_period(down_events, period, now)
        start = current - added + deleted
        if kind == "Pods":
            proposed = start - value
        else:
            proposed = int(float(start) * (1 - float(value) / 100))  # truncation toward zero, like int32(float64)
        result = fn(result, proposed)
    return result


class HPAController:
    def __init__(self, cfg, t0):
        self.cfg = cfg
        self.behavior = cfg["behavior_set"]
        self.recs = [(cfg["initial"], t0)]  # recordInitialRecommendation
        self.up_events = []    # (replicaChange, timestamp)
        self.down_events = []
        self.request_m = int(math.floor(cfg["request"] * 1000.0 + 0.5))
        target = cfg["target"]
        self.target = int(target) if float(target).is_integer() else target

    def reconcile(self, now, current, n_ready, n_unready, metric_m):
        """Returns (new_replicas, raw_proposal_or_None)."""
        cfg = self.cfg
        lo, hi = cfg["min_replicas"], cfg["max_replicas"]
        raw = None
        if current == 0:
            return current, None
        if current > hi:
            desired = hi
        elif current < lo:
            desired = lo
        else:
            raw = hpa_raw_proposal(current, n_ready, n_unready, metric_m, self.request_m, self.target,
                                   cfg["tol_up"], cfg["tol_down"])
            if raw is None:
                return current, None
            if not self.behavior:
                desired = self._normalize_legacy(now, current, raw, lo, hi)
            else:
                desired = self._normalize_behavior(now, current, raw, lo, hi)
        if desired != current and self.behavior:
            self._store_event(now, current, desired)
        return desired, raw

    # A.5
    def _normalize_legacy(self, now, current, raw, lo, hi):
        cutoff = now - self.cfg["legacy_window"]
        stabilized = raw
        for rec, ts in self.recs:
            if not ts < cutoff and rec > stabilized:  # inclusive window
                stabilized = rec
        self.recs = [(r, ts) for (r, ts) in self.recs if not ts < cutoff]
        self.recs.append((raw, now))
        limit = legacy_scale_up_limit(current)
        max_allowed = limit if hi > limit else hi
        if stabilized < lo:
            return lo
        if stabilized > max_allowed:
            return max_allowed
        return stabilized

    # A.6
    def _normalize_behavior(self, now, current, raw, lo, hi):
        cfg = self.cfg
        up_cut = now - cfg["up_window"]
        down_cut = now - cfg["down_window"]
        up_rec = raw
        down_rec = raw
        for rec, ts in self.recs:
            if ts > up_cut:
                up_rec = min(rec, up_rec)
            if ts > down_cut:
                down_rec = max(rec, down_rec)
        self.recs = [(r, ts) for (r, ts) in self.recs if not (ts < up_cut and ts < down_cut)]
        self.recs.append((raw, now))
        stabilized = current
        if stabilized < up_rec:
            stabilized = up_rec
        if stabilized > down_rec:
            stabilized = down_rec
        # rate limits, with min/max applied inside, in the direction of the move only
        if stabilized > current:
            limit = scale_up_limit_with_rules(current, self.up_events, self.down_events, cfg["up_policies"],
                                              cfg["up_select_v"], now)
            if limit < current:
                limit = current
            max_allowed = hi
            if max_allowed > limit:
                max_allowed = limit
            if stabilized > max_allowed:
                return max_allowed
        elif stabilized < current:
            limit = scale_down_limit_with_rules(current, self.up_events, self.down_events, cfg["down_policies"],
                                                cfg["down_select_v"], now)
            if limit > current:
                limit = current
            min_allowed = lo
            if min_allowed < limit:
                min_allowed = limit
            if stabilized < min_allowed:
                return min_allowed
        return stabilized

    def _store_event(self, now, prev, new):
        if new > prev:
            longest = max([p for (_, _, p) in self.cfg["up_policies"]], default=0)
            self.up_events = [e for e in self.up_events if e[1] > now - longest]
            self.up_events.append((new - prev, now))
        else:
            longest = max([p for (_, _, p) in self.cfg["down_policies"]], default=0)
            self.down_events = [e for e in self.down_events if e[1] > now - longest]
            self.down_events.append((prev - new, now))


# ----------------------------------------------------------------------------------------------------------------
# simulation (Part C)

class Pod:
    __slots__ = ("created", "serve_from", "counted_from", "initial", "protected")

    def __init__(self, created, serve_from, counted_from, initial, protected=False):
        self.created = created
        self.serve_from = serve_from
        self.counted_from = counted_from
        self.initial = initial
        self.protected = protected


def simulate(timestamps, demand, cfg):
    n = len(timestamps)
    if n == 0:
        raise SystemExit("empty trace")
    t0 = int(timestamps[0])
    policy = cfg["policy"]
    period = cfg["sync"] if policy == "hpa" else cfg["metric_period"]
    step = int(timestamps[1] - timestamps[0]) if n > 1 else period
    for i in range(1, n):
        if timestamps[i] - timestamps[i - 1] != step:
            raise SystemExit("trace timestamps must be equally spaced")
    if step <= 0 or period <= 0:
        raise SystemExit("step and decision period must be positive")
    g = math.gcd(step, period)
    tpr = step // g          # ticks per row
    tpp = period // g        # ticks per decision period
    request = cfg["request"]
    sat = cfg["saturation"]
    startup = cfg["startup"]
    target = cfg["target"]
    initial = cfg["initial"]
    dp_from_launch = cfg.get("_datapoint_from_launch", False)  # experiment knob, not on the CLI

    # initial pods: serving, ready with metrics, counted, from long before t0
    pods = [Pod(NEG_INF, NEG_INF, NEG_INF, True, protected=(policy == "aws" and i < cfg["protected"]))
            for i in range(initial)]
    replicas = initial          # HPA spec replicas / AWS desired capacity
    desired_col = initial
    hpa = HPAController(cfg, t0) if policy == "hpa" else None
    # aws state
    datapoints = []
    last_out = NEG_INF
    last_in = NEG_INF
    dp_num = 0.0
    dp_den = 0.0

    rows = []
    pod_seconds = 0
    scale_events = 0
    sec_above = 0
    sec_sat = 0
    unserved_cs = 0.0
    row_util = 0.0
    row_unserved = 0.0
    last_served = 0.0
    last_serving = 0

    total_ticks = n * tpr
    for k in range(total_ticks):
        ts = t0 + k * g
        row = k // tpr
        d = float(demand[row])
        serving = sum(1 for p in pods if p.serve_from <= ts)
        capacity = serving * request * sat
        served = min(d, capacity)
        unserved = d - served
        if serving > 0:
            util = served / (serving * request) * 100.0
        else:
            util = 100.0 * sat if d > 0 else 0.0
        saturated = d > 0 and d >= capacity
        pod_seconds += len(pods) * g
        if util > target:
            sec_above += g
        if saturated:
            sec_sat += g
        unserved_cs += unserved * g
        row_util += util
        row_unserved += unserved
        last_served, last_serving = served, serving
        if policy == "aws":
            if dp_from_launch:
                # NOT the contract: Part D's table variant (units weighted from launch + warmup), see make_trace.py
                counted = sum(1 for p in pods if p.counted_from - (p.serve_from - p.created if p.created != NEG_INF
                                                                      else 0) <= ts)
            else:
                counted = sum(1 for p in pods if p.counted_from <= ts)
            dp_num += counted * util * g
            dp_den += counted * g

        now = ts + g
        if (k + 1) % tpp == 0:
            if policy == "hpa":
                if last_serving > 0:
                    metric_m = int(math.ceil(last_served / last_serving * 1000.0 - 1e-9))
                else:
                    metric_m = 0
                n_ready = 0
                n_unready = 0
                for p in pods:
                    if p.initial:
                        n_ready += 1
                    elif p.serve_from > now:
                        n_unready += 1
                    elif now < p.created + CPU_INIT_PERIOD and now < p.serve_from + cfg["metric_window"]:
                        n_unready += 1
                    else:
                        n_ready += 1
                new, raw = hpa.reconcile(now, replicas, n_ready, n_unready, metric_m)
                if raw is not None:
                    desired_col = raw
                if new != replicas:
                    scale_events += 1
                    if new > replicas:
                        for _ in range(new - replicas):
                            pods.append(Pod(now, now + startup, now + startup, False))
                    else:
                        # newest first (stable sort keeps creation order among equals)
                        order = sorted(range(len(pods)), key=lambda i: pods[i].created)
                        keep = set(order[:new])
                        pods = [p for i, p in enumerate(pods) if i in keep]
                    replicas = new
            else:
                dp = dp_num / dp_den if dp_den > 0 else None
                dp_num = 0.0
                dp_den = 0.0
                datapoints.append(dp)
                new_d, comp, last_out, last_in, pods = aws_decide(cfg, now, replicas, datapoints, pods, last_out,
                                                                  last_in, startup)
                if comp is not None:
                    desired_col = comp
                if new_d != replicas:
                    scale_events += 1
                    replicas = new_d
        if (k + 1) % tpr == 0:
            rows.append((int(timestamps[row]), d, desired_col, replicas, serving, row_util / tpr, row_unserved / tpr))
            row_util = 0.0
            row_unserved = 0.0

    summary = {
        "pod_seconds": pod_seconds,
        "scale_events": scale_events,
        "seconds_above_target": sec_above,
        "seconds_saturated": sec_sat,
        "unserved_core_seconds": unserved_cs,
    }
    return rows, summary


def aws_decide(cfg, now, D, datapoints, pods, last_out, last_in, startup):
    """One datapoint's evaluation (C.3 + contract). Returns (D, computed_or_None, last_out, last_in, pods)."""
    T = cfg["target"]
    hp, lp = cfg["high_points"], cfg["low_points"]
    high = len(datapoints) >= hp and hp > 0 and all(x is not None and x > T for x in datapoints[-hp:])
    low = (not high) and len(datapoints) >= lp and lp > 0 and all(
        x is not None and x < cfg["low_factor"] * T for x in datapoints[-lp:])
    if not (high or low):
        return D, None, last_out, last_in, pods
    base = sum(1 for p in pods if p.counted_from <= now)
    if base == 0:
        return D, None, last_out, last_in, pods
    m = datapoints[-1]
    computed = int(math.ceil(base * m / T - 1e-9))
    uncounted = any(p.counted_from > now for p in pods)
    if high:
        blocked = (now - last_out < cfg["scale_out_cooldown"]) or uncounted
        new = max(D, computed) if blocked else D + (computed - base)
        new = min(new, cfg["max_replicas"])
        if new > D:
            D = new
            launch = max(0, D - len(pods))
            for _ in range(launch):
                pods.append(Pod(now, now + startup, now + startup + cfg["warmup"], False, protected=cfg["protect_new"]))
            last_out = now
            last_in = NEG_INF
    else:
        if cfg["disable_scale_in"] or uncounted or (now - last_in < cfg["scale_in_cooldown"]):
            return D, computed, last_out, last_in, pods
        new = max(cfg["min_replicas"], D - (base - computed))
        if new < D:
            D = new
            excess = len(pods) - D
            if excess > 0:
                # newest unprotected first
                cand = sorted((i for i, p in enumerate(pods) if not p.protected),
                              key=lambda i: (pods[i].created, i), reverse=True)
                drop = set(cand[:excess])
                pods = [p for i, p in enumerate(pods) if i not in drop]
            last_in = now
    return D, computed, last_out, last_in, pods


# ----------------------------------------------------------------------------------------------------------------
# IO

def read_trace(path):
    ts, dm = [], []
    with open(path, newline="") as f:
        r = csv.reader(f)
        header = next(r)
        if [h.strip() for h in header[:2]] != ["timestamp", "demand_cores"]:
            raise SystemExit(f"trace header must be timestamp,demand_cores (got {header})")
        for line in r:
            if not line or all(c.strip() == "" for c in line):
                continue
            t = float(line[0])
            if not t.is_integer():
                raise SystemExit(f"non-integer timestamp {line[0]}")
            v = float(line[1])
            if not math.isfinite(v) or v < 0:
                raise SystemExit(f"bad demand {line[1]}")
            ts.append(int(t))
            dm.append(v)
    return ts, dm


def write_rows(path, rows):
    with open(path, "w", newline="") as f:
        f.write("timestamp,demand_cores,desired,replicas,ready,utilization_pct,unserved_cores\n")
        for t, d, des, rep, rdy, u, un in rows:
            f.write(f"{t},{d!r},{des},{rep},{rdy},{u!r},{un!r}\n")


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "simulate":  # accept the Swift tool's sub-command, so this file can stand in for it
        argv = argv[1:]
    a = build_parser().parse_args(argv)
    cfg = config_from_args(a)
    ts, dm = read_trace(a.trace)
    rows, summary = simulate(ts, dm, cfg)
    write_rows(a.output, rows)
    if a.summary:
        with open(a.summary, "w") as f:
            json.dump(summary, f, indent=2)
            f.write("\n")
    return rows, summary


if __name__ == "__main__":
    main(sys.argv[1:])

"""A deterministic fleet of N hourly series in Headroom's history schema, for Benchmarks/fleet.sh.

Each service has up to three series (cpu_cores, memory_gib, requests_per_second; the fleet is cut at
N series), 1,344 hourly points (eight weeks) ending 2026-11-30. Requests follow a daily and a weekly
cycle with compound growth from -5 % to +20 % a month and multiplicative noise; a fifth of the
services take a level shift, one in ten a few spikes. CPU is idle cores plus cores per request,
memory a base plus a slow leak. The services table sizes each service at 60 % of its peak.

Standard library only; the same N and seed always give the same database.
    python3 Benchmarks/fleet_generate.py N OUT.sqlite [--seed S]
"""
import argparse, math, os, random, sqlite3

parser = argparse.ArgumentParser()
parser.add_argument("count", type=int)
parser.add_argument("database")
parser.add_argument("--seed", type=int, default=20261206)
args = parser.parse_args()

HOURS = 1344
END = 1796083200          # 2026-11-30T00:00:00Z
START = END - HOURS * 3600
METRICS = [("cpu_cores", "cores"), ("memory_gib", "GiB"), ("requests_per_second", "req/s")]

if os.path.exists(args.database):
    os.remove(args.database)
db = sqlite3.connect(args.database)
db.executescript("""
CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY);
INSERT INTO grdb_migrations VALUES ('v1: series, samples, services'), ('v2: events');
CREATE TABLE series (id INTEGER PRIMARY KEY, service TEXT NOT NULL, metric TEXT NOT NULL, unit TEXT,
    labels TEXT NOT NULL DEFAULT '{}', UNIQUE (service, metric, labels));
CREATE TABLE samples (series_id INTEGER NOT NULL REFERENCES series(id), ts INTEGER NOT NULL,
    value REAL NOT NULL, PRIMARY KEY (series_id, ts)) WITHOUT ROWID;
CREATE TABLE services (name TEXT PRIMARY KEY, instance_cpu REAL, instance_memory_gib REAL, instances INTEGER,
    min_instances INTEGER, max_instances INTEGER, zones INTEGER, stateful INTEGER, cost_per_instance_hour REAL);
CREATE TABLE events (name TEXT NOT NULL, service TEXT, starts_at INTEGER NOT NULL, ends_at INTEGER NOT NULL,
    CHECK (ends_at > starts_at));
""")
rng = random.Random(args.seed)
series_id = 0
services = (args.count + len(METRICS) - 1) // len(METRICS)
for s in range(services):
    name = f"svc-{s:05d}"
    peak = math.exp(rng.uniform(math.log(20), math.log(20000)))
    growth = rng.uniform(-0.05, 0.20)
    daily_amp, weekend = rng.uniform(0.2, 0.6), rng.uniform(0.0, 0.3)
    noise, phi = rng.uniform(0.02, 0.10), rng.uniform(0.0, 0.8)
    shift_at = rng.randrange(HOURS // 4, 3 * HOURS // 4) if rng.random() < 0.2 else None
    shift = rng.uniform(0.7, 1.4)
    spikes = {rng.randrange(HOURS): rng.uniform(2, 5) for _ in range(3)} if rng.random() < 0.1 else {}
    cores_per_rps, idle = rng.uniform(0.0005, 0.01), rng.uniform(0.5, 4)
    memory, leak = rng.uniform(2, 60), rng.uniform(0, 0.002)
    ar = 0.0
    rps, cpu, mem = [], [], []
    for h in range(HOURS):
        ar = phi * ar + rng.gauss(0, noise)
        daily = 1 + daily_amp * math.sin(2 * math.pi * ((h % 24) - 8) / 24)
        week = 1 - weekend * (1 if (h // 24) % 7 >= 5 else 0)
        level = peak / (1 + daily_amp) * (1 + growth) ** (h / 730.5) * daily * week * math.exp(ar)
        if shift_at is not None and h >= shift_at:
            level *= shift
        level *= spikes.get(h, 1)
        rps.append(level)
        cpu.append(idle + cores_per_rps * level)
        mem.append(memory * (1 + leak * h) * (1 + 0.01 * rng.gauss(0, 1)))
    for (metric, unit), values in zip(METRICS, (cpu, mem, rps)):
        if series_id >= args.count:
            break
        series_id += 1
        db.execute("INSERT INTO series (id, service, metric, unit) VALUES (?, ?, ?, ?)", (series_id, name, metric, unit))
        db.executemany("INSERT INTO samples VALUES (?, ?, ?)",
                       ((series_id, START + 3600 * h, v) for h, v in enumerate(values)))
    instances = max(2, math.ceil(max(cpu) / (4 * 0.6)))
    db.execute("INSERT INTO services VALUES (?, 4, 16, ?, 2, ?, 3, 0, 0.192)", (name, instances, 3 * instances))
db.commit()
db.close()
print(f"{args.database}: {series_id} series, {series_id * HOURS} samples, {services} services")

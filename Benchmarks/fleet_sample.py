"""The first series of a generated fleet (Benchmarks/fleet_generate.py), read-only, for the comparisons
Benchmarks/fleet.sh runs against the Python tools."""
import sqlite3

import numpy as np


def first_series(database, count):
    """[(id, timestamps, values)] of the first `count` series by service and metric, in time order."""
    db = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    ids = [row[0] for row in db.execute("SELECT id FROM series ORDER BY service, metric LIMIT ?", (count,))]
    found = []
    for sid in ids:
        rows = db.execute("SELECT ts, value FROM samples WHERE series_id = ? ORDER BY ts", (sid,)).fetchall()
        found.append((sid, np.array([r[0] for r in rows]), np.array([r[1] for r in rows])))
    db.close()
    return found

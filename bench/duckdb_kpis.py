"""Native DuckDB on the demo's events CSV: read the CSV and compute the overall KPIs in SQL (the
same five figures as `livelens analyze --sections kpis`: viewers, views, buyers, orders, GMV),
timed together, best and median of RUNS. Usage: duckdb_kpis.py EVENTS_CSV [RUNS] [THREADS].
Prints one JSON object. (scripts/bench_ingest.sh runs it beside LiveLens.)"""

import json
import statistics
import sys
import time

import duckdb

path = sys.argv[1]
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
threads = int(sys.argv[3]) if len(sys.argv) > 3 else 2

SQL = f"""
SELECT
  count(DISTINCT user_id) FILTER (WHERE event = 'enter')::INTEGER AS viewers,
  count(*) FILTER (WHERE event = 'enter')::INTEGER AS views,
  count(DISTINCT user_id) FILTER (WHERE event = 'pay')::INTEGER AS buyers,
  count(DISTINCT order_id) FILTER (WHERE event = 'pay')::INTEGER AS orders,
  round(sum(amount) FILTER (WHERE event = 'pay'), 2)::DOUBLE AS gmv
FROM read_csv('{path}', header = true, auto_detect = true)
"""

times, cpu = [], []
out = None
for _ in range(runs):
    con = duckdb.connect()
    con.execute(f"SET threads = {threads}")
    t, c = time.perf_counter(), time.process_time()
    row = con.execute(SQL).fetchone()
    times.append((time.perf_counter() - t) * 1000)
    cpu.append((time.process_time() - c) * 1000)
    out = dict(zip(["viewers", "views", "buyers", "orders", "gmv"], row))
    con.close()
print(json.dumps({"duckdb": duckdb.__version__, "threads": threads,
                  "median_ms": statistics.median(times), "min_ms": min(times),
                  "cpu_median_ms": statistics.median(cpu), "kpis": out}))

#!/usr/bin/env python3
"""The Python data stack on the same files as the LiveLens bench (scripts/bench.sh):
pandas (parse, KPIs, RFM), scikit-learn (k-means + silhouette, as metrics.md's clustering),
mlxtend (association rules on Groceries) and implicit (ALS). Prints one JSON object with median
milliseconds per stage and the numbers to compare with LiveLens (viewers, buyers, orders, GMV,
RFM segment sizes, chosen k, rule count, matrix size).

Usage: reference.py DIR RUNS GROCERIES. Single-threaded (OMP/OPENBLAS threads = 1), as the
LiveLens wasm is; set BENCH_THREADS to change that."""
import json
import os
import sys
import time

threads = os.environ.get("BENCH_THREADS", "1")
for v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[v] = threads

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

DIR, RUNS, GROCERIES = sys.argv[1], int(sys.argv[2]), sys.argv[3]
stages = {}


def timed(name, fn, runs=RUNS):
    times, out = [], None
    for _ in range(max(1, runs)):
        t = time.perf_counter()
        out = fn()
        times.append((time.perf_counter() - t) * 1000)
    stages[name] = {"median_ms": float(np.median(times)), "min_ms": min(times), "runs": len(times),
                    "summary": out[1] if isinstance(out, tuple) else None}
    return out[0] if isinstance(out, tuple) else out


def parse():
    ev = pd.read_csv(f"{DIR}/events.csv", dtype={"user_id": str, "session_id": str, "event": str,
                                                "item_id": str, "order_id": str})
    ev["ts"] = pd.to_datetime(ev["timestamp"], format="%Y-%m-%d %H:%M:%S")
    od = pd.read_csv(f"{DIR}/orders.csv", dtype={"order_id": str, "user_id": str, "status": str,
                                                 "session_id": str, "item_id": str})
    od["ts"] = pd.to_datetime(od["paid_at"], format="%Y-%m-%d %H:%M:%S")
    od["refund_ts"] = pd.to_datetime(od["refunded_at"], format="%Y-%m-%d %H:%M:%S")
    return (ev, od), {"rows_read": int(len(ev) + len(od))}


ev, od = timed("parse", parse, runs=1 if os.path.getsize(f"{DIR}/events.csv") > 200e6 else RUNS)


def pays():
    """Pay rows: the orders file, plus events-file pays whose order the orders file lacks
    (LiveLens counts a payment held by both once)."""
    p = ev[ev["event"] == "pay"]
    p = p[~p["order_id"].isin(od["order_id"])]
    return pd.concat([od[["user_id", "order_id", "amount", "ts"]],
                      p[["user_id", "order_id", "amount", "ts"]]], ignore_index=True)


def kpis():
    enter = ev[ev["event"] == "enter"]
    pay = pays()
    out = {"viewers": int(enter["user_id"].nunique()), "views": int(len(enter)),
           "buyers": int(pay["user_id"].nunique()), "orders": int(pay["order_id"].nunique()),
           "gmv": round(float(pay["amount"].sum()), 2)}
    return out, out


timed("kpis", kpis)


def rfm():
    pay = pays()
    refunds = od.loc[od["status"] == "refunded"].groupby("user_id")["amount"].sum()
    latest = max(ev["ts"].max(), od["ts"].max(), od["refund_ts"].max())
    as_of = latest.normalize() + pd.Timedelta(days=1)
    # Persons in order of first appearance in the data (the tie order of metrics.md).
    first_seen = pd.concat([ev[["user_id", "ts"]], od[["user_id", "ts"]]]).groupby("user_id")["ts"].min()
    g = pay.groupby("user_id").agg(last=("ts", "max"), frequency=("order_id", "nunique"),
                                   paid=("amount", "sum"))
    g["monetary"] = g["paid"] - refunds.reindex(g.index).fillna(0.0)
    g["recency_days"] = (as_of - g["last"]).dt.days
    g = g.loc[first_seen.reindex(g.index).sort_values(kind="stable").index]
    score = lambda v: pd.qcut(v.rank(method="first"), 5, labels=[1, 2, 3, 4, 5]).astype(int)
    r, f = score(-g["recency_days"]), score(g["frequency"])
    names = np.select(
        [(r == 5) & (f >= 4), r.between(3, 4) & (f >= 4), (r >= 4) & f.between(2, 3), (r == 5) & (f == 1),
         (r == 4) & (f == 1), (r == 3) & (f == 3), (r == 3) & (f <= 2), (r <= 2) & f.between(3, 4),
         (r <= 2) & (f == 5), (r <= 2) & (f <= 2)],
        ["Champions", "Loyal", "Potential loyalists", "New customers", "Promising", "Need attention",
         "About to sleep", "At risk", "Can't lose", "Hibernating"], "other")
    sizes = pd.Series(names).value_counts().to_dict()
    return g, {"persons": int(len(g)), "segments": {k: int(v) for k, v in sizes.items()}}


timed("rfm", rfm)


def clusters():
    from sklearn.cluster import KMeans
    from sklearn.metrics import silhouette_score
    from sklearn.preprocessing import StandardScaler
    g, _ = rfm()
    persons = pd.Index(ev["user_id"].unique())
    counts = ev.pivot_table(index="user_id", columns="event", values="ts", aggfunc="size", fill_value=0)
    # Watch seconds: leave minus enter per user (an approximation of metrics.md's visits).
    ent = ev.loc[ev["event"] == "enter"].groupby("user_id")["ts"].apply(lambda s: s.astype("int64").sum())
    lea = ev.loc[ev["event"] == "leave"].groupby("user_id")["ts"].apply(lambda s: s.astype("int64").sum())
    watch = ((lea.reindex(persons).fillna(0) - ent.reindex(persons).fillna(0)) / 1e9).clip(lower=0)
    latest_days = (g["recency_days"].max() + 1) if len(g) else 0
    X = pd.DataFrame({
        "recency": g["recency_days"].reindex(persons).fillna(latest_days),
        "frequency": g["frequency"].reindex(persons).fillna(0),
        "monetary": g["monetary"].reindex(persons).fillna(0).clip(lower=0),
        "watch": watch,
        "comments": counts.get("comment", pd.Series(0, index=counts.index)).reindex(persons).fillna(0),
        "clicks": counts.get("click", pd.Series(0, index=counts.index)).reindex(persons).fillna(0),
    })
    Z = StandardScaler().fit_transform(np.log1p(X.to_numpy(dtype=float)))
    best = (None, -2.0)
    for k in range(2, 9):
        lab = KMeans(n_clusters=k, n_init=10, random_state=42, max_iter=300).fit_predict(Z)
        s = silhouette_score(Z, lab, sample_size=min(10_000, len(Z)), random_state=42)
        if s > best[1]:
            best = (k, s)
    return None, {"k": best[0], "persons": int(len(Z)), "silhouette": float(best[1])}


timed("clusters", clusters, runs=min(RUNS, 3))


def als():
    import implicit
    import scipy.sparse as sp
    w = {"product_view": 1.0, "click": 2.0, "add_cart": 3.0, "order": 4.0, "pay": 8.0}
    e = ev.loc[ev["event"].isin(list(w)) & ev["item_id"].notna(), ["user_id", "item_id", "event"]]
    users = pd.Index(ev["user_id"].unique())
    items = pd.Index(sorted(e["item_id"].unique()))
    m = sp.csr_matrix((e["event"].map(w).to_numpy(np.float32),
                       (users.get_indexer(e["user_id"]), items.get_indexer(e["item_id"]))),
                      shape=(len(users), len(items)))
    m.sum_duplicates()
    f = max(4, min(32, len(items) // 8)) // 4 * 4
    model = implicit.cpu.als.AlternatingLeastSquares(
        factors=f, regularization=0.1, alpha=10.0, iterations=15, use_cg=True,
        num_threads=int(threads), random_state=42, calculate_training_loss=False)
    model.fit(m, show_progress=False)
    return None, {"users": int(len(users)), "items": int(len(items)), "nnz": int(m.nnz), "factors": f}


timed("als", als, runs=min(RUNS, 3))


def rules():
    from mlxtend.frequent_patterns import association_rules, fpgrowth
    from mlxtend.preprocessing import TransactionEncoder
    with open(GROCERIES, encoding="utf-8") as fh:
        baskets = [[x.strip() for x in line.strip().split(",") if x.strip()] for line in fh if line.strip()]
    te = TransactionEncoder()
    df = pd.DataFrame(te.fit(baskets).transform(baskets), columns=te.columns_)
    fi = fpgrowth(df, min_support=0.001, use_colnames=True)
    r = association_rules(fi, metric="confidence", min_threshold=0.5)
    r = r[r["consequents"].apply(len) == 1]
    return None, {"baskets": len(baskets), "rules": int(len(r))}


timed("rules_groceries", rules)

import importlib.metadata as md  # noqa: E402
versions = {p: md.version(p) for p in ("pandas", "scikit-learn", "mlxtend", "implicit", "numpy")}
print(json.dumps({"dir": DIR, "threads": int(threads), "versions": versions, "stages": stages}))

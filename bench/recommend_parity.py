#!/usr/bin/env python3
"""Recommendation parity: LiveLens's models against the `implicit` library on the same splits,
scored by one scorer (this file).

Usage: recommend_parity.py OUT_JSON DIR [DIR ...]
       recommend_parity.py --table OUT_JSON   (markdown tables of a finished run)
  DIR: a demo directory (`livelens demo --out DIR ...`: events.csv, items.csv, users.csv,
  sessions.csv, orders.csv). LIVELENS_TOPK points to the `recommend_topk` example binary
  (default target/release/examples/recommend_topk).

Three splits per directory:
  next_session  train on every row before the start of the last live session (by start time);
                test on the products paid in that session by persons who paid there and had at
                least one product event (view/click/cart/order/pay) in training, minus products
                they had already paid for in training.
  rolling       next_session for each of the last LIVELENS_ROLLING sessions (default 10; 1 = no
                rolling split; LIVELENS_SPLITS=rolling runs only this split), each trained on everything before it; metrics pooled over all
                (session, person) test cases. One small-demo session has only 14-23 test
                persons; pooled, a dataset has ~200-250.
  time_split    LiveLens's own protocol (src/recommend/eval.rs): persons with >= 2 distinct paid
                products; the last ceil(0.2 n) (at least 1, at most n - 1) by time of first pay
                are held out; their events after the cut-off (first pay of the first held-out
                product) and every event on a held-out product are removed from training.
                All eligible persons are evaluated (no sampling).

For each split the training rows are written as a demo-layout directory, LiveLens's example
exports its top-10 per test person for every model (and for the model it picks by its own
evaluation), and the implicit models are fitted on the same training rows. Every model ranks all
products not already paid for in training (ties: lower product id); P@10, R@10, NDCG@10 (binary
gains) and hit@10 are averaged over test persons (metrics.md, "Recommendation evaluation").
Deterministic: implicit models get random_state=42 and one thread."""
import json
import math
import os
import subprocess
import sys
import tempfile

for v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[v] = "1"

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import scipy.sparse as sp  # noqa: E402

K = 10
TOPK = os.environ.get("LIVELENS_TOPK", "target/release/examples/recommend_topk")
# Sessions of the rolling split (LIVELENS_ROLLING; 1 = no rolling split).
ROLLING = int(os.environ.get("LIVELENS_ROLLING", "10"))
# Splits to run (LIVELENS_SPLITS, comma-separated; default all three).
SPLITS = os.environ.get("LIVELENS_SPLITS", "next_session,time_split,rolling").split(",")
SIGNALS = {"product_view": 1.0, "click": 2.0, "add_cart": 3.0, "order": 4.0, "pay": 8.0}


def metrics(ranked, relevant):
    hits = [1.0 if x in relevant else 0.0 for x in ranked[:K]]
    dcg = sum(h / math.log2(i + 2) for i, h in enumerate(hits))
    idcg = sum(1.0 / math.log2(i + 2) for i in range(min(K, len(relevant))))
    n = sum(hits)
    return {"p": n / K, "r": n / len(relevant), "ndcg": dcg / idcg, "hit": 1.0 if n else 0.0}


def score_lists(lists, test):
    """Averages over test persons; a person missing from `lists` counts as no hit."""
    acc = {"p": 0.0, "r": 0.0, "ndcg": 0.0, "hit": 0.0}
    for u, rel in test.items():
        m = metrics(lists.get(u, []), rel)
        for key in acc:
            acc[key] += m[key]
    n = max(1, len(test))
    return {key: v / n for key, v in acc.items()}


def load(d):
    ev = pd.read_csv(f"{d}/events.csv", dtype=str, keep_default_na=False)
    ev["ts"] = pd.to_datetime(ev["timestamp"], format="%Y-%m-%d %H:%M:%S")
    ses = pd.read_csv(f"{d}/sessions.csv", dtype=str, keep_default_na=False)
    ses["ts"] = pd.to_datetime(ses["start"], format="%Y-%m-%d %H:%M:%S")
    items = pd.read_csv(f"{d}/items.csv", dtype=str, keep_default_na=False)
    return ev, ses, items


def first_pays(ev):
    p = ev[(ev["event"] == "pay") & (ev["item_id"] != "")]
    return p.sort_values("ts", kind="stable").drop_duplicates(["user_id", "item_id"])


def split_next_session(ev, ses, back=1):
    """Train before the start of the `back`-th last session, test on its purchases."""
    last = ses.sort_values("ts", kind="stable").iloc[-back]
    train = ev[ev["ts"] < last["ts"]]
    prod = train[train["event"].isin(list(SIGNALS)) & (train["item_id"] != "")]
    had = set(prod["user_id"])
    paid_before = set(zip(*[train.loc[train["event"] == "pay", c] for c in ("user_id", "item_id")]))
    test_pays = ev[(ev["event"] == "pay") & (ev["session_id"] == last["session_id"])]
    test = {}
    for u, i in zip(test_pays["user_id"], test_pays["item_id"]):
        if u in had and (u, i) not in paid_before and i:
            test.setdefault(u, set()).add(i)
    return train, test


def split_time(ev):
    fp = first_pays(ev)
    test, cutoff = {}, {}
    for u, g in fp.groupby("user_id", sort=True):
        n = len(g)
        if n < 2:
            continue
        h = min(max(math.ceil(0.2 * n), 1), n - 1)
        tail = g.iloc[n - h:]
        test[u] = set(tail["item_id"])
        cutoff[u] = tail["ts"].iloc[0]
    cut = ev["user_id"].map(cutoff)
    held = pd.Series([i in test.get(u, ()) for u, i in zip(ev["user_id"], ev["item_id"])],
                     index=ev.index)
    keep = cut.isna() | ((ev["ts"] <= cut) & ~held)
    return ev[keep], test


def livelens_lists(d, train, test, work):
    tdir = os.path.join(work, "train")
    os.makedirs(tdir, exist_ok=True)
    cols = ["user_id", "session_id", "event", "timestamp", "item_id", "order_id", "amount"]
    train[cols].to_csv(f"{tdir}/events.csv", index=False)
    for name in ("items", "users", "sessions"):
        with open(f"{d}/{name}.csv", "rb") as src, open(f"{tdir}/{name}.csv", "wb") as dst:
            dst.write(src.read())
    with open(f"{work}/users.txt", "w") as fh:
        fh.write("\n".join(sorted(test)) + "\n")
    out = subprocess.run([TOPK, tdir, f"{work}/users.txt", f"{work}/topk.csv", str(K)],
                         check=True, capture_output=True, text=True)
    info = json.loads(out.stdout)
    top = pd.read_csv(f"{work}/topk.csv", dtype=str)
    top["rank"] = top["rank"].astype(int)
    lists = {}
    for (model, u), g in top.sort_values("rank").groupby(["model", "user_id"], sort=False):
        lists.setdefault(model, {})[u] = list(g["item_id"])
    return lists, info


def matrices(train, items):
    prod = train[train["event"].isin(list(SIGNALS)) & (train["item_id"] != "")]
    users = pd.Index(sorted(prod["user_id"].unique()))
    iu, ii = users.get_indexer(prod["user_id"]), items.get_indexer(prod["item_id"])
    ok = ii >= 0
    shape = (len(users), len(items))

    def csr(vals):
        m = sp.csr_matrix((vals[ok].astype(np.float32), (iu[ok], ii[ok])), shape=shape)
        m.sum_duplicates()
        return m

    strength = csr(prod["event"].map(SIGNALS).to_numpy())
    count = csr(np.ones(len(prod)))
    binary = count.copy()
    binary.data[:] = 1.0
    pays = csr((prod["event"] == "pay").to_numpy(dtype=float))
    pays.eliminate_zeros()
    pays.data[:] = 1.0
    return users, {"strength": strength, "count": count, "binary": binary}, pays


def implicit_lists(train, test, items):
    from implicit.als import AlternatingLeastSquares
    from implicit.bpr import BayesianPersonalizedRanking
    from implicit.nearest_neighbours import BM25Recommender, CosineRecommender, TFIDFRecommender
    users, mats, pays = matrices(train, items)
    names = np.array(items)
    rows = [(u, users.get_loc(u)) for u in sorted(test) if u in users]
    out = {}
    for wname, m in mats.items():
        models = {
            "cosine": lambda: CosineRecommender(K=20),
            "bm25": lambda: BM25Recommender(K=20),
            "tfidf": lambda: TFIDFRecommender(K=20),
            "als": lambda: AlternatingLeastSquares(factors=64, iterations=15,
                                                   random_state=42, num_threads=1),
            "bpr": lambda: BayesianPersonalizedRanking(factors=64, iterations=100,
                                                       random_state=42, num_threads=1),
        }
        for mname, make in models.items():
            model = make()
            model.fit(m, show_progress=False)
            if hasattr(model, "similarity"):
                scores = np.asarray((m @ model.similarity).todense())
            else:
                scores = np.asarray(model.user_factors) @ np.asarray(model.item_factors).T
            lists = {}
            for u, r in rows:
                s = scores[r].astype(np.float64).copy()
                s[pays.indices[pays.indptr[r]:pays.indptr[r + 1]]] = -np.inf
                order = np.lexsort((np.arange(len(s)), -s))
                lists[u] = [names[j] for j in order[:K] if np.isfinite(s[j])]
            out[f"implicit_{mname}[{wname}]"] = lists
    return out


def score_split(d, train, test, items):
    with tempfile.TemporaryDirectory() as work:
        ll, info = livelens_lists(d, train, test, work)
    rows = {f"livelens_{k}": score_lists(v, test) for k, v in ll.items()}
    rows.update({k: score_lists(v, test) for k, v in implicit_lists(train, test, items).items()})
    return rows, info["chosen"]


def run(d):
    ev, ses, items_df = load(d)
    items = pd.Index(sorted(items_df["item_id"]))
    res = {}
    splits = {"next_session": lambda: split_next_session(ev, ses), "time_split": lambda: split_time(ev)}
    if ROLLING > 1:
        splits["rolling"] = None
    splits = {k: v for k, v in splits.items() if k in SPLITS}
    for split, make in splits.items():
        if split == "rolling":
            # The last ROLLING sessions, each trained on everything before it; metrics are
            # pooled over all (session, person) test cases.
            sums, n, held, chosen = {}, 0, 0, []
            for back in range(1, ROLLING + 1):
                train, test = split_next_session(ev, ses, back)
                if not test:
                    continue
                r, c = score_split(d, train, test, items)
                chosen.append(c)
                for k, m in r.items():
                    acc = sums.setdefault(k, {key: 0.0 for key in m})
                    for key, v in m.items():
                        acc[key] += v * len(test)
                n += len(test)
                held += sum(map(len, test.values()))
            rows = {k: {key: v / max(1, n) for key, v in m.items()} for k, m in sums.items()}
            res[split] = {"test_persons": n, "held_out": held, "sessions": ROLLING,
                          "chosen": "/".join(sorted(set(chosen))), "rows": rows}
        else:
            train, test = make()
            rows, chosen = score_split(d, train, test, items)
            res[split] = {"test_persons": len(test), "held_out": sum(map(len, test.values())),
                          "chosen": chosen, "rows": rows}
        best_imp = max((k for k in rows if k.startswith("implicit")), key=lambda k: rows[k]["p"])
        print(f"{d} {split}: {res[split]['test_persons']} persons, chosen {res[split]['chosen']} "
              f"P@10 {rows['livelens_chosen']['p']:.4f}; best implicit {best_imp} "
              f"{rows[best_imp]['p']:.4f}", file=sys.stderr)
    return res


TABLE_ROWS = ["livelens_chosen", "livelens_item_cf", "livelens_user_knn",
              "livelens_user_knn_k50", "livelens_user_knn_undamped", "livelens_als",
              "livelens_hybrid", "livelens_content", "livelens_popularity",
              "implicit_cosine[strength]", "implicit_tfidf[strength]", "implicit_bm25[strength]",
              "implicit_als[strength]", "implicit_bpr[strength]"]


def table(path):
    res = json.load(open(path))
    ds = res["datasets"]
    for split in ("next_session", "rolling", "time_split"):
        here = [d for d in ds if split in ds[d]]
        if not here:
            continue
        print(f"\n{split}: P@10 / NDCG@10 (test persons)\n")
        print("| model | " + " | ".join(f"{os.path.basename(d)} ({ds[d][split]['test_persons']})"
                                          for d in here) + " |")
        print("|---|" + "---:|" * len(here))
        for name in TABLE_ROWS + ["best implicit (any weighting)"]:
            if not all(name in ds[d][split]["rows"] or name.startswith("best") for d in here):
                continue
            cells = []
            for d in here:
                rows = ds[d][split]["rows"]
                if name.startswith("best"):
                    key = max((k for k in rows if k.startswith("implicit")),
                              key=lambda k: rows[k]["p"])
                else:
                    key = name
                m = rows[key]
                cell = f"{m['p']:.4f} / {m['ndcg']:.3f}"
                if name == "livelens_chosen":
                    cell += f" ({ds[d][split]['chosen']})"
                if name.startswith("best"):
                    cell += f" ({key.split('_', 1)[1]})"
                cells.append(cell)
            print(f"| {name} | " + " | ".join(cells) + " |")


def main():
    if sys.argv[1] == "--table":
        return table(sys.argv[2])
    out_path, dirs = sys.argv[1], sys.argv[2:]
    import importlib.metadata as md
    result = {"k": K, "versions": {p: md.version(p) for p in ("implicit", "numpy", "pandas")},
              "datasets": {d: run(d) for d in dirs}}
    with open(out_path, "w") as fh:
        json.dump(result, fh, indent=1)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Why LiveLens's item-CF was below implicit's CosineRecommender (docs/decisions.md): implicit's
cosine with K neighbours and the diagonal (an item's similarity to itself) scaled by 1, 0.5 or 0,
on both splits of recommend_parity.py. Without the diagonal and K >= 40 it is LiveLens's old
item-CF exactly.

Usage: recommend_diagonal.py DIR [DIR ...]   (prints one line per dataset, split, K, diagonal)"""
import os
import sys
import warnings

import numpy as np
import pandas as pd

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import recommend_parity as rp  # noqa: E402

warnings.filterwarnings("ignore")


def main():
    from implicit.nearest_neighbours import CosineRecommender
    for d in sys.argv[1:]:
        ev, ses, it = rp.load(d)
        items = pd.Index(sorted(it["item_id"]))
        splits = {"next_session": rp.split_next_session(ev, ses), "time_split": rp.split_time(ev)}
        for split, (train, test) in splits.items():
            users, mats, pays = rp.matrices(train, items)
            m = mats["strength"]
            rows = [(u, users.get_loc(u)) for u in sorted(test) if u in users]
            for k in (10, 20, 40):
                c = CosineRecommender(K=k)
                c.fit(m, show_progress=False)
                sim = c.similarity.toarray()
                for diag in (1.0, 0.5, 0.0):
                    s2 = sim.copy()
                    np.fill_diagonal(s2, diag * np.diag(sim))
                    scores = np.asarray(m @ s2)
                    lists = {}
                    for u, r in rows:
                        s = scores[r].astype(float).copy()
                        s[pays.indices[pays.indptr[r]:pays.indptr[r + 1]]] = -np.inf
                        order = np.lexsort((np.arange(len(s)), -s))
                        lists[u] = [items[j] for j in order[:rp.K]]
                    res = rp.score_lists(lists, test)
                    print(f"{d} {split} K={k} diagonal={diag}: P@10 {res['p']:.4f} "
                          f"NDCG@10 {res['ndcg']:.4f}", flush=True)


if __name__ == "__main__":
    main()

"""Expected RFM quintile labels, as checked in src/rfm/mod.rs (tests qcut_matches_pandas_on_edge_sizes
and ties_broken_by_person_order). Run: python3 tests/reference/qcut_reference.py (pandas 3.1.1 used).

Also checks LiveLens' integer rule (smallest j >= 1 with 5*(r-1) <= j*(n-1)) for n in 2..=3000."""
import numpy as np
import pandas as pd

LABELS = [1, 2, 3, 4, 5]
for n in [1, 2, 3, 4, 5, 6, 7, 10, 11, 13]:
    r = pd.Series(range(n)).rank(method="first")
    try:
        print(n, list(pd.qcut(r, 5, labels=LABELS).astype(int)))
    except ValueError as e:
        print(n, "ValueError:", e)
print("ties", list(pd.qcut(pd.Series([2, 1, 2, 1]).rank(method="first"), 5, labels=LABELS).astype(int)))

bad = 0
for n in range(2, 3001):
    q = np.asarray(pd.qcut(pd.Series(np.arange(n, dtype=float)).rank(method="first"), 5, labels=LABELS).astype(int))
    ranks = np.arange(1, n + 1)
    mine = np.maximum(1, -((-5 * (ranks - 1)) // (n - 1)))
    bad += int((q != mine).any())
print("integer rule mismatches for n in 2..=3000:", bad, "| pandas", pd.__version__)

# Many ties (src/rfm/mod.rs test qcut_with_ties_matches_pandas).
rng = np.random.default_rng(7)
v = rng.integers(0, 5, 37)
print("tie values", list(map(int, v)))
print("tie labels", list(pd.qcut(pd.Series(v).rank(method="first"), 5, labels=LABELS).astype(int)))

"""Reference values for src/cluster/tests.rs (silhouette_matches_sklearn, ari_matches_sklearn).
Run: /path/to/venv/bin/python tests/reference/cluster_reference.py  (scikit-learn 1.x)."""
import numpy as np
import sklearn
from sklearn.metrics import adjusted_rand_score, silhouette_score

X = np.array([
    [0.0, 0.0], [0.5, 0.2], [0.1, 0.9], [1.0, 1.0], [0.3, 0.4],
    [5.0, 5.0], [5.5, 4.8], [6.0, 5.3], [4.7, 5.9],
    [0.0, 6.0], [9.0, 0.5], [8.5, 1.2],
])
labelings = {
    "good": [0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 3, 3],   # includes a singleton cluster (2)
    "mixed": [0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1],
    "two": [0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1],
}
for name, lab in labelings.items():
    print(f"silhouette {name} {silhouette_score(X, lab):.15f}")

pairs = [
    ([0, 0, 1, 1], [0, 0, 1, 1]),
    ([0, 0, 1, 1], [1, 1, 0, 0]),
    ([0, 0, 1, 2], [0, 0, 1, 1]),
    ([0, 0, 0, 0], [0, 1, 2, 3]),
    ([0, 0, 0, 0], [0, 0, 0, 0]),
    ([0, 1, 2, 0, 1, 2, 0, 1, 2], [0, 0, 0, 1, 1, 1, 2, 2, 2]),
    ([0, 0, 0, 1, 1, 1, 2, 2, 2, 2], [0, 0, 1, 1, 1, 2, 2, 2, 0, 0]),
    ([3, 3, 7, 7, 7, 1, 1, 1, 1], [0, 0, 0, 5, 5, 5, 5, 2, 2]),
]
for a, b in pairs:
    print(f"ari {a} {b} {adjusted_rand_score(a, b):.15f}")
print("sklearn", sklearn.__version__)

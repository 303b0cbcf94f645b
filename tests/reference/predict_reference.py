"""Reference for src/predict (test logistic_matches_sklearn).

Writes tests/fixtures/predict_fixture.csv (300 rows: five features and a 0/1 label, drawn with a
fixed numpy seed) and prints what scikit-learn fits on it:
StandardScaler (population sd) then LogisticRegression(C=1.0) -- lbfgs, L2 penalty 0.5*||w||^2,
intercept not penalised -- with tol=1e-10 (so that the exact optimum is compared), plus the same
with the default tol=1e-4 for information, and roc_auc_score / roc_curve of the fitted
probabilities. Run from the crate root: python3 tests/reference/predict_reference.py
"""
import numpy as np
import sklearn
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score, roc_curve
from sklearn.preprocessing import StandardScaler

rng = np.random.default_rng(20240601)
n = 300
watch = np.round(rng.lognormal(6.0, 1.2, n), 1)
comments = rng.poisson(2.0, n).astype(float)
clicks = rng.poisson(1.0, n).astype(float)
orders = rng.poisson(0.4, n).astype(float)
city = (rng.random(n) < 0.3).astype(float)
X = np.column_stack([np.log1p(watch), np.log1p(comments), np.log1p(clicks), np.log1p(orders), city])
z = -2.0 + 0.5 * (X[:, 0] - 6) + 0.4 * X[:, 1] + 0.9 * X[:, 2] + 1.2 * X[:, 3] + 0.3 * city
y = (rng.random(n) < 1 / (1 + np.exp(-z))).astype(int)

with open("tests/fixtures/predict_fixture.csv", "w") as f:
    f.write("log1p_watch,log1p_comments,log1p_clicks,log1p_orders,city_beijing,label\n")
    for row, label in zip(X, y):
        f.write(",".join(repr(float(v)) for v in row) + f",{label}\n")

Xs = StandardScaler().fit_transform(X)
tight = LogisticRegression(C=1.0, tol=1e-10, max_iter=100000).fit(Xs, y)
default = LogisticRegression(C=1.0).fit(Xs, y)
p = tight.predict_proba(Xs)[:, 1]
print("positives", int(y.sum()), "of", n)
print("coef", [f"{c:.12f}" for c in tight.coef_[0]])
print("intercept", f"{tight.intercept_[0]:.12f}")
print("coef default tol", [f"{c:.8f}" for c in default.coef_[0]], f"{default.intercept_[0]:.8f}")
print("auc", f"{roc_auc_score(y, p):.15f}")
fpr, tpr, _ = roc_curve(y, p)
print("roc points", len(fpr))
print("sklearn", sklearn.__version__)

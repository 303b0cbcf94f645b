"""Reference association rules for the self-contained parity test (tests/rules_groceries.rs).

Writes a deterministic basket file (tests/fixtures/baskets_small.csv: one basket per line, items
separated by commas) and the rules mlxtend finds on it (tests/reference/baskets_small_rules.json).
Run once, from the repository root:  pip install mlxtend pandas && python3 bench/rules_reference.py
(R's arules is not installable on the build machine; mlxtend follows the same definitions.)
"""
import json
import random

import mlxtend
import pandas as pd
from mlxtend.frequent_patterns import association_rules, fpgrowth
from mlxtend.preprocessing import TransactionEncoder

BASKETS = "tests/fixtures/baskets_small.csv"
OUT = "tests/reference/baskets_small_rules.json"
MIN_SUPPORT = 0.02
MIN_CONFIDENCE = 0.3
MAX_LEN = 10


def make_baskets(n=400, seed=14):
    """Skewed popularity plus a few bundles bought together, so rules of 2 to 4 items exist."""
    rng = random.Random(seed)
    items = [f"course_{i:02d}" for i in range(24)] + ["知识卡片", "live replay", "e-book"]
    weights = [1.0 / (i + 1) for i in range(len(items))]
    bundles = [
        ["course_00", "course_03", "知识卡片"],
        ["course_05", "e-book"],
        ["course_01", "course_02", "course_07", "live replay"],
    ]
    out = []
    for _ in range(n):
        basket = set()
        for b in bundles:
            if rng.random() < 0.12:
                basket.update(x for x in b if rng.random() < 0.85)
        for _ in range(rng.randint(1, 5)):
            basket.add(rng.choices(items, weights)[0])
        out.append(sorted(basket))
    return out


def main():
    baskets = make_baskets()
    with open(BASKETS, "w", encoding="utf-8") as f:
        for b in baskets:
            f.write(",".join(b) + "\n")
    te = TransactionEncoder()
    df = pd.DataFrame(te.fit(baskets).transform(baskets), columns=te.columns_)
    freq = fpgrowth(df, min_support=MIN_SUPPORT, use_colnames=True, max_len=MAX_LEN)
    try:
        rules = association_rules(freq, num_itemsets=len(df), metric="confidence",
                                  min_threshold=MIN_CONFIDENCE)
    except TypeError:  # mlxtend < 0.23.2
        rules = association_rules(freq, metric="confidence", min_threshold=MIN_CONFIDENCE)
    rules = rules[rules["consequents"].apply(len) == 1]
    n = len(df)
    out = []
    for _, r in rules.iterrows():
        out.append({
            "antecedent": sorted(r["antecedents"]),
            "consequent": sorted(r["consequents"]),
            "count": int(round(r["support"] * n)),
            "support": float(r["support"]),
            "confidence": float(r["confidence"]),
            "lift": float(r["lift"]),
        })
    out.sort(key=lambda r: (r["antecedent"], r["consequent"]))
    doc = {
        "about": "mlxtend " + mlxtend.__version__ + " fpgrowth + association_rules on "
                 + BASKETS + " (bench/rules_reference.py); rules with one consequent item and a "
                 "non-empty antecedent",
        "baskets": n,
        "min_support": MIN_SUPPORT,
        "min_confidence": MIN_CONFIDENCE,
        "max_len": MAX_LEN,
        "frequent_itemsets": len(freq),
        "rules": out,
    }
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False, indent=1)
        f.write("\n")
    print(f"{n} baskets, {len(freq)} frequent itemsets, {len(out)} rules -> {OUT}")


if __name__ == "__main__":
    main()

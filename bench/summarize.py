#!/usr/bin/env python3
"""Turns the JSON of scripts/bench.sh (out/bench/) into Markdown tables: medians per stage and
scale, memory, the side-by-side ratios (DuckDB-wasm, Python stack), agreement of the numbers,
and the targets of the benchmark issue."""
import json
import os
import sys

OUT = sys.argv[1] if len(sys.argv) > 1 else "out/bench"
SCALES = ["small", "medium", "large"]


def read(name):
    p = os.path.join(OUT, name)
    if not os.path.exists(p):
        return None
    try:
        with open(p) as f:
            return json.loads(f.read().strip().splitlines()[-1])
    except (ValueError, IndexError):
        return None


def ms(x):
    if x is None:
        return "–"
    return f"{x:,.0f}" if x >= 10 else f"{x:.1f}"


def med(d, stage):
    try:
        return d["stages"][stage]["median_ms"]
    except (KeyError, TypeError):
        return None


nat = {s: read(f"native-{s}.json") for s in SCALES}
br = {s: read(f"browser-{s}.json") for s in SCALES}
py = {s: read(f"python-{s}.json") for s in SCALES}
lines = []
p = lines.append
if os.path.exists(os.path.join(OUT, "machine.txt")):
    p("```\n" + open(os.path.join(OUT, "machine.txt")).read().strip() + "\n```\n")
if os.path.exists(os.path.join(OUT, "load.jsonl")):
    p("Load averages (1, 5, 15 min) when each step started:\n")
    for l in open(os.path.join(OUT, "load.jsonl")):
        j = json.loads(l)
        p(f"- {j['at']} {j['step']}: {j['loadavg']}")
    p("")

stages = ["parse", "kpis", "funnel", "timeline", "retention", "rfm", "clusters", "prediction",
          "als", "recommendations", "report", "rules_groceries"]
scales = [s for s in SCALES if nat[s] or br[s]]
p("| stage | " + " | ".join(f"native {s}" for s in scales) + " | " + " | ".join(f"Chromium {s}" for s in scales) + " |")
p("|---|" + "---:|" * (2 * len(scales)))
for st in stages:
    row = [ms(med(nat[s], st)) for s in scales] + [ms(med((br[s] or {}).get("livelens"), st)) for s in scales]
    p(f"| {st} | " + " | ".join(row) + " |")
row = []
for s in scales:
    n = nat[s]
    row.append(f"{n['events']:,} events, {n['csv_bytes'] / 1e6:,.0f} MB CSV" if n else "–")
p("| data | " + " | ".join(row) + " | " + " | ".join([""] * len(scales)) + " |")
mem = []
for s in scales:
    n = nat[s]
    mem.append(f"{n['peak_rss_bytes'] / 1e6:,.0f} MB ({n['peak_rss_bytes'] / n['csv_bytes']:.2f}× CSV)" if n and n.get("peak_rss_bytes") else "–")
bm = []
for s in scales:
    b = br[s]
    if b and b.get("livelens"):
        w = b["livelens"].get("wasm_memory_bytes") or b.get("wasm_memory_bytes")
        bm.append(f"wasm {w / 1e6:,.0f} MB ({w / b['csv_bytes']:.2f}× CSV)")
    elif b:
        bm.append("failed: " + str(b.get("error", ""))[:60])
    else:
        bm.append("–")
p("| peak memory | " + " | ".join(mem) + " | " + " | ".join(bm) + " |")
p("\nMedians in milliseconds (native: RSS high-water mark of the whole process, files included; "
  "Chromium: the wasm linear memory at the end, which never shrinks, so it is the peak).\n")

p("### Growth (native, ms per million events)\n")
p("| stage | " + " | ".join(scales) + " |")
p("|---|" + "---:|" * len(scales))
for st in stages[:-1]:
    row = []
    for s in scales:
        n = nat[s]
        m = med(n, st)
        row.append(ms(m / (n["events"] / 1e6)) if n and m is not None else "–")
    p(f"| {st} | " + " | ".join(row) + " |")

p("\n### DuckDB-wasm vs LiveLens (Chromium, events.csv alone: parse + KPIs + funnel)\n")
p("| scale | DuckDB parse | KPIs | funnel | total | LiveLens parse | KPIs | funnel | total | ratio | numbers agree |")
p("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
for s in scales:
    b = br[s]
    if not b or "duckdb" not in b:
        continue
    d = b["duckdb"]["stages"]
    l = b["livelens_events_only"]
    dt = sum(d[k]["median_ms"] for k in ("parse", "kpis", "funnel"))
    lt = sum(l[k]["median_ms"] for k in ("parse", "kpis", "funnel"))
    dk, lk = d["kpis"]["summary"], l["kpis"]["summary"]
    agree_k = all(abs(float(dk[k]) - float(lk[k])) < 0.01 for k in ("viewers", "views", "buyers", "orders", "gmv"))
    agree_f = d["funnel"]["summary"]["steps"] == l["funnel"]["summary"]["steps"]
    p(f"| {s} | {ms(d['parse']['median_ms'])} | {ms(d['kpis']['median_ms'])} | {ms(d['funnel']['median_ms'])} | {ms(dt)} "
      f"| {ms(l['parse']['median_ms'])} | {ms(l['kpis']['median_ms'])} | {ms(l['funnel']['median_ms'])} | {ms(lt)} "
      f"| {dt / lt:.1f}× | KPIs {'yes' if agree_k else 'NO'}, funnel {'yes' if agree_f else 'NO: ' + str(d['funnel']['summary']['steps']) + ' vs ' + str(l['funnel']['summary']['steps'])} |")

p("\n### Python stack vs LiveLens (native, single thread)\n")
p("| scale | stage | Python | LiveLens | ratio | agreement |")
p("|---|---|---:|---:|---:|---|")
for s in scales:
    if not py[s] or not nat[s]:
        continue
    P, N = py[s]["stages"], nat[s]["stages"]
    pairs = [("parse + KPIs", ["parse", "kpis"], ["parse", "kpis"]), ("RFM", ["rfm"], ["rfm"]),
             ("k-means (k = 2..8, silhouette)", ["clusters"], ["clusters"]), ("ALS", ["als"], ["als"]),
             ("rules (Groceries)", ["rules_groceries"], ["rules_groceries"])]
    for label, pk, nk in pairs:
        try:
            pt = sum(P[k]["median_ms"] for k in pk)
            nt = sum(N[k]["median_ms"] for k in nk)
        except KeyError:
            continue
        ps, ns = P[pk[-1]]["summary"], N[nk[-1]]["summary"]
        if label.startswith("parse"):
            ag = "; ".join(f"{k} {ps[k]} vs {ns[k]}" for k in ("viewers", "buyers", "orders", "gmv"))
        elif label == "RFM":
            ag = "same segment sizes" if ps["segments"] == ns["segments"] else f"persons {ps['persons']} vs {ns['persons']}; sizes {ps['segments']} vs {ns['segments']}"
        elif label.startswith("k-means"):
            ag = f"k {ps['k']} vs {ns['k']}, silhouette {ps['silhouette']:.3f} vs {ns['silhouette'] or 0:.3f}, persons {ps['persons']} vs {ns['persons']}"
        elif label == "ALS":
            ag = f"matrix {ps['users']}×{ps['items']} nnz {ps['nnz']} vs {ns['users']}×{ns['items']} nnz {ns['nnz']}"
        else:
            ag = f"rules {ps['rules']} vs {ns['rules']}"
        p(f"| {s} | {label} | {ms(pt)} | {ms(nt)} | {pt / nt:.1f}× | {ag} |")

print("\n".join(lines))

#!/usr/bin/env python3
"""Independent reference for Stream's prediction intervals (numpy only).

Recomputes, from a backtest's point forecasts (predictions.csv) and the bar file, every adaptive conformal
interval (Gibbs & Candes 2021, on absolute errors, per model x horizon x level) exactly as the issue
states the method, and compares them with the intervals the backtest wrote.

    /usr/bin/python3 tools/golden/conformal_reference.py --predictions P.csv --data BARS.csv[.gz]
        [--levels 80,95] [--window 500] [--gamma 0.005] [--min-errors 50] [--models lstm,naive]

Prints one JSON line: intervals compared, the largest relative difference, rows whose presence differs,
and the recomputed coverage per model, horizon and level. Exits 1 if any interval differs by more than
1e-9 relative or is present in one and missing in the other.
"""
import argparse
import csv
import gzip
import json
import math
import sys

import numpy as np


def read_closes(path):
    opener = gzip.open if path.endswith(".gz") else open
    closes = {}
    with opener(path, "rt", newline="") as f:
        rows = csv.reader(f)
        header = [h.strip().lower() for h in next(rows)]
        t, c = header.index("timestamp"), header.index("close")
        for row in rows:
            closes[int(float(row[t]))] = float(row[c])
    return closes


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--predictions", required=True)
    p.add_argument("--data", required=True)
    p.add_argument("--levels", default="80,95")
    p.add_argument("--window", type=int, default=500)
    p.add_argument("--gamma", type=float, default=0.005)
    p.add_argument("--min-errors", type=int, default=50)
    p.add_argument("--models", default="lstm,naive")
    a = p.parse_args()
    levels = [float(x) for x in a.levels.split(",")]
    names = [f"{x:g}" for x in levels]
    alphas = [1 - x / 100 for x in levels]
    models = a.models.split(",")

    # The point forecasts and the written intervals, per model: asOf -> {h: (yhat, [(lo, hi) or None per level])}.
    forecasts = {m: {} for m in models}
    horizon = 0
    with open(a.predictions, newline="") as f:
        for row in csv.DictReader(f):
            if row["model"] not in forecasts:
                continue
            h = int(row["h"])
            horizon = max(horizon, h)
            written = []
            for n in names:
                lo, hi = row[f"lower_{n}"], row[f"upper_{n}"]
                written.append((float(lo), float(hi)) if lo != "" else None)
            forecasts[row["model"]].setdefault(int(row["asOf"]), {})[h] = (float(row["predicted_close"]), written)

    issued = sorted({t for m in models for t in forecasts[m]})
    first, last = issued[0], issued[-1]
    closes = {t: c for t, c in read_closes(a.data).items() if first <= t <= last}

    errors = {(m, h): [] for m in models for h in range(1, horizon + 1)}
    working = {(m, h, l): alphas[l] for m in models for h in range(1, horizon + 1) for l in range(len(levels))}
    mine = {}  # (m, asOf, h, l) -> (lo, hi) this reference issued
    hits = {k: [0, 0] for k in working}
    compared, worst, presence = 0, 0.0, 0

    for t in sorted(set(closes) | set(issued)):
        # 1. Every forecast this bar realises: score its interval, move a, then append |y - yhat|.
        if t in closes:
            y = closes[t]
            for m in models:
                for h in range(1, horizon + 1):
                    f = forecasts[m].get(t - 60 * h, {}).get(h)
                    if f is None:
                        continue
                    yhat = f[0]
                    for l in range(len(levels)):
                        iv = mine.get((m, t - 60 * h, h, l))
                        if iv is not None:
                            miss = 1.0 if (y < iv[0] or y > iv[1]) else 0.0
                            working[(m, h, l)] = working[(m, h, l)] + a.gamma * (alphas[l] - miss)
                            hits[(m, h, l)][0] += 1
                            hits[(m, h, l)][1] += 1 - int(miss)
                    e = errors[(m, h)]
                    e.append(abs(y - yhat))
                    if len(e) > a.window:
                        e.pop(0)
        # 2. The forecasts issued at this bar get intervals from the errors known now.
        for m in models:
            for h, (yhat, written) in forecasts[m].get(t, {}).items():
                e = np.sort(np.array(errors[(m, h)], dtype=np.float64))
                n = len(e)
                for l in range(len(levels)):
                    if n < a.min_errors:
                        iv = None
                    else:
                        w = working[(m, h, l)]
                        if w <= 0:
                            q = e[-1]
                        elif w >= 1:
                            q = 0.0
                        else:
                            k = math.ceil((1 - w) * (n + 1))
                            q = e[-1] if k > n else e[k - 1]
                        iv = (yhat - float(q), yhat + float(q))
                    mine[(m, t, h, l)] = iv
                    if (iv is None) != (written[l] is None):
                        presence += 1
                    elif iv is not None:
                        compared += 1
                        for mine_x, theirs in zip(iv, written[l]):
                            worst = max(worst, abs(mine_x - theirs) / max(abs(mine_x), 1e-300))

    coverage = {f"{m} h{h} {names[l]}": (hits[(m, h, l)][1] / hits[(m, h, l)][0] if hits[(m, h, l)][0] else None)
                for (m, h, l) in hits}
    print(json.dumps({"compared": compared, "max_relative_difference": worst, "presence_mismatches": presence, "coverage": coverage}))
    return 0 if compared > 0 and worst <= 1e-9 and presence == 0 else 1


if __name__ == "__main__":
    sys.exit(main())

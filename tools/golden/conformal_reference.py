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
import json
import math
import sys

import numpy as np

from interval_io import Comparison, arguments, read_closes, read_forecasts


def main():
    a = arguments(__doc__.splitlines()[0], [("--window", int, 500), ("--gamma", float, 0.005)])
    levels = [float(x) for x in a.levels.split(",")]
    names = [f"{x:g}" for x in levels]
    alphas = [1 - x / 100 for x in levels]
    models = a.models.split(",")
    forecasts, horizon = read_forecasts(a.predictions, models, names)

    issued = sorted({t for m in models for t in forecasts[m]})
    first, last = issued[0], issued[-1]
    closes = {t: c for t, c in read_closes(a.data).items() if first <= t <= last}

    errors = {(m, h): [] for m in models for h in range(1, horizon + 1)}
    working = {(m, h, l): alphas[l] for m in models for h in range(1, horizon + 1) for l in range(len(levels))}
    mine = {}  # (m, asOf, h, l) -> (lo, hi) this reference issued
    hits = {k: [0, 0] for k in working}
    comparison = Comparison()

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
                    comparison.add(iv, written[l])

    coverage = {f"{m} h{h} {names[l]}": (hits[(m, h, l)][1] / hits[(m, h, l)][0] if hits[(m, h, l)][0] else None)
                for (m, h, l) in hits}
    print(json.dumps(comparison.verdict(coverage)))
    return 0 if comparison.ok() else 1


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Independent reference for Stream's default prediction intervals: scale-adaptive quantile tracking.

Written from the method's text (issue 21), not from the C#: per series x interval model x horizon h x level L
(alpha = 1 - L/100), in double precision, a chain holds q = 0, scale = 0, n = 0.
  - Every forecast is issued with w = max(q, 0) for each chain, recorded even while no interval is published.
  - When bar T realises the forecast yhat made at T - h with its recorded w: e = |y_T - yhat|;
    miss = 1 if e > w else 0; n += 1; scale += (e - scale) / min(n, span); q += eta * scale * (miss - alpha).
    All realisations of bar T are applied before bar T's forecasts are issued.
  - The interval yhat +- w is published when n >= min (else none).
Recomputes every interval from a backtest's point forecasts (predictions.csv) and the bar file, and compares.

    /usr/bin/python3 tools/golden/quantile_tracking_reference.py --predictions P.csv --data BARS.csv[.gz]
        [--levels 80,95] [--eta 0.1] [--span 100] [--min-errors 50] [--models lstm,naive]

Prints one JSON line (intervals compared, the largest relative difference, rows whose presence differs, the
recomputed coverage per model, horizon and level). Exits 1 on a difference over 1e-9 relative or a presence mismatch.
"""
import json
import sys

import numpy as np

from interval_io import Comparison, arguments, read_closes, read_forecasts


def main():
    a = arguments(__doc__.splitlines()[0], [("--eta", float, 0.1), ("--span", int, 100)])
    levels = [float(x) for x in a.levels.split(",")]
    names = [f"{x:g}" for x in levels]
    alphas = [1 - x / 100 for x in levels]
    models = a.models.split(",")
    forecasts, horizon = read_forecasts(a.predictions, models, names)
    issued = sorted({t for m in models for t in forecasts[m]})
    closes = {t: c for t, c in read_closes(a.data).items() if issued[0] <= t <= issued[-1]}

    chains = [(m, h, l) for m in models for h in range(1, horizon + 1) for l in range(len(levels))]
    q = {c: np.float64(0) for c in chains}
    scale = {c: np.float64(0) for c in chains}
    n = {c: 0 for c in chains}
    recorded = {}  # (m, asOf, h, l) -> (w, published)
    hits = {c: [0, 0] for c in chains}
    comparison = Comparison()

    for t in sorted(set(closes) | set(issued)):
        if t in closes:
            y = np.float64(closes[t])
            for (m, h, l) in chains:
                f = forecasts[m].get(t - 60 * h, {}).get(h)
                if f is None:
                    continue
                yhat = np.float64(f[0])
                w, published = recorded[(m, t - 60 * h, h, l)]
                e = abs(y - yhat)
                miss = 1.0 if e > w else 0.0
                n[(m, h, l)] += 1
                scale[(m, h, l)] += (e - scale[(m, h, l)]) / min(n[(m, h, l)], a.span)
                q[(m, h, l)] += a.eta * scale[(m, h, l)] * (miss - alphas[l])
                if published:
                    hits[(m, h, l)][0] += 1
                    hits[(m, h, l)][1] += 0 if (y < yhat - w or y > yhat + w) else 1
        for m in models:
            for h, (yhat, written) in forecasts[m].get(t, {}).items():
                for l in range(len(levels)):
                    w = max(q[(m, h, l)], np.float64(0))
                    published = n[(m, h, l)] >= a.min_errors
                    recorded[(m, t, h, l)] = (w, published)
                    mine = (yhat - float(w), yhat + float(w)) if published else None
                    comparison.add(mine, written[l])

    coverage = {f"{m} h{h} {names[l]}": (hits[(m, h, l)][1] / hits[(m, h, l)][0] if hits[(m, h, l)][0] else None) for (m, h, l) in chains}
    print(json.dumps(comparison.verdict(coverage)))
    return 0 if comparison.ok() else 1


if __name__ == "__main__":
    sys.exit(main())

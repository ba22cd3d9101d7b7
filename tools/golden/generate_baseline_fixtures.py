#!/usr/bin/python3
"""Baseline forecasts computed by statsmodels / pandas / numpy (independent of the C# code).

Writes tests/Predictor.Tests/Fixtures/baselines/btc.csv: for the first 600 BTC-USD closes of data/, at each
bar t (after observing it) the forecast close for h = 1..5 of naive, drift, sma(26), ema(2/27) and holt(0.5, 0.1):
  t,close,naive_1..5,drift_1..5,sma_1..5,ema_1..5,holt_1..5
Run from the repository root:  /usr/bin/python3 tools/golden/generate_baseline_fixtures.py
"""
import csv
import gzip
import os

import numpy as np
import pandas as pd
from statsmodels.tsa.holtwinters import Holt, SimpleExpSmoothing

K, WINDOW, GAMMA, ALPHA, BETA, N = 5, 26, 2 / 27, 0.5, 0.1, 600
OUT = os.path.join("tests", "Predictor.Tests", "Fixtures", "baselines")

with gzip.open(os.path.join("data", "btcusd-gdax-1m-2017-06-19_25.csv.gz"), "rt") as f:
    closes = np.array([float(row["close"]) for _, row in zip(range(N), csv.DictReader(f))])
flows = np.diff(closes)

holt = Holt(closes, initialization_method="known", initial_level=closes[0], initial_trend=0.0).fit(
    smoothing_level=ALPHA, smoothing_trend=BETA, optimized=False)
ema = SimpleExpSmoothing(flows, initialization_method="known", initial_level=flows[0]).fit(
    smoothing_level=GAMMA, optimized=False)
sma = pd.Series(flows).rolling(WINDOW, min_periods=1).mean().to_numpy()
hs = np.arange(1, K + 1)

os.makedirs(OUT, exist_ok=True)
with open(os.path.join(OUT, "btc.csv"), "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["t", "close"] + [f"{m}_{h}" for m in ("naive", "drift", "sma", "ema", "holt") for h in hs])
    for t in range(1, N):  # from the second bar: every baseline has seen one flow
        c = closes[t]
        row = [np.full(K, c),
               c + hs * (c - closes[0]) / t,
               c + hs * sma[t - 1],
               c + hs * ema.level[t - 1],
               holt.level[t] + hs * holt.trend[t]]
        w.writerow([t, repr(c)] + [repr(float(v)) for block in row for v in block])
print(f"baselines: {N - 1} rows, K={K}")
